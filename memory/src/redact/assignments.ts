/**
 * Secrets assigned to a secret-looking name: `API_KEY=...`, `export DB_PASSWORD=...`,
 * `password: hunter2` (YAML/ini), `"apiKey": "..."` (JSON/code). The value is replaced, the name kept.
 * Code that merely handles secrets (`const token = getToken()`, `password: string;`,
 * `API_KEY=$API_KEY`, `MAX_TOKENS=4096`) is left alone.
 */

/** A name is secret when its last word is one of these (`db_password`, `githubToken`, `apiKey`). */
const SECRET_WORD =
  /(?:^|_)(?:password|passwd|pwd|passphrase|secret|secret_key|token|api_key|apikey|access_key|private_key|client_secret|credentials?|auth_token|access_token|refresh_token|session_token|signing_key|encryption_key|master_key)$/;

/** Names that describe a secret without holding one. */
const NOT_SECRET_NAME =
  /(?:^|_)(?:file|path|dir|url|uri|name|id|type|length|len|limit|count|max|min|ttl|timeout|expiry|expires|expires_at|expires_in|env|var|field|header|prompt|policy|hint|tokens)(?:_|$)/;

/** `apiKey` -> `api_key`, `DB-PASSWORD` -> `db_password`. */
export function snakeName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toLowerCase()
    .replace(/^_+|_+$/g, "");
}

export function isSecretName(name: string): boolean {
  const snake = snakeName(name);
  if (!snake || snake.length > 64) return false;
  const lastWords = snake.split("_").slice(-2).join("_");
  return SECRET_WORD.test(snake) && !NOT_SECRET_NAME.test(lastWords);
}

const TYPE_WORDS = new Set([
  "string",
  "str",
  "number",
  "int",
  "boolean",
  "bool",
  "bytes",
  "null",
  "none",
  "nil",
  "undefined",
  "true",
  "false",
  "required",
  "optional",
  "any",
  "unknown",
  "secret",
  "password",
  "token",
  "redacted",
  "xxx",
  "xxxx",
  "changeme",
  "...",
  "<redacted>",
  "***",
  "****",
]);

/** Values that are references, placeholders or code rather than secrets. */
function isSecretValue(value: string, quoted: boolean): boolean {
  if (value.length < 3) return false;
  if (value.startsWith("[REDACTED")) return false;
  if (TYPE_WORDS.has(value.toLowerCase())) return false;
  if (/^\*+$/.test(value) || /^x+$/i.test(value) || /^<[^>]*>$/.test(value)) return false;
  if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(value) || /^%[A-Za-z_]+%$/.test(value)) return false;
  if (/^\{\{[^}]*\}\}$/.test(value)) return false;
  if (!quoted) {
    // `token: this.token`, `key = config.apiKey`: member access is code.
    if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return false;
    if (/^(?:process\.env|import\.meta|os\.environ|env\.|secrets\.|vars\.|config\.)/.test(value))
      return false;
    if (/[()[\]{};,]/.test(value) || value.endsWith(";")) return false;
  }
  return true;
}

/**
 * name, separator, then a quoted or bare value. The name class has no overlap with the separator,
 * and every part is a single bounded character class, so matching is linear. The lookahead skips
 * names without a secret word early (no callback per `x = y` in a long line).
 */
const ASSIGNMENT =
  /(?<![A-Za-z0-9_.$-])(["']?)(?=[A-Za-z0-9_.-]{0,63}?(?:pass|pwd|secret|token|key|credential))([A-Za-z_][A-Za-z0-9_.-]{0,63})\1([ \t]{0,8}(?::=|:|=)[ \t]{0,8})(?:"([^"\n]{0,512})"|'([^'\n]{0,512})'|([^\s"'`]{1,512}))/gi;

/** Cheap pre-filter: a line can only hold a secret assignment if it names one of these. */
const KEYWORD = /pass|pwd|secret|token|key|credential/i;

export function redactAssignments(text: string): { text: string; count: number } {
  if (!KEYWORD.test(text)) return { text, count: 0 };
  let count = 0;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!KEYWORD.test(line)) continue;
    const done = redactLine(line);
    if (done.count > 0) {
      lines[i] = done.text;
      count += done.count;
    }
  }
  return count > 0 ? { text: lines.join("\n"), count } : { text, count: 0 };
}

function redactLine(text: string): { text: string; count: number } {
  let count = 0;
  const out = text.replace(
    ASSIGNMENT,
    (all, q: string, name: string, sep: string, dq?: string, sq?: string, bare?: string) => {
      if (!isSecretName(name)) return all;
      const quoted = dq !== undefined || sq !== undefined;
      const value = dq ?? sq ?? bare ?? "";
      // `==`/`===` comparisons are not assignments.
      if (!quoted && value.startsWith("=")) return all;
      if (!isSecretValue(value, quoted)) return all;
      // `password = newPassword` in code: a lowercase name bound to a plain identifier. Env files
      // (`PASSWORD=hunter`) and YAML (`password: hunter2`) still count.
      if (!quoted && /[a-z]/.test(name) && sep.includes("=") && /^[A-Za-z_$][A-Za-z_$]*$/.test(value))
        return all;
      // Prose ("Secret: the sauce"): a bare value after a colon must look like a secret.
      if (!quoted && !sep.includes("=") && value.length < 8 && !/[\d\W_]/.test(value)) return all;
      count++;
      const marker = "[REDACTED:secret]";
      const wrapped = dq !== undefined ? `"${marker}"` : sq !== undefined ? `'${marker}'` : marker;
      return `${q}${name}${q}${sep}${wrapped}`;
    },
  );
  return { text: out, count };
}
