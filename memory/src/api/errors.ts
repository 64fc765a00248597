/**
 * One error shape for every client-facing failure: `{error, details?}` with a 4xx status for
 * anything the client sent, and a 500 only for real server faults (logged with the request id,
 * never echoing internals to the client).
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import type { Logger } from "../observability/logger.js";
import type { AppEnv } from "./env.js";

export interface ErrorBody {
  error: string;
  details?: unknown;
}

/** A client error with a status and a message meant for the client. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Zod issues as `{path, message}` pairs: short, and they name the field. */
export function zodDetails(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    message: issue.message,
  }));
}

/** Parse with a schema, or throw a 400 naming the first bad field. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = zodDetails(parsed.error);
  const first = details[0];
  throw new ApiError(400, `invalid ${what}${first ? `: ${first.path}: ${first.message}` : ""}`, details);
}

/**
 * A route's query string: every name once (a repeated `group=` is ambiguous) and only the names the
 * route takes (a misspelt `kinds=` would otherwise be ignored in silence and answer another question).
 */
export function parseQuery<S extends z.ZodObject>(c: Context, schema: S): z.output<S> {
  const known = Object.keys(schema.shape);
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (!known.includes(name))
      throw new ApiError(
        400,
        `invalid query: unknown parameter "${name.slice(0, 64)}"; this route takes ${known.join(", ")}`,
      );
    if (values.length > 1)
      throw new ApiError(400, `invalid query: ${name}: given ${values.length} times, expected once`);
  }
  return parseOr400(schema, c.req.query(), "query");
}

export function errorResponse(c: Context, status: ContentfulStatusCode, body: ErrorBody): Response {
  return c.json(body, status);
}

/** Hono's onError: client errors pass through, everything else is a logged 500. */
export function handleError(logger: Logger) {
  return (err: Error, c: Context<AppEnv>): Response => {
    if (err instanceof ApiError) {
      return errorResponse(c, err.status, {
        error: err.message,
        ...(err.details === undefined ? {} : { details: err.details }),
      });
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      return errorResponse(c, status, { error: err.message || "request failed" });
    }
    logger.error(
      {
        err: { name: err.name, message: err.message, stack: err.stack },
        route: c.req.routePath,
        method: c.req.method,
        reqId: c.get("requestId"),
      },
      "unhandled error",
    );
    return errorResponse(c, 500, {
      error: "internal server error",
      details: { requestId: c.get("requestId") },
    });
  };
}
