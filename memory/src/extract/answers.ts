/**
 * A short reply to the assistant's question, read as the statement it makes. Agents ask ("Vitest
 * or Jest for the tests?", "Should I switch the API to Hono?", "1. keep Express 2. move to Hono:
 * which one?") and the developer answers in a word ("vitest", "yes", "2"): the reply alone states
 * nothing, the pair states a decision. It is written out as the decision it is ("We decided to use
 * Vitest for the tests.") so the ordinary rules read it like any other.
 */
import {
  inlineOptions,
  type Option,
  PACKAGE_NAME,
  pickedByName,
  pickedByPlace,
  picksByPlace,
} from "./answer-options.js";
import {
  AGREES,
  acceptedPlan,
  acceptedProposal,
  asksToConfirm,
  ours,
  REFERS_TO_RECOMMENDATION,
} from "./answer-proposals.js";
import { readTurn, type Turn } from "./answer-turn.js";
import { findTerms } from "./text.js";

/** Longer replies state their own case; the rules read them as they are. */
const MAX_REPLY = 400;
/** Longer replies that neither agree nor pick by place state their own case too. */
const MAX_WORDS = 12;

/** "do kustomize on a branch so i can compare", "try ILM on staging first": trying is not taking up. */
const TENTATIVE =
  /\b(?:on\s+a\s+branch|not\s+sold|(?:to|can)\s+compare|prototype|spike|experiment|let'?s\s+see|see\s+how|on\s+staging\s+first)\b/i;

/** "either is fine", "you decide", "not sure yet": a reply that leaves the choice open. */
const UNDECIDED =
  /\b(?:either|neither|both|whichever|whatever|you\s+(?:decide|choose|pick)|your\s+call|up\s+to\s+you|(?:don'?t|do\s+not)\s+(?:care|mind|know)|not\s+sure|no\s+preference|let\s+me\s+think|later)\b/i;
/** "whats uv", "hmm how does it compare": a reply that asks back, question mark or not. */
const ASKS_BACK =
  /^(?:(?:hmm+|um+|uh+|wait|ok(?:ay)?)[,.\s]+)?(?:what|whats|what's|why|how|which|who|when|where|does|is\s+(?:it|that|this|there)|are\s+(?:there|we|you|they)|can\s+(?:we|you|i)|do\s+(?:we|you|i))\b/i;

/**
 * Whether `reply` could answer a question at all, read alone: it agrees, picks by place, or names
 * a tool, `code` or a word. Only such replies cost a look back for the question.
 */
export function couldAnswer(reply: string): boolean {
  const answer = reply.trim();
  if (!answer || answer.length > MAX_REPLY || answer.includes("?")) return false;
  if (UNDECIDED.test(answer) || TENTATIVE.test(answer) || ASKS_BACK.test(answer)) return false;
  return (
    AGREES.test(answer) ||
    picksByPlace(answer) ||
    /[`*]/.test(answer) ||
    answer.split(/\s+/).length <= MAX_WORDS
  );
}

/** The decision a reply makes to the question that ends `asked`, or null when it makes none. */
export function answeredStatement(asked: string, reply: string): string | null {
  const answer = reply.trim();
  if (!couldAnswer(answer)) return null;
  const turn = readTurn(asked, picksByPlace(answer) || !AGREES.test(answer));
  if (!turn) return null;
  const before = turn.framing.slice(0, -1).reverse();
  return (
    pickedOption(turn, answer) ??
    recommendedItem(turn, before, answer) ??
    acceptedProposal(turn.question, before, answer) ??
    acceptedPlan(
      turn.question,
      turn.intro,
      turn.listed.map((o) => o.display),
      answer,
    )
  );
}

/** A question that offers alternatives: "X or Y", "X vs Y", "the alternative is Y". */
const OFFERS = /\b(?:or|vs\.?|versus|alternatives?|either|options?)\b|\//i;

function pickedOption(turn: Turn, answer: string): string | null {
  const own = inlineOptions(turn.question);
  // "Should I use **Tailwind** for it, or keep writing CSS modules?": one named, the other kept.
  const offered = own.length >= 1 && OFFERS.test(turn.question) ? own : [];
  // "I could replace it with `clap` or `argh`. Which?": the options are named before the question.
  const framed = OFFERS.test(turn.framing.join(" "))
    ? turn.framing.flatMap(inlineOptions).filter((o, i, all) => all.findIndex((x) => same(x, o)) === i)
    : [];
  // A list under "Shall I proceed?" is a plan to agree to, not options to pick from.
  const listed = asksToConfirm(turn.question) ? [] : turn.listed;
  for (const options of [offered, listed, framed]) {
    const picked =
      (options.length >= 2 ? pickedByPlace(options, answer) : null) ?? pickedByName(options, answer);
    if (!picked) continue;
    if (!takesUp(turn, picked)) return null;
    return picked.sentence ? choiceStatement(options, picked, picked.display) : itemStatement(picked);
  }
  return otherChoice(offered.length >= 2 ? offered : framed, answer);
}

/**
 * Whether picking the option takes something up for the project: a tool the vocabulary knows
 * always; a `code` name only when the question says to use or add it (not "`Mutex` or `RwLock`?
 * Preference?"); another name when the question asks for a pick at all.
 */
function takesUp(turn: Turn, picked: Option): boolean {
  if (picked.terms.length > 0) return true;
  // A listed option, picked where the list was the last thing said, was asked for as a choice.
  if (turn.fromList && !picked.code && !picked.sentence) return true;
  // `BTreeMap<String, Id>`, `put_object()`: code, not a package.
  if (picked.code) return turn.adopting === "strong" && picked.names.every((n) => PACKAGE_NAME.test(n));
  return turn.adopting !== null;
}

/** "D1 fits best", "I'd go with 2", "The latter is simpler": the sentence recommends an option. */
const RECOMMENDS =
  /\b(?:recommend\w*|suggest\w*|go\s+with|prefer\w*|lean\w*\s+towards?|fits?\s+best|best\s+fit|would\s+cover|(?:is|are|would\s+be)\s+(?:simpler|better|best|nicer|the\s+(?:better|best|simplest)\b))/i;
const RECOMMENDED_PLACE =
  /\bthe\s+(?:first|second|third|fourth|last|former|latter)\b|\b(?:option|number|with|recommend)\s+(?:\d|[a-d])\b/i;

/** "ok" to "... D1 fits best. Thoughts?", "go with your rec": the listed option the assistant recommended. */
function recommendedItem(turn: Turn, before: string[], answer: string): string | null {
  if (turn.listed.length < 2 || !(AGREES.test(answer) || REFERS_TO_RECOMMENDATION.test(answer))) return null;
  for (const s of [...before, turn.question]) {
    if (!RECOMMENDS.test(s)) continue;
    const place = RECOMMENDED_PLACE.exec(s)?.[0].replace(/^(?:option|number|with|recommend)\s+/i, "");
    const item = (place ? pickedByPlace(turn.listed, place) : null) ?? pickedByName(turn.listed, s);
    // Recommended and agreed to: taken up, unless it is only a detail of the code.
    if (item) return item.code ? null : itemStatement(item);
  }
  return null;
}

const same = (a: Option, b: Option) =>
  a.terms.some((t) => b.terms.includes(t)) || a.names.some((n) => b.names.includes(n));

/** A bare answer naming another tool for the same part of the stack ("SQLite" to "Postgres or MySQL?"). */
function otherChoice(options: Option[], answer: string): string | null {
  if (options.length < 2 || /\s/.test(answer.replace(/[.!]+$/, ""))) return null;
  const [other, more] = findTerms(answer).filter((t) => options.some((o) => o.category === t.term.category));
  return other && !more ? choiceStatement(options, null, other.display) : null;
}

/** Verbs that choose, said just before an option: their meaning carries into the statement. */
const CHOOSING =
  /\b(use|using|go\s+with|switch(?:ing)?\s+to|(?:move|migrate|go\s+back|return|revert)\s+to|adopt(?:ing)?|pick|choose|stick\s+with|keep|stay\s+(?:on|with)|prefer|standardi[sz]e\s+on|try|install)\s+(?:the\s+|to\s+)?$/i;
const AS_USE = /^(?:using|pick|choose|prefer|try|install)$/i;

/** What the choice is for: "for the tests", "as the queue", "in CI". */
const PURPOSE =
  /^\s*,?\s*(?:[\w-]+\s+){0,2}?((?:for|as|in|on|across|everywhere)\b[^,;:?]*?)(?:\s+(?:or|and)\b.*)?\s*(?:[,;:?].*)?$/i;
const PURPOSE_BEFORE = /\b((?:for|as)\s+(?:the|our|your|a|an|this)\s+[\w\s/.-]{1,40}?)\s*[:,\u2014-]?\s*$/i;

function choiceStatement(options: Option[], offered: Option | null, display: string): string {
  const sentence = offered?.sentence ?? options[0]!.sentence!;
  const body = sentence.replace(/\?[^?]*$/, "");
  const mine = options.filter((o) => o.sentence === sentence);
  const [first, last] = [mine[0]!, mine.at(-1)!];
  const said =
    (offered && CHOOSING.exec(body.slice(0, offered.index))?.[1]) ??
    CHOOSING.exec(body.slice(0, first.index))?.[1];
  const verb =
    !said || AS_USE.test(said) ? "use" : said.replace(/\s+/g, " ").replace(/^(switch|adopt)ing/i, "$1");
  // "for it" says nothing the statement can keep.
  const purpose = (
    PURPOSE.exec(body.slice(last.end))?.[1] ??
    PURPOSE_BEFORE.exec(body.slice(0, first.index))?.[1] ??
    ""
  ).replace(/^(?:for|in|on)\s+(?:it|that|this|them)$/i, "");
  return `We decided to ${verb.toLowerCase()} ${display}${purpose ? ` ${ours(purpose.trim())}` : ""}.`;
}

/** Listed options that say what to do ("Move to Hono") are the decision as they stand. */
const ACTING =
  /^(?:use|keep|switch|move|migrate|go\s+with|stay|stick|adopt|standardi[sz]e|replace|rename|merge|drop|remove|deprecate|pin|upgrade|downgrade|bump|enable|disable|turn\s+(?:on|off)|vendor|extract|consolidate|enforce|require|add|ship|deploy|store|cache)\b/i;

/**
 * A listed option as a decision: what it does, or the thing it names used. An act that names no
 * tool ("patch the regex in `slugify()`") is a way to fix one thing, not something taken up.
 */
function itemStatement(item: Option): string | null {
  const startsNamed = /^(?:`|\*\*)/.test(item.display) || findTerms(item.display)[0]?.index === 0;
  const text = item.display.replace(/\*\*/g, "");
  const plain = text.replace(/`/g, "");
  const named = item.terms.length > 0 || item.names.some((n) => PACKAGE_NAME.test(n));
  if (ACTING.test(text) || (/^[a-z]+\s/.test(plain) && named && !startsNamed))
    return `We decided to ${text[0]!.toLowerCase()}${text.slice(1)}.`;
  const isName = startsNamed || /^[A-Z0-9@]/.test(plain) || plain.split(/\s+/).length <= 3;
  return isName ? `We decided to use ${text}.` : null;
}
