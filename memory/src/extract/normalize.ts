/**
 * Entity keys: the normalised name exact resolution compares, chosen per type so that spellings of
 * one thing meet (`./src/app.ts` = `src/app.ts`, `React@18` = `react`, `npm test -- -w` = `npm test`)
 * while different things stay apart (`User` vs `user` symbols, `TS2345` vs `TS2322` errors).
 * An acronym is one word: "DGIA", "dgia" and "D.G.I.A." are all `dgia`, never four letters.
 */
import type { EntityType } from "../model/types.js";
import { commandKey } from "./command.js";
import { relativeToRoot } from "./paths.js";

export { basenameKey, cleanPath, fileKeyCandidates, looksLikeFile, relativeToRoot } from "./paths.js";
export { commandKey, commandKeys } from "./command.js";

export interface NormalizeOptions {
  /** Project root (episode metadata `directory`): absolute paths inside it become relative. */
  root?: string | null;
}

export function normalizeEntityKey(name: string, type: EntityType, options: NormalizeOptions = {}): string {
  switch (type) {
    case "file":
      return fileKey(name, options.root);
    case "symbol":
      return symbolKey(name);
    case "package":
      return packageKey(name);
    case "command":
      return commandKey(stripTicks(name));
    case "error":
      return errorKey(name);
    case "task":
      // An agent rewords its todo list between turns, most often by adding or dropping an aside:
      // "fix flaky test_pdf (naive date vs UTC)" is the task "fix flaky test_pdf".
      return generalKey(name.replace(/\s*\([^()]*\)/g, "").trim() || name);
    default:
      return generalKey(name);
  }
}

export function fileKey(name: string, root?: string | null): string {
  return relativeToRoot(stripTicks(name), root);
}

/** Symbols are case-sensitive (`User` is not `user`); call parentheses and backticks are noise. */
export function symbolKey(name: string): string {
  return stripTicks(name)
    .replace(/\s+/g, "")
    .replace(/\(\)$/, "")
    .replace(/^(?:function|class|interface|type|const|let|var|def|fn|func)\s*/, "");
}

/**
 * Package names without version or protocol: `react@^18` -> `react`, `@types/node@20` ->
 * `@types/node`, `npm:lodash` -> `lodash`, `requests[security]==2.31` -> `requests`. npm names are
 * lower case; `lodash.debounce` stays itself (a different package from `lodash-debounce`).
 */
export function packageKey(name: string): string {
  let n = stripTicks(name).trim().toLowerCase();
  n = n.replace(/^(?:npm|jsr|pypi|gem|cargo):/, "");
  const scoped = n.startsWith("@");
  const at = n.indexOf("@", scoped ? 1 : 0);
  if (at > 0) n = n.slice(0, at);
  return n
    .replace(/\s*[=<>!~^].*$/, "")
    .replace(/\[[^\]]*\]$/, "")
    .trim();
}

const MAX_ERROR_KEY = 160;

/**
 * Errors by their first line with the variable parts masked: paths, quoted values, numbers and hex
 * ids, so "Cannot find module './a'" and "... './b'" are different spellings of one error class only
 * when they differ in nothing but the masked parts.
 */
export function errorKey(message: string): string {
  const first =
    stripTicks(message)
      .split(/\r?\n/)
      .find((l) => l.trim()) ?? "";
  // Bounded first, so the path pattern's backtracking stays cheap on a huge single line.
  return first
    .trim()
    .slice(0, 4 * MAX_ERROR_KEY)
    .replace(/(?:[A-Za-z]:)?(?:[\w.@~-]*\/)+[\w.@-]+(?::\d+){0,2}/g, "<path>")
    .replace(/\b0x[0-9a-f]+\b/gi, "<hex>")
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<id>")
    .replace(/\b\d+(?:\.\d+)*\b/g, "<n>")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .slice(0, MAX_ERROR_KEY)
    .trim();
}

/**
 * Everything else (people, projects, tools, concepts, preferences, decisions, tasks): Unicode
 * folded, case-folded, whitespace collapsed, surrounding punctuation and a leading article dropped.
 * Inner `.`, `+`, `#`, `/`, `-`, `@` stay: "C++", "C#", "Node.js" and "CI/CD" mean something.
 */
export function generalKey(name: string): string {
  let n = stripTicks(name).normalize("NFKC").trim();
  // Dotted acronyms: "D.G.I.A." -> "DGIA".
  if (/^(?:\p{L}\.){2,}\p{L}?\.?$/u.test(n)) n = n.replace(/\./g, "");
  n = n
    .toLowerCase()
    .replace(/[\u2018\u2019\u201C\u201D"'`]/g, "")
    .replace(/[\s_]+/g, " ")
    .replace(/^[^\p{L}\p{N}@#.]+|[^\p{L}\p{N}+#)]+$/gu, "")
    .replace(/^(?:the|a|an) (?=\S)/, "");
  return n.trim();
}

function stripTicks(s: string): string {
  return s.trim().replace(/^`+|`+$/g, "");
}
