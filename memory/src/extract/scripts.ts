/**
 * What a project's named commands run, read from the file an edit writes: Makefile and justfile
 * targets (`test:` then a tab-indented `uv run pytest -m "not slow"`) and package.json scripts
 * (`"test": "vitest run"`). "How do I run the fast tests?" is answered by `make test` only when
 * its recipe is known; the recipe also changes when the tooling does (pip to uv).
 */
import { type ExtractionBuilder, oneLine } from "./builder.js";

export interface Script {
  /**
   * How it is named: `make test`, `just lint`, or `package.json script build` (run with whichever
   * package manager the project uses, so none is assumed).
   */
  command: string;
  /** Its first recipe line, or the script's text. */
  runs: string;
}

/** Files whose edits define named commands. */
export const SCRIPT_FILE = /(?:^|\/)(?:Makefile|GNUmakefile|[\w-]+\.mk|justfile|Justfile|package\.json)$/;

const TARGET = /^([A-Za-z][\w.-]*)\s*:(?!=)(?:[^=\n]*)$/;
const RECIPE = /^(?:\t| {4})(?:@|-)?(\S.*)$/;
/** A package.json script line: `"test": "vitest run",`. */
const SCRIPT_LINE = /^\s*"([\w:.-]{1,40})"\s*:\s*"((?:[^"\\]|\\.){1,300})"\s*,?\s*$/;

export function scriptsIn(file: string, text: string): Script[] {
  const name = file.split("/").at(-1) ?? file;
  if (name === "package.json") return packageScripts(text);
  const runner = /^justfile$/i.test(name) ? "just" : "make";
  const out: Script[] = [];
  const lines = text.split("\n").slice(0, 400);
  for (let i = 0; i < lines.length; i++) {
    const target = TARGET.exec(lines[i]!.trimEnd());
    const recipe = target && RECIPE.exec(lines[i + 1] ?? "");
    // `.PHONY: test` declares, it runs nothing.
    if (target && recipe && !target[1]!.startsWith("."))
      out.push({ command: `${runner} ${target[1]}`, runs: recipe[1]!.trim() });
  }
  return out;
}

function packageScripts(text: string): Script[] {
  const out: Script[] = [];
  // The scripts block of a whole file, or the script lines of a fragment an edit replaced.
  const block = /"scripts"\s*:\s*\{([^}]*)\}/.exec(text)?.[1];
  if (!block && !/"scripts"|"(?:test|build|dev|start|lint)"\s*:/.test(text)) return out;
  for (const line of (block ?? text).split("\n")) {
    const m = SCRIPT_LINE.exec(line);
    if (m) out.push({ command: `package.json script ${m[1]}`, runs: m[2]!.replace(/\\"/g, '"') });
  }
  return out;
}

export function scriptFacts(b: ExtractionBuilder, file: string, text: string): void {
  for (const { command, runs } of scriptsIn(file, text).slice(0, 30)) {
    // A script's name is no command line: as a command its key would be `package.json` for all.
    const cmd = b.entity(command, command.startsWith("package.json") ? "concept" : "command");
    b.fact(
      cmd,
      "runs",
      b.entity(oneLine(runs, 160), "command"),
      `\`${command}\` runs \`${oneLine(runs, 160)}\`.`,
      true,
    );
  }
}
