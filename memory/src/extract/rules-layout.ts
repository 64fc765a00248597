/**
 * Where things are and how to run them, as developers state it: "migrations live in db/migrations",
 * "the API listens on port 8080", "run the dev server with `pnpm dev`", "staging is at https://...".
 * An agent asks itself these every session; each becomes a functional fact (one place, one port,
 * one command, one URL at a time), so "migrations now live in src/db/migrations" replaces the old.
 */
import type { ExtractionBuilder } from "./builder.js";
import { commandKey } from "./command.js";
import { isStatement, saidAsItIs, saidElsewhere } from "./markers.js";
import { cleanPath, relativeToRoot } from "./paths.js";

/** Programs a command written without backticks may start with. */
const RUNNERS =
  "npm|npx|pnpm|pnpx|yarn|bun|bunx|deno|node|tsx|make|just|cargo|go|docker|podman|python3?|uv|poetry|pytest|vitest|jest|mvn|gradle|dotnet|mix|bundle|rake|php|composer";

/** A short noun phrase naming a part of the project; pronouns and clauses are not things. */
const THING = "((?:[\\w@.-]+\\s+){0,3}?[\\w@.-]+)";
/** Words between a thing and what it does that are not part of its name: "Postgres still listens". */
const NOW = "(?:(?:now|still|also|currently|always|only|actually)\\s+)?";
const NOT_A_THING = /^(?:it|this|that|these|those|everything|nothing|something|which|who|they|we|i|you)$/i;
/** Words for what is wrong or changing, not parts of a project: "the bug is in src/x.ts". */
const NOT_A_PART =
  /^(?:bug|bugs|issue|issues|problem|problems|error|errors|fix|fixes|change|changes|diff|function|method|class|file|files|line|thing|logic|culprit|cause|typo|regression|difference|answer|solution|mistake|leak|crash)$/i;
/** Names of the whole project: statements about them attach to the project entity. */
const WHOLE_PROJECT = /^(?:project|app|application|repo|repository|codebase|monorepo|code)$/i;

const LOCATION = new RegExp(
  `^(?:the\\s+|our\\s+|all\\s+(?:the\\s+)?)?${THING}\\s+${NOW}(?:(?:live|lives|sit|sits|belong|belongs|(?:are|is)(?:\\s+now)?(?:\\s+(?:kept|stored|defined|located))?|can be found)\\s+(?:in|under|inside|at)|are|is)\\s+(\`[^\`]+\`|\\S+)`,
  "i",
);

const PORT = new RegExp(
  `^(?:the\\s+|our\\s+)?${THING}\\s+${NOW}(?:listens|runs|is running|is served|serves|is exposed|is available|starts|stays|is|sits|goes|lives|(?:should|must|will|shall|needs? to)\\s+(?:now\\s+)?(?:listen|run|be served|serve|be exposed|be available|start|stay|sit|be|go|live))\\s+on\\s+(?:(?:its own|a separate|a different)\\s+)?(?:(?:port\\s+|(?:localhost|127\\.0\\.0\\.1)?:)(\\d{2,5})|(\\d{4,5}))\\b`,
  "i",
);
/** "Ports locally: the gateway is on 4000, products subgraph on 4002": under a ports label, no verb. */
const PORTS_LABEL = /^(?:(?:the|our)\s+)?(?:local\s+)?ports(?:\s+[\w()-]+){0,3}\s*:/i;
const PORT_ITEM = new RegExp(
  `^(?:the\\s+|our\\s+)?${THING}\\s+(?:is\\s+)?on\\s+(?:port\\s+|:)?(\\d{2,5})$`,
  "i",
);
/** "put the airflow ui on 8081", "run the api on port 4000": a port number, or 4-5 digits. */
const PORT_PUT = new RegExp(
  `(?:^|\\s)(?:put|run|serve|start)\\s+(?:the\\s+|our\\s+)?${THING}\\s+on\\s+(?:port\\s+(\\d{2,5})|(\\d{4,5}))\\b`,
  "i",
);
/**
 * "Changed the API port to 4000"; "moved the api to 4100" when the sentence is about ports or the
 * number can only be one; "move hearth's postgres to 5433" (the owner is not part of the name).
 */
const PORT_CHANGE = new RegExp(
  `(?:^|\\s)(?:change[ds]?|move[ds]?|switch(?:ed)?|set|bump(?:ed)?|put)\\s+(?:the\\s+|our\\s+)?(?:[\\w-]+'s\\s+)?${THING}(?:'s)?\\s+(?:(port)\\s+)?(?:from\\s+(?:port\\s+)?\\d{2,5}\\s+)?to\\s+(?:(port)\\s+|:)?(\\d{2,5})\\b`,
  "i",
);

/** What a command does to a part of the project: each names a `<verb>_with` predicate. */
export const LAYOUT_VERBS = [
  "run",
  "start",
  "build",
  "test",
  "lint",
  "format",
  "deploy",
  "serve",
  "launch",
  "migrate",
  "seed",
  "typecheck",
  "check",
] as const;
const VERBS = LAYOUT_VERBS.join("|");

const URL = "(https?://[^\\s<>\"'`]+)";
/** "The staging URL is https://...", "Grafana is at https://...", "Prod: https://...". */
const URL_AT = [
  new RegExp(
    `^(?:the\\s+|our\\s+)?${THING}\\s+(?:url|endpoint|address|link)\\s+is\\s+(?:now\\s+)?${URL}`,
    "i",
  ),
  new RegExp(
    `^(?:the\\s+|our\\s+)?${THING}\\s+(?:now\\s+)?(?:is|are|lives?|runs?|is running|is hosted|is deployed|can be found)\\s+(?:now\\s+)?(?:at|on)\\s+${URL}`,
    "i",
  ),
  new RegExp(
    `^((?:[\\w.-]+\\s+){0,2}?[\\w.-]+)(?:\\s+(?:is|are)\\s+(?:now\\s+)?(?:up|live|deployed|ready|running|online|back))?\\s*:\\s*${URL}$`,
    "i",
  ),
  // "staging is https://staging.example.com now"
  new RegExp(`^(?:the\\s+|our\\s+)?${THING}\\s+(?:is|are)\\s+(?:now\\s+)?${URL}`, "i"),
  // "staging moved, it's https://... now"
  new RegExp(
    `^(?:the\\s+|our\\s+)?${THING}\\s+(?:has\\s+)?moved(?:\\s+to)?[,:]?\\s+(?:(?:it'?s|it is)\\s+(?:now\\s+)?(?:at\\s+)?)?${URL}`,
    "i",
  ),
];
const COMMAND = `(\`[^\`]+\`|(?:${RUNNERS})\\s[^.;,!?]+)`;
/** "Run the dev server with `pnpm dev`", "To build the docs, use make docs", "Start the API: `pnpm start`". */
const RUN_WITH = new RegExp(
  `^(?:(?:please|always|now|then|first|next|just|to)[,]?\\s+)*(${VERBS})(?:\\s+(?:the\\s+|our\\s+)?${THING})?\\s*(?:,\\s*)?(?:with|using|by running|via|run|use|:)\\s+${COMMAND}`,
  "i",
);
/** "Tests run with `pnpm test`", "Migrations are run with `npx prisma migrate deploy`". */
const RUN_PASSIVE = new RegExp(
  `^(?:the\\s+|our\\s+)?${THING}\\s+(?:(?:are|is|get|gets)\\s+)?(?:run|runs|ran|built|builds|deployed|deploys|started|starts|linted|formatted|checked|served)\\s+(?:with|using|via|through|by running)\\s+${COMMAND}`,
  "i",
);

/**
 * "tests: `make test`", "Dev server: `pnpm dev`", "Worker: `uv run arq app.worker.Settings`", as in
 * a notes file: the label says what the command does, or what it runs.
 */
const LABELLED_COMMAND = new RegExp(`^((?:[\\w-]+\\s+){0,2}?[\\w-]+)\\s*:\\s*${COMMAND}`, "i");
/**
 * Labels that introduce something else than what a command is for: "Note: `x` fails", and a
 * name rather than a way to run something ("tiny tool idea: `kindle2md`", "branch: `fix/login`").
 */
const NOT_A_LABEL =
  /^(?:note|nb|fyi|error|errors|output|result|results|example|tip|warning|cause|fix|problem|issue|before|after|old|new|now|then|update|usage|why|how|what|answer|reason|step|done|todo|ok|also|edit|diff|log|logs|command|cmd|try|ran|run|idea|ideas|name|title|plan|goal|theme|topic|question|branch|file|path|package|repo|project)$/i;
/**
 * Code that is a command line: a program (`./gradlew`, `uv`) and its words, not `@Annotation`,
 * `key=value`, or a tool's own message (`error TS2339: ...` after "tsc:").
 */
const COMMAND_LINE =
  /^`(?!(?:error|warning|fatal|panic|exception|traceback|fail(?:ed|ure)?)\b)(?:\.{0,2}\/)?[a-z][\w./-]*(?:\s[^`]*)?`$/;

/** What a known label's command does, and to what (null: the project): the whole label matches. */
const LABEL_VERBS: ReadonlyArray<[RegExp, string, string | null]> = [
  [/^(?:tests?|testing|specs?)$/i, "test", null],
  [/^lint(?:ing)?$/i, "lint", null],
  [/^build$/i, "build", null],
  [/^dev(?: server)?$/i, "run", "dev server"],
  [/^format(?:ting)?$/i, "format", null],
  [/^typecheck(?:ing)?$/i, "typecheck", null],
  [/^migrations?$/i, "migrate", "database"],
  [/^deploy(?:ment)?$/i, "deploy", null],
  [/^start$/i, "start", null],
];

/** The verb a passive statement used, as a layout verb: "are built with" is `build`. */
const PASSIVE_VERB =
  /\b(run|ran|build|built|deploy|start|lint|format|check|serve)(?:s|ed)?\s+(?:with|using|via|through|by running)\b/i;
const VERB_BASE: Record<string, string> = { ran: "run", built: "build" };

/** "`pnpm dev` starts the dev server". */
const COMMAND_DOES = new RegExp(
  `^${COMMAND}\\s+(runs|starts|builds|tests|lints|formats|deploys|serves|launches|migrates|seeds|typechecks|checks)\\s+(?:the\\s+|our\\s+)?${THING}[.!]?$`,
  "i",
);

/** `s`: one sentence as `normalizeChat` gives it, so a lead-in ("Note:", "FYI,") is already gone. */
export function layoutRules(b: ExtractionBuilder, s: string, root: string | null, project: string): void {
  // Not what docs, a default or one load test say: "by default the server listens on 8080".
  if (!isStatement(s) || !saidAsItIs(s)) return;
  const thing = (phrase: string) => partOf(b, phrase, project);
  // Each rule needs a mark no ordinary sentence has (a path's "/", a port's digits, a URL's
  // "http"): without any, no clause is split off and no pattern is run.
  const path = s.includes("/");
  const digits = /\d\d/.test(s);
  if (path || digits) {
    for (const clause of clauses(s)) {
      // Another project's clause is skipped, not the sentence: "…fighting with my other app that
      // runs on 3000, moved potluck to 3005" keeps the move.
      if (saidElsewhere(clause)) continue;
      if (path) location(b, clause, root, thing);
      if (digits) port(b, clause, thing, PORTS_LABEL.test(s));
      if (path) url(b, clause, thing);
    }
  }
  if (!saidElsewhere(s)) runWith(b, s, thing, project);
}

/**
 * The sentence, then its parts: without a label ("Port change: kiln now listens on 9090") and each
 * clause ("we deploy to k8s, helm chart is in deploy/helm"), since the patterns read from the start.
 */
function clauses(s: string): string[] {
  const unlabelled = s.replace(/^[\w][\w\s-]{0,30}:\s+(?=\S)/, "");
  const parts = s.split(/\s*(?:[;,]\s*(?:(?:and|but|so)\s+)?|\s+(?:and|but|so)\s+(?=(?:the|our)\s))\s*/);
  return [...new Set([s, unlabelled, ...parts.filter((p) => p.length > 0)])];
}

type Thing = (phrase: string) => string | null;

function partOf(b: ExtractionBuilder, phrase: string, project: string): string | null {
  // "run the api locally": how or when it runs is not part of its name.
  const name = phrase
    .trim()
    .replace(/[.,;:]+$/, "")
    .replace(/\s+(?:locally|here|now|still|too|also|instead|again|first)$/i, "")
    // "the real migrations are in alembic/versions": the migrations, said to correct a mistake.
    .replace(/^(?:real|actual|current)\s+(?=\S)/i, "");
  const words = name.split(/\s+/);
  if (!name || words.some((w) => NOT_A_THING.test(w)) || NOT_A_PART.test(words.at(-1) ?? "")) return null;
  return WHOLE_PROJECT.test(name) ? project : b.entity(name, "concept");
}

function location(b: ExtractionBuilder, s: string, root: string | null, thing: Thing): void {
  const m = LOCATION.exec(s);
  if (!m) return;
  const raw = m[2]!.replace(/^`|`$/g, "").replace(/[.,;:]+$/, "");
  // Only a path: "the config is in YAML" or "the fix is in review" are not places, nor "50/50".
  if (!raw.includes("/") || /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) || !/^[\w./~@-]+$/.test(raw)) return;
  if (raw.split("/").some((part) => /^\d+$/.test(part))) return;
  const where = relativeToRoot(cleanPath(raw) || raw, root);
  const what = thing(m[1]!);
  if (!what || !where) return;
  const place = b.entity(where, "file");
  b.fact(what, "located_in", place, `Location of ${what}: ${place}.`, true);
}

/** A number only a port would be: 1024 to 65535 and not a year (19xx, 20xx). */
const LIKELY_PORT = /^(?!19\d\d$|20\d\d$)(?:10[2-9]\d|1[1-9]\d\d|[2-9]\d{3}|[1-5]\d{4}|6[0-5]\d{3})$/;

function port(b: ExtractionBuilder, s: string, thing: Thing, listed = false): void {
  const m = PORT.exec(s);
  // The list's first item still carries the label: "Ports locally: products subgraph on 4002".
  const item =
    m || !listed ? null : PORT_ITEM.exec(s.trim().replace(PORTS_LABEL, "").trim().replace(/[.;]$/, ""));
  const c = m || item ? null : PORT_CHANGE.exec(s);
  // A change names the port, the sentence is about ports, or the number can be nothing else (4-5
  // digits, not a year): "bumped the api to 2025" is no port.
  const changed =
    c && (c[2] || c[3] || /\bports?\b/i.test(s) || LIKELY_PORT.test(c[4]!))
      ? { what: c[1]!, n: c[4]! }
      : null;
  const put = m || item || changed ? null : PORT_PUT.exec(s);
  const found = m
    ? { what: m[1]!, n: m[2] ?? m[3]! }
    : item
      ? { what: item[1]!, n: item[2]! }
      : (changed ?? (put ? { what: put[1]!, n: put[2] ?? put[3]! } : null));
  if (!found) return;
  const n = Number(found.n);
  if (n < 1 || n > 65535) return;
  const what = thing(found.what);
  if (!what) return;
  const p = b.entity(`port ${n}`, "concept");
  b.fact(what, "listens_on", p, `${what} listens on port ${n}.`, true);
}

function runWith(b: ExtractionBuilder, s: string, thing: Thing, project: string): void {
  const parts = commandParts(s, project);
  if (!parts) return;
  const full = parts.command.replace(/^`|`$/g, "").trim();
  const what = thing(parts.target);
  if (!what || !full) return;
  const v = parts.verb.toLowerCase();
  const cmd = b.entity(commandKey(full), "command");
  b.fact(what, `${v}_with`, cmd, `${capitalise(v)} ${what} with \`${full}\`.`, true);
}

/** What a command does to what, in the three ways it is said; the project when no part is named. */
function commandParts(s: string, project: string): { verb: string; target: string; command: string } | null {
  const m = RUN_WITH.exec(s);
  if (m) return { verb: m[1]!, target: m[2] ?? project, command: m[3]! };
  const p = RUN_PASSIVE.exec(s);
  if (p) {
    // The part's own verb when it has one ("tests" are tested), else what was said ("run").
    const known = LABEL_VERBS.find(([pattern]) => pattern.test(p[1]!.trim()));
    const said = PASSIVE_VERB.exec(s)?.[1]?.toLowerCase() ?? "run";
    const verb = known?.[1] ?? VERB_BASE[said] ?? said;
    return { verb, target: known ? (known[2] ?? project) : p[1]!, command: p[2]! };
  }
  const n = COMMAND_DOES.exec(s);
  if (n) return { verb: n[2]!.replace(/(ch)es$|s$/i, "$1"), target: n[3]!, command: n[1]! };
  const l = LABELLED_COMMAND.exec(s);
  if (!l) return null;
  const said = l[1]!.trim();
  const known = LABEL_VERBS.find(([pattern]) => pattern.test(said));
  if (known) return { verb: known[1], target: known[2] ?? project, command: l[2]! };
  // Any other label names what its command runs, when the code after it is a command line.
  const words = said.split(/\s+/);
  const introduces = NOT_A_LABEL.test(words[0] ?? "") || NOT_A_LABEL.test(words.at(-1) ?? "");
  return COMMAND_LINE.test(l[2]!) && !introduces ? { verb: "run", target: said, command: l[2]! } : null;
}

function url(b: ExtractionBuilder, s: string, thing: Thing): void {
  for (const pattern of URL_AT) {
    const m = pattern.exec(s);
    if (!m) continue;
    const address = m[2]!.replace(/[.,;:!?)\]]+$/, "");
    const what = thing(m[1]!);
    if (!what || address.length < 10) return;
    b.fact(what, "reachable_at", b.entity(address, "concept"), `URL of ${what}: ${address}`, true);
    return;
  }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
