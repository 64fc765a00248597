/**
 * The episode log of a group, newest first, optionally one session. Admins get a forget button per
 * episode: htmx sends DELETE (with the CSRF header from <body hx-headers>) after a confirm dialog and
 * removes the row when the engine has forgotten it.
 */
import { html } from "hono/html";
import type { Episode } from "../../model/types.js";
import { formatTime, truncate } from "./format.js";
import { type Html, layout, type PageContext } from "./layout.js";

export interface EpisodeLogView {
  group: string;
  session?: string;
  episodes: Episode[];
  /** The cursor of the next, older page: after the last episode shown. */
  older?: { before: string; beforeId: string } | undefined;
}

export function episodesPage(ctx: PageContext, view: EpisodeLogView): Html {
  const g = encodeURIComponent(view.group);
  const self = `${ctx.base}/groups/${g}/episodes`;
  return layout(
    ctx,
    "Episodes",
    html`<p class="crumbs"><a href="${ctx.base}/search?group=${g}">${view.group}</a> › episodes</p>
<h1>Episode log${view.session ? html` <span class="badge">session ${view.session}</span>` : ""}</h1>
${view.session ? html`<p><a href="${self}">all sessions</a></p>` : ""}
<p id="flash" class="flash" aria-live="polite"></p>
${
  view.episodes.length === 0
    ? html`<p class="notice">No episodes.</p>`
    : html`<ol class="log">${view.episodes.map((ep) => episodeRow(ctx, view.group, ep))}</ol>`
}
${
  view.older
    ? html`<p><a href="${self}?${new URLSearchParams({
        ...(view.session ? { session: view.session } : {}),
        ...view.older,
      }).toString()}">older →</a></p>`
    : ""
}`,
  );
}

function episodeRow(ctx: PageContext, group: string, ep: Episode): Html {
  const g = encodeURIComponent(group);
  return html`<li id="episode-${ep.id}" class="episode">
<div class="meta">${formatTime(ep.occurredAt)} · <span class="badge">${ep.kind}</span>${ep.actor ? html` · ${ep.actor}` : ""}${
    ep.session
      ? html` · <a href="${ctx.base}/groups/${g}/episodes?session=${encodeURIComponent(ep.session)}">session ${ep.session}</a>`
      : ""
  } · <code>${ep.id}</code></div>
<div class="content">${truncate(ep.content, 1200)}</div>
${
  ctx.role === "admin"
    ? html`<button type="button" class="danger" hx-delete="${ctx.base}/groups/${g}/episodes/${encodeURIComponent(ep.id)}"
  hx-confirm="Forget this episode and the facts only it supports? This cannot be undone."
  hx-target="closest li" hx-swap="outerHTML">Forget</button>`
    : ""
}
</li>`;
}

/** What the DELETE answers: nothing for the row (htmx swaps it out) plus an out-of-band flash. */
export function forgottenFragment(id: string): Html {
  return html`<p id="flash" class="flash" hx-swap-oob="true" aria-live="polite">Forgot episode <code>${id}</code>.</p>`;
}
