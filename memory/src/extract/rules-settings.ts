/**
 * Settings as developers state them: "server.port 8085", "spring.threads.virtual.enabled: true",
 * "the applicationId is app.parcelpal.android", "set minSdk to 26", "rename the env var PG_URL to
 * FULFIL_DB_URL". A setting holds one value at a time (functional `set_to`), so the next value
 * said replaces the last. A key that names a secret is never kept, whatever its value.
 */
import type { ExtractionBuilder } from "./builder.js";
import { statesStack } from "./markers.js";

/** `server.port`, `spring.threads.virtual.enabled`: lower-case words joined by dots. */
const DOTTED = String.raw`[a-z][a-zA-Z0-9_-]*(?:\.[a-zA-Z0-9_-]+){1,6}`;
/** `applicationId`, `minSdk`, `versionName`. */
const CAMEL = "[a-z]+(?:[A-Z][a-z0-9]+)+";
/** `FULFIL_DB_URL`, `NODE_ENV`. */
const ENV = "[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+";
const KEY = `(${DOTTED}|${CAMEL}|${ENV})`;
const VALUE = String.raw`(?:"([^"\n]{1,100})"|'([^'\n]{1,100})'|\x60([^\x60\n]{1,100})\x60|([\w.:/@+-]{1,100})(?![\w(]))`;

/** `key = value`, `key: value`, `key is value`, and for a dotted key also `key value`. */
const ASSIGNED = new RegExp(
  String.raw`(?<![\w./$\x7b-])\x60?${KEY}\x60?(?:\s+(?:setting|value|option))?(?:\s*[=:]\s*|\s+(?:is|=)\s+(?:now\s+)?(?:(?:set|configured|changed)\s+to\s+)?|\s+(?=[\d"'\x60]|true\b|false\b))${VALUE}`,
  "g",
);
/** "set minSdk to 26", "change server.port to 8085". */
const SET_TO = new RegExp(
  String.raw`\b(?:set|change[ds]?|bump(?:ed)?|raise[ds]?|lower(?:ed)?|moved?)\s+(?:the\s+)?\x60?${KEY}\x60?\s+(?:from\s+\S+\s+)?to\s+${VALUE}`,
  "g",
);
const RENAMED = new RegExp(
  String.raw`\brenam(?:e|ed|ing)\s+(?:the\s+)?(?:env(?:ironment)?\s+var(?:iable)?s?\s+)?\x60?(${ENV})\x60?\s+(?:to|->|→)\s+\x60?(${ENV})\x60?|\b(${ENV}) is (?:dead|gone|deprecated|renamed)[,;:]?\s+(?:it'?s|use|now)\s+\x60?(${ENV})\x60?`,
  "g",
);
/** "Renamed the connection string from `Default` to `SchedulingDb`": any named thing. */
const RENAMED_THING =
  /\brenam(?:e|ed|ing)\s+(?:the\s+|our\s+)?((?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)\s+from\s+\x60?([\w.:/-]{1,80})\x60?\s+to\s+\x60?([\w.:/-]{1,80})\x60?/gi;

/** A dotted word that is a file or a host, not a key: `app.ts`, `example.com`. */
const NOT_A_KEY =
  /\.(?:ts|tsx|js|jsx|mjs|cjs|json|ya?ml|toml|md|txt|lock|py|rb|go|rs|kt|kts|java|gradle|properties|xml|sh|env|ini|cfg|conf|sql|html|css|prisma|graphql|proto|tf|hcl|mod|sum|csproj|sln|com|org|net|io|dev|co|ai)$/;
/**
 * A dotted name ending in a class, as an exception line starts ("redis.exceptions.ConnectionError:
 * Error 111"): a type and its message, not a key and its value.
 */
const NOT_A_SETTING = /\.[A-Z]\w*$|(?:Error|Exception)$/;
/** Keys whose values are secrets: never stored. */
const SECRET_KEY = /pass(?:word|wd)?|secret|token|api[_-]?key|private|credential|auth|\bkey$/i;
const NOT_A_VALUE =
  /^(?:a|an|the|not|now|just|also|still|set|it|this|that|on|in|to|used|fine|ok|okay|done|dead|gone|deprecated|removed|unused|wrong|right|correct|broken|empty|missing|required|optional|needed|good|bad|better|worse|failing|passing|flaky|slow|fast|working|down|up|true\.|false\.)$/i;

const matchedValue = (m: RegExpMatchArray, from: number) =>
  (m[from] ?? m[from + 1] ?? m[from + 2] ?? m[from + 3] ?? "").replace(/[.,;!?)]+$/, "");

export function settingRules(b: ExtractionBuilder, sentence: string): void {
  // Each form needs a dotted word, an ENV_NAME, `=`, a camelCase word or a rename: most have none.
  if (!/\w\.[a-z]|[A-Z0-9]_[A-Z0-9]|=|[a-z][A-Z]|\brenam/.test(sentence)) return;
  const renamed = [...sentence.matchAll(RENAMED)];
  const things = [...sentence.matchAll(RENAMED_THING)];
  const set = [...sentence.matchAll(SET_TO), ...sentence.matchAll(ASSIGNED)];
  // Whether it is said of this project, now, only once something was found.
  if ((renamed.length === 0 && things.length === 0 && set.length === 0) || !statesStack(sentence)) return;
  for (const [, what, from, to] of things)
    if (what && from && to && !SECRET_KEY.test(what)) rename(b, from, to, `The ${what} ${from}`);
  for (const m of renamed) {
    const from = m[1] ?? m[3];
    const to = m[2] ?? m[4];
    if (from && to && !SECRET_KEY.test(from) && !SECRET_KEY.test(to)) rename(b, from, to, `Env var ${from}`);
  }
  for (const m of set) {
    // A value cut short by a redaction (`amqp://billing:[REDACTED:...]@host`) is no value at all.
    if (sentence.startsWith("[REDACTED", (m.index ?? 0) + m[0].length)) continue;
    setting(b, m[1]!, matchedValue(m, 2));
  }
}

/** `said` was renamed to `to`: one name replaced by another, the old kept as history. */
function rename(b: ExtractionBuilder, from: string, to: string, said: string): void {
  b.fact(
    b.entity(from, "concept"),
    "renamed_to",
    b.entity(to, "concept"),
    `${said} was renamed to ${to}.`,
    true,
  );
}

/** Config files whose `key = value` lines are settings: Gradle, properties, YAML, TOML, .env. */
export const CONFIG_FILE =
  /(?:\.(?:gradle|kts|properties|ya?ml|toml|ini|cfg|conf)|(?:^|\/)\.env(?:\.[\w-]+)?)$/i;

/** The settings a config file's new text assigns, one per line: `versionName = "2.4.0"`. */
export function settingsWritten(b: ExtractionBuilder, text: string): void {
  // A key's place is part of its name: `port` under `server:` is `server.port` (YAML), `version`
  // under `[package]` is `package.version` (TOML), so two `port`s never replace each other.
  const parents: Array<{ indent: number; key: string }> = [];
  let section = "";
  for (const line of text.split("\n").slice(0, 300)) {
    const header = TOML_SECTION.exec(line);
    if (header) {
      section = header[1]!;
      parents.length = 0;
      continue;
    }
    const m = CONFIG_LINE.exec(line);
    if (!m) continue;
    const [, space, key, rest] = m as unknown as [string, string, string, string];
    while (parents.length > 0 && parents[parents.length - 1]!.indent >= space.length) parents.pop();
    const value = rest.trim();
    if (!value) {
      parents.push({ indent: space.length, key });
      continue;
    }
    const name = [section, ...parents.map((p) => p.key), key].filter(Boolean).join(".");
    const scalar = value
      .replace(/\s+#.*$/, "")
      .replace(/^(["'])(.*)\1$/, "$2")
      .replace(/[,;]$/, "");
    if (SCALAR.test(scalar)) setting(b, name, scalar);
  }
}

/** A `[section]` header of a TOML or INI file. */
const TOML_SECTION = /^\s*\[([\w.-]{1,60})\]\s*$/;
/** `key: value`, `key = value`, `KEY=value`, and `key:` opening a YAML block. */
const CONFIG_LINE = /^(\s*)(?:-\s+)?([A-Za-z_][\w.-]{0,60})\s*[:=](?!\/\/)\s*(.*)$/;
/** A value that is one thing: `0.42`, `8085`, `true`, `app.parcelpal.android`, `postgres:16`. */
const SCALAR = /^[\w.:/@+-]{1,100}$/;

function setting(b: ExtractionBuilder, key: string, value: string): void {
  if (NOT_A_KEY.test(key) || NOT_A_SETTING.test(key) || SECRET_KEY.test(key)) return;
  if (value.length === 0 || NOT_A_VALUE.test(value) || /\s=\s|\(/.test(value)) return;
  if (value.includes("[REDACTED")) return;
  b.fact(b.entity(key, "concept"), "set_to", b.entity(value, "concept"), `${key} is set to ${value}.`, true);
}
