/** Episodes: writing one or a batch (idempotent on client ids), reading one back, forgetting one. */
import type { Hono } from "hono";
import { EpisodeBatchSchema, EpisodeInputSchema } from "../../model/schemas.js";
import { jsonBodyLimit, readJson } from "../body.js";
import type { ApiDeps, AppEnv } from "../env.js";
import { ApiError, parseOr400, parseQuery } from "../errors.js";
import { GroupQuerySchema, IdParamSchema } from "../schemas.js";

export function episodeRoutes(app: Hono<AppEnv>, { engine }: ApiDeps): void {
  app.post("/v1/episodes", jsonBodyLimit(), async (c) => {
    const input = await readJson(c, EpisodeInputSchema);
    // The engine records ingest count and latency itself (once per stored episode).
    const result = await engine.ingest(input);
    return c.json(result, result.created ? 201 : 200);
  });

  app.post("/v1/episodes/batch", jsonBodyLimit(), async (c) => {
    const { episodes } = await readJson(c, EpisodeBatchSchema);
    const results = await engine.ingestBatch(episodes);
    const created = results.filter((r) => r.created).length;
    return c.json({ results, created }, created > 0 ? 201 : 200);
  });

  app.get("/v1/episodes/:id", async (c) => {
    const id = parseOr400(IdParamSchema, c.req.param("id"), "episode id");
    const { group } = parseQuery(c, GroupQuerySchema);
    const found = await engine.episode(group, id);
    if (!found) throw new ApiError(404, `no episode ${id} in group ${group}`);
    return c.json(found);
  });

  app.delete("/v1/episodes/:id", async (c) => {
    const id = parseOr400(IdParamSchema, c.req.param("id"), "episode id");
    const { group } = parseQuery(c, GroupQuerySchema);
    if (!(await engine.forgetEpisode(group, id)))
      throw new ApiError(404, `no episode ${id} in group ${group}`);
    return c.json({ deleted: true as const });
  });
}
