/**
 * Static assets, read once at startup: htmx from the installed htmx.org package (no CDN) and the
 * hand-written stylesheet beside this file. Served with a content hash as ETag; they are public
 * (no memory in them), so the login page can use them too.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export interface Asset {
  body: string;
  type: string;
  etag: string;
}

function asset(body: string, type: string): Asset {
  return { body, type, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"` };
}

export function loadAssets(): Record<string, Asset> {
  const require = createRequire(import.meta.url);
  const htmx = readFileSync(require.resolve("htmx.org/dist/htmx.min.js"), "utf8");
  const css = readFileSync(new URL("./static/style.css", import.meta.url), "utf8");
  return {
    "htmx.min.js": asset(htmx, "text/javascript; charset=utf-8"),
    "style.css": asset(css, "text/css; charset=utf-8"),
  };
}
