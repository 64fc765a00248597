/**
 * Nothing in the dashboard is served without auth: every route registered on the dashboard app
 * (enumerated from the app itself, so a new route cannot be forgotten here) answers an anonymous,
 * forged-cookie or wrong-bearer request with a redirect to the login page or 401. Also: the CSRF
 * token and the read-only role are enforced, and pages carry the strict CSP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Metrics } from "../../memory/src/metrics/registry.js";
import { createDashboard } from "../../memory/src/dashboard/index.js";
import { READONLY_TOKEN, startService, TOKEN, type TestService } from "./service.js";

let svc: TestService;
let routes: Array<{ method: string; path: string }>;

/** Concrete URL for a route pattern: every :param gets a plausible value. */
function concrete(path: string): string {
  return path.replace(/:group/g, "g1").replace(/:[A-Za-z]+/g, "x1");
}

beforeAll(async () => {
  svc = await startService();
  // The dashboard's own route table (middleware entries excluded).
  const app = createDashboard({
    engine: svc.server.engine,
    metrics: new Metrics(),
    token: TOKEN,
    backupStatusFile: "/nonexistent",
  });
  routes = app.routes.filter((r) => r.method !== "ALL").map((r) => ({ method: r.method, path: r.path }));
});
afterAll(async () => svc?.close());

async function login(token: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${svc.dashboard}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
    body: new URLSearchParams({ token, next: "/dashboard/" }),
  });
  expect(res.status).toBe(303);
  const setCookie = res.headers.get("set-cookie") ?? "";
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Strict/i);
  expect(setCookie).not.toContain(token);
  const cookie = setCookie.split(";")[0] ?? "";
  const page = await (await fetch(`${svc.dashboard}/`, { headers: { cookie } })).text();
  const csrf = /X-CSRF-Token&quot;:&quot;([^&]+)&quot;/.exec(page)?.[1] ?? "";
  expect(csrf).not.toBe("");
  return { cookie, csrf };
}

describe("dashboard auth", () => {
  it("covers the routes it should", () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    for (const k of [
      "GET /",
      "GET /search",
      "GET /groups/:group/entities/:id",
      "DELETE /groups/:group/episodes/:id",
    ]) {
      expect(keys).toContain(k);
    }
  });

  it("refuses every protected route without credentials, with a forged cookie and with a wrong bearer", async () => {
    const protectedRoutes = routes.filter((r) => r.path !== "/login" && !r.path.startsWith("/static/"));
    expect(protectedRoutes.length).toBeGreaterThanOrEqual(8);
    const forged =
      "ocm_dashboard=v1.eyJyIjoiYWRtaW4iLCJzIjoiYWFhYWFhYWFhYWFhYWFhYWFhYWEiLCJlIjo5OTk5OTk5OTk5fQ.bad";
    const variants: Array<Record<string, string>> = [
      {},
      { cookie: forged },
      { authorization: "Bearer wrong-token-value" },
    ];
    for (const route of protectedRoutes) {
      for (const headers of variants) {
        for (const hx of [false, true]) {
          const url = `${svc.dashboard}${concrete(route.path)}${route.path === "/search/results" ? "?group=g1&q=x" : ""}`;
          const res = await fetch(url, {
            method: route.method,
            redirect: "manual",
            headers: { ...headers, ...(hx ? { "hx-request": "true" } : {}), "sec-fetch-site": "same-origin" },
          });
          const where = `${route.method} ${route.path} ${JSON.stringify(headers)} hx=${hx}`;
          if (res.status === 302) {
            expect(res.headers.get("location"), where).toMatch(/^\/dashboard\/login\?next=/);
          } else {
            expect(res.status, where).toBe(401);
          }
          const body = await res.text();
          expect(body, where).not.toMatch(/<main>/);
        }
      }
    }
  });

  it("serves only the login page and static assets publicly", async () => {
    expect((await fetch(`${svc.dashboard}/login`)).status).toBe(200);
    expect((await fetch(`${svc.dashboard}/static/htmx.min.js`)).status).toBe(200);
    expect((await fetch(`${svc.dashboard}/static/style.css`)).status).toBe(200);
    // An unknown path under /dashboard, or the mount point without its slash, is not a way around
    // the login either.
    for (const path of ["/nope", ""]) {
      const res = await fetch(`${svc.dashboard}${path}`, { redirect: "manual" });
      expect(res.status, path).toBe(302);
    }
    expect((await fetch(svc.dashboard, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it("refuses a wrong token at the login form and cross-site logins", async () => {
    const wrong = await fetch(`${svc.dashboard}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: "not-the-token" }),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const crossSite = await fetch(`${svc.dashboard}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "cross-site" },
      body: new URLSearchParams({ token: TOKEN }),
    });
    expect(crossSite.status).toBe(403);
  });

  it("does not redirect to other sites after login", async () => {
    for (const next of ["https://evil.example/", "//evil.example/", "/v1/episodes", "/dashboard/\\evil"]) {
      const res = await fetch(`${svc.dashboard}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token: TOKEN, next }),
      });
      expect(res.headers.get("location")).toBe("/dashboard/");
    }
  });

  it("requires the session's CSRF token on unsafe requests", async () => {
    const { cookie, csrf } = await login(TOKEN);
    const url = `${svc.dashboard}/groups/g1/episodes/does-not-exist`;
    expect((await fetch(url, { method: "DELETE", headers: { cookie } })).status).toBe(403);
    expect(
      (await fetch(url, { method: "DELETE", headers: { cookie, "x-csrf-token": "forged" } })).status,
    ).toBe(403);
    const other = await login(TOKEN);
    expect(
      (await fetch(url, { method: "DELETE", headers: { cookie, "x-csrf-token": other.csrf } })).status,
    ).toBe(403);
    // With the right token the request reaches the engine (which has no such episode).
    expect((await fetch(url, { method: "DELETE", headers: { cookie, "x-csrf-token": csrf } })).status).toBe(
      404,
    );
    const cross = await fetch(url, {
      method: "DELETE",
      headers: { cookie, "x-csrf-token": csrf, "sec-fetch-site": "cross-site" },
    });
    expect(cross.status).toBe(403);
  });

  it("lets the read-only role view but not forget", async () => {
    const { cookie, csrf } = await login(READONLY_TOKEN);
    const page = await fetch(`${svc.dashboard}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("read-only");
    const url = `${svc.dashboard}/groups/g1/episodes/x1`;
    expect((await fetch(url, { method: "DELETE", headers: { cookie, "x-csrf-token": csrf } })).status).toBe(
      403,
    );
    const bearer = await fetch(url, {
      method: "DELETE",
      headers: { authorization: `Bearer ${READONLY_TOKEN}` },
    });
    expect(bearer.status).toBe(403);
  });

  it("sends a strict Content-Security-Policy and no-store on pages", async () => {
    const res = await fetch(`${svc.dashboard}/`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
