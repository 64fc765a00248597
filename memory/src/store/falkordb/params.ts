/**
 * Query parameters. FalkorDB takes no out-of-band parameters: they are printed as Cypher literals
 * in front of the query (`CYPHER k=v ... MATCH ...`), key names unquoted, numbers with
 * `toString()`, objects by walking their own keys. Left to the `falkordb` client, `undefined`
 * throws deep inside it, a `Date` becomes `{}`, `NaN` / `Infinity` / `1e+21` are not Cypher, and a
 * key such as `a b` or `x}) DETACH DELETE (n` would be spliced into the query text. Every parameter
 * goes through `normaliseParams` first, which turns the value into something that prints as exactly
 * one literal of the same meaning, or throws naming the offending path; `renderParams` prints it.
 */

/** The parameter shape the client accepts (mirrors its QueryParams type). */
export type ParamValue = null | string | number | boolean | ParamValue[] | { [key: string]: ParamValue };
export type Params = { [key: string]: ParamValue };

/** Identifiers Cypher reads unquoted, as both parameter names and map keys. */
const SAFE_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Past this magnitude `toString()` switches to `1e+21`, which Cypher does not parse. */
const MAX_MAGNITUDE = 1e21;
const MAX_DEPTH = 8;

export class ParamError extends Error {
  override name = "ParamError";
}

export function isSafeKey(key: string): boolean {
  return SAFE_KEY.test(key);
}

export function normaliseParams(params: Record<string, unknown>): Params {
  const out: Params = {};
  for (const [key, value] of Object.entries(params)) {
    if (!isSafeKey(key))
      throw new ParamError(`parameter name ${JSON.stringify(key)} is not a safe identifier`);
    out[key] = normaliseValue(value, key, 0);
  }
  return out;
}

function normaliseValue(value: unknown, path: string, depth: number): ParamValue {
  if (depth > MAX_DEPTH) throw new ParamError(`parameter ${path} is nested too deeply`);
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "string":
      return value;
    case "boolean":
      return value;
    case "number":
      return normaliseNumber(value, path);
    case "bigint":
      if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new ParamError(`parameter ${path} is an integer outside the safe range`);
      }
      return Number(value);
    case "object":
      break;
    default:
      throw new ParamError(`parameter ${path} has unsupported type ${typeof value}`);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ParamError(`parameter ${path} is an invalid Date`);
    // One canonical datetime form everywhere: the ISO string the rest of the store compares.
    return value.toISOString();
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const out: ParamValue[] = [];
    const items = value as unknown as ArrayLike<number | bigint>;
    for (let i = 0; i < items.length; i++) out.push(normaliseValue(items[i], `${path}[${i}]`, depth + 1));
    return out;
  }
  if (Array.isArray(value)) return value.map((v, i) => normaliseValue(v, `${path}[${i}]`, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new ParamError(`parameter ${path} is a ${proto?.constructor?.name ?? "non-plain"} object`);
  }
  const out: { [key: string]: ParamValue } = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (!isSafeKey(key)) throw new ParamError(`parameter ${path} has an unsafe key ${JSON.stringify(key)}`);
    out[key] = normaliseValue(v, `${path}.${key}`, depth + 1);
  }
  return out;
}

function normaliseNumber(n: number, path: string): number {
  if (!Number.isFinite(n)) throw new ParamError(`parameter ${path} is not a finite number`);
  if (Math.abs(n) >= MAX_MAGNITUDE)
    throw new ParamError(`parameter ${path} is too large to print as a literal`);
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) {
    throw new ParamError(`parameter ${path} is an integer outside the safe range`);
  }
  // -0 prints as "0" anyway; normalise so equality checks in tests are plain.
  return Object.is(n, -0) ? 0 : n;
}

/**
 * Prints parameters as the `CYPHER k=v ...` header FalkorDB reads in front of a query. We print it
 * ourselves instead of letting the client do it: the client escapes only `"` and `\`, and a raw
 * newline inside a string breaks the header on some server versions (falkordb-py#201), a NUL fails
 * the whole query (graphiti#1525). Here strings escape `\`, `"`, newline, carriage return and tab
 * with the standard Cypher escapes; other C0 control characters (which the API refuses anyway)
 * become U+FFFD rather than reaching the parser.
 */
export function renderParams(params: Params): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${renderValue(v)}`)
    .join(" ");
}

/** The full query text to send: the parameter header, then the query. */
export function withParams(text: string, params: Params): string {
  const header = renderParams(params);
  return header ? `CYPHER ${header} ${text}` : text;
}

const ESCAPES: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" };

export function renderString(s: string): string {
  return `"${s.replace(/[\\"\n\r\t]/g, (c) => ESCAPES[c] as string).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "\uFFFD")}"`;
}

function renderValue(v: ParamValue): string {
  if (v === null) return "null";
  if (typeof v === "string") return renderString(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(renderValue).join(",")}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${k}:${renderValue(x)}`)
    .join(",")}}`;
}
