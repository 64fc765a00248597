/**
 * Bearer auth for /v1. The comparison is constant-time over SHA-256 digests, so neither the
 * token's content nor its length leaks through response timing.
 *
 * Without a token the server only listens on loopback (config.ts enforces it). That still leaves
 * two ways in from a browser, which this middleware closes: DNS rebinding (a page on evil.example
 * re-pointed at 127.0.0.1) is refused by checking the Host header, and cross-site "simple" POSTs
 * are refused by the JSON/NDJSON content-type requirement in the body readers.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { ApiError } from "./errors.js";
import type { AppEnv } from "./env.js";

const digest = (value: string) => createHash("sha256").update(value).digest();

export function tokenMatches(expected: string, presented: string): boolean {
  return timingSafeEqual(digest(expected), digest(presented));
}

const LOOPBACK_HOST_HEADER = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;

export function bearerAuth(token: string | null): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (token === null) {
      const host = c.req.header("host");
      // app.request() in tests has no Host header; a real HTTP/1.1 client always sends one.
      if (host !== undefined && !LOOPBACK_HOST_HEADER.test(host)) {
        throw new ApiError(
          403,
          "this server has no MEMORY_TOKEN and only answers requests addressed to loopback",
        );
      }
      return next();
    }
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!match) {
      c.header("WWW-Authenticate", 'Bearer realm="memory"');
      throw new ApiError(401, "missing bearer token: send `Authorization: Bearer <MEMORY_TOKEN>`");
    }
    if (!tokenMatches(token, match[1] ?? "")) {
      c.header("WWW-Authenticate", 'Bearer realm="memory", error="invalid_token"');
      throw new ApiError(401, "invalid bearer token");
    }
    return next();
  };
}
