/**
 * Search over the memory with the engine's own hybrid search. The box asks htmx for the results
 * fragment as the user types (debounced); without JavaScript the form submits normally.
 */
import { html } from "hono/html";
import type { GroupStats, SearchResult } from "../../model/types.js";
import { formatTime, truncate } from "./format.js";
import { type Html, layout, type PageContext } from "./layout.js";

export interface SearchForm {
  group: string;
  q: string;
  history: boolean;
}

export function searchPage(
  ctx: PageContext,
  groups: GroupStats[],
  form: SearchForm,
  results: Html | null,
): Html {
  const url = `${ctx.base}/search/results`;
  return layout(
    ctx,
    "Search",
    html`<h1>Search</h1>
<form class="search" method="get" action="${ctx.base}/search" role="search"
  hx-get="${url}" hx-target="#results" hx-trigger="submit" hx-push-url="false">
<label for="group">Group</label>
<select id="group" name="group" hx-get="${url}" hx-target="#results" hx-include="closest form">
${groups.map((g) => html`<option value="${g.group}" ${g.group === form.group ? "selected" : ""}>${g.group}</option>`)}
</select>
<label for="q">Query</label>
<input id="q" name="q" type="search" value="${form.q}" placeholder="what do we know about…" autocomplete="off"
  hx-get="${url}" hx-trigger="input changed delay:250ms, keyup changed delay:250ms, search"
  hx-target="#results" hx-include="closest form" hx-sync="this:replace" hx-indicator="#searching">
<label class="check"><input type="checkbox" name="history" value="true" ${form.history ? "checked" : ""}
  hx-get="${url}" hx-target="#results" hx-include="closest form"> include superseded facts</label>
<span id="searching" class="htmx-indicator">searching…</span>
</form>
<div id="results" aria-live="polite">${results ?? ""}</div>`,
  );
}

export function searchResults(ctx: PageContext, group: string, result: SearchResult): Html {
  const g = encodeURIComponent(group);
  const entityUrl = (id: string) => `${ctx.base}/groups/${g}/entities/${encodeURIComponent(id)}`;
  const empty = result.facts.length + result.entities.length + result.episodes.length === 0;
  if (empty) return html`<p class="notice">Nothing found.</p>`;
  return html`${
    result.facts.length
      ? html`<h2>Facts</h2><ul class="facts">
${result.facts.map(
  ({ item: f }) => html`<li class="${f.invalidAt || f.expiredAt ? "superseded" : "current"}">
<span class="fact-text">${f.text}</span>
<span class="meta"><a href="${entityUrl(f.subjectId)}">${f.subject}</a> · ${f.predicate} ·
<a href="${entityUrl(f.objectId)}">${f.object}</a> · since ${formatTime(f.validAt)}${
    f.invalidAt || f.expiredAt
      ? html` · <span class="badge">superseded ${formatTime(f.invalidAt ?? f.expiredAt)}</span>`
      : ""
  }</span>
</li>`,
)}
</ul>`
      : ""
  }${
    result.entities.length
      ? html`<h2>Entities</h2><ul class="entities">
${result.entities.map(
  ({ item: e }) =>
    html`<li><a href="${entityUrl(e.id)}">${e.name}</a> <span class="badge">${e.type}</span>${
      e.summary ? html` <span class="meta">${truncate(e.summary, 200)}</span>` : ""
    }</li>`,
)}
</ul>`
      : ""
  }${
    result.episodes.length
      ? html`<h2>Episodes</h2><ul class="episodes">
${result.episodes.map(
  ({ item: ep }) => html`<li><span class="meta">${formatTime(ep.occurredAt)} · ${ep.kind}${
    ep.session
      ? html` · <a href="${ctx.base}/groups/${g}/episodes?session=${encodeURIComponent(ep.session)}">session ${ep.session}</a>`
      : ""
  }</span>
<div class="content">${truncate(ep.content, 400)}</div></li>`,
)}
</ul>`
      : ""
  }`;
}
