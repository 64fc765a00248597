/**
 * Errors in tool output and messages: the first line that states an error (JS/TS, Python, Rust,
 * Go, git, npm, shell), and the project files a stack trace or compiler message points at.
 * Bounded scans only: tool output can be large.
 */
import { cleanPath, looksLikeFile, relativeToRoot } from "./paths.js";

const MAX_SCAN = 200_000;
const ANSI = /\u001B\[[0-9;]*[A-Za-z]/g;

const ERROR_LINE: readonly RegExp[] = [
  /\b(?:[A-Z][A-Za-z]{0,40}(?:Error|Exception)|Error)(?:\s*\[[A-Z0-9_]+\])?:\s*\S/,
  /\berror\s+TS\d+:/i,
  /^\s*(?:error|fatal|panic|FATAL|ERROR)(?:\[[A-Za-z0-9_]+\])?:\s*\S/,
  /^\s*npm (?:ERR!|error) (?:code|[A-Za-z])/,
  /: command not found$/,
  // Go's t.Errorf / t.Fatalf line: what the failing test says, under `--- FAIL: TestX`.
  /^[\w./-]+_test\.go:\d+:\s+\S/,
  /\bSegmentation fault\b|\bOut of memory\b|\bKilled\b$/,
];

function lines(text: string): string[] {
  return text.slice(0, MAX_SCAN).replace(ANSI, "").split(/\r?\n/);
}

/**
 * Weaker signs, used only when no line states an error: a failing test (`FAIL src/a.test.ts > x`,
 * `✗ login rejects bad password`) or a build tool's failure summary.
 */
const FAILURE_LINE: readonly RegExp[] = [
  /^\s*(?:FAIL|FAILED|✗|×|✕|✖)\s+\S/,
  /^\s*(?:Build|Compilation|Tests?|Command) failed\b/i,
  /\bexited with (?:code|status) [1-9]\d*\b/i,
];

/** The first line that states an error, trimmed; null when the text reports none. */
export function findErrorLine(text: string): string | null {
  const all = lines(text);
  return firstMatch(all, ERROR_LINE, 2) ?? firstMatch(all, FAILURE_LINE, 0);
}

/** `inline`: how many leading patterns find the error inside a longer line (sliced from there). */
function firstMatch(all: readonly string[], patterns: readonly RegExp[], inline: number): string | null {
  for (const raw of all) {
    const line = raw.trim();
    if (!line || line.length > 2000) continue;
    if (/^at\s|^File "|^\^+$|^~+$/.test(line)) continue;
    const which = patterns.findIndex((re) => re.test(line));
    if (which < 0) continue;
    // "... gives TypeError: x" -> "TypeError: x", minus a trailing stack frame.
    const start = which < inline ? (patterns[which]!.exec(line)?.index ?? 0) : 0;
    return line
      .slice(start)
      .replace(/^(?:\s*[>|\-*•])\s*/, "")
      .replace(/\s+at\s+\S+:\d+(?::\d+)?\)?$/, "")
      .trim();
  }
  return null;
}

/** `TypeError`, `TS2345`, `ENOENT`, `E0382`...: the error's class when it has one. */
export function errorClass(line: string): string | null {
  const ts = /\b(TS\d{3,5})\b/.exec(line);
  if (ts) return ts[1]!;
  const named = /\b([A-Z][A-Za-z]{0,40}(?:Error|Exception))\b/.exec(line);
  if (named) return named[1]!;
  const code = /\b(E[A-Z]{3,}|E\d{4})\b/.exec(line);
  return code ? code[1]! : null;
}

const LOCATED_FILE =
  /(?:^|[\s('"`])((?:[A-Za-z]:)?[\w.@~/\\-]+\.[A-Za-z0-9]{1,10})(?::\d+(?::\d+)?|\(\d+,\d+\))/g;

/**
 * Project files referenced with a line number (`src/a.ts:12:5`, `src/a.ts(12,5)`, stack frames),
 * relative to the root; dependencies and runtime internals are not the project's files.
 */
export function locatedFiles(text: string, root?: string | null, limit = 5): string[] {
  const out: string[] = [];
  for (const raw of lines(text)) {
    if (raw.length > 2000) continue;
    for (const m of raw.matchAll(LOCATED_FILE)) {
      const path = cleanPath(m[1]!);
      if (/(?:^|\/)node_modules\/|^node:|^internal\/|^<anonymous>/.test(path)) continue;
      if (!looksLikeFile(path)) continue;
      const rel = relativeToRoot(path, root);
      if (!out.includes(rel)) out.push(rel);
      if (out.length >= limit) return out;
    }
  }
  return out;
}
