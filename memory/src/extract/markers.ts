/**
 * Sentence-level cues for the free-text rules: whether a sentence states something (not a question,
 * a hypothesis or a proposal), and for each position whether the nearest cue before it marks what
 * is used now ("use", "switched to", "with") or what is not ("from", "instead of", "don't use").
 */

/** What a wish to move says the developer will do: "I want to drop...", "I'd like to migrate...". */
const MOVE_VERBS = "switch|migrate|move|drop|ditch|replace|use|go with|get rid of|rip out|standardi[sz]e on";

/**
 * Questions, hypotheticals, proposals and wishes state nothing about the project yet. The
 * developer's own wish to move ("I want to drop the helm chart", "I'd like to migrate to
 * Riverpod") is the instruction the agent then carries out, not a wish.
 */
const HEDGES = new RegExp(
  String.raw`^(?:if|whether|maybe|perhaps|should|could|would|can|do(?!\s+not\b)|does|did|is|are|was|what|why|how|which|when|where|who|shall)\b|\b(?:should we|could we|would it|might|maybe|perhaps|considering|thinking about|wondering|not sure|what about|how about|do we|does it|try(?:ing)?|evaluat(?:e|ing)|experiment(?:ing)?|compare|comparing|vs\.?|versus|if we|unless|needs? to|plan(?:ning|s)? to|hope to|(?:wants?|would like|'d like|wanna) to(?! (?:${MOVE_VERBS})\b))\b`,
  "i",
);

/** "Note: the build fails because...": the words that only introduce a statement. */
const LEAD_IN =
  /^(?:(?:(?:note|nb|fyi|btw|heads up|also|and|so|now|ok(?:ay)?|actually|wait|scratch that|(?:never ?mind|nvm)(?! about)|on second thought|change of plans?)\s*[:,.;!-]?|(?:nice|great|cool|perfect|thanks|alright|yep|yeah|sure|lol|hmm+)\s*[:,.!])\s+)+/i;

export function withoutLeadIn(sentence: string): string {
  return sentence.trim().replace(LEAD_IN, "");
}

/** One of several phrases, each a whole word or words: long cue lists stay readable one per line. */
const anyWord = (phrases: readonly string[]) => new RegExp(String.raw`\b(?:${phrases.join("|")})\b`, "i");

/**
 * Said of something other than this project now: another or an old project, what an outdated
 * file still says, what to ignore, what once was ("the old README still says we use yarn, ignore
 * it", "remember when we used mongo", "my other project is on mysql 8", "originally the backend
 * used Express", "we were using Heroku until last spring"), or someone else's system ("the
 * partner's system is written in PHP 7", "everyone else in the company runs postgres").
 */
const ELSEWHERE = anyWord([
  "ignore (?:it|that|this|them)",
  String.raw`(?:old|other|previous|another|last|a different|legacy) (?:\w+ )?(?:project|job|repo|codebase|company|team|client|app|frontend|backend|version|site|stack|setup|system|service|server|code|module|api)s?(?:,? which\b|(?:\s+(?:there|here))?\s+(?:is|are|was|were|uses|used|runs|ran|has|had|still|says?)\b|'s\b)`,
  "(?:at|in) my (?:last|previous|old|other|day) job",
  "which we (?:deleted|removed|dropped)",
  "remember when",
  "never again",
  "used to",
  "still says?",
  "says? (?:we|that|to)",
  "at (?:work|my (?:day )?job|the office|my company)",
  "in my (?:day|other) job",
  "initially",
  "originally",
  "previously",
  "formerly",
  "at first",
  "back then",
  "(?:in )?an? early version",
  "leftover",
  "when (?:i|we) (?:joined|started)",
  "when the project started",
  String.raw`until (?:last|recently|20\d\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w* 20\d\d)`,
  "before (?:upgrading|switching|moving|migrating|we (?:switched|moved|migrated|upgraded))",
  "had used",
  "in (?:19|20)\\d\\d",
  "were using",
  "was using",
  "(?:we|it) (?:were|was) on",
  "(?:partner|vendor|competitor)s?'?s?",
  "their (?:system|stack|repo|service|code|api|team)",
  "they (?:use|run|are using|'re using)",
  "everyone else",
  "the rest of the company",
  "other teams?",
  "(?:the )?(?:frontend|backend|mobile|other) repo",
  String.raw`\w+ team'?s? (?:repo|codebase|service|project|stack)`,
  String.raw`\w+ team (?:uses|use|runs|is on|prefers|has)`,
  "(?:sister|upstream|their|that) (?:repo|project|fork)",
  String.raw`(?:the|that|this|a) (?:\w+ )?(?:article|guide|tutorial|blog post|readme|answer|course|video|talk) (?:says?|said|does|did|uses|used|switched|set|shows?)`,
  "stack ?overflow",
  "medium article",
  "interviewer",
  "job description",
  "recruiter",
  "(?:my )?(?:coworker|colleague)s?",
  // Someone's or some other side thing: "my side project runs on Fly", "a friend's startup is on Supabase".
  "(?:side|pet|personal|hobby|weekend|toy) (?:project|app|repo|thing)s?",
  String.raw`(?:friend|brother|sister|cousin|partner|wife|husband|boss|teammate|team mate|neighbou?r|dad|mom|mum)'s (?:\w+ )?(?:project|startup|company|app|team|setup|repo|stack|code|site|business)`,
  "(?:example|sample|demo) (?:repo|project|app|code)",
]);

/**
 * Said only of a part, a moment or a machine, not of the project: "for this one query", "in the
 * tests only", "for the hackathon demo", "on my laptop", "temporarily, will revert".
 */
const SCOPED = anyWord([
  "(?:for|in) (?:this|that) (?:one )?(?:query|script|file|command|function|method|loop|callback|test|branch|pr|commit|demo|prototype|spike|experiment|component|endpoint|case)",
  "(?:for|in) the (?:hackathon|demo|prototype|poc|spike|experiment|load test|benchmark|landing page)",
  "(?:tests?|dev|locally|prototype|replica|demo|script|file|staging|query|command|ci) only",
  "only (?:for|in) (?:the )?(?:tests?|dev|local|prototype|replica|demo|script|file|ci|staging)",
  "temporar(?:y|ily)",
  "will revert",
  "on my (?:laptop|machine|box|mac)",
  "just this (?:once|time)",
  "this one (?:query|script|file|command|test|function|thing|time|place)",
]);

/**
 * What is true of a tool in general, or what docs and examples say, not of this project: "by
 * default the server listens on 8080", "according to the k8s docs", "a common pattern is to run
 * Postgres on 5432", "in the example they set spring.datasource.url".
 */
const GENERAL = anyWord([
  "by default",
  "defaults? to",
  "according to",
  String.raw`(?:in|per|from) (?:the|their|its) (?:\w+ )?(?:docs|documentation|readme)`,
  String.raw`(?:the|their|its) (?:\w+ )?(?:docs|documentation|readme)(?: says?|:)`,
  "the example",
  String.raw`in the (?:\w+ )?(?:tutorial|guide|article|blog post|example|course|video)`,
  "generic",
  "by convention",
  "conventionally",
  "a common pattern",
  "commonly",
  "typically",
  "usually",
  "in general",
  "as the saying goes",
  String.raw`the (?:\w+ )?book`,
  "for example",
  "for instance",
  "most people",
  "many people",
  "everyone (?:prefers|uses)",
]);

/** Said in jest: "because we totally use MongoDB /s", "said no one ever", "web scale 😂". */
const SARCASM =
  /\/s\b|\bkidding\b|\bjk\b|\bsaid no one\b|\btotally\b|\byeah,? right\b|\bnext you'?ll tell me\b|\bweb scale\b|\bas if\b/i;
/** Apart, and only looked for in text that is not plain ASCII: a `u` regex is slow on every line. */
const SARCASM_EMOJI = /🙄|😂|🤣|🙃/u;
const NOT_ASCII = /[^\x00-\x7f]/;

/** Whether a message is said in jest anywhere: then none of it states the project's stack. */
export function inJest(message: string): boolean {
  return SARCASM.test(message) || (NOT_ASCII.test(message) && SARCASM_EMOJI.test(message));
}

/**
 * Each rule asks these of the same sentence in turn, and each test is a long alternation: answer
 * once per sentence. Bounded, since a message has few sentences and the next one starts afresh.
 */
function once(test: (sentence: string) => boolean): (sentence: string) => boolean {
  const answers = new Map<string, boolean>();
  return (sentence) => {
    let answer = answers.get(sentence);
    if (answer === undefined) {
      answer = test(sentence);
      if (answers.size >= 256) answers.clear();
      answers.set(sentence, answer);
    }
    return answer;
  };
}

/** Said of the project as it is: not of a part or a moment, not in general, not in jest. */
export const saidAsItIs = once(
  (sentence) => !SCOPED.test(sentence) && !GENERAL.test(sentence) && !inJest(sentence),
);

/**
 * Output quoted with a label: "linter output: `'React' must be in scope when using JSX`", "error:
 * ...". The tool wrote it; it says nothing the project chose.
 */
const QUOTED_OUTPUT =
  /^(?:[\w-]+\s+){0,2}?(?:output|error|errors|warning|warnings|log|logs|message|stack ?trace|traceback)\s*:/i;

/** Said of somewhere or some time else: another project, what once was, someone else's system. */
export const saidElsewhere = once((text) => ELSEWHERE.test(text) || QUOTED_OUTPUT.test(text));

/** Said of this project as it is now: not elsewhere, not of a part or a moment, not in general, not in jest. */
export function saidOfThisProject(sentence: string): boolean {
  return saidAsItIs(sentence) && !saidElsewhere(sentence);
}

/**
 * A suggestion rather than a choice: "we should probably use Node 20", "or we move to Vitest",
 * "Possible, but I'd keep SQLAlchemy".
 */
const PROPOSAL = new RegExp(
  String.raw`\b(?:should(?! not\b)|shouldn't|probably|possibl[ey]|could|might|(?:would|i'd)(?! (?:really )?like to (?:${MOVE_VERBS})\b)|we'd|(?:want|like|wanna) to\b.*\bbut\b|or (?:we|you)|quick fix|option|alternatively|suggest(?:s|ed|ing)?|recommend(?:s|ed|ing)?|propos(?:e|ed|ing))\b`,
  "i",
);

/**
 * What was planned, tried, doubted or never done, not what is: "we haven't switched to Vite yet",
 * "we almost switched to Svelte", "we tried Bun but rolled back", "I doubt we use Kafka".
 */
const NOT_DONE =
  /\b(?:haven't|hasn't|have not|has not|never (?:did|happened)|didn't happen|almost|(?:were|was) going to|planned to|wanted to|tried (?:switching|moving|migrating|to|out)|rolled (?:it )?back|keeps? saying|someday|one day|i don't think|i doubt|doubt (?:we|it|that)|eventually|at some point|down the road|in the (?:near |long )?future|next (?:quarter|month|year|sprint|release|week)|can'?t remember|cannot remember|don't remember|no evidence|i don't see|not (?:yet|sure))\b/i;

/** Only planned, tried, doubted or never done: "the CTO keeps saying we'll switch to Rust". */
export function notDone(sentence: string): boolean {
  return NOT_DONE.test(sentence);
}

/** A statement about this project's stack as it is: said of it, now, and not a suggestion. */
export const statesStack = once((sentence) => {
  const s = withoutAsides(sentence);
  return isStatement(s) && saidOfThisProject(s) && !PROPOSAL.test(s) && !NOT_DONE.test(s);
});

/**
 * An aside in parentheses ("`make test` (or `uv run pytest` if you want to pass args)") does not
 * make the sentence a question, a wish or a suggestion.
 */
const withoutAsides = (sentence: string) => sentence.replace(/\s*\([^()]*\)/g, "").trim();

export const isStatement = once((sentence) => {
  const s = withoutAsides(sentence);
  if (s.endsWith("?")) return false;
  return !HEDGES.test(s);
});

/**
 * A negation reaches over a few filler words to the cue it denies: "we're not going with Kafka",
 * "we won't be using Redis", "decided against Mongo". Listed before the bare cues so it wins.
 */
const DENIED =
  "(?:not|never|won't|don't|doesn't|didn't|isn't|aren't|wasn't|cannot|can't)(?:\\s+(?:going|gonna|go|to|be|really|actually|ever|even|currently|yet|end up))*\\s+(?:go(?:ing)? with|use[sd]?|using|adopt(?:ing|ed)?|choos(?:e|ing)|chose|pick(?:ing|ed)?|switch(?:ing)? to|mov(?:e|ing) to|stay(?:ing)? on|keep(?:ing)?|want|need|deploy(?:ing)? (?:to|on)|run(?:ning)? on|rely on|depend on)|(?:decided |decide |decision )?against";
const NEGATIVE =
  "don't use|do not use|never use|not using|nobody uses|no one uses|no longer use|no longer using|stopped using|stop using|not use|instead of|rather than|from|replac(?:e|ed|ing)|drop(?:ped|ping)?|remov(?:e|ed|ing)|ditch(?:ed|ing)?|away from|not|n't|no(?! longer)|over|than";
const POSITIVE =
  "use[sd]?|using|to|with|on|onto|chose|choose|adopted|adopt|picked|prefer(?:s|red)?|for|in favou?r of|is|are|now";

const MARKER = new RegExp(`(?<![\\w'])(?:(${DENIED}|${NEGATIVE})|(${POSITIVE}))(?![\\w'])`, "gi");

export interface Marker {
  index: number;
  negative: boolean;
}

export function markers(sentence: string): Marker[] {
  const out: Marker[] = [];
  for (const m of sentence.matchAll(MARKER)) out.push({ index: m.index ?? 0, negative: m[1] !== undefined });
  return out;
}

/** True when the last cue before `index` says "not this one". */
export function negatedAt(list: readonly Marker[], index: number): boolean {
  let last: Marker | undefined;
  for (const m of list) {
    if (m.index >= index) break;
    last = m;
  }
  return last?.negative ?? false;
}

/**
 * The parts of a stack a statement can name first: "DI is Hilt", "the ORM is Drizzle now",
 * "migrations: Flyway", as a notes file or a terse message puts it.
 */
const ROLE =
  "runtime|database|db|package manager|test runner|test framework|orm|bundler|linter|formatter|ci|framework|cache|language|di|dependency injection|http client|networking|build tool|build system|serialization|json library|migrations?|job queue|queue|message queue|workers?|(?:bg|background) jobs?|jobs|scheduling|scheduler|cron jobs|message broker|broker|type checker|feature flags|error tracking|crash reporting|frontend|backend|web framework|ui framework|ui|router|auth|authentication|logging|logger|search|monitoring|hosting|warehouse|data warehouse|payments|game engine|ml framework|monorepo tool|state management|stack|tech stack|project stack";

/** "pnpm only, not npm or yarn": the one tool in use, said first; not "SQLite only allows...". */
const ONLY_THIS = String.raw`^[\w.+-]+(?: [\w.+-]+)? only(?=\s*(?:[,.;:!()]|$|(?:not|please|pls)\b))`;

/** Statements about the project's stack. */
export const USE_CUE = new RegExp(
  String.raw`\b(?:use[sd]?|using|run(?:s|ning)? on|built (?:with|on)|written in|(?:is|are|'re) (?:now )?on|targets?|requires?|required|(?:is|are) (?:now )?needed|relies on|powered by|based on|(?:switch|migrat|mov|upgrad|downgrad|port|bump)(?:e|ed|ing)?(?:\s+\S+){0,4}?\s+(?:to|from)|replac(?:e|ed|ing)|deploy(?:s|ed|ing)?(?:\s+[\w.-]+){0,3}?\s+(?:to|on)|hosted (?:on|at|by)|host(?:s|ed)? on|went with|go(?:ing)? with|(?:go(?:ing|es)?|went|gone|head(?:ed|ing)?) back to|(?:return|revert)(?:s|ed|ing)? (?:back )?to|chose|picked|adopted|standardi[sz]ed on|settled on|stick(?:ing)? with|keep(?:s|ing)?(?: using)?|swap(?:s|ped|ping)?|^(?:add(?:ed)?|install(?:ed)?|introduc(?:e|ed)|set up)\b|made (?:in|with)|built (?:in|with)|building (?:\w+ ){0,3}?(?:in|with)|trained (?:with|on)|handled by|we (?:run|build|test|lint|format|bundle|schedule) (?:\w+ ){0,3}?(?:with|using|via|from)|${ONLY_THIS}|(?:it'?s|this is|we'?re) an? \S+ (?:service|microservice|app|api|monorepo|cli|library|backend|frontend|shop)|\b(?:app|service|api|backend|frontend|server|renderer|cli|site|game|bot|pipeline) (?:is|are) (?:written in |built (?:with|in|on) )?(?=[A-Z])|(?:is|are) (?:now )?(?:our|the)|stay(?:s|ing)? (?:on|with)|(?:stays|remains) (?:as|for|our|the|in)|(?:^|\bthe |\bour )(?:\w+'s )?(?:(?:prod(?:uction)?|local|dev|staging|main) )?(?:${ROLE}) (?:is|are|was changed to)(?: now| still)?)\b|^(?:the |our )?(?:${ROLE})\s*:`,
  "i",
);

/**
 * Who the statement is about: the project (we, our app, the repo...), an imperative ("use pnpm",
 * also after "actually," / "from now on"), or one part of the stack named first ("Database is
 * Postgres 16", "Tests use Vitest", "Package manager: pnpm", as in a notes file).
 */
export const PROJECT_SUBJECT = new RegExp(
  String.raw`(?:^|\b)(?:we|we're|we've|we'll|our|us|let's|the (?:project|repo|repository|codebase|app|service|monorepo|backend|frontend|server|api|tests|test suite|build|ci|pipeline|${ROLE})|this (?:project|repo|repository|codebase|app|service|monorepo)|it|the (?:\w+ )?(?:app|service|api|backend|frontend|server|pipeline|renderer|cli|bot|site|website|game|code|infra))\b|^(?:(?:actually|ok(?:ay)?|so|also|and|now|just|instead|from now on|going forward|from here on|no|yes|please|always)[,:]?\s+)*(?:use|switch|migrate|move|upgrade|downgrade|bump|stay on|stick with|go back to|revert to|keep(?:ing)?|replace|drop|remove|ditch|swap|swapping|moving|switching|migrating|replacing|dropping|ditching|rip(?:ping)? out|add|install|introduce|set up)\b|^(?:the |our )?(?:(?:prod(?:uction)?|local|dev|staging|main) )?(?:tests?|test suite|${ROLE}|backend|frontend|api|server|app)\b|^(?:now\s+)?(?:switched|migrated|moved|upgraded|downgraded|bumped|replaced|using|on|dropped|removed|added|installed|introduced|ditched|got rid of|stopped using|deployed|hosted|yank(?:ed)?|nothing (?:needs|uses)|scrapped|abandoned|ripped out|(?:never ?mind|nvm) about)\b|\bis (?:our|the)\b|\b(?:is|are) (?:now )?(?:required|needed|used)\b|^\S+ (?:stays|remains|is still|are still|is off the table|is a no-?go|is (?:gone|dead|out)|(?:was|has been) (?:removed|dropped))\b|\bfor this (?:project|repo)\b|\bscratch that\b|^(?:and |so |honestly |ok )*i(?:'d| would)? (?:really |just )?(?:want|like|wanna)(?: to)? (?:${MOVE_VERBS})\b|${ONLY_THIS}`,
  "i",
);

export const SWITCH_CUE =
  /\b(?:switch(?:ed|ing)?|swap(?:s|ped|ping)?|bump(?:ed|ing|s)?|migrat(?:e|ed|ing)|mov(?:e|ed|ing)|upgrad(?:e|ed|ing)|downgrad(?:e|ed|ing)|replac(?:e|ed|ing)|port(?:ed|ing)|instead of|rather than|no longer|anymore|any more)\b/i;
