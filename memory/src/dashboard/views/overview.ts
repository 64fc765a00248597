/** The overview: per-group counts, ingest rate, recall latency, cache hit rate, backup and health. */
import { html } from "hono/html";
import type { Overview } from "../overview-data.js";
import { formatAge, formatBytes, formatMs, formatTime } from "./format.js";
import { type Html, layout, type PageContext } from "./layout.js";

/** Backups older than this are shown as stale (the daily job plus slack). */
const BACKUP_STALE_SECONDS = 26 * 3600;

export function overviewPage(ctx: PageContext, data: Overview): Html {
  return layout(
    ctx,
    "Overview",
    html`<h1>Overview</h1>
<div id="stats" hx-get="${ctx.base}/partials/overview" hx-trigger="every 15s" hx-swap="innerHTML">
${overviewStats(ctx, data)}
</div>`,
  );
}

/** The refreshable part (htmx polls it). */
export function overviewStats(ctx: PageContext, data: Overview): Html {
  return html`<section class="tiles">
${tile("Ingest", `${data.ingestPerMinute.toFixed(1)} /min`, `${data.episodesTotal} since start`)}
${tile(
  "Recall p50 / p99",
  data.recall ? `${formatMs(data.recall.p50)} / ${formatMs(data.recall.p99)}` : "–",
  "recent requests",
)}
${tile(
  "Cache hit rate",
  data.cacheHitRate === null ? "–" : `${(data.cacheHitRate * 100).toFixed(0)} %`,
  `${data.cacheLookups} lookups`,
)}
${backupTile(data)}
${healthTile(data)}
</section>
<h2>Groups</h2>
${groupsTable(ctx, data)}`;
}

function tile(label: string, value: string, sub: string, state: "ok" | "bad" | "" = ""): Html {
  return html`<div class="tile ${state}"><div class="label">${label}</div><div class="value">${value}</div><div class="sub">${sub}</div></div>`;
}

function backupTile(data: Overview): Html {
  const b = data.backup;
  if (b.state === "missing") return tile("Last backup", "never", "no status file yet", "bad");
  if (b.state === "invalid")
    return tile("Last backup", "unknown", `status file unreadable: ${b.error}`, "bad");
  const extra = [
    b.durationSeconds !== undefined ? `took ${Math.round(b.durationSeconds)} s` : "",
    b.bytes !== undefined ? formatBytes(b.bytes) : "",
  ]
    .filter(Boolean)
    .join(", ");
  return tile(
    "Last backup",
    `${formatAge(b.ageSeconds)} ago`,
    `${formatTime(b.lastSuccess)}${extra ? ` · ${extra}` : ""}`,
    b.ageSeconds > BACKUP_STALE_SECONDS ? "bad" : "ok",
  );
}

function healthTile(data: Overview): Html {
  const h = data.health;
  if ("unreachable" in h) return tile("Health", "unknown", h.unreachable, "bad");
  const cache = h.cache.backend
    ? `cache ${h.cache.backend}: ${h.cache.ok ? "ok" : (h.cache.error ?? "down")}`
    : "no cache";
  return tile(
    "Health",
    h.ok ? "ok" : "degraded",
    `store ${h.store.backend}: ${h.store.ok ? "ok" : (h.store.error ?? "down")} · ${cache}`,
    h.ok ? "ok" : "bad",
  );
}

function groupsTable(ctx: PageContext, data: Overview): Html {
  if ("error" in data.groups) return html`<p class="error">Could not list groups: ${data.groups.error}</p>`;
  if (data.groups.length === 0) return html`<p class="notice">No memory yet.</p>`;
  return html`<div class="scroll"><table class="groups">
<thead><tr><th>Group</th><th class="num">Episodes</th><th class="num">Entities</th><th class="num">Current facts</th><th class="num">Invalidated</th><th>Last episode</th><th></th></tr></thead>
<tbody>
${data.groups.map(
  (g) => html`<tr>
<td data-label="Group"><a href="${ctx.base}/search?group=${encodeURIComponent(g.group)}">${g.group}</a></td>
<td class="num" data-label="Episodes">${g.episodes}</td>
<td class="num" data-label="Entities">${g.entities}</td>
<td class="num" data-label="Current facts">${Math.max(0, g.facts - g.invalidatedFacts)}</td>
<td class="num" data-label="Invalidated">${g.invalidatedFacts}</td>
<td data-label="Last episode">${g.lastEpisodeAt ? formatTime(g.lastEpisodeAt) : "-"}</td>
<td><a href="${ctx.base}/groups/${encodeURIComponent(g.group)}/episodes">Episode log</a></td>
</tr>`,
)}
</tbody></table></div>`;
}
