/** Reading memory: hybrid search and the agent's context block, both timed as recall latency. */
import type { Hono } from "hono";
import { MEMORY_METRICS } from "../../metrics/names.js";
import { ContextQuerySchema, SearchQuerySchema } from "../../model/schemas.js";
import type { ApiDeps, AppEnv } from "../env.js";
import { parseOr400 } from "../errors.js";

export function recallRoutes(app: Hono<AppEnv>, { engine, metrics }: ApiDeps): void {
  app.get("/v1/search", async (c) => {
    const query = parseOr400(SearchQuerySchema, c.req.query(), "query");
    const result = await metrics.time(MEMORY_METRICS.recallLatency, { route: "search" }, () =>
      engine.search(query),
    );
    return c.json(result);
  });

  app.get("/v1/context", async (c) => {
    const query = parseOr400(ContextQuerySchema, c.req.query(), "query");
    const result = await metrics.time(MEMORY_METRICS.recallLatency, { route: "context" }, () =>
      engine.context(query),
    );
    return c.json(result);
  });
}
