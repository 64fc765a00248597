/**
 * Where an assistant's message asks the developer something, and what it offers: the question (or
 * the line introducing a list of options), the sentences framing it, the options listed next to
 * it, and whether it asks what the project takes up or only how to do one piece of work.
 */
import { listedOption, type Option } from "./answer-options.js";
import { sentences, splitCode } from "./text.js";

/** Sentences before the question that still frame it ("I could use clap or argh. Which?"). */
export const FRAMING = 2;

export interface Turn {
  question: string;
  /** The question and the sentences framing it, in order. */
  framing: string[];
  /** The options listed next to the question. */
  listed: Option[];
  /** The sentence introducing that list ("Two ways to fix it:", "Here's the plan:"). */
  intro?: string;
  /**
   * What the question asks to take up: "strong" names it ("Which should we use?", "Should the API
   * be gRPC or REST?"), "weak" only asks for a pick ("Which do you prefer?"), null neither ("How
   * many workers run in prod?"). A tool the vocabulary knows counts whatever the question.
   */
  adopting: "strong" | "weak" | null;
  /** Asked by listing options last, with no question after them. */
  fromList: boolean;
}

/** A question, or the line that asks for a pick from the options listed under it. */
const ASKS = /\?[\s"'`*)]*$|^(?:pick|choose)\s+(?:one|between|an?\s+option)\b/i;
const STRONG =
  /\b(?:us(?:e|es|ing)|add(?:s|ing)?|adopt\w*|go(?:ing)?\s+with|standardi[sz]\w*|switch\w*|mov(?:e|ing)|migrat\w*|stick|keep|stay|install\w*|introduc\w*|replac\w*|options?|candidates|alternatives?|direction|recommend\w*|suggest\w*)\b|\bshould\s+(?:the|our)\s+[\w\s'-]{1,40}\s+be\b/i;
const WEAK =
  /\b(?:pick\w*|choos\w*|prefer\w*|approach\w*|which\s+(?:one|way|do\s+you|would\s+you)|(?:two|three|a\s+few|several)\s+(?:ways|options))\b|^which\?$/im;
/** "Is it in the Helm values or the `.env`?", "How many workers run?": asking what is, not what to do. */
const FACTUAL =
  /^(?:is|are|was|were|did)\s+(?:it|they|this|that|the|these|those|you|we)\b(?!\s+(?:ok(?:ay)?|fine|alright)\b)|^(?:where|when|how\s+(?:many|much|often|long))\b|^does\s+(?:it|the|this|that)\b/i;
/** One-off work: its choices are not the project's. */
const ONE_OFF =
  /\b(?:one[- ]?(?:time|off)|throwaway|won'?t be committed|just for (?:now|this)|this once)\b|\bfirst\s*\?/i;
/** Choices inside the code (a loop, a class, a signature), not of what the project uses. */
const CODE_LEVEL = /\b(?:class|function|loop|method|variable|struct|enum|trait|signature|generic|return)\b/i;

/** "1. keep Express", "b) move to Hono", "**Option A**: Postgres". */
const ITEM = /^\s*(?:[-*+]\s+)?(?:\*\*)?(?:option\s+)?\(?(\d{1,2}|[A-Da-d])(?:\*\*)?[.):](?:\*\*)?\s+(.+)$/i;
/** "- zod": options listed without labels are picked by name or place. */
const BULLET = /^\s*[-*+\u2022]\s+(.+)$/;

interface Line {
  text: string;
  line: number;
}
interface List {
  items: Option[];
  start: number;
  end: number;
}

/** The message's sentences and its lists, each with the line it sits on. */
function layout(prose: string): { said: Line[]; lists: List[] } {
  const said: Line[] = [];
  const lists: List[] = [];
  let list: List | null = null;
  for (const [line, text] of prose.split(/\r?\n/).entries()) {
    const m = ITEM.exec(text);
    const bullet = m ? null : BULLET.exec(text);
    if (m || bullet) {
      if (!list) {
        list = { items: [], start: line, end: line };
        lists.push(list);
      }
      list.items.push(listedOption(m ? m[1]!.toLowerCase() : null, (m ? m[2]! : bullet![1]!).trim()));
      list.end = line;
      continue;
    }
    if (text.trim()) list = null;
    for (const s of sentences(text)) said.push({ text: s, line });
  }
  return { said, lists };
}

/** Where the assistant's message asks, and what it offers; `picks`: the reply may pick from a list. */
export function readTurn(asked: string, picks: boolean): Turn | null {
  const { said, lists } = layout(splitCode(asked).prose);
  const last = lists.at(-1);
  // Options listed last ("Two ways to fix it: (a) ... (b) ... Both would fit.") and answered
  // "b" or "timescale" were asked for, "?" or not.
  const listAsks =
    picks && last && last.items.length >= 2 && said.filter((s) => s.line > last.end).length <= FRAMING
      ? said.findLast((s) => s.line < last.start)
      : undefined;
  const asks = said.slice(-(FRAMING + 1)).findLast((s) => ASKS.test(s.text)) ?? listAsks;
  if (!asks || FACTUAL.test(asks.text)) return null;
  const at = said.indexOf(asks);
  // The list right before the question (at most two sentences between) or right after it.
  const near = lists.findLast(
    (l) =>
      l.items.length >= 2 &&
      (l.start > asks.line || said.filter((s) => s.line > l.end && s.line < asks.line).length <= FRAMING),
  );
  const intro = near ? said.findLast((s) => s.line < near.start) : undefined;
  const framing = said.slice(Math.max(0, at - FRAMING), at + 1).map((s) => s.text);
  const context = [...framing, intro?.text ?? ""].join("\n");
  if (ONE_OFF.test(context)) return null;
  const words = context.replace(/`[^`\n]*`/g, "");
  const listed = near?.items.filter((o) => !/^["\u201c']/.test(o.display)) ?? [];
  return {
    question: asks.text,
    framing,
    listed: listed.length >= 2 ? listed : [],
    ...(intro && { intro: intro.text }),
    fromList: asks === listAsks,
    adopting: CODE_LEVEL.test(words)
      ? null
      : STRONG.test(words)
        ? "strong"
        : WEAK.test(words)
          ? "weak"
          : null,
  };
}
