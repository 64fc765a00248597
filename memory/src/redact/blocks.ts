/**
 * Multi-line blocks removed as a whole: `<private>...</private>` (the user's explicit "never store
 * this") and PEM private keys. Found with a linear scan for the markers rather than a lazy
 * `[\s\S]*?` regex, which goes quadratic on many unclosed openers. An unclosed block hides
 * everything after its opener: when in doubt, privacy wins.
 */

export interface BlockResult {
  text: string;
  count: number;
}

const PRIVATE_TAG = /<(\/?)private\s*>/gi;
export const PRIVATE_MARKER = "[REDACTED:private]";

export function removePrivateBlocks(text: string): BlockResult {
  if (!/<private\s*>/i.test(text)) return { text, count: 0 };
  let out = "";
  let count = 0;
  let depth = 0;
  let last = 0;
  for (const m of text.matchAll(PRIVATE_TAG)) {
    const closing = m[1] === "/";
    const at = m.index ?? 0;
    if (!closing) {
      if (depth === 0) {
        out += text.slice(last, at);
        count++;
      }
      depth++;
    } else if (depth > 0) {
      depth--;
      if (depth === 0) {
        out += PRIVATE_MARKER;
        last = at + m[0].length;
      }
    }
    // A stray closing tag outside any block is ordinary text: left in place.
  }
  if (depth > 0) return { text: out + PRIVATE_MARKER, count };
  return { text: out + text.slice(last), count };
}

const PEM_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ ){0,4})PRIVATE KEY( BLOCK)?-----/g;
export const PEM_MARKER = "[REDACTED:private_key]";

export function removePemKeys(text: string): BlockResult {
  if (!text.includes("PRIVATE KEY")) return { text, count: 0 };
  let out = "";
  let count = 0;
  let last = 0;
  PEM_BEGIN.lastIndex = 0;
  for (let m = PEM_BEGIN.exec(text); m; m = PEM_BEGIN.exec(text)) {
    const endMarker = `-----END ${m[1] ?? ""}PRIVATE KEY${m[2] ?? ""}-----`;
    const end = text.indexOf(endMarker, m.index + m[0].length);
    out += text.slice(last, m.index) + PEM_MARKER;
    count++;
    if (end < 0) {
      // Truncated output: the rest may be key material. (Later openers cannot close either.)
      return { text: out, count };
    }
    last = end + endMarker.length;
    PEM_BEGIN.lastIndex = last;
  }
  return { text: out + text.slice(last), count };
}
