/**
 * What a question asks for beyond its words. Agents open sessions with "what's left to do?" or
 * "where did we leave off?": every word of those is a stopword or names nothing stored, so word
 * and vector matching alone find nothing. Two intents are recognised, both cheap and explicit:
 * open tasks (the query gains the words task facts are written with) and recent work (search adds
 * a recency leg to its fusion, so the latest facts and events rank with the matching ones).
 * Tools are asked about as they are typed ("postgres", "k8s", "the linter") but stored under one
 * name ("PostgreSQL", "Kubernetes", "Lint ... with"): the query gains the stored words too.
 */
import { findTerms } from "../extract/text.js";
import { TERMS } from "../extract/vocab.js";

export interface QueryIntent {
  /** The query to match words and vectors with. */
  q: string;
  /** Whether recency is what is asked for. */
  recent: boolean;
  /** Whether open tasks are what is asked for: finished ones are then beside the point. */
  tasks: boolean;
}

const TASKS =
  /\b(?:left to do|still to do|to-?dos?|todo list|remaining|outstanding|unfinished|not (?:yet )?done|pending|next steps?|open (?:tasks?|items?)|(?:still|is|are) open|what(?:'s| is) next)\b/i;
const RECENT =
  /\b(?:last time|last session|le(?:ft|ave) off|working on|yesterday|recently|lately|latest|where were we|what happened|catch me up)\b/i;

/** The words the structured extractor writes task facts with ("Task "X" is pending."). */
const TASK_WORDS = "pending task";

/** Who does a job, asked for; what the stored command facts say ("Lint acme with `make lint`"). */
const ROLE_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/\blinter\b/i, "lint"],
  [/\bformatter\b/i, "format"],
  [/\btype[- ]?checker\b/i, "typecheck"],
  // The word a stack fact is labelled with, for the ways a part of the stack is asked about.
  [/\blogging\b|\blogs\b/i, "logger"],
  [/\bauthentication\b/i, "auth"],
  [/\bhosted\b|\bhost\b/i, "hosting"],
  [/\b(?:database access|data access|db access)\b/i, "orm"],
  [/\b(?:http|networking|api calls)\b/i, "http client"],
  [/\bdependency injection\b|\bDI\b/, "dependency injection"],
  [/\bbackground jobs?\b|\bworkers?\b/i, "job queue"],
  [
    /\b(?:third[- ]party (?:libraries|libs|packages|dependencies)|dependencies|deps)\b/i,
    "dependency manager",
  ],
  [/\b(?:code ?gen(?:eration)?|annotation processing)\b/i, "code generation"],
  [/\b(?:base image|runtime image|container image)\b/i, "base image"],
  [/\b(?:manifests?|templating)\b/i, "deployment"],
  [/\b(?:training runs?|experiments?|run metrics)\b/i, "experiment tracking"],
  [/\b(?:releases?|changelog)\b/i, "release tool"],
  [/\bfirmware\b/i, "embedded framework"],
  [/\b(?:triggers?|triggered|kicks? off|scheduled|scheduling|when does \w+ run)\b/i, "scheduler"],
  [/\bflash(?:ing)?\b/i, "flashing"],
  [/\b(?:pinned|pin)\b.*\bversion\b|\bversion\b.*\bpinned\b/i, "version manager"],
  // Android's setting names, for the words a question uses.
  [
    /\b(?:min(?:imum)?|lowest|oldest) (?:supported )?(?:android )?(?:api level|sdk|android version)\b/i,
    "minSdk",
  ],
  [/\btarget (?:api level|sdk)\b/i, "targetSdk"],
];

/**
 * A part of the stack asked about by its kind ("what test framework does the app use?") where the
 * project's history only names the tool (`bundle exec rspec`, "switch to Polars"): the query gains
 * the names of the tools of that kind, which match only where the group has said them.
 */
const KIND_ASKED: ReadonlyArray<[RegExp, readonly string[]]> = [
  [
    /\btest(?:ing)? (?:framework|runner|library|tool)s?\b|\btests? (?:run )?with\b/i,
    ["test_framework", "test_runner"],
  ],
  [/\b(?:e2e|end[- ]to[- ]end|browser) tests?\b/i, ["e2e_framework"]],
  [/\bpackage manager\b/i, ["package_manager"]],
  [/\b(?:databases?|db)\b/i, ["database"]],
  [/\b(?:orm|database access)\b/i, ["orm"]],
  [/\b(?:web|backend|http|api) framework\b/i, ["web_framework"]],
  [/\b(?:ui|frontend) framework\b/i, ["ui_framework"]],
  [/\bbundler\b/i, ["bundler"]],
  [/\b(?:type ?checker|type checking)\b/i, ["type_checker"]],
  [/\blint(?:er|ing)?\b/i, ["linter"]],
  [/\bformat(?:ter|ting)\b/i, ["formatter"]],
  [/\b(?:process|app|application|wsgi|asgi|production) server\b/i, ["app_server"]],
  [/\b(?:dataframe|data ?frame) (?:library|lib)\b/i, ["dataframe"]],
  [/\b(?:job|task|message) queue\b|\bbackground jobs?\b/i, ["job_queue", "message_broker"]],
  [/\b(?:reverse proxy|web server|in front of the app)\b/i, ["reverse_proxy"]],
  [
    /\b(?:email (?:provider|service)|sends? (?:the )?(?:[\w-]+ )?e-?mails?|transactional e-?mail)\b/i,
    ["email_provider"],
  ],
  [/\b(?:cli|argument|arg) pars(?:er|ing)\b/i, ["cli_parser"]],
  [/\bgraphql (?:server|api)\b/i, ["graphql_server"]],
];

/** Tool names by kind, from the vocabulary (a tool that also fills another part counts there too). */
const NAMES_OF_KIND: ReadonlyMap<string, readonly string[]> = (() => {
  const byKind = new Map<string, Set<string>>();
  for (const term of TERMS.values())
    for (const kind of [term.category, ...(term.also ?? [])]) {
      const names = byKind.get(kind) ?? new Set<string>();
      names.add(term.name);
      byKind.set(kind, names);
    }
  return new Map([...byKind].map(([kind, names]) => [kind, [...names]]));
})();

function kindNames(q: string): string[] {
  const kinds = KIND_ASKED.filter(([asked]) => asked.test(q)).flatMap(([, k]) => k);
  return [...new Set(kinds.flatMap((k) => NAMES_OF_KIND.get(k) ?? []))];
}

export function queryIntent(q: string): QueryIntent {
  const extra = [
    ...storedNames(q),
    ...ROLE_WORDS.filter(([asked]) => asked.test(q)).map(([, word]) => word),
    ...kindNames(q),
  ];
  const tasks = TASKS.test(q);
  if (tasks) extra.push(TASK_WORDS);
  return { q: extra.length ? `${q} ${extra.join(" ")}` : q, recent: RECENT.test(q), tasks };
}

/** Canonical names of the tools the query names another way ("postgres" is stored as "PostgreSQL"). */
function storedNames(q: string): string[] {
  const lower = q.toLowerCase();
  return [...new Set(findTerms(q).map((t) => t.term.name))].filter(
    (name) => !lower.includes(name.toLowerCase()),
  );
}
