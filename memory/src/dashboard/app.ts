/**
 * The dashboard: a Hono sub-app the memory service mounts under /dashboard. Server-rendered HTML
 * with htmx for the live bits (search as you type, forget, overview refresh). Every route needs a
 * principal (see auth.ts) except the login form and the static assets.
 */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, setCookie } from "hono/cookie";
import { secureHeaders } from "hono/secure-headers";
import { z } from "zod";
import type { MemoryEngine } from "../engine/interface.js";
import type { Metrics } from "../metrics/registry.js";
import {
  EpisodeIdSchema,
  GroupSchema,
  IdSchema,
  IsoDateSchema,
  SafeText,
  SearchQuerySchema,
} from "../model/schemas.js";
import type { Logger } from "../observability/logger.js";
import { loadAssets } from "./assets.js";
import {
  type DashboardEnv,
  requireAdmin,
  requireAuth,
  SESSION_COOKIE,
  safeNext,
  sameOriginOnly,
} from "./auth.js";
import { gatherOverview } from "./overview-data.js";
import { roleForToken, SessionSigner } from "./session.js";
import { entityPage } from "./views/entity.js";
import { episodesPage, forgottenFragment } from "./views/episodes.js";
import type { PageContext } from "./views/layout.js";
import { messagePage } from "./views/layout.js";
import { loginPage } from "./views/login.js";
import { overviewPage, overviewStats } from "./views/overview.js";
import { searchPage, searchResults } from "./views/search.js";

export interface DashboardOptions {
  engine: MemoryEngine;
  metrics: Metrics;
  /** The memory token (MEMORY_TOKEN): full access, and the key sessions are signed with. */
  token: string;
  /** MEMORY_READONLY_TOKEN: can view, cannot forget (for the public Cloudflare name). */
  readOnlyToken?: string;
  /** BACKUP_STATUS_FILE: the JSON the backup job writes after each successful run. */
  backupStatusFile: string;
  /** Where the parent app mounts the dashboard. */
  basePath?: string;
  sessionTtlSeconds?: number;
  /** "auto": Secure cookie when the request came over HTTPS (directly or X-Forwarded-Proto). */
  secureCookies?: boolean | "auto";
  logger?: Logger;
}

const LoginSchema = z.object({ token: z.string().min(1).max(1024), next: z.string().max(2048).optional() });
/** The older page starts after the last episode shown: its time, and its id for ties. */
const EpisodeLogQuery = z.object({
  session: SafeText(128).min(1).optional(),
  before: IsoDateSchema.optional(),
  beforeId: EpisodeIdSchema.optional(),
});
const PAGE_SIZE = 50;

/** Strict CSP: only our own script and stylesheet; no inline code, no framing, forms post home only. */
const CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
};

export function createDashboard(options: DashboardOptions): Hono<DashboardEnv> {
  const base = options.basePath ?? "/dashboard";
  const ttl = options.sessionTtlSeconds ?? 12 * 3600;
  const signer = new SessionSigner(options.token, ttl);
  const assets = loadAssets();
  const { engine, metrics } = options;
  const app = new Hono<DashboardEnv>();

  app.use("*", secureHeaders({ contentSecurityPolicy: CSP, referrerPolicy: "no-referrer" }));
  app.use("*", bodyLimit({ maxSize: 16 * 1024 }));
  app.use("*", sameOriginOnly());
  app.use("*", requireAuth({ signer, token: options.token, readOnlyToken: options.readOnlyToken, base }));
  app.use("*", async (c, next) => {
    await next();
    // Pages hold memory content: never cache them anywhere.
    if (!c.req.path.startsWith(`${base}/static/`)) c.header("Cache-Control", "no-store");
  });

  const ctxOf = (c: { get(key: "principal"): DashboardEnv["Variables"]["principal"] }): PageContext => {
    const p = c.get("principal");
    return { base, role: p.role, csrf: p.session ? signer.csrfToken(p.session) : null };
  };
  const anon: PageContext = { base, role: null, csrf: null };

  app.get("/static/:name", (c) => {
    const a = assets[c.req.param("name")];
    if (!a) return c.notFound();
    if (c.req.header("if-none-match") === a.etag) return c.body(null, 304);
    c.header("ETag", a.etag);
    c.header("Cache-Control", "public, max-age=3600");
    c.header("Content-Type", a.type);
    return c.body(a.body);
  });

  app.get("/login", (c) => c.html(loginPage(anon, safeNext(base, c.req.query("next")))));

  app.post("/login", async (c) => {
    const parsed = LoginSchema.safeParse(await c.req.parseBody());
    const next = safeNext(base, parsed.success ? parsed.data.next : undefined);
    const role = parsed.success
      ? roleForToken(parsed.data.token, options.token, options.readOnlyToken)
      : null;
    if (!role) {
      options.logger?.warn({ event: "dashboard.login_failed" }, "dashboard login refused");
      return c.html(loginPage(anon, next, "That token is not valid."), 401);
    }
    const { cookie } = signer.issue(role);
    setCookie(c, SESSION_COOKIE, cookie, {
      path: base,
      httpOnly: true,
      sameSite: "Strict",
      secure: isSecure(c.req.url, c.req.header("x-forwarded-proto"), options.secureCookies ?? "auto"),
      maxAge: ttl,
    });
    options.logger?.info({ event: "dashboard.login", role }, "dashboard login");
    return c.redirect(next, 303);
  });

  app.post("/logout", (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: base });
    return c.redirect(`${base}/login`, 303);
  });

  const overview = async (c: Context<DashboardEnv>) =>
    c.html(overviewPage(ctxOf(c), await gatherOverview(engine, metrics, options.backupStatusFile)));
  app.get("/", overview);
  // Mounted with app.route(base, ...), the sub-app's "/" becomes `${base}` without the slash, while
  // the nav links and the post-login target are `${base}/`: serve the overview there too.
  app.use("*", async (c, next) =>
    c.req.method === "GET" && c.req.path === `${base}/` ? overview(c) : next(),
  );
  app.get("/partials/overview", async (c) =>
    c.html(overviewStats(ctxOf(c), await gatherOverview(engine, metrics, options.backupStatusFile))),
  );

  app.get("/search", async (c) => {
    const groups = await engine.groups();
    const group = c.req.query("group") ?? groups[0]?.group ?? "";
    const q = c.req.query("q") ?? "";
    const history = c.req.query("history") === "true";
    let results = null;
    if (q.trim() && group) {
      const parsed = SearchQuerySchema.safeParse({ group, q, limit: 20, history });
      if (!parsed.success)
        return c.html(messagePage(ctxOf(c), "Bad search", parsed.error.issues[0]?.message ?? ""), 400);
      results = searchResults(ctxOf(c), group, await engine.search(parsed.data));
    }
    return c.html(searchPage(ctxOf(c), groups, { group, q, history }, results));
  });

  app.get("/search/results", async (c) => {
    const q = c.req.query("q") ?? "";
    if (!q.trim()) return c.html("");
    const parsed = SearchQuerySchema.safeParse({
      group: c.req.query("group"),
      q,
      limit: 20,
      history: c.req.query("history") === "true",
    });
    if (!parsed.success) return c.html(`<p class="error">Bad search.</p>`, 400);
    return c.html(searchResults(ctxOf(c), parsed.data.group, await engine.search(parsed.data)));
  });

  app.get("/groups/:group/entities/:id", async (c) => {
    const group = GroupSchema.safeParse(c.req.param("group"));
    const id = IdSchema.safeParse(c.req.param("id"));
    if (!group.success || !id.success)
      return c.html(messagePage(ctxOf(c), "Bad request", "Bad group or id."), 400);
    const timeline = await engine.entity(group.data, id.data);
    if (!timeline) return c.html(messagePage(ctxOf(c), "Not found", "No such entity in this group."), 404);
    return c.html(entityPage(ctxOf(c), group.data, timeline));
  });

  app.get("/groups/:group/episodes", async (c) => {
    const group = GroupSchema.safeParse(c.req.param("group"));
    const query = EpisodeLogQuery.safeParse(c.req.query());
    if (!group.success || !query.success) {
      return c.html(messagePage(ctxOf(c), "Bad request", "Bad group, session or cursor."), 400);
    }
    const page = await engine.listEpisodes(group.data, { ...query.data, limit: PAGE_SIZE + 1 });
    const episodes = page.slice(0, PAGE_SIZE);
    const last = episodes.at(-1);
    return c.html(
      episodesPage(ctxOf(c), {
        group: group.data,
        session: query.data.session,
        episodes,
        older: page.length > PAGE_SIZE && last ? { before: last.occurredAt, beforeId: last.id } : undefined,
      }),
    );
  });

  app.delete("/groups/:group/episodes/:id", async (c) => {
    if (!requireAdmin(c)) return c.text("read-only access cannot forget", 403);
    const group = GroupSchema.safeParse(c.req.param("group"));
    const id = EpisodeIdSchema.safeParse(c.req.param("id"));
    if (!group.success || !id.success) return c.text("bad group or episode id", 400);
    const forgotten = await engine.forgetEpisode(group.data, id.data);
    if (!forgotten) return c.text("no such episode", 404);
    options.logger?.info(
      { event: "dashboard.forget", group: group.data, episode: id.data },
      "episode forgotten",
    );
    return c.html(forgottenFragment(id.data));
  });

  app.onError((err, c) => {
    options.logger?.error(
      { err: { name: err.name, message: err.message }, path: c.req.path },
      "dashboard error",
    );
    return c.text("internal error", 500);
  });

  return app;
}

function isSecure(url: string, forwardedProto: string | undefined, mode: boolean | "auto"): boolean {
  if (mode !== "auto") return mode;
  return url.startsWith("https:") || forwardedProto?.split(",")[0]?.trim() === "https";
}
