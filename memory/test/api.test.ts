/** Every route through app.request() against a real engine on a temporary SQLite file. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ContextResultSchema,
  EntityTimelineSchema,
  ExportRecordSchema,
  GroupsResultSchema,
  IngestResultSchema,
  SearchResultSchema,
  StoredEpisodeSchema,
} from "../src/api/schemas.js";
import { makeApi, records, sessionEpisodes, type TestApi } from "./helpers.js";

let api: TestApi;
const G = "proj-api";

beforeAll(async () => {
  api = await makeApi();
  const res = await api.req("POST", "/v1/episodes/batch", { episodes: sessionEpisodes(G) });
  expect(res.status).toBe(201);
});
afterAll(() => api.close());

// biome-ignore lint/suspicious/noExplicitAny: assertions below read arbitrary response shapes; schemas parse the typed ones.
async function json(res: Response): Promise<any> {
  return res.json();
}

describe("POST /v1/episodes", () => {
  it("stores an episode (201) and returns the stored result for the same id (200)", async () => {
    const episode = {
      id: "ep-idem-1",
      group: G,
      kind: "tool_call",
      content: "bash: npm run build (exit 0)",
      metadata: { tool: "bash", args: { command: "npm run build" }, exitCode: 0, files: ["package.json"] },
    };
    const first = await api.req("POST", "/v1/episodes", episode);
    expect(first.status).toBe(201);
    const created = IngestResultSchema.parse(await json(first));
    expect(created).toMatchObject({ id: "ep-idem-1", created: true });
    const again = await api.req("POST", "/v1/episodes", episode);
    expect(again.status).toBe(200);
    const stored = IngestResultSchema.parse(await json(again));
    expect(stored.created).toBe(false);
    expect(stored.entities.map((e) => e.id).sort()).toEqual(created.entities.map((e) => e.id).sort());
    expect(stored.facts.map((f) => f.id).sort()).toEqual(created.facts.map((f) => f.id).sort());
  });

  it("mints an id when none is given", async () => {
    const res = await api.req("POST", "/v1/episodes", {
      group: G,
      kind: "note",
      content: "prefer pnpm over npm",
    });
    expect(res.status).toBe(201);
    expect((await json(res)).id).toMatch(/^[A-Za-z0-9_.:-]+$/);
  });

  it.each([
    ["malformed JSON", '{"group": "x",', /malformed JSON/],
    ["a JSON array", "[1,2]", /invalid body/],
    ["a wrong type", JSON.stringify({ group: G, kind: "note", content: 42 }), /content/],
    ["an unknown kind", JSON.stringify({ group: G, kind: "telepathy", content: "x" }), /kind/],
    ["a bad group", JSON.stringify({ group: "../etc", kind: "note", content: "x" }), /group/],
    [
      "an invalid date",
      JSON.stringify({ group: G, kind: "note", content: "x", occurredAt: "2026-13-45" }),
      /occurredAt/,
    ],
    [
      "a date without zone",
      JSON.stringify({ group: G, kind: "note", content: "x", occurredAt: "2026-01-01T00:00:00" }),
      /occurredAt/,
    ],
    [
      "control characters",
      JSON.stringify({ group: G, kind: "note", content: "a\u0000b\u001b[31m" }),
      /control characters/,
    ],
    ["empty content", JSON.stringify({ group: G, kind: "note", content: "" }), /content/],
    ["a bad id", JSON.stringify({ id: "a b/c", group: G, kind: "note", content: "x" }), /id/],
  ])("refuses %s with a 400 naming the problem", async (_name, body, message) => {
    const res = await api.req("POST", "/v1/episodes", body);
    expect(res.status).toBe(400);
    const err = await json(res);
    expect(err.error).toMatch(message);
  });

  it("refuses a body over 1 MiB with 413", async () => {
    const res = await api.req("POST", "/v1/episodes", {
      group: G,
      kind: "note",
      content: "x".repeat(1024 * 1024 + 10),
    });
    expect(res.status).toBe(413);
    expect((await json(res)).error).toMatch(/larger than/);
  });

  it("requires application/json (a cross-site form post cannot write memory)", async () => {
    const res = await api.req(
      "POST",
      "/v1/episodes",
      JSON.stringify({ group: G, kind: "note", content: "x" }),
      {
        headers: { "content-type": "text/plain" },
      },
    );
    expect(res.status).toBe(415);
  });
});

describe("POST /v1/episodes/batch", () => {
  it("reports 200 when every episode was already stored", async () => {
    const res = await api.req("POST", "/v1/episodes/batch", { episodes: sessionEpisodes(G) });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.created).toBe(0);
    expect(body.results).toHaveLength(6);
  });

  it("refuses an empty batch and one over 1000 episodes", async () => {
    expect((await api.req("POST", "/v1/episodes/batch", { episodes: [] })).status).toBe(400);
    const many = Array.from({ length: 1001 }, (_, i) => ({ group: G, kind: "note", content: `n${i}` }));
    const res = await api.req("POST", "/v1/episodes/batch", { episodes: many });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatch(/1000/);
  });

  it("stores nothing when one episode of the batch is invalid", async () => {
    const before = (await api.engine.groups()).find((g) => g.group === G)?.episodes;
    const res = await api.req("POST", "/v1/episodes/batch", {
      episodes: [
        { group: G, kind: "note", content: "valid" },
        { group: G, kind: "note", content: 5 },
      ],
    });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatch(/episodes\.1\.content/);
    expect((await api.engine.groups()).find((g) => g.group === G)?.episodes).toBe(before);
  });
});

describe("GET /v1/search and /v1/context", () => {
  it("refuses a parameter it does not take or one given twice, and names what is missing", async () => {
    const unknown = await api.req("GET", `/v1/search?group=${G}&q=login&kinds=tool_call`);
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).error).toBe(
      'invalid query: unknown parameter "kinds"; this route takes group, q, limit, at, history, kind',
    );
    const twice = await api.req("GET", `/v1/context?group=${G}&group=other&q=login`);
    expect(twice.status).toBe(400);
    expect((await json(twice)).error).toBe("invalid query: group: given 2 times, expected once");
    const missing = await api.req("DELETE", "/v1/episodes/e2");
    expect(missing.status).toBe(400);
    expect((await json(missing)).error).toBe("invalid query: group: is required");
  });

  it("finds what the session was about", async () => {
    const res = await api.req("GET", `/v1/search?group=${G}&q=login`);
    expect(res.status).toBe(200);
    const result = SearchResultSchema.parse(await json(res));
    expect(result.facts.length + result.entities.length + result.episodes.length).toBeGreaterThan(0);
  });

  it("answers an unknown (empty) group with empty results, not an error", async () => {
    const res = await api.req("GET", "/v1/search?group=nobody-here&q=login");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ facts: [], entities: [], episodes: [] });
  });

  it.each([
    '"unbalanced',
    "login*",
    "-login",
    "NEAR(login test)",
    "((login",
    "a AND OR NOT b",
    "^*:\"'`~",
    "_",
    "-",
  ])("treats full-text syntax %s as plain text", async (q) => {
    const res = await api.req("GET", `/v1/search?${new URLSearchParams({ group: G, q })}`);
    expect(res.status).toBe(200);
    SearchResultSchema.parse(await json(res));
  });

  it.each([
    ["", /group/],
    ["group=bad group&q=x", /group/],
    [`group=${G}`, /q/],
    [`group=${G}&q=x&limit=abc`, /limit/],
    [`group=${G}&q=x&limit=0`, /limit/],
    [`group=${G}&q=x&limit=1e9`, /limit/],
    [`group=${G}&q=x&at=yesterday`, /at/],
    [`group=${G}&q=x&history=maybe`, /history/],
    [`group=${G}&q=%00x`, /control characters/],
  ])("refuses search query %s with 400", async (qs, message) => {
    const res = await api.req("GET", `/v1/search?${qs}`);
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatch(message);
  });

  it("builds a context block within the budget", async () => {
    const res = await api.req("GET", `/v1/context?group=${G}&q=why+does+login+fail&budget=200`);
    expect(res.status).toBe(200);
    const ctx = ContextResultSchema.parse(await json(res));
    expect(ctx.tokens).toBeLessThanOrEqual(200);
    expect((await api.req("GET", `/v1/context?group=${G}&q=x&budget=5`)).status).toBe(400);
  });
});

describe("entities, forgetting and groups", () => {
  it("reads an episode back as stored, with what its ingest extracted", async () => {
    const posted = await api.req("POST", "/v1/episodes", {
      id: "ep-read-1",
      group: G,
      kind: "note",
      content: "We deploy to Fly.io with OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz012345",
    });
    expect(posted.status).toBe(201);
    const res = await api.req("GET", `/v1/episodes/ep-read-1?group=${G}`);
    expect(res.status).toBe(200);
    const body = StoredEpisodeSchema.parse(await json(res));
    expect(body.episode.content).toContain("We deploy to Fly.io");
    expect(body.episode.content).not.toContain("sk-proj-abcdefghijklmnopqrstuvwxyz012345");
    expect(body.result.facts.map((f) => f.text)).toContain("project deploys to Fly.io (hosting).");
    expect((await api.req("GET", `/v1/episodes/ep-read-1?group=other-group`)).status).toBe(404);
    expect((await api.req("GET", "/v1/episodes/never-stored?group=" + G)).status).toBe(404);
  });

  it("returns an entity's timeline, and 404 from another group", async () => {
    const res = await api.req("POST", "/v1/episodes", {
      group: G,
      kind: "file_edit",
      content: "Edited src/server/routes.ts",
      metadata: { file: "src/server/routes.ts" },
    });
    const { entities } = IngestResultSchema.parse(await json(res));
    expect(entities.length).toBeGreaterThan(0);
    const id = entities[0]!.id;
    const timeline = await api.req("GET", `/v1/entities/${encodeURIComponent(id)}?group=${G}`);
    expect(timeline.status).toBe(200);
    expect(EntityTimelineSchema.parse(await json(timeline)).entity.id).toBe(id);
    expect((await api.req("GET", `/v1/entities/${encodeURIComponent(id)}?group=other-group`)).status).toBe(
      404,
    );
    expect((await api.req("GET", `/v1/entities/nope?group=${G}`)).status).toBe(404);
    expect((await api.req("GET", `/v1/entities/${encodeURIComponent(id)}`)).status).toBe(400);
    expect((await api.req("GET", `/v1/entities/${encodeURIComponent("a b")}?group=${G}`)).status).toBe(400);
  });

  it("forgets an episode once (200), then 404", async () => {
    const g = "forget-me";
    await api.req("POST", "/v1/episodes", {
      id: "f1",
      group: g,
      kind: "note",
      content: "the deploy key lives in vault",
    });
    const before = (await api.engine.groups()).find((s) => s.group === g)!;
    expect(before.episodes).toBe(1);
    expect((await api.req("DELETE", `/v1/episodes/f1?group=${g}`)).status).toBe(200);
    expect((await api.req("DELETE", `/v1/episodes/f1?group=${g}`)).status).toBe(404);
    expect((await api.req("DELETE", "/v1/episodes/f1")).status).toBe(400);
    const after = (await api.engine.groups()).find((s) => s.group === g);
    expect(after?.episodes ?? 0).toBe(0);
  });

  it("lists groups with stats and deletes a group", async () => {
    await api.req("POST", "/v1/episodes", { group: "doomed", kind: "note", content: "temporary" });
    const list = GroupsResultSchema.parse(await json(await api.req("GET", "/v1/groups")));
    expect(list.groups.find((g) => g.group === G)?.episodes).toBeGreaterThanOrEqual(6);
    expect(list.groups.map((g) => g.group)).toContain("doomed");
    expect((await api.req("DELETE", "/v1/groups/doomed")).status).toBe(200);
    expect((await api.req("DELETE", "/v1/groups/doomed")).status).toBe(404);
    expect((await api.req("DELETE", "/v1/groups/bad%20group")).status).toBe(400);
    const after = GroupsResultSchema.parse(await json(await api.req("GET", "/v1/groups")));
    expect(after.groups.map((g) => g.group)).not.toContain("doomed");
  });
});

describe("export and import", () => {
  it("round-trips a group through NDJSON into a fresh store without loss", async () => {
    const res = await api.req("GET", `/v1/export?group=${G}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/ndjson/);
    const text = await res.text();
    const lines = text.trim().split("\n");
    expect(lines.length).toBeGreaterThan(6);
    for (const line of lines) ExportRecordSchema.parse(JSON.parse(line));

    const fresh = await makeApi();
    try {
      const imported = await fresh.req("POST", "/v1/import", text, {
        headers: { "content-type": "application/x-ndjson" },
      });
      expect(imported.status).toBe(200);
      expect((await json(imported)).imported).toBe(lines.length);
      const again = await (await fresh.req("GET", `/v1/export?group=${G}`)).text();
      expect(records(again)).toEqual(records(text));
      expect(await fresh.engine.groups()).toEqual((await api.engine.groups()).filter((g) => g.group === G));
    } finally {
      await fresh.close();
    }
  });

  it("answers 404 for exporting an unknown group", async () => {
    expect((await api.req("GET", "/v1/export?group=never-written")).status).toBe(404);
    expect((await api.req("GET", "/v1/export")).status).toBe(400);
  });

  it("refuses a bad line naming its number, and imports nothing", async () => {
    const good = (await (await api.req("GET", `/v1/export?group=${G}`)).text()).trim().split("\n");
    const fresh = await makeApi();
    try {
      const cases: Array<[string, RegExp]> = [
        [[good[0], good[1], "{not json"].join("\n"), /line 3: malformed JSON/],
        [[good[0], JSON.stringify({ type: "episode", data: { id: "x" } })].join("\n"), /line 2: /],
        [[good[0], "", JSON.stringify({ type: "bogus", data: {} })].join("\n"), /line 3: /],
        ["", /empty/],
      ];
      for (const [body, message] of cases) {
        const res = await fresh.req("POST", "/v1/import", body, {
          headers: { "content-type": "application/x-ndjson" },
        });
        expect(res.status).toBe(400);
        const answer = await json(res);
        expect(answer.error).toMatch(message);
        // Details in the shape every error documents: {path, message} pairs.
        for (const d of answer.details ?? []) expect(Object.keys(d).sort()).toEqual(["message", "path"]);
      }
      const typed = await fresh.req("POST", "/v1/import", JSON.stringify({ type: "fact", data: {} }), {
        headers: { "content-type": "application/x-ndjson" },
      });
      expect((await json(typed)).details[0]).toEqual({
        path: "line 1: data.id",
        message: expect.any(String),
      });
      // Well-formed lines that point at entities the file lacks: refused whole, the record named.
      const facts = good.filter((line) => JSON.parse(line).type === "fact");
      const dangling = await fresh.req("POST", "/v1/import", [good[0], ...facts].join("\n"), {
        headers: { "content-type": "application/x-ndjson" },
      });
      expect(dangling.status).toBe(400);
      const refusal = await json(dangling);
      expect(refusal.error).toMatch(/^nothing imported: record 2: data\.subjectId: entity \S+ is neither/);
      expect(refusal.details).toEqual([{ path: "record 2: data.subjectId", message: expect.any(String) }]);
      expect(await fresh.engine.groups()).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});

describe("operational routes", () => {
  it("serves liveness, readiness and Prometheus metrics without auth", async () => {
    expect(await json(await api.req("GET", "/healthz", undefined, { auth: false }))).toEqual({ ok: true });
    const ready = await api.req("GET", "/readyz", undefined, { auth: false });
    expect(ready.status).toBe(200);
    expect((await json(ready)).store.ok).toBe(true);
    const metrics = await (await api.req("GET", "/metrics", undefined, { auth: false })).text();
    expect(metrics).toContain("ocm_memory_http_requests_total");
    expect(metrics).toContain("ocm_memory_recall_latency_bucket");
  });

  it("counts each recall request once, labelled by its route", async () => {
    const fresh = await makeApi();
    try {
      await fresh.req("GET", `/v1/search?group=${G}&q=build`);
      await fresh.req("GET", `/v1/context?group=${G}&q=build`);
      await fresh.req("GET", `/v1/context?group=${G}&q=tests`);
      const text = await (await fresh.req("GET", "/metrics", undefined, { auth: false })).text();
      const counts = Object.fromEntries(
        [...text.matchAll(/^ocm_memory_recall_latency_count\{route="(\w*)"\} (\d+)$/gm)].map((m) => [
          m[1],
          Number(m[2]),
        ]),
      );
      expect(counts).toEqual({ search: 1, context: 2 });
    } finally {
      await fresh.close();
    }
  });

  it("documents every route it serves in /openapi.json", async () => {
    const doc = await json(await api.req("GET", "/openapi.json", undefined, { auth: false }));
    expect(doc.openapi).toBe("3.1.0");
    const served = api.app.routes
      .filter((r) => r.method !== "ALL")
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    for (const route of served) {
      const [method, path] = route.split(" ") as [string, string];
      expect(doc.paths[path]?.[method], route).toBeDefined();
    }
    expect(
      doc.paths["/v1/episodes"].post.requestBody.content["application/json"].schema.properties.kind.enum,
    ).toContain("tool_call");
  });

  it("answers unknown routes with a JSON 404", async () => {
    const res = await api.req("GET", "/v1/nothing");
    expect(res.status).toBe(404);
    expect((await json(res)).error).toMatch(/no route/);
  });
});
