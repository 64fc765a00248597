/**
 * Structured coding events -> entities and facts, deterministically and with zero LLM calls.
 * Reads the well-known metadata of each kind (see model/schemas.ts). What it records is what an
 * agent wants back later: which commands ran and whether they pass now (functional `status`),
 * which error a command or tool failed with and where, which files a session edited and what they
 * define, which packages the project depends on (functional `install_status`), the session's tasks
 * and their current status (functional `task_status`).
 */
import type { Episode } from "../model/types.js";
import type { Extraction, Extractor } from "../engine/ports.js";
import {
  ExtractionBuilder,
  actorSubject,
  metaString,
  occursInText,
  oneLine,
  projectEntity,
} from "./builder.js";
import { commandKeys, shellSegments } from "./command.js";
import { definedSymbols } from "./diff.js";
import { CONFIG_FILE, settingsWritten } from "./rules-settings.js";
import { SCRIPT_FILE, scriptFacts } from "./scripts.js";
import { errorClass, findErrorLine, locatedFiles } from "./errors.js";
import { type PackageChange, packageChanges } from "./packages.js";
import { renames } from "./renames.js";
import { CHOICE_PREDICATES, FUNCTIONAL_CATEGORIES, TERMS } from "./vocab.js";
import { looksLikeFile, relativeToRoot } from "./paths.js";
import { ruleExtractor } from "./rules.js";

const EDIT_TOOLS = new Set([
  "edit",
  "write",
  "patch",
  "multiedit",
  "apply_patch",
  "str_replace",
  "create",
  "notebookedit",
]);
/** Tools whose path argument is always a file. */
const FILE_TOOLS = new Set(["read", "view", "cat", "open"]);
const SHELL_TOOLS = new Set(["bash", "shell", "sh", "exec", "terminal", "run", "command"]);
/**
 * Commands whose pass/fail is a state worth tracking ("the tests are failing"): checks, builds and
 * scripts, not `ls`, `git add` or `npm install`.
 */
const CHECK_COMMAND =
  /(?:^|[\s:])(?:test|tests|build|lint|check|typecheck|type-check|tsc|vitest|jest|pytest|mocha|eslint|biome|prettier|compile|bench|e2e|verify|vet|clippy|fmt|format|ci|rspec|spec|minitest|nextest|rubocop|standardrb|phpunit)(?:$|[\s:])|^dbt (?:test|build|run)\b|^(?:npm|pnpm|yarn|bun) run |^(?:make|just)\b|^docker (?:build|compose)|^go (?:test|build|vet)|^cargo (?:test|build|check|clippy)/;

export const structuredExtractor: Extractor = {
  name: "structured",
  async extract(episode: Episode): Promise<Extraction> {
    const b = new ExtractionBuilder();
    switch (episode.kind) {
      case "tool_call":
        toolCall(b, episode);
        break;
      case "file_edit":
        fileEdit(b, episode);
        break;
      case "error":
        errorEvent(b, episode);
        break;
      case "todo":
        todos(b, episode);
        break;
      case "session_start":
      case "session_end":
      case "session_summary":
        await session(b, episode);
        break;
      default:
        // Free text reaching the structured extractor still gets the deterministic rules.
        b.merge(await ruleExtractor.extract(episode, { knownEntities: [] }));
    }
    return b.build();
  },
};

type Meta = Record<string, unknown>;

const root = (e: Episode) => metaString(e.metadata, "directory") ?? null;
const asRecord = (v: unknown): Meta => (v && typeof v === "object" && !Array.isArray(v) ? (v as Meta) : {});
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x.trim() !== "") : [];

/** Files named by the call: `files`, and the usual argument names of file tools. */
function filesOf(episode: Episode, args: Meta, anyPath = false): string[] {
  const raw = [
    ...strings(episode.metadata["files"]),
    ...["filePath", "file_path", "path", "file", "target"]
      .map((k) => args[k])
      .filter((v): v is string => typeof v === "string"),
    ...strings(args["paths"]),
    ...strings(args["files"]),
  ];
  const out: string[] = [];
  for (const f of raw) {
    const rel = relativeToRoot(f, root(episode));
    // Search tools take directories (`grep` in `src/`): only file-like paths are files there.
    if (!rel || rel === "." || out.includes(rel) || (!anyPath && !looksLikeFile(rel))) continue;
    out.push(rel);
  }
  return out.slice(0, 20);
}

function failed(meta: Meta): boolean | null {
  const exit = meta["exitCode"];
  if (typeof exit === "number") return exit !== 0;
  const status = meta["status"];
  if (status === "error" || status === "failed") return true;
  if (status === "completed" || status === "success") return false;
  return null;
}

/** The error an episode reports: its output's first error line, else its title when it failed. */
function errorEntity(b: ExtractionBuilder, text: string, fallback?: string): string | null {
  const line = findErrorLine(text) ?? (fallback ? oneLine(fallback) : null);
  if (!line) return null;
  const cls = errorClass(line);
  return b.entity(oneLine(line), "error", cls ? `${cls} error` : undefined);
}

function toolCall(b: ExtractionBuilder, episode: Episode): void {
  const meta = episode.metadata;
  const tool = (metaString(meta, "tool") ?? "tool").toLowerCase();
  const args = asRecord(meta["args"]);
  const who = actorSubject(b, episode);
  const toolName = b.entity(tool, "tool");
  const files = filesOf(episode, args, EDIT_TOOLS.has(tool) || FILE_TOOLS.has(tool));
  const didFail = failed(meta);
  const command = typeof args["command"] === "string" ? args["command"] : undefined;
  const output = episode.content;

  if (command && (SHELL_TOOLS.has(tool) || !EDIT_TOOLS.has(tool))) {
    shellCommand(b, episode, who, command, didFail, output, files);
    return;
  }
  const fileNames = files.map((f) => b.entity(f, "file"));
  if (EDIT_TOOLS.has(tool) && didFail !== true) {
    for (const f of fileNames) b.fact(who, "edited", f, `${label(who)} edited ${f} (${tool}).`);
    // The text the edit wrote (OpenCode's `edit` newString, `write` content; cut by the plugin):
    // the symbols it defines belong to the file, when the edit names one file.
    const written = [args["newString"], args["content"]].filter((v): v is string => typeof v === "string");
    const [file] = fileNames;
    if (file && fileNames.length === 1) {
      for (const symbol of definedSymbols(written.join("\n")))
        b.fact(file, "defines", b.entity(symbol, "symbol"), `${file} defines ${symbol}.`);
      if (CONFIG_FILE.test(file)) settingsWritten(b, written.join("\n"));
      if (SCRIPT_FILE.test(file)) scriptFacts(b, file, written.join("\n"));
    }
  }
  if (didFail) {
    const err = errorEntity(b, output, metaString(meta, "title") ?? `${tool} failed`);
    if (err) {
      b.fact(toolName, "failed_with", err, `Tool ${tool} failed with: ${err}`);
      for (const f of fileNames) b.fact(err, "occurs_in", f, occursInText(err, f));
    }
  }
}

function shellCommand(
  b: ExtractionBuilder,
  episode: Episode,
  who: string,
  command: string,
  didFail: boolean | null,
  output: string,
  files: string[],
): void {
  const keys = commandKeys(command).slice(0, 5);
  // No outcome in the sentence: repeated runs support one `ran` fact; `status` carries the outcome.
  for (const key of keys) {
    const cmd = b.entity(key, "command");
    b.fact(who, "ran", cmd, `${label(who)} ran \`${key}\`.`);
  }
  // The last real command decides a chain's exit status (`npm ci && npm test`); a chain joined
  // only by `&&` that passed ran every command to success (`dotnet build && dotnet test`).
  const main = keys[keys.length - 1];
  if (!main) return;
  const cmd = b.entity(main, "command");
  const exit = episode.metadata["exitCode"];
  const andOnly = (command.match(/&&/g)?.length ?? 0) === shellSegments(command).length - 1;
  const judged = didFail === false && andOnly ? keys : [main];
  for (const key of didFail === null ? [] : judged) {
    if (!CHECK_COMMAND.test(key) || /^(?:npm|pnpm|yarn|bun) ci$/.test(key)) continue;
    const state = b.entity(didFail ? "failing" : "passing", "concept");
    const code = didFail && typeof exit === "number" ? ` (exit ${exit})` : "";
    // A passing run ends the failures before it: they are fixed, not current.
    const closes = didFail ? undefined : ["failed_with"];
    b.fact(
      b.entity(key, "command"),
      "status",
      state,
      `\`${key}\` is ${didFail ? "failing" : "passing"}${code}.`,
      true,
      undefined,
      closes,
    );
  }
  const located = [...files, ...locatedFiles(output, root(episode), 3)].slice(0, 5);
  if (didFail) {
    const err = errorEntity(b, output);
    if (err) {
      b.fact(cmd, "failed_with", err, `\`${main}\` failed with: ${err}`);
      for (const f of located) {
        const file = b.entity(f, "file");
        b.fact(err, "occurs_in", file, occursInText(err, f));
      }
    }
  }
  if (didFail !== true) {
    for (const r of renames(command)) {
      const from = b.entity(relativeToRoot(r.from, root(episode)), "file");
      const to = b.entity(relativeToRoot(r.to, root(episode)), "file");
      b.fact(from, "renamed_to", to, `${from} was renamed to ${to}.`, true);
    }
  }
  const changes = didFail === true ? [] : packageChanges(command);
  if (changes.length > 0) {
    const project = projectEntity(b, episode);
    for (const p of changes) {
      const pkg = b.entity(p.name, "package");
      const state = b.entity(p.action === "add" ? "installed" : "removed", "concept");
      b.fact(pkg, "install_status", state, `Package ${p.name} is ${state} (${p.manager}).`, true);
      const how = `\`${command.slice(0, 80)}\``;
      if (p.action === "add") {
        const kind = p.dev ? "a dev dependency" : "a dependency";
        b.fact(project, "depends_on", pkg, `${project} has ${p.name} as ${kind} (${how}).`);
      } else {
        // Ends the project's "has zod as a dependency", which accumulates and so is never contradicted.
        b.fact(project, "removed", pkg, `${project} removed ${p.name} (${how}).`, false, ["depends_on"]);
      }
      if (!p.global) stackFromPackage(b, project, p);
    }
  }
}

/**
 * A package that is a known tool fills its part of the stack: `uv add --dev ruff` means the
 * project lints with Ruff, `uv remove black flake8` that it no longer formats with Black. Looked up
 * by the package's whole name, so `@types/node` or `eslint-plugin-react` are not Node or ESLint.
 */
function stackFromPackage(b: ExtractionBuilder, project: string, p: PackageChange): void {
  const term = TERMS.get(p.name.toLowerCase());
  if (!term || term.category === "runtime") return;
  const name = b.entity(term.name, term.type);
  const slot = term.category === "language" ? "uses_language" : `uses_${term.category}`;
  if (p.action === "add") {
    const label = term.category.replace(/_/g, " ");
    b.fact(
      project,
      slot,
      name,
      `${project} uses ${term.name} (${label}).`,
      FUNCTIONAL_CATEGORIES.has(term.category),
    );
  } else {
    b.fact(project, "switched_from", name, `${project} stopped using ${term.name}.`, false, [
      "uses",
      slot,
      ...CHOICE_PREDICATES,
    ]);
  }
}

function fileEdit(b: ExtractionBuilder, episode: Episode): void {
  const who = actorSubject(b, episode);
  const files = filesOf(episode, {});
  const file = metaString(episode.metadata, "file");
  if (file) files.unshift(relativeToRoot(file, root(episode)));
  for (const f of [...new Set(files)]) {
    const name = b.entity(f, "file");
    b.fact(who, "edited", name, `${label(who)} edited ${f}.`);
    for (const symbol of definedSymbols(episode.content)) {
      const s = b.entity(symbol, "symbol");
      b.fact(name, "defines", s, `${f} defines ${symbol}.`);
    }
  }
}

function errorEvent(b: ExtractionBuilder, episode: Episode): void {
  const meta = episode.metadata;
  const name = metaString(meta, "name");
  const message = metaString(meta, "message");
  const stated = name && message ? `${name}: ${message}` : (message ?? name);
  const err = errorEntity(b, stated ?? episode.content, stated ?? oneLine(episode.content));
  if (!err) return;
  const who = actorSubject(b, episode);
  b.fact(who, "encountered", err, `${label(who)} hit ${err}`);
  const tool = metaString(meta, "tool");
  if (tool)
    b.fact(b.entity(tool.toLowerCase(), "tool"), "failed_with", err, `Tool ${tool} failed with: ${err}`);
  const files = filesOf(episode, {});
  const file = metaString(meta, "file");
  if (file) files.unshift(relativeToRoot(file, root(episode)));
  for (const f of [...new Set([...files, ...locatedFiles(episode.content, root(episode), 3)])].slice(0, 5)) {
    b.fact(err, "occurs_in", b.entity(f, "file"), occursInText(err, f));
  }
}

const TASK_STATES: Record<string, string> = {
  pending: "pending",
  todo: "pending",
  in_progress: "in progress",
  "in-progress": "in progress",
  doing: "in progress",
  completed: "completed",
  done: "completed",
  cancelled: "cancelled",
  canceled: "cancelled",
};

function todos(b: ExtractionBuilder, episode: Episode): void {
  const list = Array.isArray(episode.metadata["todos"]) ? (episode.metadata["todos"] as unknown[]) : [];
  const owner = actorSubject(b, episode);
  for (const item of list.slice(0, 50)) {
    const todo = asRecord(item);
    const content = typeof todo["content"] === "string" ? oneLine(todo["content"], 200) : "";
    if (!content) continue;
    const task = b.entity(content, "task");
    b.fact(owner, "has_task", task, `${label(owner)} has the task "${content}".`);
    const rawStatus = typeof todo["status"] === "string" ? todo["status"].toLowerCase() : "";
    const status = TASK_STATES[rawStatus];
    if (status) {
      b.fact(task, "task_status", b.entity(status, "concept"), `Task "${content}" is ${status}.`, true);
    }
    const priority = typeof todo["priority"] === "string" ? todo["priority"].toLowerCase() : "";
    if (/^(?:high|medium|low)$/.test(priority)) {
      b.fact(
        task,
        "task_priority",
        b.entity(`${priority} priority`, "concept"),
        `Task "${content}" has ${priority} priority.`,
        true,
      );
    }
  }
}

async function session(b: ExtractionBuilder, episode: Episode): Promise<void> {
  const title = metaString(episode.metadata, "title");
  const project = projectEntity(b, episode);
  if (!episode.session) {
    if (episode.kind === "session_summary")
      b.merge(await ruleExtractor.extract(episode, { knownEntities: [] }));
    return;
  }
  const s = actorSubject(b, episode, title);
  if (episode.kind === "session_start") {
    b.fact(
      project,
      "has_session",
      s,
      `${project} had a session ${episode.session}${title ? ` ("${title}")` : ""}.`,
    );
  }
  if (title) b.fact(s, "titled", b.entity(title, "concept"), `Session titled "${title}".`, true);
  if (episode.kind === "session_summary") {
    b.merge(await ruleExtractor.extract(episode, { knownEntities: [] }));
  }
}

/**
 * "session ses_1" -> "A session"; project names stay as they are. A session's id means nothing to
 * the agent reading the context block and costs it about ten tokens a line; the fact's subject
 * still is the session, and the line carries its date.
 */
function label(subject: string): string {
  return subject.startsWith("session ") ? "A session" : subject;
}
