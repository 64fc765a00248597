/**
 * The HTTP API as a Hono app: request log and metrics, auth on /v1, the routes, the OpenAPI
 * document, and one error handler. It holds no state of its own; server.ts gives it a port.
 */
import { Hono } from "hono";
import { requestLog } from "../observability/request-log.js";
import { bearerAuth } from "./auth.js";
import type { ApiDeps, AppEnv } from "./env.js";
import { handleError } from "./errors.js";
import { openApiDocument } from "./openapi.js";
import { episodeRoutes } from "./routes/episodes.js";
import { graphRoutes } from "./routes/graph.js";
import { healthRoutes } from "./routes/health.js";
import { recallRoutes } from "./routes/recall.js";
import { transferRoutes } from "./routes/transfer.js";

export type { ApiDeps } from "./env.js";

export function createApp(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", requestLog({ logger: deps.logger, metrics: deps.metrics }));
  app.use("/v1/*", bearerAuth(deps.token));

  episodeRoutes(app, deps);
  recallRoutes(app, deps);
  graphRoutes(app, deps);
  transferRoutes(app, deps);
  healthRoutes(app, deps);

  const document = openApiDocument();
  app.get("/openapi.json", (c) => c.json(document));

  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}; see /openapi.json` }, 404));
  app.onError(handleError(deps.logger));
  return app;
}
