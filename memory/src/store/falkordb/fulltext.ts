/**
 * Turns raw user text into a RediSearch query that cannot be a syntax error. FalkorDB hands the
 * string of `db.idx.fulltext.queryNodes` to RediSearch, where `- | ( ) { } [ ] @ ~ * % $ : ! " '`
 * and backticks are operators, a lone `_` or an empty query is an error, and stopwords are removed
 * from the query (a query of only stopwords is then empty, which is an error too).
 *
 * Each whitespace-separated word keeps only its letter/digit/underscore runs (RediSearch indexes
 * `my_var` as one token, so inner underscores stay; leading and trailing ones go). A word that
 * splits into several tokens (`src/app.ts`) becomes an intersection group `(src app ts)`, and the
 * groups are OR-ed with `|`, so TF-IDF ranks documents by how many of the words they share, as
 * the embedded store's BM25 index (`text-index.ts`) ranks them.
 */

import { QUERY_STOPWORDS } from "../query-words.js";

const MAX_GROUPS = 16;
const MAX_TOKENS_PER_GROUP = 8;
/** Longer "words" (minified code, base64) match nothing useful and only bloat the query. */
const MAX_TOKEN_LENGTH = 128;
/** Letters, digits and underscores: nothing RediSearch reads as syntax. */
const TOKEN = /[\p{L}\p{N}_]+/gu;

/**
 * Our own list (common words in coding sessions, as the embedded store uses) plus RediSearch's
 * default English stopwords, which it silently drops from queries: a group made only of those
 * would leave an empty clause behind.
 */
const STOPWORDS = new Set([
  ...QUERY_STOPWORDS,
  // RediSearch defaults not already in the shared list
  "but",
  "if",
  "into",
  "no",
  "not",
  "such",
  "their",
  "then",
  "there",
  "these",
  "they",
  "will",
]);

/** null when nothing searchable is left: the caller returns [] without querying. */
export function fulltextQuery(query: string): string | null {
  const groups: string[] = [];
  const seen = new Set<string>();
  for (const word of query.split(/\s+/)) {
    const tokens: string[] = [];
    for (const raw of word.match(TOKEN) ?? []) {
      const token = raw.replace(/^_+|_+$/g, "").toLowerCase();
      if (!token || token.length > MAX_TOKEN_LENGTH || STOPWORDS.has(token)) continue;
      tokens.push(token);
      if (tokens.length === MAX_TOKENS_PER_GROUP) break;
    }
    if (tokens.length === 0) continue;
    const group = tokens.length === 1 ? (tokens[0] as string) : `(${tokens.join(" ")})`;
    if (seen.has(group)) continue;
    seen.add(group);
    groups.push(group);
    if (groups.length === MAX_GROUPS) break;
  }
  return groups.length ? groups.join(" | ") : null;
}
