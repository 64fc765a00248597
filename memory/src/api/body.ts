/**
 * Request bodies, read defensively. JSON bodies are capped at 1 MiB whatever the framing: Hono's
 * bodyLimit checks Content-Length and, for chunked bodies, counts bytes as they stream. NDJSON
 * imports are read line by line with their own caps, so a large export can come back in without
 * being one giant string.
 */
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { z } from "zod";
import type { AppEnv } from "./env.js";
import { ApiError, parseOr400, zodDetails } from "./errors.js";

export const MAX_JSON_BODY_BYTES = 1024 * 1024;
/** An import may be a whole group's export; each line is still capped like a JSON body. */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;
export const MAX_IMPORT_LINE_BYTES = MAX_JSON_BODY_BYTES;

export function jsonBodyLimit(maxSize = MAX_JSON_BODY_BYTES): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    onError: (c) => {
      // The rest of the body is never read: tell the client not to reuse this connection for its next request.
      c.header("Connection", "close");
      throw new ApiError(413, `request body is larger than ${maxSize} bytes`);
    },
  });
}

/**
 * Requiring the media type is also a CSRF guard: a cross-site page can only send text/plain or
 * form bodies without a CORS preflight, and this server answers no preflight.
 */
function requireMediaType(c: Context<AppEnv>, accepted: string[]): void {
  const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!accepted.includes(type)) {
    throw new ApiError(415, `Content-Type must be ${accepted.join(" or ")}`, { received: type || null });
  }
}

/** Read, parse and validate a JSON body. */
export async function readJson<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.output<S>> {
  requireMediaType(c, ["application/json"]);
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    throw new ApiError(400, "could not read the request body");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, `malformed JSON: ${(err as Error).message}`);
  }
  return parseOr400(schema, value, "body");
}

/**
 * Every line of an NDJSON body, validated, in order. A bad line throws a 400 naming its line
 * number; because nothing is handed to the engine before the whole body validated, a bad line
 * leaves the store untouched.
 */
export async function readNdjson<S extends z.ZodType>(
  c: Context<AppEnv>,
  schema: S,
): Promise<Array<z.output<S>>> {
  requireMediaType(c, ["application/x-ndjson", "application/jsonl", "application/json"]);
  const body = c.req.raw.body;
  if (!body) return [];
  const out: Array<z.output<S>> = [];
  let lineNo = 0;
  let total = 0;
  const handle = (line: string) => {
    lineNo += 1;
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw lineError(400, lineNo, `malformed JSON: ${(err as Error).message}`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      // The same {path, message} pairs every other 400 lists, each path prefixed with its line.
      const issues = zodDetails(parsed.error).slice(0, 5);
      const first = issues[0];
      throw new ApiError(
        400,
        `line ${lineNo}: ${first ? `${first.path}: ${first.message}` : "invalid"}`,
        issues.map((i) => ({ path: `line ${lineNo}: ${i.path}`, message: i.message })),
      );
    }
    out.push(parsed.data);
  };

  const decoder = new TextDecoder("utf-8", { fatal: true });
  let pending = "";
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_IMPORT_BYTES)
        throw new ApiError(413, `import is larger than ${MAX_IMPORT_BYTES} bytes`);
      try {
        pending += decoder.decode(value, { stream: true });
      } catch {
        throw lineError(400, lineNo + 1, "not valid UTF-8");
      }
      if (pending.includes("\n")) {
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) handle(line);
      }
      if (pending.length > MAX_IMPORT_LINE_BYTES) {
        throw lineError(413, lineNo + 1, `longer than ${MAX_IMPORT_LINE_BYTES} bytes`);
      }
    }
    pending += decoder.decode();
  } catch (err) {
    // Stop reading; what is left of the body is discarded with the connection.
    c.header("Connection", "close");
    await reader.cancel().catch(() => {});
    if (err instanceof ApiError) throw err;
    if (err instanceof TypeError) throw lineError(400, lineNo + 1, "not valid UTF-8");
    throw err;
  }
  if (pending !== "") handle(pending);
  return out;
}

/** "line N: ..." with details in the `{path, message}` shape every other error uses. */
function lineError(status: 400 | 413, line: number, message: string): ApiError {
  return new ApiError(status, `line ${line}: ${message}`, [{ path: `line ${line}`, message }]);
}
