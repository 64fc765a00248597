import { describe, expect, it } from "vitest";
import type { Episode, EntityTimeline } from "../../model/types.js";
import { entityPage } from "./entity.js";
import { episodesPage } from "./episodes.js";
import { formatAge, formatBytes, truncate } from "./format.js";
import type { PageContext } from "./layout.js";

const ctx: PageContext = { base: "/dashboard", role: "admin", csrf: "tok" };
const EVIL = `<img src=x onerror="alert(1)">'"&`;
const t = "2026-11-20T10:00:00.000Z";

const render = async (h: unknown) => String(await h);

describe("dashboard views", () => {
  it("escape untrusted memory content everywhere it appears", async () => {
    const ep: Episode = {
      id: "ep1",
      group: "g",
      kind: "note",
      content: EVIL,
      actor: EVIL,
      session: EVIL,
      occurredAt: t,
      createdAt: t,
      metadata: {},
    };
    const page = await render(episodesPage(ctx, { group: "g", episodes: [ep] }));
    expect(page).not.toContain("<img");
    expect(page).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&quot;&amp;");
    // The session also lands in a URL: encoded there, not just escaped.
    expect(page).toContain(`?session=${encodeURIComponent(EVIL).replace(/'/g, "&#39;")}`);
  });

  it("shows a superseded fact with a link to the fact that superseded it", async () => {
    const base = {
      group: "g",
      subjectId: "e1",
      predicate: "uses",
      subject: "project",
      createdAt: t,
      episodes: [],
      episodeIds: [],
    };
    const timeline: EntityTimeline = {
      entity: {
        id: "e1",
        group: "g",
        name: "project",
        key: "project",
        type: "project",
        summary: "",
        createdAt: t,
        updatedAt: t,
      },
      facts: [
        {
          ...base,
          id: "f1",
          objectId: "e2",
          object: "Postgres",
          text: "uses Postgres",
          validAt: t,
          invalidAt: "2026-11-21T00:00:00.000Z",
          expiredAt: "2026-11-21T00:00:00.000Z",
          invalidatedBy: "f2",
        },
        {
          ...base,
          id: "f2",
          objectId: "e3",
          object: "SQLite",
          text: "uses SQLite",
          validAt: "2026-11-21T00:00:00.000Z",
          invalidAt: null,
          expiredAt: null,
          invalidatedBy: null,
        },
      ],
    };
    const page = await render(entityPage(ctx, "g", timeline));
    expect(page).toMatch(/<li id="fact-f1" class="fact superseded">[\s\S]*href="#fact-f2"[\s\S]*<\/li>/);
    expect(page).toMatch(/<li id="fact-f2" class="fact current">/);
    expect(page).toContain(`by <a href="#fact-f2">uses SQLite</a>`);
    expect(page).toMatch(
      /valid from <time datetime="2026-11-20T10:00:00.000Z">2026-11-20 10:00:00 UTC<\/time> until <time/,
    );
  });

  it("hides the forget action from the read-only role", async () => {
    const ep = {
      id: "e",
      group: "g",
      kind: "note",
      content: "c",
      actor: null,
      session: null,
      occurredAt: t,
      createdAt: t,
      metadata: {},
    } as const;
    expect(await render(episodesPage(ctx, { group: "g", episodes: [ep] }))).toContain("hx-delete");
    expect(
      await render(episodesPage({ ...ctx, role: "read" }, { group: "g", episodes: [ep] })),
    ).not.toContain("hx-delete");
  });

  it("format ages, sizes and long text", () => {
    expect(formatAge(30)).toBe("30 s");
    expect(formatAge(7200)).toBe("2 h");
    expect(formatAge(3 * 86400)).toBe("3 d");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.0 MiB");
    expect(truncate("abcdef", 4)).toBe("abc…");
  });
});
