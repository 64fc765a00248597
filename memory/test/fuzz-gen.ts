/**
 * A small seeded generator of hostile input for the API fuzz test: random JSON, mutated valid
 * episodes, full-text operators, control characters, odd Unicode, huge and deeply nested values.
 * Seeded (mulberry32) so a failure replays exactly.
 */
import { EPISODE_KINDS } from "../src/model/schemas.js";
import { mulberry32, type Rng } from "../src/seeded-random.js";

export { mulberry32, type Rng };

export const int = (rng: Rng, n: number) => Math.floor(rng() * n);
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)] as T;

/** Fragments that have broken search engines, SQL layers and JSON parsers before. */
const NASTY = [
  '"',
  "'",
  "`",
  "*",
  "-",
  "+",
  "^",
  ":",
  "(",
  ")",
  "((",
  "))",
  "NEAR",
  "NEAR/3",
  "AND",
  "OR",
  "NOT",
  "MATCH",
  "{",
  "}",
  "[",
  "]",
  "\\",
  "\\u0000",
  "%",
  "_",
  "%00",
  "'; DROP TABLE episodes; --",
  '" OR 1=1 --',
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "$" + "{jndi:ldap://x}", // log4shell-style lookup string
  "__proto__",
  "constructor",
  "\u0000",
  "\u0007",
  "\u001b[31m",
  "\u007f",
  "\u200b",
  "\ufeff",
  "\ud800",
  "\udfff",
  "🦀",
  "é",
  "ﷺ",
  "\r\n",
  "\t",
  " ",
  "",
  "null",
  "true",
  "NaN",
  "1e309",
  "-0",
  "0x10",
  "2026-02-30T00:00:00Z",
];
const WORDS = [
  "login",
  "test",
  "src/app.ts",
  "npm",
  "vitest",
  "node",
  "error",
  "fix",
  "build",
  "TypeError",
  "deploy",
];

export function nastyString(rng: Rng, maxParts = 8): string {
  const parts: string[] = [];
  const n = 1 + int(rng, maxParts);
  for (let i = 0; i < n; i++) {
    const r = rng();
    if (r < 0.4) parts.push(pick(rng, NASTY));
    else if (r < 0.75) parts.push(pick(rng, WORDS));
    else if (r < 0.95) parts.push(String.fromCharCode(int(rng, 0x3000)));
    else parts.push("a".repeat(int(rng, 5000)));
  }
  return parts.join(rng() < 0.5 ? " " : "");
}

export function jsonValue(rng: Rng, depth = 0): unknown {
  const r = rng();
  if (depth > 3 || r < 0.3)
    return pick(rng, [null, true, false, 0, -1, 1.5, 1e308, -1e-308, "", nastyString(rng)]);
  if (r < 0.5) return nastyString(rng);
  if (r < 0.7) return Array.from({ length: int(rng, 5) }, () => jsonValue(rng, depth + 1));
  const obj: Record<string, unknown> = {};
  for (let i = int(rng, 5); i > 0; i--)
    obj[rng() < 0.2 ? "__proto__" : nastyString(rng, 2)] = jsonValue(rng, depth + 1);
  return obj;
}

/** Deep nesting that a recursive validator or serializer could choke on. */
export function deepNest(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

export function validEpisode(rng: Rng, groups: readonly string[]): Record<string, unknown> {
  const kind = pick(rng, EPISODE_KINDS);
  const files = Array.from(
    { length: int(rng, 3) },
    () => `src/${pick(rng, WORDS).replace(/\W/g, "")}${int(rng, 9)}.ts`,
  );
  const metadata: Record<string, unknown> =
    kind === "tool_call"
      ? {
          tool: pick(rng, ["bash", "edit", "read"]),
          args: { command: nastyString(rng, 3) },
          exitCode: int(rng, 3),
          files,
        }
      : kind === "todo"
        ? { todos: [{ content: nastyString(rng, 3), status: pick(rng, ["pending", "completed", 7]) }] }
        : kind === "error"
          ? { name: nastyString(rng, 1), message: nastyString(rng, 3), file: files[0] }
          : { file: files[0] ?? nastyString(rng, 2) };
  const ep: Record<string, unknown> = {
    group: pick(rng, groups),
    kind,
    content: nastyString(rng).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "") || "x",
    metadata,
  };
  if (rng() < 0.3) ep.id = `fz-${int(rng, 200)}`;
  if (rng() < 0.3)
    ep.occurredAt = new Date(Date.UTC(2000 + int(rng, 40), int(rng, 12), 1 + int(rng, 28))).toISOString();
  if (rng() < 0.2) ep.session = `s${int(rng, 5)}`;
  return ep;
}

/** A valid episode with one field broken, removed, or an extra hostile field added. */
export function mutatedEpisode(rng: Rng, groups: readonly string[]): Record<string, unknown> {
  const ep = validEpisode(rng, groups);
  const keys = ["id", "group", "kind", "content", "actor", "session", "occurredAt", "metadata"];
  const key = pick(rng, keys);
  const r = rng();
  if (r < 0.3) delete ep[key];
  else if (r < 0.8) ep[key] = jsonValue(rng);
  else ep[nastyString(rng, 1)] = jsonValue(rng);
  return ep;
}
