/**
 * An entity's facts as a timeline, oldest first: when each became true, when it stopped, the newer
 * fact that superseded it (linked), and the episodes behind it.
 */
import { html } from "hono/html";
import type { EntityTimeline } from "../../model/types.js";
import { formatTime } from "./format.js";
import { type Html, layout, type PageContext } from "./layout.js";

type TimelineFact = EntityTimeline["facts"][number];

export function entityPage(ctx: PageContext, group: string, timeline: EntityTimeline): Html {
  const { entity, facts } = timeline;
  const onPage = new Map(facts.map((f) => [f.id, f]));
  const current = facts.filter((f) => !isSuperseded(f)).length;
  return layout(
    ctx,
    entity.name,
    html`<p class="crumbs"><a href="${ctx.base}/search?group=${encodeURIComponent(group)}">${group}</a> › entity</p>
<h1>${entity.name} <span class="badge">${entity.type}</span></h1>
${entity.summary ? html`<p class="summary">${entity.summary}</p>` : ""}
<p class="meta">${current} current, ${facts.length - current} superseded · first seen ${formatTime(entity.createdAt)}</p>
${
  facts.length === 0
    ? html`<p class="notice">No facts about this entity.</p>`
    : html`<ol class="timeline">${facts.map((f) => factItem(ctx, group, entity.id, f, onPage))}</ol>`
}`,
  );
}

function isSuperseded(f: TimelineFact): boolean {
  return Boolean(f.invalidAt || f.expiredAt || f.invalidatedBy);
}

function factItem(
  ctx: PageContext,
  group: string,
  selfId: string,
  f: TimelineFact,
  onPage: Map<string, TimelineFact>,
): Html {
  const g = encodeURIComponent(group);
  const other =
    f.subjectId === selfId ? { id: f.objectId, name: f.object } : { id: f.subjectId, name: f.subject };
  const superseded = isSuperseded(f);
  return html`<li id="fact-${f.id}" class="fact ${superseded ? "superseded" : "current"}">
<div class="when">valid from <time datetime="${f.validAt}">${formatTime(f.validAt)}</time> until ${
    f.invalidAt
      ? html`<time datetime="${f.invalidAt}">${formatTime(f.invalidAt)}</time>`
      : superseded
        ? "unknown"
        : "now"
  }</div>
<div class="fact-text">${f.text}</div>
<div class="meta">${f.subject} · ${f.predicate} · ${f.object}${
    other.id !== selfId
      ? html` · see <a href="${ctx.base}/groups/${g}/entities/${encodeURIComponent(other.id)}">${other.name}</a>`
      : ""
  }</div>
${
  superseded
    ? html`<div class="superseded-by"><span class="badge">superseded</span>${
        f.invalidatedBy ? supersededBy(f.invalidatedBy, onPage.get(f.invalidatedBy)) : ""
      }${f.expiredAt ? html` <span class="meta">(learned ${formatTime(f.expiredAt)})</span>` : ""}</div>`
    : html`<div><span class="badge ok">current</span></div>`
}
${
  f.episodes.length
    ? html`<details class="episodes"><summary>${f.episodes.length} episode${f.episodes.length === 1 ? "" : "s"} behind it</summary><ul>
${f.episodes.map(
  (ep) =>
    html`<li>${formatTime(ep.occurredAt)} · ${ep.kind}${
      ep.session
        ? html` · <a href="${ctx.base}/groups/${g}/episodes?session=${encodeURIComponent(ep.session)}#episode-${ep.id}">session ${ep.session}</a>`
        : html` · <a href="${ctx.base}/groups/${g}/episodes#episode-${ep.id}">episode log</a>`
    }</li>`,
)}
</ul></details>`
    : ""
}
</li>`;
}

/** The newer fact, linked and quoted when it is on this page; otherwise its id. */
function supersededBy(id: string, newer: TimelineFact | undefined): Html {
  return newer
    ? html` by <a href="#fact-${id}">${newer.text}</a> <span class="meta">(since ${formatTime(newer.validAt)})</span>`
    : html` by fact <code>${id}</code>`;
}
