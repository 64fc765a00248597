/**
 * Engine behaviour on the embedded store: idempotency, temporal invalidation (in and out of order),
 * search filters, forget, export/import, redaction and group isolation. Free-text extraction is
 * driven by a declarative extractor that reads the facts to extract from the episode's metadata,
 * so these tests pin the engine's rules independently of the rule-based extractor's wording.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HashedEmbedder } from "../embed/hashed.js";
import type { EpisodeInput } from "../model/schemas.js";
import type { Episode, ExportRecord } from "../model/types.js";
import { openSqliteStore } from "../store/sqlite/index.js";
import { createMemoryEngine, EmbedderMismatchError } from "./engine.js";
import type { MemoryEngine } from "./interface.js";
import type { Extraction, Extractor } from "./ports.js";

const declared: Extractor = {
  name: "declared",
  async extract(episode: Episode): Promise<Extraction> {
    const facts = (episode.metadata.facts ?? []) as Array<[string, string, string, boolean?]>;
    return {
      entities: facts.flatMap(([s, , o]) => [
        { name: s, type: "project" as const },
        { name: o, type: "concept" as const },
      ]),
      facts: facts.map(([subject, predicate, object, functional = true]) => ({
        subject,
        predicate,
        object,
        text: `${subject} ${predicate.replace(/_/g, " ")} ${object}`,
        functional,
      })),
    };
  },
};

const T = (day: number) => new Date(Date.UTC(2026, 0, day)).toISOString();
const note = (
  id: string,
  day: number,
  facts: Array<[string, string, string, boolean?]>,
  group = "g",
): EpisodeInput => ({
  id,
  group,
  kind: "note",
  content: facts.map((f) => f.join(" ")).join(". ") || "nothing",
  occurredAt: T(day),
  metadata: { facts },
});

let engine: MemoryEngine;
beforeEach(() => {
  engine = createMemoryEngine({
    store: openSqliteStore(":memory:"),
    embedder: new HashedEmbedder(),
    extractor: declared,
  });
});
afterEach(async () => {
  await engine.close();
});

async function currentObjects(q: string, extra: { at?: string; history?: boolean } = {}) {
  const res = await engine.search({ group: "g", q, limit: 20, history: false, ...extra });
  return res.facts.map((f) => f.item.object).sort();
}

describe("memory engine", () => {
  it("stores an episode once per id and returns the first result on replay", async () => {
    const first = await engine.ingest(note("e1", 1, [["acme", "uses_runtime", "node 18"]]));
    const again = await engine.ingest(note("e1", 1, [["acme", "uses_runtime", "node 99"]]));
    expect(first.created).toBe(true);
    expect(again).toEqual({ ...first, created: false });
    expect(await engine.listEpisodes("g")).toHaveLength(1);
  });

  it("invalidates a contradicted fact and keeps it as history", async () => {
    await engine.ingest(note("e1", 1, [["acme", "uses_runtime", "node 18"]]));
    const second = await engine.ingest(note("e2", 5, [["acme", "uses_runtime", "node 22"]]));
    expect(second.invalidated).toHaveLength(1);
    expect(await currentObjects("acme uses runtime node")).toEqual(["node 22"]);
    expect(await currentObjects("acme uses runtime node", { history: true })).toEqual(["node 18", "node 22"]);
    expect(await currentObjects("acme uses runtime node", { at: T(3) })).toEqual(["node 18"]);
    const all = await engine.search({ group: "g", q: "node 18", limit: 10, history: true });
    const old = all.facts.find((f) => f.item.object === "node 18")?.item;
    expect(old?.invalidAt).toBe(T(5));
    expect(old?.invalidatedBy).toBe(second.facts[0]?.id);
  });

  it("applies Graphiti's rules to an out-of-order episode", async () => {
    await engine.ingest(note("e2", 5, [["acme", "uses_runtime", "node 22"]]));
    const late = await engine.ingest(note("e1", 1, [["acme", "uses_runtime", "node 18"]]));
    expect(late.invalidated).toEqual([]);
    expect(late.facts[0]?.invalidAt).toBe(T(5));
    expect(await currentObjects("acme node")).toEqual(["node 22"]);
    expect(await currentObjects("acme node", { at: T(2) })).toEqual(["node 18"]);
  });

  it("takes a tool named without its version as support of the versioned fact, not a contradiction", async () => {
    await engine.ingest(note("e1", 1, [["acme", "uses_database", "PostgreSQL 16"]]));
    const plain = await engine.ingest(note("e2", 2, [["acme", "uses_database", "PostgreSQL"]]));
    expect(plain.invalidated).toEqual([]);
    expect(plain.facts.map((f) => f.text)).toEqual(["acme uses database PostgreSQL 16"]);
    const upgrade = await engine.ingest(note("e3", 3, [["acme", "uses_database", "PostgreSQL 17"]]));
    expect(upgrade.invalidated).toHaveLength(1);
    await engine.ingest(note("e4", 4, [["acme", "uses_database", "postgresql"]]));
    expect(await currentObjects("acme uses database")).toEqual(["PostgreSQL 17"]);
    const current = (await engine.search({ group: "g", q: "PostgreSQL 17", limit: 5, history: false })).facts;
    expect(current[0]?.item.episodeIds).toEqual(["e3", "e4"]);
    // A late message from before the upgrade, without the version, supports the version of its time.
    const late = await engine.ingest(note("e0", 2, [["acme", "uses_database", "PostgreSQL"]]));
    expect(late.invalidated).toEqual([]);
    expect(late.facts.map((f) => f.text)).toEqual(["acme uses database PostgreSQL 16"]);
    expect(await currentObjects("acme uses database")).toEqual(["PostgreSQL 17"]);
    // Another product is a contradiction whether or not it names a version.
    const mysql = await engine.ingest(note("e5", 5, [["acme", "uses_database", "MySQL"]]));
    expect(mysql.invalidated).toHaveLength(1);
    expect(await currentObjects("acme uses database")).toEqual(["MySQL"]);
  });

  it("accumulates non-functional facts and merges repeated evidence", async () => {
    await engine.ingest(note("e1", 1, [["acme", "depends_on", "zod", false]]));
    await engine.ingest(note("e2", 2, [["acme", "depends_on", "vitest", false]]));
    const again = await engine.ingest(note("e3", 3, [["acme", "depends_on", "zod", false]]));
    expect(await currentObjects("acme depends on")).toEqual(["vitest", "zod"]);
    const zod = (await engine.search({ group: "g", q: "zod", limit: 5, history: false })).facts[0]?.item;
    expect(zod?.id).toBe(again.facts[0]?.id);
    expect(zod?.episodeIds).toEqual(["e1", "e3"]);
  });

  it("forgets an episode with the facts only it supports, re-opening what they invalidated", async () => {
    await engine.ingest(note("e1", 1, [["acme", "uses_runtime", "node 18"]]));
    await engine.ingest(note("e2", 5, [["acme", "uses_runtime", "node 22"]]));
    expect(await engine.forgetEpisode("g", "e2")).toBe(true);
    expect(await engine.forgetEpisode("g", "e2")).toBe(false);
    expect(await currentObjects("acme node")).toEqual(["node 18"]);
  });

  it("builds a context block within budget, current facts first, framed as memory", async () => {
    for (let i = 0; i < 40; i++) {
      await engine.ingest(
        note(`e${i}`, 1 + (i % 20), [["acme", "depends_on", `package number ${i}`, false]]),
      );
    }
    const ctx = await engine.context({ group: "g", q: "which packages does acme depend on", budget: 120 });
    expect(ctx.tokens).toBeLessThanOrEqual(120);
    expect(ctx.tokens).toBeGreaterThan(20);
    expect(ctx.text).toMatch(/^<memory>/);
    expect(ctx.text).toContain("acme depends on package number");
    expect(ctx.facts.length).toBeGreaterThan(0);
    const empty = await engine.context({ group: "other", q: "anything", budget: 600 });
    expect(empty).toEqual({ text: "", tokens: 0, facts: [] });
  });

  it("shows an entity's timeline with superseded facts and their episodes", async () => {
    await engine.ingest(note("e1", 1, [["acme", "uses_runtime", "node 18"]]));
    const r = await engine.ingest(note("e2", 5, [["acme", "uses_runtime", "node 22"]]));
    const acme = r.entities.find((e) => e.name === "acme");
    const timeline = await engine.entity("g", acme?.id ?? "");
    expect(timeline?.facts.map((f) => [f.object, f.invalidAt])).toEqual([
      ["node 18", T(5)],
      ["node 22", null],
    ]);
    expect(timeline?.facts[0]?.episodes.map((e) => e.id)).toEqual(["e1"]);
    expect(await engine.entity("other", acme?.id ?? "")).toBeNull();
  });

  it("keeps groups apart", async () => {
    await engine.ingest(note("e1", 1, [["acme", "uses_runtime", "node 18"]], "a"));
    const other = await engine.search({ group: "b", q: "acme node", limit: 10, history: true });
    expect(other).toEqual({ facts: [], entities: [], episodes: [] });
    expect((await engine.groups()).map((g) => g.group)).toEqual(["a"]);
  });

  it("redacts secrets before storing and never returns them", async () => {
    const secret = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD";
    await engine.ingest({
      id: "s1",
      group: "g",
      kind: "note",
      content: `deploy with OPENAI_API_KEY=${secret} <private>my home address</private> ok`,
      metadata: { token: "ghp_abcdefghijklmnopqrstuvwxyz0123456789" },
    });
    const [episode] = await engine.listEpisodes("g");
    const stored = JSON.stringify(episode);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain("my home address");
    expect(stored).not.toContain("ghp_abcdefghijklmnopqrstuvwxyz0123456789");
  });

  it("round-trips export into a fresh store exactly", async () => {
    await engine.ingest(note("e1", 1, [["acme", "uses_runtime", "node 18"]]));
    await engine.ingest(note("e2", 5, [["acme", "uses_runtime", "node 22"]]));
    const dump = async (e: MemoryEngine) => {
      const out: ExportRecord[] = [];
      for await (const r of e.export("g")) out.push(r);
      return out;
    };
    const original = await dump(engine);
    const copy = createMemoryEngine({
      store: openSqliteStore(":memory:"),
      embedder: new HashedEmbedder(),
      extractor: declared,
    });
    expect(await copy.import(original)).toEqual({ imported: original.length });
    expect(await dump(copy)).toEqual(original);
    expect(await currentObjects("acme node")).toEqual(["node 22"]);
    await copy.close();
  });

  it("restoring an older export into a store that moved on keeps what the store learned since", async () => {
    await engine.ingest(note("e1", 1, [["acme", "uses_runtime", "node 18"]]));
    const backup: ExportRecord[] = [];
    for await (const r of engine.export("g")) backup.push(r);
    await engine.ingest(note("e2", 5, [["acme", "uses_runtime", "node 22"]]));
    await engine.import(backup);
    expect(await currentObjects("acme node")).toEqual(["node 22"]);
    const timeline = (await engine.search({ group: "g", q: "acme node", limit: 10, history: true })).facts;
    const old = timeline.find((f) => f.item.object === "node 18")?.item;
    expect(old?.invalidAt).not.toBeNull();
    expect(old?.invalidatedBy).toBe(timeline.find((f) => f.item.object === "node 22")?.item.id);
  });

  it("an import made while the group is being written cannot revive a fact the write ended", async () => {
    const hashed = new HashedEmbedder();
    let slow = false;
    // A remote embedding model: the import waits on it while the plugin keeps writing.
    const embedder = {
      name: hashed.name,
      dimension: hashed.dimension,
      embed: async (texts: string[]) => {
        if (slow) await new Promise((r) => setTimeout(r, 100));
        return hashed.embed(texts);
      },
    };
    const racing = createMemoryEngine({ store: openSqliteStore(":memory:"), embedder, extractor: declared });
    await racing.ingest(note("e1", 1, [["acme", "uses_runtime", "node 18"]]));
    const backup: ExportRecord[] = [];
    for await (const r of racing.export("g")) backup.push(r);
    slow = true;
    const importing = racing.import(backup);
    await new Promise((r) => setTimeout(r, 20));
    slow = false;
    await racing.ingest(note("e2", 5, [["acme", "uses_runtime", "node 22"]]));
    await importing;
    const res = await racing.search({ group: "g", q: "acme node", limit: 20, history: false });
    expect(res.facts.map((f) => f.item.object)).toEqual(["node 22"]);
    await racing.close();
  });

  it("redacts an import as an ingest would: no key from a hand-written file is stored", async () => {
    const secret = "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const token = "ghp_0123456789abcdef0123456789abcdef0123";
    await engine.import([
      {
        type: "episode",
        data: {
          id: "b1",
          group: "g",
          kind: "note",
          content: secret,
          actor: null,
          session: null,
          occurredAt: T(1),
          createdAt: T(1),
          metadata: { token },
        },
      },
      {
        type: "entity",
        data: {
          id: "x1",
          group: "g",
          name: `deploy key ${token}`,
          key: `deploy key ${token}`,
          type: "concept",
          summary: secret,
          createdAt: T(1),
          updatedAt: T(1),
        },
      },
    ]);
    const dump: string[] = [];
    for await (const r of engine.export("g")) dump.push(JSON.stringify(r));
    expect(dump).toHaveLength(2);
    expect(dump.join("\n")).not.toMatch(/wJalrXUtnFEMI|ghp_0123/);
    expect(dump.join("\n")).toContain("[REDACTED");
  });

  it("ignores an extracted date the episode could not know: a model's slip to 2099", async () => {
    const dated: Extractor = {
      name: "dated",
      async extract(episode, context) {
        const x = await declared.extract(episode, context);
        const validAt = episode.metadata["validAt"] as string | undefined;
        return { ...x, facts: x.facts.map((f) => (validAt ? { ...f, validAt } : f)) };
      },
    };
    const slipped = createMemoryEngine({
      store: openSqliteStore(":memory:"),
      embedder: new HashedEmbedder(),
      extractor: dated,
    });
    const mysql = note("e1", 1, [["acme", "uses_database", "mysql"]]);
    await slipped.ingest({ ...mysql, metadata: { ...mysql.metadata, validAt: "2099-01-01T00:00:00.000Z" } });
    await slipped.ingest(note("e2", 5, [["acme", "uses_database", "postgres"]]));
    const res = await slipped.search({ group: "g", q: "acme database", limit: 20, history: false });
    expect(res.facts.map((f) => f.item.object)).toEqual(["postgres"]);
    await slipped.close();
  });

  it("retries the start-up check after a transient store error instead of failing for good", async () => {
    const store = openSqliteStore(":memory:");
    const getMeta = store.getMeta.bind(store);
    let failures = 1;
    store.getMeta = async (key: string) => {
      if (failures-- > 0) throw new Error("LOADING the dataset in memory");
      return getMeta(key);
    };
    const flaky = createMemoryEngine({ store, embedder: new HashedEmbedder(), extractor: declared });
    await expect(flaky.ingest(note("e1", 1, []))).rejects.toThrow(/LOADING/);
    expect((await flaky.ingest(note("e1", 1, []))).created).toBe(true);
    expect((await flaky.health()).ok).toBe(true);
    await flaky.close();
  });

  it("is not ready while the start-up check fails, and says why", async () => {
    const store = openSqliteStore(":memory:");
    store.getMeta = async () => {
      throw new Error("LOADING the dataset in memory");
    };
    const loading = createMemoryEngine({ store, embedder: new HashedEmbedder(), extractor: declared });
    const health = await loading.health();
    expect(health.ok).toBe(false);
    expect(health.store.error).toMatch(/LOADING/);
    await loading.close();
  });

  it("finds a rare kind among the latest episodes when asked for nothing in particular", async () => {
    await engine.ingest({ id: "err", group: "g", kind: "error", content: "boom", occurredAt: T(1) });
    for (let i = 0; i < 30; i++) await engine.ingest(note(`n${i}`, 2, []));
    const res = await engine.search({ group: "g", q: "", limit: 5, history: false, kind: "error" });
    expect(res.episodes.map((e) => e.item.id)).toEqual(["err"]);
  });

  it("refuses a store whose vectors came from another embedder", async () => {
    const store = openSqliteStore(":memory:");
    const first = createMemoryEngine({ store, embedder: new HashedEmbedder(64) });
    await first.ingest(note("e1", 1, []));
    const second = createMemoryEngine({ store, embedder: new HashedEmbedder(128) });
    await expect(second.search({ group: "g", q: "x", limit: 5, history: false })).rejects.toBeInstanceOf(
      EmbedderMismatchError,
    );
    await store.close();
  });

  it("rejects invalid input with a validation error instead of storing it", async () => {
    await expect(
      engine.ingest({ group: "bad group!", kind: "note", content: "x" } as EpisodeInput),
    ).rejects.toThrow(/group/);
    expect(await engine.groups()).toEqual([]);
  });
});

describe("extraction context", () => {
  it("shows a free-text extractor the group's entities its text points at", async () => {
    const seen: string[][] = [];
    const spying: Extractor = {
      name: "spying",
      usesKnownEntities: true,
      async extract(episode, ctx) {
        seen.push(ctx.knownEntities);
        return declared.extract(episode, ctx);
      },
    };
    const e = createMemoryEngine({
      store: openSqliteStore(":memory:"),
      embedder: new HashedEmbedder(),
      extractor: spying,
    });
    await e.ingest(note("k1", 1, [["Billing service", "uses_database", "Postgres"]]));
    await e.ingest({ id: "k2", group: "g", kind: "note", content: "The billing service is slow today" });
    await e.ingest({ id: "k3", group: "other", kind: "note", content: "The billing service is slow today" });
    expect(seen[0]).toEqual([]);
    expect(seen[1]).toContain("Billing service");
    expect(seen[2]).toEqual([]);
    await e.close();
  });
});

describe("batches", () => {
  it("commit all or nothing, while other groups' writes go on", async () => {
    const hashed = new HashedEmbedder();
    const failing = {
      name: hashed.name,
      dimension: hashed.dimension,
      async embed(texts: string[]) {
        if (texts.some((t) => t.includes("BOOM"))) throw new Error("embedder down");
        return hashed.embed(texts);
      },
    };
    const store = openSqliteStore(":memory:");
    const e = createMemoryEngine({ store, embedder: failing, extractor: declared });
    const batch = e.ingestBatch([
      note("b1", 1, [["App", "uses_runtime", "Node 18"]]),
      note("b2", 2, [["App", "uses_db", "Postgres"]]),
      note("b3", 3, [["App", "uses_cache", "BOOM"]]),
    ]);
    const other = e.ingest(note("o1", 1, [["Site", "uses_host", "Fly"]], "other"));
    await expect(batch).rejects.toThrow(/embedder down/);
    await expect(other).resolves.toMatchObject({ created: true });
    expect(await e.listEpisodes("g")).toEqual([]);
    expect((await e.search({ group: "g", q: "App", limit: 10, history: true })).facts).toEqual([]);
    expect((await e.listEpisodes("other")).map((x) => x.id)).toEqual(["o1"]);
    // The store is still usable and the failed ids are free to be stored.
    await e.ingestBatch([note("b1", 1, [["App", "uses_runtime", "Node 18"]])]);
    expect((await e.listEpisodes("g")).map((x) => x.id)).toEqual(["b1"]);
    await e.close();
  });

  it("with a model server for embeddings, commit episode by episode: no transaction waits on the network", async () => {
    const hashed = new HashedEmbedder();
    const remote = {
      name: hashed.name,
      dimension: hashed.dimension,
      remote: true,
      async embed(texts: string[]) {
        if (texts.some((t) => t.includes("BOOM"))) throw new Error("embedder down");
        return hashed.embed(texts);
      },
    };
    const store = openSqliteStore(":memory:");
    let batches = 0;
    const batch = store.batch?.bind(store);
    store.batch = (fn) => {
      batches++;
      return batch ? batch(fn) : fn();
    };
    const e = createMemoryEngine({ store, embedder: remote, extractor: declared });
    const failed = e.ingestBatch([
      note("b1", 1, [["App", "uses_runtime", "Node 18"]]),
      note("b2", 2, [["App", "uses_cache", "BOOM"]]),
    ]);
    await expect(failed).rejects.toThrow(/embedder down/);
    expect(batches).toBe(0);
    // What came before the failure is kept; sending the batch again stores only what is missing.
    expect((await e.listEpisodes("g")).map((x) => x.id)).toEqual(["b1"]);
    const again = await e.ingestBatch([note("b1", 1, [["App", "uses_runtime", "Node 18"]])]);
    expect(again[0]?.created).toBe(false);
    await e.close();
  });
});
