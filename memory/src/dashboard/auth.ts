/**
 * Who is asking, and may they? Two ways in: `Authorization: Bearer <token>` (scripts, curl) or the
 * signed session cookie set by the login form (browsers). Anything else gets a redirect to the login
 * page (a browser navigating) or 401 (htmx, API-ish and unsafe requests). Cookie-authenticated unsafe
 * requests must also carry the session's CSRF token; bearer requests need none (no ambient
 * credential for another site to ride on).
 */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { type Role, type Session, type SessionSigner, roleForToken } from "./session.js";

export const SESSION_COOKIE = "ocm_dashboard";

export interface Principal {
  role: Role;
  /** The cookie session, or null when the bearer header authenticated the request. */
  session: Session | null;
}

export type DashboardEnv = { Variables: { principal: Principal } };

export interface AuthOptions {
  signer: SessionSigner;
  token: string;
  readOnlyToken?: string;
  base: string;
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Paths reachable without a principal: the login form and the public static assets. */
export function isPublicPath(base: string, path: string): boolean {
  return path === `${base}/login` || path.startsWith(`${base}/static/`);
}

export function authenticate(c: Context, opts: AuthOptions): Principal | null | "bad-bearer" {
  const header = c.req.header("authorization");
  if (header !== undefined) {
    const m = /^Bearer\s+(\S{1,1024})\s*$/i.exec(header);
    const role = m?.[1] ? roleForToken(m[1], opts.token, opts.readOnlyToken) : null;
    // A wrong bearer is an error even if a cookie is present: never fall back silently.
    return role ? { role, session: null } : "bad-bearer";
  }
  const session = opts.signer.verify(getCookie(c, SESSION_COOKIE));
  return session ? { role: session.role, session } : null;
}

/** Where to send a browser that must log in, remembering where it wanted to go. */
export function loginRedirect(c: Context, base: string): string {
  const url = new URL(c.req.url);
  return `${base}/login?${new URLSearchParams({ next: url.pathname + url.search }).toString()}`;
}

/** Only same-site relative paths under the dashboard may be a post-login target (no open redirect). */
export function safeNext(base: string, next: unknown): string {
  if (typeof next !== "string" || next.length > 2048) return `${base}/`;
  if (!next.startsWith(`${base}/`) || next.startsWith("//") || /[\\\s]/.test(next)) return `${base}/`;
  return next;
}

export function requireAuth(opts: AuthOptions): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    if (isPublicPath(opts.base, c.req.path)) return next();
    const principal = authenticate(c, opts);
    if (principal === null || principal === "bad-bearer") {
      const browserNavigation = c.req.method === "GET" && !c.req.header("hx-request") && principal === null;
      if (browserNavigation) return c.redirect(loginRedirect(c, opts.base), 302);
      // htmx follows HX-Redirect with a full navigation (session expired mid-page).
      if (c.req.header("hx-request")) c.header("HX-Redirect", `${opts.base}/login`);
      c.header("WWW-Authenticate", 'Bearer realm="memory"');
      return c.text("authentication required", 401);
    }
    if (UNSAFE.has(c.req.method) && principal.session) {
      const presented = c.req.header("x-csrf-token") ?? (await formField(c, "_csrf"));
      if (!opts.signer.checkCsrf(principal.session, presented))
        return c.text("bad or missing CSRF token", 403);
    }
    c.set("principal", principal);
    return next();
  };
}

/**
 * Browsers say where a request comes from (Sec-Fetch-Site, Origin). A cross-site unsafe request is
 * refused before anything else, including the login form (login CSRF).
 */
export function sameOriginOnly(): MiddlewareHandler {
  return async (c, next) => {
    if (!UNSAFE.has(c.req.method)) return next();
    const site = c.req.header("sec-fetch-site");
    if (site && site !== "same-origin") return c.text("cross-site request refused", 403);
    const origin = c.req.header("origin");
    if (origin && origin !== "null") {
      const host = c.req.header("x-forwarded-host") ?? c.req.header("host");
      let originHost = "";
      try {
        originHost = new URL(origin).host;
      } catch {
        // unparseable origin: refused below
      }
      if (!host || originHost !== host) return c.text("cross-origin request refused", 403);
    }
    return next();
  };
}

async function formField(c: Context, name: string): Promise<string | undefined> {
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
    return undefined;
  }
  const body = await c.req.parseBody();
  const v = body[name];
  return typeof v === "string" ? v : undefined;
}

export function requireAdmin(c: Context<DashboardEnv>): boolean {
  return c.get("principal").role === "admin";
}
