/**
 * Top-level symbols a file edit defines: functions, classes, interfaces, types, exported constants
 * (TS/JS), defs and classes (Python), funcs and types (Go), fns, structs, enums and traits (Rust).
 * For a unified diff only added lines count; otherwise the whole content is new text. Top-level
 * only (no indentation), so locals and methods do not flood the graph.
 */

const MAX_SYMBOLS = 10;
const MAX_LINES = 5_000;

const DEFINITIONS: readonly RegExp[] = [
  /^(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:async\s+)?function\*?\s+([A-Za-z_$][\w$]*)/,
  /^(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/,
  /^(?:export\s+)?(?:declare\s+)?(?:interface|enum)\s+([A-Za-z_$][\w$]*)/,
  /^(?:export\s+)?(?:declare\s+)?type\s+([A-Za-z_$][\w$]*)\s*(?:<|=)/,
  /^export\s+(?:const|let|var)\s+([A-Za-z_$][\w$]*)/,
  /^(?:const|let)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?(?:\([^)]{0,200}\)|[A-Za-z_$][\w$]*)\s*=>/,
  /^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/,
  /^class\s+([A-Za-z_]\w*)\s*[(:]/,
  /^func\s+(?:\([^)]{0,100}\)\s*)?([A-Za-z_]\w*)\s*[([]/,
  /^type\s+([A-Za-z_]\w*)\s+(?:struct|interface|func|\w)/,
  /^(?:pub(?:\([^)]{0,40}\))?\s+)?(?:async\s+)?(?:unsafe\s+)?(?:fn|struct|enum|trait)\s+([A-Za-z_]\w*)/,
];

export function definedSymbols(content: string): string[] {
  const all = content.split(/\r?\n/, MAX_LINES);
  const isDiff = all.some((l) => l.startsWith("@@ ") || l.startsWith("+++ "));
  const lines = isDiff
    ? all.filter((l) => l.startsWith("+") && !l.startsWith("+++")).map((l) => l.slice(1))
    : all;
  const out: string[] = [];
  for (const line of lines) {
    if (line.length > 500) continue;
    for (const re of DEFINITIONS) {
      const name = re.exec(line)?.[1];
      if (name && name.length <= 80 && !out.includes(name)) {
        out.push(name);
        break;
      }
    }
    if (out.length >= MAX_SYMBOLS) break;
  }
  return out;
}
