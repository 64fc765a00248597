/**
 * One structured log line per HTTP request, with a request id that is also returned in the
 * X-Request-Id header (taken from the caller's header when sane, so a trace can cross services).
 * Logged: method, matched route pattern, status, duration. Not logged: query strings and bodies,
 * because search queries and episodes are memory content.
 */
import type { MiddlewareHandler } from "hono";
import { MEMORY_METRICS } from "../metrics/names.js";
import type { Metrics } from "../metrics/registry.js";
import { type Logger, requestId } from "./logger.js";

export type RequestLogEnv = { Variables: { requestId: string; log: Logger } };

export interface RequestLogOptions {
  logger: Logger;
  /** When given, counts ocm.memory.http.requests{route,status}. */
  metrics?: Metrics;
}

export function requestLog(options: RequestLogOptions): MiddlewareHandler<RequestLogEnv> {
  return async (c, next) => {
    const id = requestId(c.req.header("x-request-id"));
    const log = options.logger.child({ reqId: id });
    c.set("requestId", id);
    c.set("log", log);
    c.header("X-Request-Id", id);
    const start = performance.now();
    let failed = false;
    try {
      await next();
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      const status = failed ? 500 : c.res.status;
      // routePath is the pattern ("/v1/groups/:group"), so ids do not explode the route tag.
      const route = c.req.routePath || "unmatched";
      const ms = Math.round((performance.now() - start) * 10) / 10;
      const fields = { method: c.req.method, route, status, ms };
      if (status >= 500) log.error(fields, "request failed");
      else log.info(fields, "request");
      options.metrics?.inc(MEMORY_METRICS.httpRequests, 1, { route, status });
    }
  };
}
