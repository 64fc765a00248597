/**
 * Chat shorthand read the way the rules expect, one sentence at a time: "dont" is "don't", "w/" is
 * "with", "npm -> bun" is a switch from npm to bun, "bump node to 22" names what is bumped on both
 * sides of "to" ("bump from node to node 22"), and lead-ins ("ok.", "nice,", "FYI:") are dropped.
 * Developers type to an agent tersely; without this the same statement is kept or missed by its
 * spelling alone.
 */
import { withoutLeadIn } from "./markers.js";
import { TERMS } from "./vocab.js";

const count = (s: string, ch: string) => s.split(ch).length - 1;

const MISSING_APOSTROPHE = /\b(do|does|did|is|are|was|were|wo|ca|should|would|could|have|has)nt\b/gi;

/** "its a go service": "it's", as the possessive is never followed by an article. */
const ITS = /\bits (?=(?:a|an|the)\b)/gi;

/** "pls", "plz": "please", so a request reads as one. */
const PLEASE = /\b(?:pls|plz|plez)\b/gi;

/** "with" spelled "w/" (not "w/o", which is "without"). */
const WITH = /(^|\s)w\/(?=\s)/gi;

/** An arrow between two things: "npm -> bun", "eslint+prettier → biome". */
const ARROW = /\s*(?:->|→|=>)\s*/;
const SWITCH_VERB = /\b(?:switch|migrat|mov|replac|port|chang|go|went|bump|upgrad|downgrad)\w*\b/i;

/**
 * "upgrade node to 22", "bumped Node from 20 to 22", "we upgraded Postgres to 16": the thing
 * named once, its versions after "from"/"to". Written out so each version stands beside its name.
 */
const VERSION_MOVE =
  /\b(upgrad(?:e|ed|ing)|bump(?:ed|ing|s)?|downgrad(?:e|ed|ing)|mov(?:e|ed|ing)|switch(?:ed|ing)?)\s+(`?[A-Za-z][\w.+-]*`?)(?:\s+from\s+(v?\d{1,3}(?:\.\d{1,4}){0,2}))?\s+to\s+(v?\d{1,3}(?:\.\d{1,4}){0,2})\b/gi;

/**
 * "Python version is 3.12", "Go is now 1.23": a tool's version said on its own, written as the
 * statement of use it is ("we use Python 3.12"). Only for the tools the vocabulary knows.
 */
const VERSION_IS =
  /\b([A-Za-z][\w.+#-]*)(?: version)?\s*(?:\bis now\b|\bis\b|=|:)\s*(?:now )?(?:on )?v?(\d{1,3}(?:\.\d{1,4}){0,2})(?:\.x)?\b/gi;

/** "Rails 7.1.3 → 7.2.1": the name said once, both versions after it. */
const VERSION_ARROW =
  /(\b[A-Za-z][\w.+-]*)\s+v?(\d{1,3}(?:\.\d{1,4}){0,2})\s*(?:->|→|=>)\s*v?(\d{1,3}(?:\.\d{1,4}){0,2})\b/g;

/**
 * "can you switch the tests to vitest?", "could you please migrate us to pnpm?": a request to the
 * agent is the instruction it asks for, as "please switch the tests to vitest" is. Only for acts
 * on the stack: "can you check whether we use Vitest?" asks, and "would you switch to bun if you
 * were me?" wonders; neither states anything.
 */
const REQUEST =
  /^(?:(?:hey|ok(?:ay)?|so)[,\s]+)?(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:go\s+ahead\s+and\s+)?(?![^?]*\b(?:if|whether)\b)((?:switch|migrate|move|use|add|replace|drop|remove|upgrade|downgrade|bump|install|pin|rename|convert|port|set\s+up|standardi[sz]e|adopt|keep|stick|stay)\b[^?]*?)(?:,?\s+please)?\s*\?+$/i;

/** Markdown emphasis around words ("**Sidekiq → Solid Queue**:") is not part of them. */
const EMPHASIS = /\*\*|__/g;

/** Emoji opening a message ("👍 and always run the tests first") say nothing the rules read. */
const LEADING_EMOJI = /^(?:\p{Extended_Pictographic}|\u{FE0F}|\u{200D}|[\u{1F3FB}-\u{1F3FF}]|\s)+/u;

export function normalizeChat(sentence: string): string {
  let s = withoutLeadIn(sentence.replace(EMPHASIS, "").replace(LEADING_EMOJI, ""))
    .replace(MISSING_APOSTROPHE, "$1n't")
    .replace(WITH, "$1with")
    .replace(PLEASE, "please")
    .replace(REQUEST, "$1.")
    .replace(ITS, "it's ")
    .replace(VERSION_ARROW, "$1 $2 -> $1 $3");
  s = arrows(s).replace(VERSION_IS, (said, name: string, version: string) =>
    TERMS.has(name.toLowerCase()) && /version|is now|now/i.test(said) ? `we use ${name} ${version}` : said,
  );
  return s.replace(VERSION_MOVE, (_m, verb: string, name: string, from: string | undefined, to: string) =>
    from ? `${verb} from ${name} ${from} to ${name} ${to}` : `${verb} to ${name} ${to}`,
  );
}

/**
 * "switch npm -> bun" reads "switch npm to bun"; an arrow with no verb ("frontend: webpack -> vite")
 * reads "switched from webpack to vite", starting the clause the arrow sits in.
 */
function arrows(s: string): string {
  const at = s.search(ARROW);
  if (at < 0) return s;
  // "(Project Settings → General)": a path through a menu, inside an aside, switches nothing.
  const before = s.slice(0, at);
  if (count(before, "(") > count(before, ")")) return arrows(`${before} > ${s.slice(at).replace(ARROW, "")}`);
  const clauseStart = Math.max(s.lastIndexOf(":", at), s.lastIndexOf(",", at), s.lastIndexOf(";", at)) + 1;
  const left = s.slice(clauseStart, at);
  // "specs -> `bundle exec rspec`": an arrow to a command says how, as a label would.
  if (/^\s*(?:->|→|=>)\s*`/.test(s.slice(at)))
    return arrows(`${s.slice(0, at)}:${s.slice(at).replace(ARROW, " ")}`);
  const right = s.slice(at).replace(ARROW, " to ");
  if (SWITCH_VERB.test(left)) return arrows(`${s.slice(0, at)}${right}`);
  const lead = s.slice(0, clauseStart);
  return arrows(`${lead}${lead ? " " : ""}switched from ${left.trim()}${right}`);
}
