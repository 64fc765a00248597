/**
 * Test helpers: fixtures with hostile text in every user field, and a structural check of generated
 * Cypher (no live server here, so a typo must be caught by shape: balanced brackets, every $param
 * supplied and every supplied param used, parameters printable as one-line literals).
 */
import type { Entity, Episode, Fact, IngestResult } from "../../model/types.js";
import type { Cypher } from "./cypher.js";
import { withParams } from "./params.js";

/** Put into every user-controlled string: it must never reach query text. */
export const MARK = "INJECT'\"`}) DETACH DELETE (x) //";

export function episode(over: Partial<Episode> = {}): Episode {
  return {
    id: `ep-1${MARK}`,
    group: "g1",
    kind: "note",
    content: `content ${MARK}\nsecond line`,
    actor: null,
    session: `s-${MARK}`,
    occurredAt: "2024-01-02T03:04:05.000Z",
    createdAt: "2024-01-02T03:04:06.000Z",
    metadata: { "odd key": MARK, n: 1 },
    ...over,
  };
}

export function entity(over: Partial<Entity> = {}): Entity {
  return {
    id: `en-1${MARK}`,
    group: "g1",
    name: `Name ${MARK}`,
    key: `src/${MARK}`,
    type: "file",
    summary: `summary ${MARK}`,
    createdAt: "2024-01-01T00:00:00.000Z",
    updatedAt: "2024-01-02T00:00:00.000Z",
    ...over,
  };
}

export function fact(over: Partial<Fact> = {}): Fact {
  return {
    id: `f-1${MARK}`,
    group: "g1",
    subjectId: `en-1${MARK}`,
    predicate: `uses ${MARK}`,
    objectId: `en-2${MARK}`,
    text: `fact ${MARK}`,
    validAt: "2024-01-01T00:00:00.000Z",
    invalidAt: null,
    createdAt: "2024-01-01T00:00:01.000Z",
    expiredAt: null,
    episodeIds: [`ep-1${MARK}`],
    invalidatedBy: null,
    ...over,
  };
}

export function result(id: string): IngestResult {
  return { id, created: true, entities: [], facts: [], invalidated: [] };
}

/** Throws with a reason when the query is not well-formed by shape. */
export function checkCypher(q: Cypher): void {
  const problems: string[] = [];
  if (q.text.includes("INJECT")) problems.push("a user value reached the query text");
  // Brackets balance outside single-quoted literals (the only literals we write are constants).
  const stack: string[] = [];
  const pairs: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
  let quoted = false;
  for (const ch of q.text) {
    if (ch === "'") quoted = !quoted;
    if (quoted) continue;
    if (ch === "(" || ch === "[" || ch === "{") stack.push(ch);
    else if (ch in pairs && stack.pop() !== pairs[ch]) problems.push(`unbalanced ${ch}`);
  }
  if (quoted) problems.push("unterminated quote");
  if (stack.length) problems.push(`unclosed ${stack.join("")}`);
  const used = new Set([...q.text.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] as string));
  for (const name of used) if (!(name in q.params)) problems.push(`$${name} is not supplied`);
  for (const name of Object.keys(q.params)) if (!used.has(name)) problems.push(`param ${name} is never used`);
  const sent = withParams(q.text, q.params);
  if (/undefined|\[object |NaN|Infinity/.test(sent)) problems.push("a parameter does not print as a literal");
  // The header must not add lines: a raw newline from a value would split it.
  if (sent.split("\n").length !== q.text.split("\n").length)
    problems.push("a parameter printed a raw newline");
  if (problems.length) throw new Error(`${problems.join("; ")}\n${q.text}`);
}
