/**
 * Turns raw user text into a safe FTS5 MATCH expression. Users type quotes, `*`, `-`, `NEAR`,
 * `AND`, unbalanced parentheses, backticks and lone `_`: none of that may reach FTS5 as syntax.
 * Each whitespace-separated word becomes a quoted phrase of its letter/digit runs (so `src/app.ts`
 * matches the tokens `src app ts` in order, as the unicode61 tokenizer indexed them), and the
 * phrases are OR-ed so BM25 ranks documents by how many words they share.
 */

import { QUERY_STOPWORDS as STOPWORDS } from "../query-words.js";

/** Enough words to describe anything; more only slows the query down. */
const MAX_PHRASES = 16;
const MAX_TOKENS_PER_PHRASE = 8;
const TOKEN = /[\p{L}\p{N}]+/gu;

/** null when nothing searchable is left (the caller returns no hits). */
export function ftsMatchExpression(query: string): string | null {
  const phrases: string[] = [];
  const seen = new Set<string>();
  for (const word of query.split(/\s+/)) {
    const tokens = (word.match(TOKEN) ?? []).map((t) => t.toLowerCase()).slice(0, MAX_TOKENS_PER_PHRASE);
    if (tokens.length === 0) continue;
    if (tokens.length === 1 && STOPWORDS.has(tokens[0] as string)) continue;
    const phrase = tokens.join(" ");
    if (seen.has(phrase)) continue;
    seen.add(phrase);
    // Tokens hold only letters and digits, so wrapping in double quotes cannot be escaped out of.
    phrases.push(`"${phrase}"`);
    if (phrases.length === MAX_PHRASES) break;
  }
  return phrases.length ? phrases.join(" OR ") : null;
}
