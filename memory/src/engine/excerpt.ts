/**
 * The part of a long episode a question is about. The block shows each related event in a few
 * hundred characters; cut from the start, "which Node version is pinned?" gets the first lines of
 * an onboarding note while `.nvmrc (20.11.1)` sits in its fourth bullet. So the excerpt keeps the
 * episode's opening words (what it is) and then the sentence or line that matches the most query
 * words, found where a form of each word starts a word: no index, and bounded work per episode.
 */
import { QUERY_STOPWORDS } from "../store/query-words.js";
import { queryTerms } from "../store/text-terms.js";

/** Opening words kept before a jump, so the excerpt still says what the episode was. */
const HEAD_CHARS = 70;
/** Only this much of an episode is searched for the best part: tool output can be far longer. */
const SCAN_CHARS = 8_000;
/**
 * Raw characters read to get SCAN_CHARS collapsed ones, whitespace runs included; a longer text is
 * also compared as it is when the block merges repeats (context.ts), not collapsed.
 */
export const READ_CHARS = 2 * SCAN_CHARS;
const GAP = " … ";
/**
 * Words a question carries that say nothing of its subject: a jump to the one line holding
 * "before" (in "needs my sign-off before changes") would hide the answer the start showed.
 */
const FILLER = new Set(
  "about after again all any before can could does get got had has have here kind last make made need needs now off should some than then there these they thing things those time use used using way were will would your".split(
    " ",
  ),
);

interface Segment {
  start: number;
  end: number;
}

/** Whitespace-collapsed `text`, at most `max` characters, around the part that best answers `query`. */
export function queryExcerpt(text: string, query: string, max: number): string {
  // Only the start of a long text is read at all: collapsing 100 KB of tool output costs more than
  // the rest of a recall. A text cut here still ends in "…".
  const read = text.length > READ_CHARS ? text.slice(0, READ_CHARS) : text;
  const flat = read.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return read === text ? flat : cut(flat ? `${flat} …` : "…", 0, max);
  const words = queryWords(query);
  if (words.length === 0) return cut(flat, 0, max);
  const scanned = flat.slice(0, SCAN_CHARS);
  const lower = scanned.toLowerCase();
  // Where each query word occurs, ascending: a range test is then a binary search, so an event of
  // thousands of matching log lines costs no more than a few thousand lookups.
  const hits = words.map((forms) => forms.flatMap((form) => wordStarts(lower, form)).sort((x, y) => x - y));
  const found = (ranges: Array<[number, number]>) =>
    hits.filter((at) => ranges.some(([from, to]) => occursIn(at, from, to))).length;
  // A jump must show more of the question's words than the plain cut from the start does.
  const head = cut(scanned, 0, HEAD_CHARS, "");
  const rest = max - head.length - GAP.length;
  // Of windows showing as many words, the one opening on the line that holds the most of them. A
  // window opening on a line with none of them shows no more than the one opening on the next
  // line that has some: only those are tried.
  let best = { score: found([[0, max - 1]]), own: Number.POSITIVE_INFINITY, start: -1 };
  // The plain cut already shows every word the text holds: nothing to look for.
  if (best.score === hits.filter((at) => at.length > 0).length) return cut(flat, 0, max);
  for (const { start, end } of segments(read, scanned)) {
    if (start <= head.length) continue;
    const own = found([[start, end]]);
    if (own === 0) continue;
    const score = found([
      [0, head.length],
      [start, start + rest],
    ]);
    if (score > best.score || (score === best.score && own > best.own)) best = { score, own, start };
  }
  return best.start < 0 ? cut(flat, 0, max) : `${head}${GAP}${cut(flat, best.start, rest)}`;
}

/** `length` characters of `flat` from `from`, ending with `more` when cut, at a word end if one is near. */
function cut(flat: string, from: number, length: number, more = "…"): string {
  if (flat.length - from <= length) return flat.slice(from);
  const piece = flat.slice(from, from + length - more.length);
  const space = piece.lastIndexOf(" ");
  return `${space > length * 0.75 ? piece.slice(0, space) : piece}${more}`;
}

/**
 * Each query word (stopwords aside) as the forms that may start it in the text: the word, its
 * stem, and the word without a plural or tense ending ("keys" finds `primary_key_type`).
 */
function queryWords(query: string): string[][] {
  const words = (query.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? []).filter(
    (w) => !QUERY_STOPWORDS.has(w) && !FILLER.has(w),
  );
  return [...new Set(words)].map((word) => {
    const bare = word.replace(/(?:ies|es|s|ed|ing)$/, "");
    return [...new Set([word, ...queryTerms(word), ...(bare.length >= 3 ? [bare] : [])])];
  });
}

/** Whether the ascending positions `at` hold one in [from, to). */
function occursIn(at: readonly number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((at[mid] as number) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < at.length && (at[lo] as number) < to;
}

/** Where `word` starts a word in `lower` (the previous character is not a letter or digit). */
function wordStarts(lower: string, word: string): number[] {
  const out: number[] = [];
  for (let i = lower.indexOf(word); i >= 0; i = lower.indexOf(word, i + word.length)) {
    if (i === 0 || !/[\p{L}\p{N}]/u.test(lower[i - 1] as string)) out.push(i);
  }
  return out;
}

/** Lines, and sentences within long lines, as ranges of the collapsed text. */
function segments(text: string, flat: string): Segment[] {
  const out: Segment[] = [];
  let cursor = 0;
  for (const line of text.split("\n")) {
    for (const sentence of line.split(/(?<=[.!?])\s+(?=[^\s])/)) {
      const piece = sentence.replace(/\s+/g, " ").trim();
      if (!piece) continue;
      const start = flat.indexOf(piece, cursor);
      if (start < 0) return out;
      out.push({ start, end: start + piece.length });
      cursor = start + piece.length;
    }
  }
  return out;
}
