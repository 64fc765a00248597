/** Entities with their fact timeline, and whole groups: list with stats, delete. */
import type { Hono } from "hono";
import { GroupSchema } from "../../model/schemas.js";
import type { ApiDeps, AppEnv } from "../env.js";
import { ApiError, parseOr400, parseQuery } from "../errors.js";
import { GroupQuerySchema, IdParamSchema } from "../schemas.js";

export function graphRoutes(app: Hono<AppEnv>, { engine }: ApiDeps): void {
  app.get("/v1/entities/:id", async (c) => {
    const id = parseOr400(IdParamSchema, c.req.param("id"), "entity id");
    const { group } = parseQuery(c, GroupQuerySchema);
    const timeline = await engine.entity(group, id);
    if (!timeline) throw new ApiError(404, `no entity ${id} in group ${group}`);
    return c.json(timeline);
  });

  app.get("/v1/groups", async (c) => c.json({ groups: await engine.groups() }));

  app.delete("/v1/groups/:group", async (c) => {
    const group = parseOr400(GroupSchema, c.req.param("group"), "group");
    if (!(await engine.deleteGroup(group))) throw new ApiError(404, `no group ${group}`);
    return c.json({ deleted: true as const });
  });
}
