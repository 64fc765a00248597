/**
 * Preferences and standing rules. "Prefer tabs", "we use single quotes", "tabs over spaces",
 * "I prefer concise answers" become functional `prefers_<topic>` facts (one choice per topic at a
 * time); "prefer pnpm over npm" uses the vocabulary's category (`prefers_package_manager`).
 * "Always run the tests before committing" / "never push to main" become rule entities.
 * Code conventions belong to the project whoever states them; other first-person singular
 * preferences (how answers should read, which tools one likes) belong to the user.
 */
import { type ExtractionBuilder, oneLine } from "./builder.js";
import { isStatement, markers, negatedAt, saidOfThisProject } from "./markers.js";
import { findTerms } from "./text.js";

interface Topic {
  topic: string;
  pattern: RegExp;
  /** Canonical choice from the match. */
  value: (m: RegExpExecArray) => string;
  /**
   * A taste of the developer's own ("I prefer concise answers") rather than a convention of the
   * codebase: a codebase has one indentation whoever says it, so "I prefer tabs" and a later
   * "prefer spaces" must meet on one subject for the second to replace the first.
   */
  personal?: boolean;
}

const TOPICS: readonly Topic[] = [
  { topic: "indentation", pattern: /\b([248])[- ]?spaces?\b/gi, value: (m) => `${m[1]} spaces` },
  { topic: "indentation", pattern: /\b(tabs|spaces)\b(?! (?:and|or) )/gi, value: (m) => m[1]!.toLowerCase() },
  {
    topic: "quotes",
    pattern: /\b(single|double)[- ]quotes?\b/gi,
    value: (m) => `${m[1]!.toLowerCase()} quotes`,
  },
  {
    topic: "semicolons",
    pattern: /\b(no semicolons|without semicolons|semicolons)\b/gi,
    value: (m) => (/^(?:no|without)/i.test(m[1]!) ? "no semicolons" : "semicolons"),
  },
  { topic: "naming", pattern: /\b(camelCase|snake_case|kebab-case|PascalCase)\b/g, value: (m) => m[1]! },
  {
    topic: "exports",
    pattern: /\b(named|default) exports?\b/gi,
    value: (m) => `${m[1]!.toLowerCase()} exports`,
  },
  {
    topic: "functions",
    pattern: /\b(arrow functions?|function declarations?)\b/gi,
    value: (m) => (/^arrow/i.test(m[1]!) ? "arrow functions" : "function declarations"),
  },
  {
    topic: "async_style",
    pattern: /\b(async\/await|promise chains|\.then\(\)|callbacks)\b/gi,
    value: (m) => (m[1] === "async/await" ? "async/await" : m[1]!.toLowerCase()),
  },
  {
    topic: "type_declarations",
    pattern: /\b(interfaces|type aliases)\b/gi,
    value: (m) => m[1]!.toLowerCase(),
  },
  {
    topic: "line_width",
    pattern: /\b(?:line[ _](?:width|length)|max(?:imum)? line[ _]length|print ?width)\D{0,12}(\d{2,3})\b/gi,
    value: (m) => `line width ${m[1]}`,
  },
  {
    topic: "commits",
    pattern:
      /\b(conventional commits|small commits|squash(?:ed)? commits|(?:short|long|detailed|descriptive|one-line|imperative) commit messages)\b/gi,
    value: (m) => m[1]!.toLowerCase(),
  },
  {
    topic: "responses",
    pattern: /\b(concise|short|brief|detailed|verbose) (?:answers|responses|replies|explanations)\b/gi,
    value: (m) => `${m[1]!.toLowerCase()} answers`,
    personal: true,
  },
  // The language and tone of answers: "respond in German please, always", "no emojis".
  {
    topic: "response_language",
    pattern:
      /\b(?:respond|answer|reply|write|talk|speak)(?: to)?(?: me)? in (english|german|french|spanish|italian|portuguese|dutch|polish|japanese|chinese|korean)\b/gi,
    value: (m) => `answers in ${m[1]!.charAt(0).toUpperCase()}${m[1]!.slice(1).toLowerCase()}`,
    personal: true,
  },
  {
    topic: "emojis",
    pattern: /\b(?:no|without|not use|don't use|stop using) emojis?\b|\bemojis? are fine\b/gi,
    value: (m) => (/fine/i.test(m[0]) ? "emojis" : "no emojis"),
    personal: true,
  },
  // "keep answers short", "be more concise": the same taste, said the other way round.
  {
    topic: "responses",
    pattern:
      /\b(?:(?:answers|responses|replies) (?:short|brief|concise|detailed)|be (?:more |less )?(?:concise|brief|terse|verbose|detailed))\b/gi,
    value: (m) =>
      `${/less (?:concise|brief|terse)|verbose|detailed/i.test(m[0]) ? "detailed" : "concise"} answers`,
    personal: true,
  },
];

const OTHERS_TASTE =
  /\b(?:[Tt]he (?:client|customer|boss|manager|designer|pm|team lead|other team)|[Hh]e|[Ss]he|[Tt]hey|[A-Z][a-z]+) prefers?\b/;

const PREFER_CUE =
  /\b(?:prefer(?:s|red)?|preference|rather|respond|answer|reply|emojis?|i like|we like|i want|we want|please|always use|we use|use|keep|stick (?:to|with)|go with|rather than|instead of|over|remember|not|give (?:me )?(?:concise|short|brief|detailed|verbose)|be (?:more |less )?(?:concise|brief|terse|verbose|detailed)|from now on)\b/i;
const FIRST_PERSON = /\b(?:I|I'd|I'm|my|me)\b/;

export function preferenceRules(b: ExtractionBuilder, sentence: string, project: string): void {
  if (!isStatement(sentence) || !PREFER_CUE.test(sentence) || !saidOfThisProject(sentence)) return;
  // Someone else's taste: "the client prefers Java", "Dana prefers tabs".
  if (OTHERS_TASTE.test(sentence) && !/\b(?:I|we) (?:\w+ )?prefer/i.test(sentence)) return;
  const firstPerson = FIRST_PERSON.test(sentence) && !/\b(?:we|our)\b/i.test(sentence);
  const subject = firstPerson ? b.entity("user", "person") : project;
  const marks = markers(sentence);
  const done = new Set<string>();
  for (const topic of TOPICS) {
    if (done.has(topic.topic)) continue;
    topic.pattern.lastIndex = 0;
    for (const m of sentence.matchAll(topic.pattern)) {
      if (negatedAt(marks, m.index ?? 0) && !/^no /i.test(m[0])) continue;
      const value = topic.value(m as RegExpExecArray);
      const pref = b.entity(value, "preference");
      // A taste of the developer's own, also when asked of the agent ("please give detailed answers").
      const holder =
        topic.personal && !/\b(?:we|our)\b/i.test(sentence) ? b.entity("user", "person") : project;
      b.fact(
        holder,
        `prefers_${topic.topic}`,
        pref,
        `${who(holder)} prefers ${value} (${topic.topic.replace(/_/g, " ")}).`,
        true,
      );
      done.add(topic.topic);
      break;
    }
  }
  if (!/\bprefer/i.test(sentence)) return;
  // "prefer pnpm over npm": the vocabulary knows the category.
  for (const t of findTerms(sentence)) {
    if (negatedAt(marks, t.index) || done.has(t.term.category)) continue;
    const name = b.entity(t.display, t.term.type);
    b.fact(
      subject,
      `prefers_${t.term.category}`,
      name,
      `${who(subject)} prefers ${name} (${t.term.category.replace(/_/g, " ")}).`,
      true,
    );
    done.add(t.term.category);
  }
  if (done.size > 0) return;
  // Anything else preferred: a short phrase, accumulated (not functional: no known topic).
  const m =
    /\bprefer(?:s|red)?\s+(?:to\s+)?(.{3,80}?)(?:\s+(?:over|to|than|instead of|rather than)\b|[,.;]|$)/i.exec(
      sentence,
    );
  const phrase = m?.[1]?.trim();
  // "I'd prefer not to add a dependency" prefers nothing that could be named, and "I prefer to
  // discuss this in person tomorrow" is about a moment, not a way of working.
  const moment = /\b(?:tomorrow|today|tonight|later|in person|this week|next week|on \w+day)\b/i;
  if (
    phrase &&
    phrase.split(/\s+/).length <= 8 &&
    !/^(?:not|no|to not)\b/i.test(phrase) &&
    !moment.test(phrase)
  ) {
    b.fact(subject, "prefers", b.entity(phrase, "preference"), `${who(subject)} prefers ${phrase}.`);
  }
}

/** "for tests please always use nextest": what the rule is for, said first. */
const RULE_START =
  /^(?:please\s+|and\s+|also\s+|from now on,?\s+|going forward,?\s+|remember(?: to|:)?\s+|important:\s*|rule:\s*|note:\s*|for (?:the |all |every |each |any )?[\w-]+(?: [\w-]+)?,?\s+)*(always|never(?! ?mind)|don't|do not|make sure(?: to| that)?|must(?: not)?|avoid)\b\s*(.{3,200})$/i;

/** "rule", "a hard rule", "house rule"; and whom or what it is for. */
const RULE_WORD = "(?:(?:one|new|a|another|house|hard|strict|golden|team|firm|simple) )?rule";
const RULE_FOR = String.raw` for (?:you|me|the \w+|our \w+|this \w+)`;

/**
 * A rule announced as one, then said as a plain instruction: "rule for you: before you tell me
 * something is done, run ./gradlew check", "from now on just run ktlintFormat before every commit".
 * "From now on use pnpm" is the stack's, not a rule.
 */
const ANNOUNCED_RULE = new RegExp(
  String.raw`^(?:${RULE_WORD}(?:${RULE_FOR}| going forward| from now on)?\s*:|(?:from now on|going forward|from here on),?)\s+(?:just\s+|please\s+)*(?!(?:we|i|you|it|they|the|our|this|that|there|use|switch|migrate|move|upgrade|downgrade|bump|stay|stick|keep|go with)\b)(.{3,200})$`,
  "i",
);
/** A rule labelled as one says what it says, whatever its first word: "rule for the future: the library crate uses thiserror". */
const LABELLED_RULE = new RegExp(String.raw`^${RULE_WORD}${RULE_FOR}\s*:\s+(.{3,200})$`, "i");

/**
 * A convention said with "must": "All API responses must be camelCase", "Commit messages must follow
 * Conventional Commits". Not a guess ("it must be the cache", "that must have broken it").
 */
const MUST_RULE =
  /^(?!(?:it|this|that|there|something|he|she|they|you|i)\b)(?!we must (?!never|always|not)\w)(?:all |every |each |the |our )?[\w\s/.-]{2,50}? must (?:not |never |always )?(?!be (?:a|an|the|because|related|why)\b|have (?:been|broken)\b)\w+.{2,160}$/i;

/**
 * A convention said of every case: "any UI change needs screenshots in the PR description", "every
 * PR needs two approvals". Not "any idea why...", nor what each one does ("each request gets a
 * connection"); said of every case, it is no one-off even when it names "the PR".
 */
const EVERY_CASE_RULE =
  /^(?:also\s+|and\s+)?(?:any|every|each|all)\s+(?!(?:idea|ideas|chance|luck|thoughts?|way|time|reason|of|this|that|these|those|it)\b)[\w/.-]+(?:\s+[\w/.-]+){0,4}?\s+(?:needs?|requires?|has to|have to|should)\s+\S.{2,160}$/i;

/**
 * A convention named as one: "kebab-case is the rule", "naming convention is `acme-<env>-<purpose>`",
 * "queue names are kebab-case". Read as the rule it states, in its own words.
 */
const CONVENTIONS: ReadonlyArray<[RegExp, (m: RegExpExecArray) => string]> = [
  [
    /^(?:(?:no|yes|yeah|right),?\s+)?(?!(?:that|this|it|which|what)\b)(.{3,80}?)\s+is (?:the|our|a hard|a firm) (?:rule|convention|standard|norm)\b/i,
    (m) => `${m[1]} is the rule`,
  ],
  // The convention itself is spelled out: a pattern in backticks or <placeholders>, a path, a case.
  [
    /^(?:the |our )?((?:[\w-]+\s+){0,2}?conventions?)\s*(?:is|are|:)\s+((?=.*(?:[\x60</]|case\b)).{3,160})$/i,
    (m) => `${m[1]}: ${m[2]}`,
  ],
  [
    /\b((?:[\w-]+\s+){0,2}?(?:names|keys|columns|files|branches|identifiers|fields|tables|routes|urls|endpoints))\s+(?:are|should be|must be|use)\s+(?:in\s+)?((?:kebab|snake|camel|pascal|screaming[ _]snake)[-_ ]?case)\b/i,
    (m) => `${m[1]} are ${m[2]}`,
  ],
];

function convention(said: string): string | undefined {
  // "file names use snake_case" is the project's naming preference already (TOPICS above).
  if (PREFER_CUE.test(said) && /case\b/i.test(said)) return undefined;
  for (const [pattern, rule] of CONVENTIONS) {
    const m = pattern.exec(said);
    if (m) return rule(m);
  }
  return undefined;
}

/** A rule about "it" or "the two" names nothing a later session could follow: "don't kill it". */
const PRONOUN_OBJECT = /^\S+\s+(?:it|that|this|them|those|these|the two|him|her)\b/i;

/**
 * An instruction for the task at hand, not a standing rule: "don't touch the tests in this PR",
 * "do not push to main right now", "make sure to close the file handle in that function".
 */
const ONE_OFF =
  /\b(?:(?:this|that|the) (?:pr|file|function|method|loop|session|callback|commit|branch|query|script|folder|prototype|component|particular|screenshot|diff)|this time|right now|yet\b|for now|while you'?re at it|my branch|anything else|the new (?:endpoint|function|test|file|component|page))/i;
/** "Don't worry", "always nice to see...": said like a rule, meaning something else. */
const NOT_AN_INSTRUCTION =
  /^(?:don't|do not|never)\s+(?:know|worry|bother|forget|think|care|mind|get|see|understand|remember|ask me why)\b|^always\s+(?:nice|good|great|fun|happy|a pleasure|glad|the|a|an|so|such)\b|^make sure (?:to |you )?(?:have fun|enjoy|get some|rest|sleep)\b|\b(?:heh|hehe|haha|lol|lmao)\b/i;

/** When, not what: "while you're here, always use nextest" is a standing rule all the same. */
const WHILE_HERE = /^while you'?re (?:here|at it|in there),?\s+/i;

/** Standing instructions: one rule entity per distinct rule, attached to the project. */
export function standingRules(b: ExtractionBuilder, sentence: string, project: string): void {
  const said = sentence.trim().replace(WHILE_HERE, "");
  const everyCase = EVERY_CASE_RULE.test(said);
  if (
    said.endsWith("?") ||
    NOT_AN_INSTRUCTION.test(said) ||
    (ONE_OFF.test(said) && !everyCase) ||
    !saidOfThisProject(said)
  )
    return;
  const m = RULE_START.exec(said);
  const announced = m
    ? null
    : (ANNOUNCED_RULE.exec(said)?.[1] ??
      LABELLED_RULE.exec(said)?.[1] ??
      convention(said) ??
      (MUST_RULE.test(said) || everyCase ? said : undefined));
  const rest = (m?.[2] ?? announced)?.replace(/[.!;\s]+$/, "");
  if (!rest || rest.split(/\s+/).length < 2 || PRONOUN_OBJECT.test(rest)) return;
  const verb = m ? `${m[1]!.toLowerCase().replace(/^do not$/, "don't")} ` : "";
  const rule = oneLine(`${verb}${rest}`, 160);
  b.fact(project, "has_rule", b.entity(rule, "preference"), `Rule for ${project}: ${rule}.`);
}

function who(subject: string): string {
  return subject === "user" ? "The user" : subject;
}
