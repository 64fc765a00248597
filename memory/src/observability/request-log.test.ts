import { Writable } from "node:stream";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { Metrics } from "../metrics/registry.js";
import { createLogger } from "./logger.js";
import { type RequestLogEnv, requestLog } from "./request-log.js";

describe("requestLog", () => {
  it("logs route pattern, status and id, never the query, and counts the request", async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk, _enc, cb) {
        for (const l of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(l));
        cb();
      },
    });
    const metrics = new Metrics();
    const app = new Hono<RequestLogEnv>();
    app.use("*", requestLog({ logger: createLogger({ destination }), metrics }));
    app.get("/v1/groups/:group/search", (c) => c.json({ id: c.get("requestId") }));

    const res = await app.request("/v1/groups/g1/search?q=my+secret+plan", {
      headers: { "x-request-id": "abc-123" },
    });
    expect(res.headers.get("x-request-id")).toBe("abc-123");
    expect(await res.json()).toEqual({ id: "abc-123" });
    const fresh = await app.request("/v1/groups/g1/search", {
      headers: { "x-request-id": "bad id with spaces" },
    });
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    expect(lines[0]).toMatchObject({ reqId: "abc-123", route: "/v1/groups/:group/search", status: 200 });
    expect(JSON.stringify(lines)).not.toContain("secret");
    expect(await metrics.prometheus()).toMatch(
      /ocm_memory_http_requests_total\{route="\/v1\/groups\/:group\/search",status="200"\} 2/,
    );
  });
});
