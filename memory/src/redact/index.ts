/**
 * Redaction before anything is stored: provider tokens, private keys, secret assignments, passwords
 * in URLs and `<private>` blocks become `[REDACTED:<kind>]` markers. Pure TypeScript with no `node:`
 * imports: the OpenCode plugin (Bun) imports this module too (`@ocm/memory/redact`) so secrets are
 * dropped before they ever leave the agent's machine.
 */
import { redactAssignments, isSecretName } from "./assignments.js";
import { removePemKeys, removePrivateBlocks } from "./blocks.js";
import { TOKEN_RULES } from "./tokens.js";

export { isSecretName } from "./assignments.js";

export interface Redacted {
  text: string;
  /** How many secrets (and private blocks) were replaced. */
  count: number;
}

export const SECRET_MARKER = "[REDACTED:secret]";

/**
 * Every rule's match contains one of these: text without any of them (most short metadata values)
 * skips the rules entirely. Keep in step with tokens.ts, assignments.ts and blocks.ts.
 */
const MAYBE_SECRET =
  /sk-|sk_|rk_|gh[pousr]_|github_pat_|glpat-|npm_|A[KSGIRN][A-Z]A|xox|xapp-|hooks\.slack|whsec_|AIza|eyJ|bearer|authorization|:\/\/|[=:]|<private|PRIVATE KEY|pass|pwd|secret|token|key|credential|-u\s|--user/i;

export function redact(text: string): Redacted {
  if (!text || !MAYBE_SECRET.test(text)) return { text, count: 0 };
  let count = 0;
  // Whole blocks first, so nothing inside them is half-redacted by the line rules.
  const priv = removePrivateBlocks(text);
  const pem = removePemKeys(priv.text);
  count += priv.count + pem.count;
  let out = pem.text;
  const lower = out.toLowerCase();
  for (const rule of TOKEN_RULES) {
    if (rule.hint && !lower.includes(rule.hint)) continue;
    rule.pattern.lastIndex = 0;
    out = out.replace(rule.pattern, (...args: unknown[]) => {
      const all = args[0] as string;
      const index = rule.group ?? 0;
      const secret = args[index] as string | undefined;
      if (secret === undefined || (rule.plausible && !rule.plausible(secret))) return all;
      count++;
      const marker = `[REDACTED:${rule.label}]`;
      if (index === 0) return marker;
      // Keep the groups around the secret (header name, URL user and host).
      const groups = args.slice(1, -2) as Array<string | undefined>;
      return groups.map((g, i) => (i + 1 === index ? marker : (g ?? ""))).join("");
    });
  }
  const assigned = redactAssignments(out);
  return { text: assigned.text, count: count + assigned.count };
}

/**
 * Deep redaction of metadata: every string is redacted, and the value of any key named like a
 * secret (`password`, `apiKey`, `GITHUB_TOKEN`, `client_secret`...) is replaced outright. Cycles
 * and non-plain objects are handled without throwing.
 */
export function redactValue(value: unknown): unknown {
  return walk(value, new WeakSet());
}

function walk(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return redact(value).text;
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, seen));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    // Dates and other class instances: keep what JSON would keep.
    if (value instanceof Date) return value;
    try {
      return walk(JSON.parse(JSON.stringify(value) ?? "null"), seen);
    } catch {
      return "[Unserializable]";
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = isSecretName(key) && isSecretLeaf(v) ? SECRET_MARKER : walk(v, seen);
  }
  return out;
}

/** Secret-named keys lose strings, numbers and whole objects; empty values and booleans stay. */
function isSecretLeaf(v: unknown): boolean {
  if (typeof v === "string") return v.length > 0;
  if (typeof v === "number" || typeof v === "bigint") return true;
  if (v && typeof v === "object") return true;
  return false;
}
