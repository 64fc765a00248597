/**
 * Reading memory: hybrid search and the agent's context block. The engine times both as recall
 * latency (labelled by route), so a request is counted once.
 */
import type { Hono } from "hono";
import { ContextQuerySchema, SearchQuerySchema } from "../../model/schemas.js";
import type { ApiDeps, AppEnv } from "../env.js";
import { parseQuery } from "../errors.js";

export function recallRoutes(app: Hono<AppEnv>, { engine }: ApiDeps): void {
  app.get("/v1/search", async (c) => {
    const query = parseQuery(c, SearchQuerySchema);
    return c.json(await engine.search(query));
  });

  app.get("/v1/context", async (c) => {
    const query = parseQuery(c, ContextQuerySchema);
    return c.json(await engine.context(query));
  });
}
