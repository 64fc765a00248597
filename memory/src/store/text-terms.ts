/**
 * Words to terms, the same way for what is indexed and what is asked: runs of letters and digits,
 * lower case, accents dropped, English words Porter-stemmed ("errors" = "error", "failed" =
 * "fail"). `src/app.ts` is the terms `src app ts`; `assembleDebug` is itself and `assemble debug`.
 * There is no query syntax at all: quotes, `*`, `NEAR` or parentheses are just characters.
 */
import { stemmer } from "stemmer";
import { QUERY_STOPWORDS } from "./query-words.js";

const TOKEN = /[\p{L}\p{N}]+/gu;
const MARKS = /\p{M}+/gu;
const LETTERS_ONLY = /^[a-z]+$/;
/** Longer runs are hashes, base64 or minified code: kept, but cut, so one cannot bloat the index. */
const MAX_TERM = 48;
/** Enough words to describe anything; more only slows a query down. */
const MAX_QUERY_TERMS = 32;

// Coding text repeats the same few thousand words: stem each once. Bounded so odd input cannot
// grow it without end.
const stems = new Map<string, string>();
const STEM_CACHE = 100_000;

function term(token: string): string {
  let t = token.toLowerCase();
  if (t.length > MAX_TERM) t = t.slice(0, MAX_TERM);
  let stem = stems.get(t);
  if (stem === undefined) {
    const plain = /[^\x00-\x7f]/.test(t) ? t.normalize("NFKD").replace(MARKS, "") : t;
    stem = LETTERS_ONLY.test(plain) && plain.length > 2 ? stemmer(plain) : plain;
    if (stems.size >= STEM_CACHE) stems.clear();
    stems.set(t, stem);
  }
  return stem;
}

/** Where a camelCase or PascalCase word splits: `assembleDebug`, `HTTPServer`, `getUserById`. */
const CAMEL_SPLIT = /(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/;
const HAS_CAMEL = /[a-z0-9][A-Z]|[A-Z]{2}[a-z]/;

/**
 * The words inside a camelCase token, besides the token itself: "build a debug apk" finds
 * `./gradlew assembleDebug`, "the worker settings" finds `WorkerSettings`.
 */
function camelParts(token: string): string[] {
  if (!HAS_CAMEL.test(token)) return [];
  return token.split(CAMEL_SPLIT).filter((part) => part.length > 1);
}

/** Every term of a text, in order, repeats included (term frequency counts them). */
export function textTerms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const t = term(m[0]);
    if (t) out.push(t);
    for (const part of camelParts(m[0])) out.push(term(part));
  }
  return out;
}

/**
 * The distinct terms a query searches for. A word that is only a stopword ("why", "the") is
 * dropped; inside a longer word (`to-do`) its parts stay.
 */
export function queryTerms(query: string): string[] {
  const out = new Set<string>();
  for (const word of query.split(/\s+/)) {
    const tokens = word.match(TOKEN) ?? [];
    if (tokens.length === 1 && QUERY_STOPWORDS.has((tokens[0] as string).toLowerCase())) continue;
    for (const token of tokens) {
      for (const t of [term(token), ...camelParts(token).map(term)]) {
        if (t) out.add(t);
        if (out.size === MAX_QUERY_TERMS) return [...out];
      }
    }
  }
  return [...out];
}
