/**
 * The contract every Store backend passes: the embedded SQLite store always, FalkorDB when a
 * server is reachable. It pins the semantics written in ./interface.ts with the store alone (no
 * engine), so a backend cannot pass by accident of how the engine happens to call it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Entity, EntityType, Episode, ExportRecord, Fact, IngestResult } from "../model/types.js";
import type { IngestWrite, Store } from "./interface.js";

export interface ContractOptions {
  /** A reason to skip the whole suite (shown in the test output), or false to run it. */
  skip?: string | false;
}

const T = (day: number, hour = 0) => new Date(Date.UTC(2026, 0, day, hour)).toISOString();
const vec = (...xs: number[]) => Float32Array.from(xs);
const G = "contract-g";
const OTHER = "contract-other";

export function episode(
  id: string,
  day: number,
  content = `episode ${id}`,
  extra: Partial<Episode> = {},
): Episode {
  return {
    id,
    group: G,
    kind: "note",
    content,
    actor: "user",
    session: "s1",
    occurredAt: T(day),
    createdAt: T(day, 1),
    metadata: { n: day, nested: { ok: true } },
    ...extra,
  };
}

export function entity(
  id: string,
  name: string,
  type: EntityType = "concept",
  extra: Partial<Entity> = {},
): Entity {
  return {
    id,
    group: G,
    name,
    key: name.toLowerCase(),
    type,
    summary: "",
    createdAt: T(1),
    updatedAt: T(1),
    ...extra,
  };
}

export function fact(
  id: string,
  s: string,
  p: string,
  o: string,
  day: number,
  extra: Partial<Fact> = {},
): Fact {
  return {
    id,
    group: G,
    subjectId: s,
    predicate: p,
    objectId: o,
    text: `${s} ${p} ${o}`,
    validAt: T(day),
    invalidAt: null,
    createdAt: T(day, 1),
    expiredAt: null,
    episodeIds: [],
    invalidatedBy: null,
    ...extra,
  };
}

function result(ep: Episode, entities: Entity[], facts: Fact[]): IngestResult {
  return {
    id: ep.id,
    created: true,
    entities: entities.map((e) => ({ id: e.id, name: e.name, type: e.type })),
    facts: facts.map((f) => ({ id: f.id, text: f.text, validAt: f.validAt, invalidAt: f.invalidAt })),
    invalidated: [],
  };
}

/** A commit of one episode mentioning `entities` and supporting `facts` (with the episode id added). */
export function write(
  ep: Episode,
  entities: Array<[Entity, Float32Array?]>,
  facts: Array<[Fact, Float32Array?]>,
  invalidations: IngestWrite["invalidations"] = [],
): IngestWrite {
  const supported = facts.map(([f, v]): [Fact, Float32Array | undefined] => [
    { ...f, group: ep.group, episodeIds: [...new Set([...f.episodeIds, ep.id])] },
    v,
  ]);
  const ents = entities.map(([e, v]): [Entity, Float32Array | undefined] => [{ ...e, group: ep.group }, v]);
  return {
    episode: ep,
    result: result(
      ep,
      ents.map(([e]) => e),
      supported.map(([f]) => f),
    ),
    entities: ents.map(([e, v]) => (v ? { entity: e, embedding: v } : { entity: e })),
    facts: supported.map(([f, v]) => (v ? { fact: f, embedding: v } : { fact: f })),
    invalidations,
    mentions: ents.map(([e]) => ({ episodeId: ep.id, entityId: e.id, group: ep.group })),
  };
}

const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id).sort();

async function collect(it: AsyncIterable<ExportRecord>): Promise<ExportRecord[]> {
  const out: ExportRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}

export function runStoreContract(
  name: string,
  open: () => Promise<Store>,
  options: ContractOptions = {},
): void {
  if (options.skip) {
    describe.skip(`Store contract: ${name} (${options.skip})`, () => {
      it("skipped", () => {});
    });
    return;
  }

  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
      await store.deleteGroup(G);
      await store.deleteGroup(OTHER);
    });
    afterEach(async () => {
      await store.deleteGroup(G);
      await store.deleteGroup(OTHER);
      await store.close();
    });

    const alice = entity("e-alice", "Alice", "person");
    const node18 = entity("e-n18", "Node 18", "tool");
    const node22 = entity("e-n22", "Node 22", "tool");
    const proj = entity("e-proj", "Project", "project");

    it("keeps metadata", async () => {
      await store.setMeta("contract.key", "one");
      await store.setMeta("contract.key", "two");
      expect(await store.getMeta("contract.key")).toBe("two");
      expect(await store.getMeta("contract.missing")).toBeNull();
    });

    it("commits an episode with its result, entities, facts and mentions", async () => {
      const ep = episode("ep1", 2, "Project uses Node 18");
      const f = fact("f1", proj.id, "uses_runtime", node18.id, 2);
      const w = write(ep, [[proj], [node18]], [[f]]);
      await store.commit(w);
      expect(await store.getIngestResult(G, "ep1")).toEqual(w.result);
      expect(await store.getIngestResult(OTHER, "ep1")).toBeNull();
      expect(await store.getEpisodes(G, ["ep1"])).toEqual([ep]);
      expect(ids(await store.getEntities(G, [proj.id, node18.id, "nope"]))).toEqual(
        [proj.id, node18.id].sort(),
      );
      const [stored] = await store.getFacts(G, ["f1"]);
      expect(stored).toEqual({ ...f, episodeIds: ["ep1"] });
      const exported = await collect(store.export(G));
      expect(exported.filter((r) => r.type === "mention")).toHaveLength(2);
    });

    it("isolates groups", async () => {
      await store.commit(write(episode("ep1", 2, "secret plans"), [[alice]], []));
      expect(await store.getEpisodes(OTHER, ["ep1"])).toEqual([]);
      expect(await store.getEntities(OTHER, [alice.id])).toEqual([]);
      expect(await store.searchEpisodes(OTHER, "secret", null, 10)).toEqual([]);
      expect(await store.searchEntities(OTHER, "alice", 10)).toEqual([]);
      expect(await store.findEntitiesByKey(OTHER, ["alice"], null)).toEqual([]);
      expect(await store.listEpisodes(OTHER)).toEqual([]);
      expect(await collect(store.export(OTHER))).toEqual([]);
    });

    it("upserts entities, keeping the stored vector when none is given", async () => {
      await store.commit(write(episode("ep1", 2), [[alice, vec(1, 0, 0)]], []));
      const renamed = { ...alice, summary: "writes the API", updatedAt: T(3) };
      await store.commit(write(episode("ep2", 3), [[renamed]], []));
      const [got] = await store.getEntities(G, [alice.id]);
      expect(got).toEqual({ ...renamed, createdAt: alice.createdAt });
      const hits = await store.nearestEntities(G, vec(1, 0, 0), 5);
      expect(hits[0]?.id).toBe(alice.id);
      expect(hits[0]?.score).toBeCloseTo(1, 5);
    });

    it("finds entities by exact key and by path suffix", async () => {
      const a = entity("f-a", "src/app.ts", "file", { key: "src/app.ts" });
      const b = entity("f-b", "lib/src/app.ts", "file", { key: "lib/src/app.ts" });
      const c = entity("f-c", "src/myapp.ts", "file", { key: "src/myapp.ts" });
      const sym = entity("s-a", "app.ts", "symbol", { key: "app.ts" });
      await store.commit(write(episode("ep1", 2), [[a], [b], [c], [sym]], []));
      expect(ids(await store.findEntitiesByKey(G, ["src/app.ts", "zzz"], null))).toEqual(["f-a"]);
      expect(ids(await store.findEntitiesByKey(G, ["app.ts"], "file"))).toEqual([]);
      expect(ids(await store.findEntitiesByKey(G, ["app.ts"], null))).toEqual(["s-a"]);
      expect(ids(await store.findEntitiesByKeySuffix(G, "app.ts", "file", 10))).toEqual(["f-a", "f-b"]);
      expect(ids(await store.findEntitiesByKeySuffix(G, "src/app.ts", "file", 10))).toEqual(["f-a", "f-b"]);
      expect(ids(await store.findEntitiesByKeySuffix(G, "lib/src/app.ts", "file", 10))).toEqual(["f-b"]);
      expect(await store.findEntitiesByKeySuffix(G, "app.ts", "file", 1)).toHaveLength(1);
    });

    it("applies invalidations after the fact upserts of the same write", async () => {
      const old = fact("f-old", proj.id, "uses_runtime", node18.id, 2);
      await store.commit(write(episode("ep1", 2), [[proj], [node18]], [[old]]));
      const neu = fact("f-new", proj.id, "uses_runtime", node22.id, 5);
      await store.commit(
        write(
          episode("ep2", 5),
          [[proj], [node22]],
          [[neu]],
          [{ factId: "f-old", invalidAt: T(5), expiredAt: T(5, 1), invalidatedBy: "f-new" }],
        ),
      );
      const [closed] = await store.getFacts(G, ["f-old"]);
      expect(closed).toMatchObject({ invalidAt: T(5), expiredAt: T(5, 1), invalidatedBy: "f-new" });
      const all = await store.factsBySubjectPredicate(G, proj.id, "uses_runtime");
      expect(all.map((f) => f.id)).toEqual(["f-old", "f-new"]);
    });

    describe("fact filters", () => {
      beforeEach(async () => {
        const old = fact("f-old", proj.id, "uses_runtime", node18.id, 2, {
          text: "project runs on node eighteen",
        });
        const neu = fact("f-new", proj.id, "uses_runtime", node22.id, 5, {
          text: "project runs on node twentytwo",
        });
        await store.commit(write(episode("ep1", 2), [[proj], [node18]], [[old, vec(1, 0, 0)]]));
        await store.commit(
          write(
            episode("ep2", 5),
            [[proj], [node22]],
            [[neu, vec(0.9, 0.1, 0)]],
            [{ factId: "f-old", invalidAt: T(5), expiredAt: T(5, 1), invalidatedBy: "f-new" }],
          ),
        );
      });

      it("returns current facts by default, facts true at an instant with `at`, all with `history`", async () => {
        const text = async (filter: object) => ids(await store.searchFacts(G, "project node", filter, 10));
        expect(await text({})).toEqual(["f-new"]);
        expect(await text({ at: T(3) })).toEqual(["f-old"]);
        expect(await text({ at: T(5) })).toEqual(["f-new"]);
        expect(await text({ at: T(1) })).toEqual([]);
        expect(await text({ history: true })).toEqual(["f-new", "f-old"]);

        const near = async (filter: object) => ids(await store.nearestFacts(G, vec(1, 0, 0), filter, 10));
        expect(await near({})).toEqual(["f-new"]);
        expect(await near({ at: T(3) })).toEqual(["f-old"]);
        expect(await near({ history: true })).toEqual(["f-new", "f-old"]);

        const touching = async (filter: object) => ids(await store.factsTouching(G, [proj.id], filter, 10));
        expect(await touching({})).toEqual(["f-new"]);
        expect(await touching({ at: T(3) })).toEqual(["f-old"]);
        expect(await touching({ history: true })).toEqual(["f-new", "f-old"]);
        expect(ids(await store.factsTouching(G, [node18.id], { history: true }, 10))).toEqual(["f-old"]);

        expect((await store.recentFacts(G, {}, 10)).map((f) => f.id)).toEqual(["f-new"]);
        expect((await store.recentFacts(G, { history: true }, 10)).map((f) => f.id)).toEqual([
          "f-new",
          "f-old",
        ]);
      });

      it("keeps the vector index in step with later invalidations", async () => {
        expect(ids(await store.nearestFacts(G, vec(1, 0, 0), {}, 10))).toEqual(["f-new"]);
        const newest = fact("f-newest", proj.id, "uses_runtime", node18.id, 8);
        await store.commit(
          write(
            episode("ep3", 8),
            [[proj], [node18]],
            [[newest, vec(0, 0, 1)]],
            [{ factId: "f-new", invalidAt: T(8), expiredAt: T(8, 1), invalidatedBy: "f-newest" }],
          ),
        );
        expect(ids(await store.nearestFacts(G, vec(1, 0, 0), {}, 10))).toEqual(["f-newest"]);
      });
    });

    it("gives the newest facts around several entities, whichever entity holds them", async () => {
      // Three hubs on either side of their facts, times interleaved, some facts superseded: the
      // answer is the newest `limit` of their union, whatever order the hubs are scanned in.
      const hubs = [alice, node18, node22];
      const others = Array.from({ length: 6 }, (_, i) => entity(`e-o${i}`, `Other ${i}`));
      const all: Fact[] = [];
      for (let i = 0; i < 36; i++) {
        const hub = hubs[i % 3] as Entity;
        const other = others[i % 6] as Entity;
        const [s, o] = i % 2 ? [hub, other] : [other, hub];
        const superseded = i % 5 === 0;
        const f = fact(`f-${String(i).padStart(2, "0")}`, s.id, "touches", o.id, 1 + ((i * 7) % 36), {
          ...(superseded ? { invalidAt: T(40), expiredAt: T(40), invalidatedBy: "f-later" } : {}),
        });
        all.push(f);
        await store.commit(write(episode(`ep-${i}`, 1 + ((i * 7) % 36)), [[s], [o]], [[f]]));
      }
      const newest = (facts: Fact[], n: number) =>
        [...facts]
          .sort((a, b) => (a.validAt < b.validAt ? 1 : -1))
          .slice(0, n)
          .map((f) => f.id);
      const current = all.filter((f) => f.invalidAt === null);
      for (const order of [hubs, [...hubs].reverse()]) {
        const seeds = order.map((h) => h.id);
        expect((await store.factsTouching(G, seeds, {}, 7)).map((f) => f.id)).toEqual(newest(current, 7));
        expect((await store.factsTouching(G, seeds, { history: true }, 9)).map((f) => f.id)).toEqual(
          newest(all, 9),
        );
      }
    });

    describe("full-text", () => {
      beforeEach(async () => {
        await store.commit(
          write(
            episode("ep1", 2, "Fixed the login bug in src/auth/session.ts (NEAR the cookie code)"),
            [[entity("e-login", "login flow", "concept", { summary: "OAuth login" })]],
            [],
          ),
        );
        await store.commit(write(episode("ep2", 3, "Deployed the dashboard", { kind: "tool_call" }), [], []));
      });

      it("ranks matching rows and filters episodes by kind", async () => {
        expect(ids(await store.searchEpisodes(G, "login bug", null, 10))).toEqual(["ep1"]);
        expect(ids(await store.searchEpisodes(G, "dashboard", "tool_call", 10))).toEqual(["ep2"]);
        expect(await store.searchEpisodes(G, "dashboard", "note", 10)).toEqual([]);
        expect(ids(await store.searchEntities(G, "oauth", 10))).toEqual(["e-login"]);
        const [hit] = await store.searchEpisodes(G, "session.ts", null, 10);
        expect(hit?.id).toBe("ep1");
        expect(Number.isFinite(hit?.score)).toBe(true);
      });

      it("treats query syntax as text and never throws", async () => {
        const hostile = [
          '"unbalanced',
          "login*",
          "-login",
          "NEAR(login bug)",
          "login AND OR NOT",
          "((login",
          "content:login",
          "`login`",
          "_",
          "the of and",
          "",
          "   ",
          "@login | {x} [y] ~z !w",
          "x".repeat(5000),
          "\u0000\u001f",
        ];
        for (const q of hostile) {
          await expect(store.searchEpisodes(G, q, null, 5), q).resolves.toBeInstanceOf(Array);
          await expect(store.searchEntities(G, q, 5), q).resolves.toBeInstanceOf(Array);
          await expect(store.searchFacts(G, q, {}, 5), q).resolves.toBeInstanceOf(Array);
        }
        expect(ids(await store.searchEpisodes(G, "login*", null, 5))).toEqual(["ep1"]);
        expect(ids(await store.searchEpisodes(G, "(cookie", null, 5))).toEqual(["ep1"]);
      });
    });

    it("lists episodes newest first, by session and before a time", async () => {
      await store.commit(write(episode("a", 2, "a", { session: "s1" }), [], []));
      await store.commit(write(episode("b", 4, "b", { session: "s2" }), [], []));
      await store.commit(write(episode("c", 3, "c", { session: "s1" }), [], []));
      expect((await store.listEpisodes(G)).map((e) => e.id)).toEqual(["b", "c", "a"]);
      expect((await store.listEpisodes(G, { session: "s1" })).map((e) => e.id)).toEqual(["c", "a"]);
      expect((await store.listEpisodes(G, { before: T(4) })).map((e) => e.id)).toEqual(["c", "a"]);
      expect((await store.listEpisodes(G, { limit: 1 })).map((e) => e.id)).toEqual(["b"]);
    });

    it("filters episodes by kind before the limit, and pages through a shared timestamp by id", async () => {
      await store.commit(write(episode("a", 2, "a"), [], []));
      await store.commit(write(episode("d", 2, "d"), [], []));
      await store.commit(write(episode("c", 2, "c"), [], []));
      await store.commit(write(episode("b", 1, "b", { kind: "error" }), [], []));
      expect((await store.listEpisodes(G, { kind: "error", limit: 1 })).map((e) => e.id)).toEqual(["b"]);
      // Newest first, then by id within one time: a cursor after "d" at T(2) goes on with "c".
      expect((await store.listEpisodes(G)).map((e) => e.id)).toEqual(["d", "c", "a", "b"]);
      const next = await store.listEpisodes(G, { before: T(2), beforeId: "d", limit: 2 });
      expect(next.map((e) => e.id)).toEqual(["c", "a"]);
      expect((await store.listEpisodes(G, { before: T(2), beforeId: "a" })).map((e) => e.id)).toEqual(["b"]);
    });

    describe("forget", () => {
      it("removes the episode, facts only it supported, orphaned entities, and re-opens what they superseded", async () => {
        const old = fact("f-old", proj.id, "uses_runtime", node18.id, 2);
        await store.commit(write(episode("ep1", 2), [[proj], [node18]], [[old]]));
        const neu = fact("f-new", proj.id, "uses_runtime", node22.id, 5);
        await store.commit(
          write(
            episode("ep2", 5),
            [[proj], [node22]],
            [[neu]],
            [{ factId: "f-old", invalidAt: T(5), expiredAt: T(5, 1), invalidatedBy: "f-new" }],
          ),
        );
        expect(await store.forgetEpisode(G, "ep2")).toBe(true);
        expect(await store.forgetEpisode(G, "ep2")).toBe(false);
        expect(await store.getEpisodes(G, ["ep2"])).toEqual([]);
        expect(await store.getIngestResult(G, "ep2")).toBeNull();
        expect(await store.getFacts(G, ["f-new"])).toEqual([]);
        const [reopened] = await store.getFacts(G, ["f-old"]);
        expect(reopened).toMatchObject({ invalidAt: null, expiredAt: null, invalidatedBy: null });
        expect(ids(await store.getEntities(G, [proj.id, node18.id, node22.id]))).toEqual(
          [proj.id, node18.id].sort(),
        );
        expect(ids(await store.recentFacts(G, {}, 10))).toEqual(["f-old"]);
      });

      it("keeps a fact another episode still supports", async () => {
        const f = fact("f1", proj.id, "uses_runtime", node18.id, 2);
        await store.commit(write(episode("ep1", 2), [[proj], [node18]], [[f]]));
        await store.commit(write(episode("ep2", 3), [[proj], [node18]], [[{ ...f, episodeIds: ["ep1"] }]]));
        expect((await store.getFacts(G, ["f1"]))[0]?.episodeIds.sort()).toEqual(["ep1", "ep2"]);
        await store.forgetEpisode(G, "ep1");
        expect((await store.getFacts(G, ["f1"]))[0]?.episodeIds).toEqual(["ep2"]);
        expect(ids(await store.getEntities(G, [proj.id, node18.id]))).toEqual([proj.id, node18.id].sort());
        expect(await store.forgetEpisode(OTHER, "ep2")).toBe(false);
      });

      it("keeps an entity another episode still mentions, though no fact holds it", async () => {
        await store.commit(write(episode("ep1", 2), [[alice]], []));
        await store.commit(write(episode("ep2", 3), [[alice], [node22]], []));
        await store.forgetEpisode(G, "ep2");
        expect(ids(await store.getEntities(G, [alice.id, node22.id]))).toEqual([alice.id]);
        await store.forgetEpisode(G, "ep1");
        expect(await store.getEntities(G, [alice.id])).toEqual([]);
      });
    });

    it("deletes a group and nothing else", async () => {
      await store.commit(write(episode("ep1", 2), [[alice]], []));
      await store.commit(write({ ...episode("ep1", 2), group: OTHER }, [[{ ...alice, group: OTHER }]], []));
      expect(await store.deleteGroup(G)).toBe(true);
      expect(await store.deleteGroup(G)).toBe(false);
      expect(await store.getEpisodes(G, ["ep1"])).toEqual([]);
      expect(await store.getEpisodes(OTHER, ["ep1"])).toHaveLength(1);
      const groups = (await store.groups()).map((g) => g.group);
      expect(groups).toContain(OTHER);
      expect(groups).not.toContain(G);
    });

    it("counts per group", async () => {
      const old = fact("f-old", proj.id, "uses_runtime", node18.id, 2);
      await store.commit(write(episode("ep1", 2), [[proj], [node18]], [[old]]));
      await store.commit(
        write(
          episode("ep2", 5),
          [[proj], [node22]],
          [
            [fact("f-new", proj.id, "uses_runtime", node22.id, 5)],
            // Ended in its own episode: no longer current, though nothing invalidated it.
            [{ ...fact("f-ended", proj.id, "blocked_by", node18.id, 3), invalidAt: T(4) }],
          ],
          [{ factId: "f-old", invalidAt: T(5), expiredAt: T(5, 1), invalidatedBy: "f-new" }],
        ),
      );
      await store.commit(write({ ...episode("ep1", 2), group: OTHER }, [], []));
      expect(await store.groups()).toEqual([
        { group: G, episodes: 2, entities: 3, facts: 3, invalidatedFacts: 2, lastEpisodeAt: T(5) },
        { group: OTHER, episodes: 1, entities: 0, facts: 0, invalidatedFacts: 0, lastEpisodeAt: T(2) },
      ]);
    });

    it("exports in import order and an import into an empty store round-trips exactly", async () => {
      const old = fact("f-old", proj.id, "uses_runtime", node18.id, 2);
      await store.commit(
        write(
          episode("ep1", 2, "first"),
          [
            [proj, vec(1, 0)],
            [node18, vec(0, 1)],
          ],
          [[old, vec(1, 1)]],
        ),
      );
      await store.commit(
        write(
          episode("ep2", 5, "second", { metadata: { deep: { list: [1, "two", null] } } }),
          [[proj], [node22]],
          [[fact("f-new", proj.id, "uses_runtime", node22.id, 5), vec(1, 0.5)]],
          [{ factId: "f-old", invalidAt: T(5), expiredAt: T(5, 1), invalidatedBy: "f-new" }],
        ),
      );
      const first = await collect(store.export(G));
      const order = first.map((r) => r.type);
      expect(order.indexOf("entity")).toBeGreaterThan(order.lastIndexOf("episode"));
      expect(order.indexOf("fact")).toBeGreaterThan(order.lastIndexOf("entity"));
      expect(order.indexOf("mention")).toBeGreaterThan(order.lastIndexOf("fact"));

      await store.deleteGroup(G);
      expect(await store.importRecords(first)).toBe(first.length);
      const second = await collect(store.export(G));
      const key = (r: ExportRecord) => JSON.stringify(r);
      expect(second.map(key).sort()).toEqual(first.map(key).sort());
      // An imported episode is still recognised as stored, so a replay is not ingested twice.
      expect((await store.getIngestResult(G, "ep1"))?.id).toBe("ep1");
      // Importing twice changes nothing.
      await store.importRecords(first);
      expect((await collect(store.export(G))).map(key).sort()).toEqual(first.map(key).sort());
    });

    it("exports large groups completely", async () => {
      for (let i = 0; i < 1200; i += 100) {
        const batch = Array.from({ length: 100 }, (_, j) => episode(`ep${i + j}`, 2, `bulk ${i + j}`));
        await store.importRecords(batch.map((data) => ({ type: "episode", data })));
      }
      await store.importRecords([{ type: "entity", data: alice }]);
      await store.importRecords(
        Array.from({ length: 1200 }, (_, i) => ({
          type: "mention" as const,
          data: { group: G, episodeId: `ep${i}`, entityId: alice.id },
        })),
      );
      const all = await collect(store.export(G));
      const episodes = all.filter((r) => r.type === "episode");
      expect(episodes).toHaveLength(1200);
      expect(new Set(episodes.map((r) => (r.data as Episode).id)).size).toBe(1200);
      const mentions = all.filter((r) => r.type === "mention");
      expect(new Set(mentions.map((r) => JSON.stringify(r.data))).size).toBe(1200);
    });

    it("reports health", async () => {
      expect(await store.health()).toEqual({ ok: true });
    });
  });
}
