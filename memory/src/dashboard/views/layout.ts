/**
 * The page shell. Every interpolation goes through hono/html's `html` tag, which escapes it: memory
 * content is untrusted (it comes from agent sessions), so nothing here uses `raw` on data.
 *
 * htmx is configured from a meta tag to never evaluate code (allowEval false, no script tags in
 * swapped content, no indicator <style> injection), which is what lets the Content-Security-Policy
 * forbid inline scripts and styles entirely.
 */
import { html } from "hono/html";
import type { Role } from "../session.js";

export type Html = ReturnType<typeof html>;

export interface PageContext {
  /** Where the dashboard is mounted, e.g. "/dashboard". */
  base: string;
  role: Role | null;
  /** Per-session CSRF token; null for bearer-authenticated or anonymous requests. */
  csrf: string | null;
}

const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  selfRequestsOnly: true,
  historyCacheSize: 0,
});

export function layout(ctx: PageContext, title: string, body: Html): Html {
  const headers = ctx.csrf ? JSON.stringify({ "X-CSRF-Token": ctx.csrf }) : "{}";
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<meta name="htmx-config" content="${HTMX_CONFIG}">
<title>${title} · memory</title>
<link rel="stylesheet" href="${ctx.base}/static/style.css">
<script src="${ctx.base}/static/htmx.min.js" defer></script>
</head>
<body hx-headers="${headers}">
${ctx.role ? nav(ctx) : ""}
<main>
${body}
</main>
</body>
</html>`;
}

function nav(ctx: PageContext): Html {
  return html`<header class="top">
<a class="brand" href="${ctx.base}/">memory</a>
<nav>
<a href="${ctx.base}/">Overview</a>
<a href="${ctx.base}/search">Search</a>
</nav>
<span class="role" title="your access">${ctx.role === "read" ? "read-only" : "admin"}</span>
${
  ctx.csrf
    ? html`<form method="post" action="${ctx.base}/logout" class="logout">
<input type="hidden" name="_csrf" value="${ctx.csrf}">
<button type="submit">Log out</button>
</form>`
    : ""
}
</header>`;
}

/** A short message page (not found, forbidden, bad input). */
export function messagePage(ctx: PageContext, title: string, message: string): Html {
  return layout(ctx, title, html`<h1>${title}</h1><p class="notice">${message}</p>`);
}
