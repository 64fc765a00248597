/** Liveness, readiness and Prometheus metrics: unauthenticated, and free of memory content. */
import type { Hono } from "hono";
import type { ApiDeps, AppEnv } from "../env.js";

export function healthRoutes(app: Hono<AppEnv>, { engine, metrics }: ApiDeps): void {
  // Liveness: the process answers. Deliberately no store call, so a slow disk never gets us killed.
  app.get("/healthz", (c) => c.json({ ok: true }));

  app.get("/readyz", async (c) => {
    const report = await engine.health().catch((err: Error) => ({
      ok: false,
      store: { ok: false, backend: "unknown", error: err.message },
      cache: { ok: false, backend: null, error: err.message },
    }));
    return c.json(report, report.ok ? 200 : 503);
  });

  app.get("/metrics", async (c) =>
    c.body(await metrics.prometheus(), 200, { "Content-Type": metrics.contentType }),
  );
}
