/**
 * The assistant's answer to the developer's question about the project, read as the statement it
 * makes. Developers ask what the project runs ("what runs background jobs here, sidekiq or solid
 * queue?", "arg parsing is clap derive right?", "is the db mysql?") and the agent, having looked,
 * answers in a few words ("Sidekiq 7.", "Yes, clap 4 with the derive API.", "No, it's Postgres
 * 15."): the answer alone states nothing, the pair states what the project uses. It is written out
 * as that statement ("We use Sidekiq 7.") so the ordinary rules read it like any other, and the
 * next session need not look again.
 */
import { inlineOptions, type Option, PACKAGE_NAME, pickedByName } from "./answer-options.js";
import { notDone, saidElsewhere, withoutLeadIn } from "./markers.js";
import { escapeRe, type FoundTerm, findTerms, sentences, splitCode } from "./text.js";
import { spellingsOf } from "./vocab.js";

/** Answers whose first sentence runs longer explain rather than answer; the rules read them as they are. */
const MAX_ANSWER_WORDS = 24;

/**
 * Asked of what could be, should be or once was, of a change under way, or of a tool in general:
 * no answer says what the project uses now.
 */
const NOT_PRESENT =
  /\b(?:should|shall|would|could|can|cannot|can't|might|may|recommend\w*|suggest\w*|better|best|prefer\w*|worth|options?|alternatives?|possible|able\s+to|support\w*|compatible|work(?:s)?\s+(?:with|for)|plan\w*|going\s+to|gonna|will|next|later|new|need\w*|instead|switch\w*|migrat(?:e|ing)|mov(?:e|ing)\s+to|replac\w*|drop\w*|remov\w*|add(?:ing)?|introduc\w*|adopt\w*|upgrad\w*|in\s+q\d|if|unless|before|after|used\s+to|was|were|did|had|originally|previously|pick|choose|opinion|thoughts|default|by\s+default|differen\w*|compar\w*|vs|versus|in\s+general|usually|typically|normally|other|(?:some|any|every)(?:one|body)\s+else'?s?|their|they)\b/i;

/** "is there any feature flag thing in here?": asked whether the project has something at all. */
const ASKS_HAS = /^(?:is|are)\s+there\b|^do\s+(?:we|you)\s+have\b/i;
/** Said of a tool as the subject, these make it part of the project: "is redis part of the stack?". */
const PRESENCE =
  /^\s*(?:\w+\s+){0,2}?(?:part\s+of|in\s+(?:the|our|this|here)|used|installed|set\s+up|configured|here|running|enabled|still\s+(?:used|in|around|here))\b/i;

/** A confirmation: "Yes", "Right —", "Correct.", "Yep, clap 4". */
const AFFIRMS =
  /^(?:yes|yep|yeah|yup|right|correct|exactly|indeed|affirmative|confirmed|that'?s\s+(?:right|correct)|it\s+(?:is|does)|we\s+do|they\s+are|sure\s+is)\b[\s,.!:;\u2014\u2013-]*/i;
/** A denial: "No, it's Postgres 15", "Nope —", "Not quite:". */
const DENIES =
  /^(?:no|nope|nah|neither|something\s+else|not\s+(?:quite|anymore|really)|actually)\b[\s,.!:;\u2014\u2013-]*/i;
/** Unsure or open answers state nothing: "Not sure", "Both", "Depends", "Can't tell". */
const UNSURE =
  /\b(?:not\s+sure|unsure|unclear|can'?t\s+tell|cannot\s+tell|don'?t\s+know|no\s+idea|hard\s+to\s+say|depends|mixed|a\s+mix|partly|some\s+of|probably|maybe|might|i\s+(?:think|guess|believe))\b|^\W*(?:(?:yes|no)\W+)?(?:both|either)\b/i;

/** What the answer says before it names the tool: "Checked package.json —", "It's", "All", "We're on". */
const SOURCE =
  /^(?:checked|looked\s+at|looking\s+at|per|according\s+to|from|based\s+on)\s+[^,:;\u2014\u2013]{1,60}?\s*[,:;\u2014\u2013-]+\s*/i;
const FILLER =
  /^(?:so|well|ok(?:ay)?|it'?s|it\s+is|that'?s|this\s+is|they'?re|they\s+are|(?:we|you)(?:'re|\s+are)\s+(?:using|on)|(?:we|you)\s+use|it\s+uses|the\s+(?:project|app|repo|codebase|service)\s+uses|(?:the\s+(?:project|app|repo|codebase|service)|we|it)\s+(?:moved|switched|migrated)\s+to|(?:it|we|the\s+(?:app|api|service))\s+(?:runs?|is|are|deploys?|hosts?)\s+(?:on|to)|(?:it|they|we)\s+(?:quer(?:ies|y)|calls?|hits?|talks?\s+to)|looks\s+like|all|only|just|mostly|entirely|currently|still|with|using|via|through)\b[\s,:]*/i;

/** A tag that turns a claim into a question: "..., right?", "... correct?", "..., isn't it", "... i think?". */
const TAG =
  /^(.*?)[,\s]*\b(?:right|correct|yeah|yes|no|true|yea|iirc|i\s+think|i\s+believe|isn'?t\s+it|aren'?t\s+(?:they|we)|don'?t\s+(?:we|they)|doesn'?t\s+it|is\s+that\s+right|am\s+i\s+right)\s*\?*\s*$/i;
/** What is left of a guess once its tool names are taken out: "?", "I guess?", ", ,?". */
const GUESS =
  /^[\s,/*`]*(?:(?:or|and)\s+)?[\s,/*`]*(?:i\s+(?:guess|assume|suppose|assumed|think)|maybe|probably)?[\s,.]*\?+\s*$/i;
/** The option names of a question, to take out of it. */
const OPTION_NAMES = (asks: Option[]) =>
  new RegExp(asks.map((o) => escapeRe(o.display)).join("|") || "(?!)", "gi");
const sameKind = (named: Named, asks: Option[]) =>
  asks.some((o) => o.category !== null && o.category === named.category);

/** Said anywhere in the message, it makes the question a choice still to make. */
const WEIGHING = /\b(?:thinking\s+(?:about|of)|considering|evaluating|deciding|weighing|torn\s+between)\b/i;

/** A pick asked for, said after the question: "which is better", "thoughts". */
const CHOICE_ASKED =
  /\b(?:better|best|prefer\w*|recommend\w*|would\s+you|should\s+(?:we|i)|which\s+(?:one|is)|thoughts|opinions?)\b/i;

/** Words that open a question without a question mark: "what do we use to send emails". */
const ASKING = /^(?:what|which|who|how|is|are|do|does)\b/i;

/** An open question about the stack: "what runs background jobs here?", "how do we run the tests?". */
const ASKS_TOOL =
  /^which\s+\w+|^(?:what|who)\b.*\b(?:use[sd]?|using|run(?:s|ning)?|handles?|handling|powers?|serv(?:es?|ing)|process(?:es)?|builds?|bundles?|deploys?|hosts?|tests?|formats?|lints?|manag(?:es?|ing)|doing|(?:is|'s|are)\s+(?:the|our|we|this))\b|^how\s+(?:do\s+(?:we|i|you)\s+(?:run|build|test|deploy|lint|format|start|install|manage)|(?:are|is)\s+(?:we|the\s+\w+(?:\s+\w+)?)\s+(?:handling|doing|managing|running|deploying|building|testing|sending|storing|serving|built|deployed|hosted|tested|run|served|handled|managed|sent|stored))\b/i;
/** Asked of a kind of package: a name in `code` then answers it ("which driver?" -> "`asyncpg`"). */
const ASKS_PACKAGE =
  /\b(?:use[sd]?|using|librar(?:y|ies)|packages?|crates?|gems?|modules?|tools?|frameworks?|drivers?|clients?|plugins?)\b/i;
/** Questions a message asks last come first: the answer's first sentence answers one of them. */
const MAX_QUESTIONS = 3;

/** The statement the answer makes about the project, or null when it makes none. */
export function agentAnswerStatement(asked: string, reply: string): string | null {
  // "thinking about adding e2e tests finally. playwright or cypress?": a choice still to make.
  if (WEIGHING.test(asked)) return null;
  const [first, second] = sentences(splitCode(reply).prose);
  if (!first || first.split(/\s+/).length > MAX_ANSWER_WORDS) return null;
  // "No. It's Logback behind SLF4J.": a bare yes or no, then the answer.
  const bare = /^\W*\w+\W*$/.test(first) && (AFFIRMS.test(first) || DENIES.test(first));
  const answer = bare && second ? `${first} ${second}` : first;
  if (UNSURE.test(answer) || saidElsewhere(answer) || notDone(answer)) return null;
  // "recharts or chart.js? which is better": a choice asked for after the question.
  if (CHOICE_ASKED.test(afterQuestions(asked))) return null;
  for (const question of questions(asked)) {
    const stated = answers(question, answer);
    if (stated) return stated;
  }
  return null;
}

function answers(question: string, first: string): string | null {
  if (NOT_PRESENT.test(question) || saidElsewhere(question) || notDone(question)) return null;
  const tag = TAG.exec(question);
  const body = tag?.[1] ? tag[1] : question;
  const open = !tag && /^(?:what|which|who|how|where|when|why)\b/i.test(body);
  const asks = inlineOptions(body);
  // "Redux?", "webpack I guess?", "Apollo Server?": a guess at the tool, for the answer to confirm or correct.
  const guess = asks.length > 0 && GUESS.test(body.replace(OPTION_NAMES(asks), ""));
  const choice = /\bor\b|\//i.test(body) || (guess && asks.length >= 2);
  if (!open && !choice && !guess && !aboutTheProject(body, asks)) return null;
  const affirmed = AFFIRMS.exec(first);
  const denied = affirmed ? null : DENIES.exec(first);
  const phrase = answerPhrase(first.slice((affirmed ?? denied)?.[0].length ?? 0));
  const named = leadingName(phrase, open && ASKS_PACKAGE.test(body) ? question : null);
  if (denied) return named && (open ? ASKS_TOOL.test(body) : corrects(named, asks)) ? used(named) : null;
  // "gin or echo?" names options in lower case, where they may be words: the answer's name settles it.
  const offered = named?.terms.some((t) => spellingsOf(t).some((sp) => said(body, sp))) ?? false;
  if ((asks.length >= 1 || offered) && choice && !(asks.length === 1 && affirmed)) {
    // "sidekiq or solid queue?" -> "Sidekiq 7.": the option the answer names, or another of the same kind.
    if (!named) return null;
    if (offered || pickedByName(asks, phrase.slice(0, named.length + 20))) return used(named);
    return sameKind(named, asks) ? used(named) : null;
  }
  // "Apollo Server?" -> "Checked server/index.ts — it's GraphQL Yoga": another tool of the kind guessed.
  if (guess && named && !affirmed && corrects(named, asks) && sameKind(named, asks)) return used(named);
  if (open) return named && ASKS_TOOL.test(body) ? used(named) : null;
  // "is there any feature flag thing in here?" -> "Yes, it's LaunchDarkly."; "..., stripe right" -> "Right, Stripe."
  if (affirmed && named && (ASKS_HAS.test(body) || offered)) return used(named);
  // "are all tests rspec?" -> "All RSpec, with FactoryBot.": naming the tool asked about confirms it.
  const confirmed = asks.filter((o) => o.terms.length > 0 || (o.code && isPackage(o)));
  if (!affirmed && !(named && confirmed.some((o) => sameTool(named, o)))) return null;
  // "Yes, clap 4 with the derive API": the reply's spelling when it names the same tool (with its version).
  return confirmed.map((o) => used(named && sameTool(named, o) ? named : o)).join(" ") || null;
}

/**
 * Whether a yes/no question asks what the project uses, not how a tool behaves: "does the spring
 * app use lombok?", "is the mobile app react native?", "json handling is serde right?", but not
 * "does prisma support views?" or "pytest fixtures only run once per run right?".
 */
function aboutTheProject(body: string, asks: Option[]): boolean {
  const inverted = /^(?:is|are|do|does|am)\s+/i.exec(body);
  const start = inverted?.[0].length ?? 0;
  const subject = asks.find((o) => o.index === start);
  if (!subject) return true;
  // The tool is what the sentence is about: only its presence is the project's ("is redis part of the stack?").
  const after = body.slice(subject.end);
  if (inverted) return /^(?:is|are)/i.test(inverted[0]) && PRESENCE.test(after);
  // "bullmq is the queue": a tool that is something in the project, not one that does something.
  return /^\s*(?:is|are|'s)\b/i.test(after);
}

/** "No, it's Postgres 15" to "is the db mysql?", "No, JUnit 5" to "tests are junit 4 right?". */
function corrects(named: Named, asks: Option[]): boolean {
  const same = asks.filter((o) => sameTool(named, o));
  return same.length === 0 || same.every((o) => o.display !== named.display && /\d/.test(named.display));
}

/** Whether an assistant message could answer a question in its first sentence: cheap, before any look back. */
export function couldAnswerQuestion(reply: string): boolean {
  const head = reply.trimStart().slice(0, 300);
  const first = sentences(splitCode(head).prose)[0];
  return first !== undefined && first.split(/\s+/).length <= MAX_ANSWER_WORDS && !UNSURE.test(first);
}

/** Words before the question proper: "remind me,", "quick q:", "for the Go service,". */
const QUESTION_LEAD = /^(?:remind\s+me|quick\s+q(?:uestion)?|q|and|also|but|so|hey|ha|lol)\b[\s,:.!-]*/i;
const SCOPE_LEAD = /^(?:for|in|on|about)\s+(?:the|our|this|that)\s+[^,?]{1,40},\s*/i;

/** The developer's questions, the last first, their lead-in words dropped. */
function questions(asked: string): string[] {
  const all = sentences(splitCode(asked).prose).map((q) =>
    withoutLeadIn(withoutLeadIn(q).replace(QUESTION_LEAD, "")).replace(SCOPE_LEAD, ""),
  );
  const asking = all.filter((s) => /\?\s*$/.test(s));
  // "what do we use to send emails", "the queue is bullmq isn't it": asked without the mark.
  const last = all.at(-1);
  if (asking.length === 0 && last && (ASKING.test(last) || TAG.test(last))) asking.push(last);
  return asking.slice(-MAX_QUESTIONS).reverse();
}

/** What the developer said after the last question mark. */
const afterQuestions = (asked: string) => splitCode(asked).prose.split("?").at(-1) ?? "";

/** Whether `text` says `spelling` as a word of its own. */
const said = (text: string, spelling: string) =>
  new RegExp(`(?<![\\w.@/-])${escapeRe(spelling)}(?![\\w@/-])`, "i").test(text);

/** "Auth goes through **NextAuth.js**", "Emails are sent with Postmark": the tool comes after. */
const GOES_THROUGH =
  /^(?:[\w-]+\s+){0,3}?(?:goes|go|is\s+(?:handled|done|served|sent|managed|built|deployed|hosted|powered)|are\s+(?:handled|done|served|sent|managed|built|deployed|hosted))\s+(?:through|by|with|via|from|on|to)\s+/i;

function answerPhrase(text: string): string {
  let phrase = text.trim().replace(SOURCE, "").replace(GOES_THROUGH, "");
  for (let prev = ""; prev !== phrase; ) {
    prev = phrase;
    phrase = phrase.replace(FILLER, "").trim();
  }
  return phrase;
}

interface Named {
  display: string;
  terms: string[];
  category: string | null;
  length: number;
}

/** The tool the phrase starts with: one the vocabulary knows, or a package named in `code` or **bold**. */
function leadingName(phrase: string, packageAsked: string | null): Named | null {
  const term: FoundTerm | undefined = findTerms(phrase)[0];
  const opening = /^[`*]*/.exec(phrase)![0].length;
  if (term && term.index <= opening)
    return { display: term.display, terms: [term.term.name], category: term.term.category, length: term.end };
  const span = /^(?:`([^`\n]{1,60})`|\*\*([^*\n]{1,60})\*\*)/.exec(phrase);
  const name = span && (span[1] ?? span[2])!.trim();
  // "I see `useForm` all over" -> "`useForm` there is from React Hook Form": the code asked about is no answer.
  const shown = name !== null && packageAsked !== null && said(packageAsked, name);
  return packageAsked !== null && !shown && name && PACKAGE_NAME.test(name) && !/\//.test(name)
    ? { display: span![0], terms: [], category: null, length: span![0].length }
    : null;
}

const isPackage = (o: Option) => o.names.every((n) => PACKAGE_NAME.test(n) && !n.includes("/"));
const sameTool = (named: Named, o: Option) =>
  named.terms.some((t) => o.terms.includes(t)) ||
  o.names.includes(named.display.replace(/[`*]/g, "").toLowerCase());

function used(o: Named | Option): string {
  return `We use ${o.display}.`;
}
