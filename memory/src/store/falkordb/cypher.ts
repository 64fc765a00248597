/** A query as the store sends it: fixed text plus normalised parameters, built by pure functions. */
import { normaliseParams, type Params } from "./params.js";

export interface Cypher {
  text: string;
  params: Params;
}

export function cypher(text: string, params: Record<string, unknown> = {}): Cypher {
  return { text, params: normaliseParams(params) };
}

/** Datetimes in one canonical form: `toISOString()` (UTC, milliseconds), whatever form came in. */
export function iso(value: string, field: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new RangeError(`${field} is not an ISO-8601 datetime: ${JSON.stringify(value)}`);
  return new Date(t).toISOString();
}

export function isoOrNull(value: string | null | undefined, field: string): string | null {
  return value === null || value === undefined ? null : iso(value, field);
}

/**
 * Strictly increasing numbers for `seq` (insertion order): microseconds since the epoch, bumped
 * past the last one issued, so they also keep rising across restarts. Safe integers until 2255.
 */
export class Sequence {
  private last = 0;
  next(): number {
    this.last = Math.max(Date.now() * 1000, this.last + 1);
    return this.last;
  }
}

/**
 * `vecf32(...)` over a list expression, with every element made a float first: the client prints
 * 1.0 as `1`, an integer, and vecf32 wants floats. `toFloat` is no help (FalkorDB 4.20 returns an
 * integer for an integer, FalkorDB#2223); multiplying by 1.0 always yields a float.
 */
export function vecf32(listExpr: string): string {
  return `vecf32([vx IN ${listExpr} | vx * 1.0])`;
}

/** A plain number array for `vecf32(...)`: a Float32Array would not print as a list. */
export function vectorParam(v: Float32Array): number[] {
  return Array.from(v);
}
