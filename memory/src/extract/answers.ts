/**
 * A short reply to the assistant's question, read as the statement it makes. Agents ask ("Vitest
 * or Jest for the tests?", "Should I switch the API to Hono?", "1. keep Express 2. move to Hono:
 * which one?") and the developer answers in a word ("vitest", "yes", "2"): the reply alone states
 * nothing, the pair states a decision. It is written out as the decision it is ("We decided to use
 * Vitest for the tests.") so the ordinary rules read it like any other.
 */
import { type FoundTerm, findTerms, sentences, splitCode } from "./text.js";

/** Longer replies state their own case; the rules read them as they are. */
export const MAX_REPLY = 400;
/** A question further back than this many sentences (after the options listed) is not what the reply answers. */
const TRAILING_SENTENCES = 2;

/** The decision a reply makes to the question that ends `asked`, or null when it makes none. */
export function answeredStatement(asked: string, reply: string): string | null {
  const answer = reply.trim();
  if (!answer || answer.length > MAX_REPLY || answer.includes("?") || UNDECIDED.test(answer)) return null;
  const { prose } = splitCode(asked);
  const said = sentences(prose);
  const items = listedOptions(prose);
  let last = said.length - 1;
  // Options listed after the question ("Which one?\n1. ...\n2. ...") are part of it.
  while (last >= 0 && items.some((i) => i.text.includes(said[last]!) || said[last]!.endsWith(i.text))) last--;
  const asks = said.slice(0, last + 1).slice(-(TRAILING_SENTENCES + 1));
  const question = asks.findLast((s) => ASKS.test(s));
  if (!question) return null;
  return (
    pickedOption(question, answer) ?? pickedItem(items, answer) ?? acceptedProposal(asks, question, answer)
  );
}

/** A question, or the line that asks for a pick from the options listed under it. */
const ASKS = /\?[\s"'`*)]*$|^(?:pick|choose)\s+(?:one|between|an?\s+option)\b/i;

/** "either is fine", "you decide", "not sure yet": a reply that leaves the choice open. */
const UNDECIDED =
  /\b(?:either|neither|both|whichever|whatever|you\s+(?:decide|choose|pick)|your\s+call|up\s+to\s+you|(?:don'?t|do\s+not)\s+(?:care|mind|know)|not\s+sure|no\s+preference|let\s+me\s+think|later)\b/i;

/** Said before a name, it turns the name down: "not jest", "instead of Jest", "over Jest". */
const TURNED_DOWN =
  /\b(?:not|no|never|avoid|without|skip|drop|ditch|than|over|instead\s+of|rather\s+than|except)\s+(?:the\s+|with\s+)?$/i;

interface Option {
  name: string;
  /** How the question spells it. */
  display: string;
  index: number;
  end: number;
  category: string | null;
}

/** The named alternatives of a question: tools the vocabulary knows, and `code` spans. */
function optionsOf(question: string): Option[] {
  const out: Option[] = [];
  for (const t of findTerms(question))
    if (!out.some((o) => o.name === t.term.name))
      out.push({
        name: t.term.name,
        display: t.display,
        index: t.index,
        end: t.end,
        category: t.term.category,
      });
  for (const m of question.matchAll(/`([^`\n]{1,60})`/g))
    if (!out.some((o) => m.index >= o.index && m.index < o.end))
      out.push({
        name: m[1]!.toLowerCase(),
        display: m[0],
        index: m.index,
        end: m.index + m[0].length,
        category: null,
      });
  return out.sort((a, b) => a.index - b.index);
}

/** A question that offers alternatives: "X or Y", "X vs Y", "which of X, Y". */
const OFFERS = /\b(?:or|vs\.?|versus)\b|\//i;

/** "Vitest" to "Vitest or Jest for the tests?": the one option the reply names and does not turn down. */
function pickedOption(question: string, answer: string): string | null {
  if (!OFFERS.test(question)) return null;
  const options = optionsOf(question);
  if (options.length < 2) return null;
  const named = findTerms(answer).filter((t) => !TURNED_DOWN.test(answer.slice(0, t.index)));
  const picked = new Set<string>();
  for (const o of options) {
    if (o.category !== null) {
      if (named.some((t) => t.term.name === o.name)) picked.add(o.name);
    } else {
      const code = o.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const at = answer.toLowerCase().search(new RegExp(`(?<![\\w-])\`?${code}\`?(?![\\w-])`));
      if (at >= 0 && !TURNED_DOWN.test(answer.slice(0, at))) picked.add(o.name);
    }
  }
  // A bare answer naming another tool for the same part of the stack ("SQLite" to "Postgres or
  // MySQL?") is a choice too, of something not offered.
  const other =
    picked.size === 0
      ? named.filter((t) => options.some((o) => o.category === t.term.category) && !/\s/.test(answer.trim()))
      : [];
  if (picked.size + other.length !== 1) return null;
  const offered = options.find((o) => picked.has(o.name));
  return choiceStatement(
    question,
    options,
    offered ?? null,
    offered?.display ?? (other[0] as FoundTerm).display,
  );
}

/** Verbs that choose, said just before an option: their meaning carries into the statement. */
const CHOOSING =
  /\b(use|using|go\s+with|switch(?:ing)?\s+to|(?:move|migrate|go\s+back|return|revert)\s+to|adopt|pick|choose|stick\s+with|keep|stay\s+(?:on|with)|prefer|standardi[sz]e\s+on|try|install)\s+(?:the\s+|to\s+)?$/i;
const AS_USE = /^(?:using|pick|choose|prefer|try|install)$/i;

/** What the choice is for: "for the tests", "as the queue", "in CI". */
const PURPOSE =
  /^\s*,?\s*(?:[\w-]+\s+){0,2}?((?:for|as|in|on|across|everywhere)\b[^,;:?]*?)(?:\s+(?:or|and)\b.*)?\s*(?:[,;:?].*)?$/i;
const PURPOSE_BEFORE = /\b((?:for|as)\s+(?:the|our|your|a|an|this)\s+[\w\s/.-]{1,40}?)\s*[:,\u2014-]?\s*$/i;

function choiceStatement(
  question: string,
  options: Option[],
  offered: Option | null,
  display: string,
): string {
  const body = question.replace(/\?[^?]*$/, "");
  const first = options[0]!;
  const last = options.at(-1)!;
  const said =
    (offered && CHOOSING.exec(body.slice(0, offered.index))?.[1]) ??
    CHOOSING.exec(body.slice(0, first.index))?.[1];
  const verb =
    !said || AS_USE.test(said) ? "use" : said.replace(/\s+/g, " ").replace(/^switching/i, "switch");
  const purpose =
    PURPOSE.exec(body.slice(last.end))?.[1] ?? PURPOSE_BEFORE.exec(body.slice(0, first.index))?.[1] ?? "";
  return `We decided to ${verb.toLowerCase()} ${display}${purpose ? ` ${ours(purpose.trim())}` : ""}.`;
}

/** The question was the assistant's: "your tests" are the project's. */
const ours = (s: string) => s.replace(/\byour\b/gi, "our").replace(/\byou\b/gi, "we");

interface ListedOption {
  label: string;
  text: string;
}

/** "1. keep Express", "b) move to Hono", "**Option A**: Postgres": numbered or lettered options. */
const ITEM =
  /^\s*(?:[-*+]\s+)?(?:\*\*)?(?:option\s+)?\(?(\d{1,2}|[A-Da-d])(?:\*\*)?[.):](?:\*\*)?\s+(?:\*\*)?(.+)$/i;

function listedOptions(prose: string): ListedOption[] {
  const out: ListedOption[] = [];
  for (const line of prose.split(/\r?\n/)) {
    const m = ITEM.exec(line);
    if (m) out.push({ label: m[1]!.toLowerCase(), text: m[2]!.trim() });
  }
  return out.length >= 2 ? out : [];
}

const ORDINALS: Record<string, number> = { first: 0, second: 1, third: 2, fourth: 3 };

/** "2", "option b", "the second one", "let's go with 1": which listed option the reply picks. */
const PICKS_ITEM =
  /^(?<lead>(?:let'?s|i'?ll|we'?ll|i'?d)\s+(?:go\s+with|do|take|pick|say)\s+|go(?:ing)?\s+with\s+|option\s+|number\s+|#)?(?<the>the\s+)?(?<said>\d{1,2}|[a-d]|first|second|third|fourth|last)(?:\s+(?<noun>one|option|approach|way|plan))?(?:\s+please)?\s*(?:[.!,;)\u2014\u2013-]|$)/i;

function pickedItem(items: ListedOption[], answer: string): string | null {
  if (items.length === 0) return null;
  const m = PICKS_ITEM.exec(answer);
  if (!m) return null;
  const { lead, the, noun } = m.groups!;
  const said = m.groups!.said!.toLowerCase();
  // "First, fix the build.": an ordinal word picks only when it is plainly one ("the first one").
  const word = /^[a-z]{3,}$/.test(said);
  if (word && !the && !noun && answer.replace(/[.!\s]+$/, "").length > said.length && !lead) return null;
  const item =
    said === "last" ? items.at(-1) : word ? items[ORDINALS[said]!] : items.find((i) => i.label === said);
  if (!item) return null;
  const text = item.text
    .replace(/\*\*/g, "")
    .split(/\s[\u2014\u2013]\s|\s-\s|:\s|\s\(/)[0]!
    .replace(/[.!]+$/, "")
    .trim();
  if (!text) return null;
  const acts = ACTING.test(text);
  return `We decided to ${acts ? text[0]!.toLowerCase() + text.slice(1) : `use ${text}`}.`;
}

/** Proposals that change the project for good, not one-off work ("check the logs", "fix it"). */
const ACTING =
  /^(?:use|keep|switch|move|migrate|go\s+with|stay|stick|adopt|standardi[sz]e|replace|rename|split|merge|drop|remove|deprecate|pin|upgrade|downgrade|bump|enable|disable|turn\s+(?:on|off)|rewrite|convert|port|vendor|extract|consolidate|enforce|require|add|ship|deploy|store|cache|run)\b/i;
const DURABLE =
  /^(?:use|keep|switch|move|migrate|go\s+with|stay|stick|adopt|standardi[sz]e|replace|rename|split|drop|deprecate|pin|upgrade|downgrade|enable|disable|turn\s+(?:on|off)|rewrite|convert|port|vendor|consolidate|enforce|require)\b/i;

/** "yes", "sure, go ahead", "lgtm": agreeing with what was asked, with no condition attached. */
const AGREES =
  /^(?:yes|yep|yeah|yup|ya|sure|ok(?:ay)?|please(?:\s+do)?|do\s+it|go\s+ahead|go\s+for\s+it|sounds\s+good|lgtm|perfect|absolutely|definitely|of\s+course|y)(?![\w'])|^(?:\u{1F44D}|\u2705)/iu;
const CONDITION =
  /\b(?:but|though|however|instead|wait|actually|hold\s+on|not\s+yet|don'?t|do\s+not|no|except|unless)\b/i;

/** "Should I switch the API to Hono?", "Want me to pin Node 22?": a proposal to agree to. */
const PROPOSES = [
  /^(?:so,?\s+)?(?:should|shall)\s+(?:I|we)\s+(?:go\s+ahead\s+and\s+)?(.+)$/i,
  /^(?:do\s+you\s+want|would\s+you\s+like|want|you\s+want)\s+(?:me|us)\s+to\s+(?:go\s+ahead\s+and\s+)?(.+)$/i,
  /^(?:is\s+it\s+)?(?:ok(?:ay)?|alright|fine)\s+(?:if\s+(?:I|we)|to)\s+(?:go\s+ahead\s+and\s+)?(.+)$/i,
  /^(?:can|may)\s+I\s+(?:go\s+ahead\s+and\s+)?(.+)$/i,
];
/** "Sound good?", "Shall I proceed?": agreement to what the sentence before proposed. */
const CONFIRMS =
  /^(?:(?:does\s+)?(?:that|this)\s+)?(?:sounds?\s+good|ok(?:ay)?|work\s+for\s+you|make\s+sense|alright)$|^(?:shall|should)\s+I(?:\s+(?:proceed|go\s+ahead|continue|do\s+(?:it|that)))?$|^(?:(?:do\s+you\s+)?want\s+me\s+to|ok(?:ay)?\s+to)\s+(?:proceed|go\s+ahead|do\s+(?:it|that))$|^proceed$/i;
const PROPOSED = [
  /^I(?:'d|\s+would)?\s+(?:suggest|propose|recommend)(?:ing)?\s+(?:that\s+)?(?:we\s+|you\s+)?(.+)$/i,
  /^my\s+(?:suggestion|recommendation|plan|proposal)\s+(?:is\s+)?(?:to\s+)?(.+)$/i,
  /^I(?:'ll|\s+will|\s+can|\s+could|\s+plan\s+to)\s+(.+)$/i,
];

function acceptedProposal(asks: string[], question: string, answer: string): string | null {
  if (!AGREES.test(answer) || CONDITION.test(answer.replace(AGREES, ""))) return null;
  const q = question.replace(/[\s"'`*)]*\?+[\s"'`*)]*$/, "").trim();
  if (/\bor\b/i.test(q)) return null;
  let proposal = PROPOSES.map((re) => re.exec(q)?.[1]).find(Boolean) ?? null;
  if (proposal && CONFIRMS.test(proposal.trim())) proposal = null;
  if (!proposal && CONFIRMS.test(q)) {
    const before = asks[asks.indexOf(question) - 1]?.replace(/[.!]+$/, "");
    proposal = before ? (PROPOSED.map((re) => re.exec(before)?.[1]).find(Boolean) ?? null) : null;
  }
  if (!proposal) return null;
  const act = ours(proposal.trim());
  // A proposal that changes the stack, or changes the project for good; not one-off work.
  if (!DURABLE.test(act) && !(ACTING.test(act) && findTerms(act).length > 0)) return null;
  return `We decided to ${act[0]!.toLowerCase()}${act.slice(1)}.`;
}
