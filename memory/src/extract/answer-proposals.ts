/**
 * Agreement to what the assistant proposed: "Should I switch the tests to Vitest?" answered "yes",
 * "I'd replace it with `pino`. OK?" answered "ok", "Want me to go with BullMQ?" answered "go with
 * bullmq". Only proposals that change the project for good count, not one-off work ("Should I
 * run the tests again?", "Want me to check the logs?").
 */
import { inlineOptions, names, type Option } from "./answer-options.js";
import { findTerms } from "./text.js";

/** "yes", "sure, go ahead", "lgtm", "proceed": agreeing to what was asked. */
export const AGREES =
  /^(?:yes+|yep|yeah|yea|yup|ya|yah|sure|ok(?:ay)?|okie|k|please(?:\s+do)?|do\s+it|do\s+that|go\s+ahead|go\s+for\s+it|let'?s\s+do\s+it|ship\s+it|make\s+it\s+so|proceed|sounds\s+good|sgtm|lgtm|perfect|absolutely|definitely|of\s+course|y)(?![\w'])|^(?:\u{1F44D}|\u2705)/iu;
/** "nah keep jest", "no, stay on Jest": turning the proposal down, whatever it names. */
const REFUSES = /^(?:no|nah|nope|never|don'?t|do\s+not|keep|stay|stick|leave|hold\s+off|not\s+now)\b/i;
/** An agreement with a condition attached is the developer's own statement, read as such. */
const CONDITION =
  /\b(?:but|though|however|instead|wait|actually|hold\s+on|not\s+yet|don'?t|do\s+not|no|except|unless)\b/i;

/** "Should I switch the API to Hono?", "Want me to pin Node 22?", "Go with Zustand?". */
const PROPOSES = [
  /^(?:so,?\s+)?(?:should|shall)\s+(?:I|we)\s+(.+)$/i,
  /^(?:do\s+you\s+want|would\s+you\s+like|want|you\s+want)\s+(?:me|us)\s+to\s+(.+)$/i,
  /^(?:is\s+it\s+)?(?:ok(?:ay)?|alright|fine)\s+(?:if\s+(?:I|we)|to)\s+(.+)$/i,
  /^(?:can|may)\s+I\s+(.+)$/i,
  /^((?:go\s+with|use|switch\s+to|migrate\s+to|move\s+to|adopt|add|install|introduce)\s+.+)$/i,
];
/** "go ahead and", "proceed with", "also": words before the act itself. */
const GO_AHEAD =
  /^(?:(?:go\s+ahead\s+(?:and|with)|proceed\s+with|start\s+(?:on|with)|also|just|quickly|then)\s+)+/i;
/** "Sound good?", "Shall I proceed?", "Fine to add?": agreement to what the sentence before proposed. */
const CONFIRMS =
  /^(?:(?:does\s+)?(?:that|this)\s+)?(?:sounds?\s+good|ok(?:ay)?|work\s+for\s+you|make\s+sense|alright|thoughts|preference)$|^(?:shall|should)\s+I(?:\s+(?:proceed|go\s+ahead|continue|do\s+(?:it|that)))?$|^go\s+ahead$|^(?:(?:do\s+you\s+)?want\s+me\s+to|(?:ok(?:ay)?|fine|alright)\s+to)\s+(?:proceed|go\s+ahead|do\s+(?:it|that)|add(?:\s+it)?|use\s+it|switch|install(?:\s+it)?)$|^proceed$/i;
/** Where the assistant put its proposal, in a sentence before the question. */
const PROPOSED = [
  /\bI(?:'d|\s+would)?\s+(?:strongly\s+)?(?:suggest|propose|recommend)(?:ing)?\s+(?:that\s+)?(?:we\s+|you\s+)?(.+)$/i,
  /\bmy\s+(?:suggestion|recommendation|plan|proposal)\s+(?:is\s+|would\s+be\s+)?(?:to\s+)?(.+)$/i,
  /^I(?:'d|\s+would)\s+like\s+to\s+(.+)$/i,
  /(?:^|,\s*)I(?:'ll|\s+will|\s+can|\s+could|\s+plan\s+to|'d|\s+would)\s+(.+)$/i,
];
/** A proposal about "it" or "that" names its object in the sentences before. */
const ABOUT_IT =
  /^(?:add|use|install|do|make|apply|adopt|introduce|switch|implement|set\s+up|wire\s+up|go\s+ahead\s+with)\s+(?:it|them|this|that|these|those)\b(?!\s+(?:with|to|for)\b)|^(?:make|do)\s+the\s+(?:switch|move|migration|change)\b/i;

/** Conventions: proposals that bind the project for good whatever they name. */
const CONVENTION = /^(?:standardi[sz]e|deprecate|pin|enforce|require|follow(?!\s+up)|adhere\s+to)\b/i;
/**
 * Changes to what the project uses: for good when they name the tool ("switch the tests to
 * Vitest"), not otherwise ("keep going", "use a different approach", "drop the table").
 */
const CHANGES =
  /^(?:use|keep|switch|move|migrate|go\s+with|stay|stick|adopt|replace|rename|drop|upgrade|downgrade|enable|disable|turn\s+(?:on|off)|vendor|consolidate)\b/i;
/** Bringing something in: for good when what it brings is named right after the verb. */
const BRINGS_IN =
  /^(?:add|install|introduce|set\s+up|wire\s+up|bring\s+in|merge|remove|bump|convert|port|rewrite|split)\b/i;
/** A package-like name in code or bold: `thiserror`, **lefthook**, `@tanstack/query`. */
const PACKAGE = /`[@\w][\w@/-]*`|\*\*[@\w][\w@/ .-]*\*\*/;
/** What is brought in, named right after the verb: "add `thiserror`", not "add a retry around `put_object`". */
const BROUGHT = new RegExp(String.raw`^\S+(?:\s+(?:in|up))?\s+(?:the\s+|a\s+|an\s+)?(?:${PACKAGE.source})`);
/** "add a ClickHouse service": a name the vocabulary does not know, capitalised mid-sentence. */
const PROPER_NAME = /\s(?:[A-Z][a-z]+[A-Z]\w*|[A-Z][a-z]{2,})\b/;
/** "go with your rec", "whatever you recommended": agreeing with the assistant's pick. */
export const REFERS_TO_RECOMMENDATION =
  /\b(?:your|the)\s+(?:rec|recommendation|suggestion|pick|recommended(?:\s+one)?)\b|\bwhat\s+you\s+(?:said|suggested|recommended)\b/i;

const GERUNDS: Record<string, string> = {
  adding: "add",
  dropping: "drop",
  pinning: "pin",
  setting: "set",
  using: "use",
  moving: "move",
  replacing: "replace",
  migrating: "migrate",
  introducing: "introduce",
  adopting: "adopt",
  switching: "switch",
  going: "go",
  keeping: "keep",
  installing: "install",
  upgrading: "upgrade",
  enforcing: "enforce",
};

/** The question was the assistant's: "your tests" are the project's. */
export const ours = (s: string) => s.replace(/\byour\b/gi, "our").replace(/\byou\b/gi, "we");

/** What was proposed, as an act: cut before the reasons, gerund made plain, a bare name used. */
function asAct(proposal: string): string {
  const cut = proposal
    .replace(GO_AHEAD, "")
    .split(/\s[\u2014\u2013]\s|\s-\s|;\s|,\s|:\s|\s\(|\s(?:since|because|so|as|which|here|now)\b/i)[0]!
    .replace(/[.!]+$/, "")
    .trim();
  const [first = "", ...rest] = cut.split(/\s+/);
  const plain = GERUNDS[first.toLowerCase()];
  const act = plain ? [plain, ...rest].join(" ") : cut;
  return /^(?:`|\*\*)/.test(act) || findTerms(act)[0]?.index === 0 ? `use ${act}` : act;
}

/** "Should I switch to `pnpm`?**" -> "Should I switch to `pnpm`": the question as a clause. */
const withoutQuestionMark = (question: string) => question.replace(/\s*\?+[\s"'`*)]*$/, "").trim();

const firstMatch = (patterns: RegExp[], text: string) =>
  patterns.map((re) => re.exec(text)?.[1]).find(Boolean) ?? null;

/**
 * The proposal the question asks to agree to: in the question itself, or (for "Sound good?",
 * "Should I add it?") in the sentences before it, nearest first; "add it" with no proposal before
 * it adds the one tool those sentences name.
 */
function proposalOf(question: string, before: string[], recommended: boolean): string | null {
  // "Going forward, should we follow X?": the lead-in before the asking is no part of the act.
  const q = withoutQuestionMark(question)
    .replace(
      /^[^,?]{1,40},\s*(?=(?:so,?\s+)?(?:should|shall|do\s+you|would\s+you|want|can|may|ok|is\s+it)\b)/i,
      "",
    )
    .trim();
  if (/\bor\b/i.test(q)) return null;
  const own = firstMatch(PROPOSES, q)?.replace(GO_AHEAD, "").trim() ?? null;
  const vague = !own || !/\s/.test(own) || CONFIRMS.test(own) || ABOUT_IT.test(own);
  if (!vague) return own;
  if (!own && !CONFIRMS.test(q) && !recommended) return null;
  for (const s of before) {
    const proposed = firstMatch(PROPOSED, s.replace(/[.!]+$/, ""));
    if (proposed) return proposed;
  }
  // "**Oban** is the standard choice for Phoenix. Want me to add it?", "... migrating to **Vitest**
  // would get us to 15s. Should I migrate?": the one tool the sentences before put forward (set
  // in bold or code), else the one they name.
  const named = before.flatMap(inlineOptions).filter((o) => !o.code || PACKAGE.test(o.display));
  const marked = named.filter((o) => o.names.length > 0);
  const tools = (options: Option[]) => new Set(options.map((o) => o.terms[0] ?? o.names[0])).size;
  const pool = tools(marked) === 1 ? marked : named;
  if (!own || tools(pool) !== 1) return null;
  const tool = pool[0]!.display;
  const pronoun = /\b(?:it|them|this|that)\b/i.exec(own);
  if (pronoun) return `${own.slice(0, pronoun.index)}${tool}${own.slice(pronoun.index + pronoun[0].length)}`;
  return /^(?:migrate|switch|move)$/i.test(own) ? `${own} to ${tool}` : null;
}

/** The act a proposal states, when it changes the project for good; null for one-off work. */
function durableAct(proposal: string): string | null {
  const marked = asAct(proposal);
  const act = ours(marked).replace(/\*\*/g, "");
  const named = findTerms(act).length > 0 || PROPER_NAME.test(act);
  const durable =
    CONVENTION.test(act) ||
    (CHANGES.test(act) && (named || PACKAGE.test(marked))) ||
    (BRINGS_IN.test(act) && (named || BROUGHT.test(marked)));
  return durable ? act : null;
}

const decided = (act: string) => `We decided to ${act[0]!.toLowerCase()}${act.slice(1)}.`;

/** Agreement with nothing attached, or "go with your rec". */
const agreesPlainly = (answer: string) =>
  (AGREES.test(answer) && !CONDITION.test(answer.replace(AGREES, ""))) ||
  REFERS_TO_RECOMMENDATION.test(answer);

/** The decision made by agreeing to the proposal in `question` (or in `before`, the sentences before it, nearest first). */
export function acceptedProposal(question: string, before: string[], answer: string): string | null {
  // "go with your rec" to "... I'd go with NATS. Which do you want?": whatever was asked.
  const proposal = proposalOf(question, before, REFERS_TO_RECOMMENDATION.test(answer));
  if (!proposal || REFUSES.test(answer)) return null;
  const act = durableAct(proposal);
  if (!act) return null;
  // "go with bullmq" to "Want me to go with BullMQ?": the reply names what the proposal takes up
  // (its last name: "replace Jest with Vitest" takes up Vitest).
  const taken = inlineOptions(act).at(-1);
  const restates = taken !== undefined && names(answer, taken) && !CONDITION.test(answer);
  return agreesPlainly(answer) || restates ? decided(act) : null;
}

/** "Shall I proceed?", "Sound good?", "Want me to go ahead?": asking to confirm, not to choose. */
export function asksToConfirm(question: string): boolean {
  const q = withoutQuestionMark(question);
  // "Thoughts?", "Preference?" after a list ask for a pick as much as for agreement.
  if (/^(?:any\s+)?(?:thoughts|preferences?)$/i.test(q)) return false;
  const own = firstMatch(PROPOSES, q)?.trim();
  return CONFIRMS.test(q) || (own !== undefined && CONFIRMS.test(own));
}

/** A list the assistant introduces as what it will do: "Here's the plan:", "I'll:", "Changes:". */
const PLAN =
  /\b(?:plan|steps?|changes?|here'?s\s+what|proposal|proposed)\b|^I(?:'ll|\s+will|\s+would|'d|\s+plan\s+to)\b/i;

/**
 * "Here's the plan: 1. replace Prisma with Drizzle 2. update the seed script. Shall I proceed?"
 * answered "yes": each step that changes the project for good is decided, one-off steps are not.
 */
export function acceptedPlan(
  question: string,
  intro: string | undefined,
  steps: readonly string[],
  answer: string,
): string | null {
  if (!intro || !PLAN.test(intro) || !agreesPlainly(answer) || REFUSES.test(answer)) return null;
  if (!asksToConfirm(question)) return null;
  const acts = steps.map(durableAct).filter((a): a is string => a !== null);
  return acts.length ? acts.map(decided).join(" ") : null;
}
