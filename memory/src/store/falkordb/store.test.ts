/**
 * Orchestration of the FalkorDB store over a recording stand-in for the connection (FalkorDB cannot
 * run here): which graph each query goes to, index creation once per graph, the order of index and
 * data writes, the empty/missing-graph paths and the vector fallbacks. Query text and semantics are
 * covered by the builder tests; the live contract run covers the server's behaviour.
 */
import { describe, expect, it } from "vitest";
import type { Cypher } from "./cypher.js";
import type { GraphClient, Row } from "./client.js";
import { FalkorStore } from "./store.js";
import { entity, episode, fact, result } from "./testing.js";

interface Call {
  graph: string;
  text: string;
  params: Cypher["params"];
  readOnly: boolean;
}

type Handler = (call: Call) => Row[] | Promise<Row[]>;

class RecordingClient implements GraphClient {
  calls: Call[] = [];
  deleted: string[] = [];
  pingError: Error | null = null;
  constructor(public handler: Handler = () => []) {}
  async query(graph: string, q: Cypher, { readOnly }: { readOnly: boolean }): Promise<Row[]> {
    const call = { graph, text: q.text, params: q.params, readOnly };
    this.calls.push(call);
    // Yield first, so concurrent callers really interleave.
    await new Promise((r) => setImmediate(r));
    return this.handler(call);
  }
  async deleteGraph(graph: string): Promise<boolean> {
    this.deleted.push(graph);
    return true;
  }
  async ping(): Promise<void> {
    if (this.pingError) throw this.pingError;
  }
  async close(): Promise<void> {}
  texts(graph?: string): string[] {
    return this.calls.filter((c) => graph === undefined || c.graph === graph).map((c) => c.text);
  }
}

const missingGraph = () => {
  throw new Error("ERR Invalid graph operation on empty key");
};

function commitFor(group: string, id: string, withVectors = false) {
  const ep = episode({ id, group });
  return {
    episode: ep,
    result: result(id),
    entities: [
      {
        entity: entity({ id: `n-${id}`, group }),
        ...(withVectors ? { embedding: new Float32Array([1, 0, 0]) } : {}),
      },
    ],
    facts: [
      {
        fact: fact({ id: `f-${id}`, group }),
        ...(withVectors ? { embedding: new Float32Array([0, 1]) } : {}),
      },
    ],
    invalidations: [],
    mentions: [{ episodeId: id, entityId: `n-${id}`, group }],
  };
}

/** How the Redis client reports an error answered by the server (its ErrorReply class). */
class ErrorReply extends Error {}

describe("FalkorStore orchestration", () => {
  it("commits when the server refuses a vector index (the exact scan answers), not when it is unreachable", async () => {
    const refused = new RecordingClient((c) => {
      if (c.text.startsWith("CREATE VECTOR INDEX"))
        throw new ErrorReply("Invalid vector index configuration");
      return [];
    });
    const store = new FalkorStore(refused, "p_");
    await store.commit(commitFor("g1", "e1", true));
    // The commit went through, vectors included: the scan reads them.
    expect(refused.texts("p_g1").at(-1)).toMatch(/^MERGE \(ep:Episode[\s\S]*\$entityVectors/);

    const down = new RecordingClient((c) => {
      if (c.text.startsWith("CREATE VECTOR INDEX")) throw new Error("connect ECONNREFUSED 127.0.0.1:6379");
      return [];
    });
    await expect(new FalkorStore(down, "p_").commit(commitFor("g1", "e1", true))).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });

  it("initialises a group's graph once under concurrent first writes, then writes in one query each", async () => {
    const client = new RecordingClient();
    const store = new FalkorStore(client, "p_");
    await Promise.all([1, 2, 3, 4].map((i) => store.commit(commitFor("g1", `e${i}`))));
    const g1 = client.texts("p_g1");
    expect(g1.filter((t) => t === "CREATE INDEX FOR (n:Episode) ON (n.uuid)")).toHaveLength(1);
    expect(g1.filter((t) => t.startsWith("CALL db.idx.fulltext.createNodeIndex('Fact'"))).toHaveLength(1);
    expect(g1.filter((t) => t.startsWith("MERGE (ep:Episode"))).toHaveLength(4);
    // Every index exists before the first data write.
    const firstData = g1.findIndex((t) => t.startsWith("MERGE (ep:Episode"));
    const lastIndex = g1.map((t) => /^(CREATE INDEX|CALL db\.idx\.fulltext)/.test(t)).lastIndexOf(true);
    expect(lastIndex).toBeLessThan(firstData);
    // The group is registered in the meta graph, once.
    expect(
      client.calls.filter((c) => c.graph === "p_.meta" && c.text.startsWith("MERGE (g:Group")),
    ).toHaveLength(1);
  });

  it("sends each group's queries to its own graph, also when groups write concurrently", async () => {
    const client = new RecordingClient();
    const store = new FalkorStore(client, "p_");
    await Promise.all([store.commit(commitFor("alpha", "a1")), store.commit(commitFor("beta", "b1"))]);
    for (const c of client.calls.filter((c) => c.text.startsWith("MERGE (ep:Episode"))) {
      expect(c.graph).toBe(c.params.episodeId === "a1" ? "p_alpha" : "p_beta");
    }
    expect(new Set(client.calls.map((c) => c.graph))).toEqual(new Set(["p_.meta", "p_alpha", "p_beta"]));
  });

  it("creates each vector index once per label and dimension, before the vectors are written", async () => {
    const client = new RecordingClient();
    const store = new FalkorStore(client, "p_");
    await store.commit(commitFor("g1", "e1", true));
    await store.commit(commitFor("g1", "e2", true));
    const g1 = client.texts("p_g1");
    const entityIdx = g1.filter((t) => t.startsWith("CREATE VECTOR INDEX FOR (n:Entity)"));
    const factIdx = g1.filter((t) => t.startsWith("CREATE VECTOR INDEX FOR (n:Fact)"));
    expect(entityIdx).toEqual([
      "CREATE VECTOR INDEX FOR (n:Entity) ON (n.embedding) OPTIONS {dimension: 3, similarityFunction: 'cosine'}",
    ]);
    expect(factIdx).toEqual([
      "CREATE VECTOR INDEX FOR (n:Fact) ON (n.embedding) OPTIONS {dimension: 2, similarityFunction: 'cosine'}",
    ]);
    expect(g1.indexOf(factIdx[0] as string)).toBeLessThan(
      g1.findIndex((t) => t.startsWith("MERGE (ep:Episode")),
    );
  });

  it("accepts indexes another process created, but fails (and retries later) on any other index error", async () => {
    let failures = 1;
    const client = new RecordingClient(({ text }) => {
      if (text.startsWith("CREATE INDEX")) throw new Error("Attribute 'uuid' is already indexed");
      if (text.startsWith("CALL db.idx.fulltext") && failures-- > 0) throw new Error("boom");
      return [];
    });
    const store = new FalkorStore(client, "p_");
    await expect(store.commit(commitFor("g1", "e1"))).rejects.toThrow("boom");
    expect(client.texts("p_g1").some((t) => t.startsWith("MERGE (ep:Episode"))).toBe(false);
    await store.commit(commitFor("g1", "e1"));
    expect(client.texts("p_g1").filter((t) => t.startsWith("MERGE (ep:Episode"))).toHaveLength(1);
  });

  it("refuses a commit whose records belong to another group, before touching the database", async () => {
    const client = new RecordingClient();
    const store = new FalkorStore(client, "p_");
    const w = commitFor("g1", "e1");
    w.entities[0] = { entity: entity({ group: "g2" }) };
    await expect(store.commit(w)).rejects.toThrow(/group g2/);
    expect(client.calls).toEqual([]);
  });

  it("reads of a group never written find nothing", async () => {
    const client = new RecordingClient(missingGraph);
    const store = new FalkorStore(client, "p_");
    expect(await store.getEpisodes("nope", ["a"])).toEqual([]);
    expect(await store.getIngestResult("nope", "a")).toBeNull();
    expect(await store.searchEpisodes("nope", "login", null, 5)).toEqual([]);
    expect(await store.nearestEntities("nope", new Float32Array([1, 0]), 5)).toEqual([]);
    expect(await store.getMeta("k")).toBeNull();
    expect(await store.forgetEpisode("nope", "a")).toBe(false);
    expect(client.calls.every((c) => c.readOnly)).toBe(true);
  });

  it("does not query for searches with nothing searchable, empty id lists or zero limits", async () => {
    const client = new RecordingClient();
    const store = new FalkorStore(client, "p_");
    expect(await store.searchEntities("g", "the of a", 5)).toEqual([]);
    expect(await store.searchFacts("g", "_ - `", {}, 5)).toEqual([]);
    expect(await store.searchEpisodes("g", "", null, 5)).toEqual([]);
    expect(await store.getEntities("g", [])).toEqual([]);
    expect(await store.factsTouching("g", ["x"], {}, 0)).toEqual([]);
    expect(await store.nearestFacts("g", new Float32Array(3), {}, 5)).toEqual([]);
    expect(await store.findEntitiesByKeySuffix("g", "", "file", 5)).toEqual([]);
    expect(client.calls).toEqual([]);
  });

  it("maps full-text hits and entity rows", async () => {
    const client = new RecordingClient(({ text }) => {
      if (text.startsWith("CALL db.idx.fulltext")) return [{ id: "n1", score: 2 }];
      return [
        { id: "n1", name: "A", key: "a", type: "tool", summary: "s", createdAt: "c", updatedAt: "u", seq: 1 },
      ];
    });
    const store = new FalkorStore(client, "p_");
    expect(await store.searchEntities("g", "deploy", 5)).toEqual([{ id: "n1", score: 2 }]);
    expect(await store.getEntities("g", ["n1"])).toEqual([
      {
        id: "n1",
        group: "g",
        name: "A",
        key: "a",
        type: "tool",
        summary: "s",
        createdAt: "c",
        updatedAt: "u",
      },
    ]);
  });

  describe("nearest", () => {
    const T = "2024-01-01T00:00:00.000Z";
    const current = (id: string, distance: number) => ({
      id,
      distance,
      validAt: T,
      invalidAt: null,
      expiredAt: null,
    });
    const closed = (id: string, distance: number) => ({
      id,
      distance,
      validAt: T,
      invalidAt: T,
      expiredAt: T,
    });

    it("uses the index, filters candidates and ranks by cosine similarity", async () => {
      const client = new RecordingClient(({ text }) =>
        text.startsWith("CALL db.idx.vector") ? [current("a", 0.3), closed("b", 0), current("c", 0.1)] : [],
      );
      const store = new FalkorStore(client, "p_");
      const hits = await store.nearestFacts("g", new Float32Array([1, 0]), {}, 5);
      expect(hits.map((h) => h.id)).toEqual(["c", "a"]);
      expect(hits[0]?.score).toBeCloseTo(0.9);
      expect(client.texts().some((t) => t.startsWith("MATCH (f:Fact) WHERE f.embeddingDim"))).toBe(false);
    });

    it("falls back to an exact scan when the filter empties a full candidate list", async () => {
      const client = new RecordingClient(({ text, params }) => {
        if (text.startsWith("CALL db.idx.vector")) {
          return Array.from({ length: params.k as number }, (_, i) => closed(`x${i}`, 0));
        }
        return [{ id: "old-but-current", distance: 1.2 }];
      });
      const store = new FalkorStore(client, "p_");
      const hits = await store.nearestFacts("g", new Float32Array([1, 0]), {}, 1);
      expect(hits).toEqual([{ id: "old-but-current", score: expect.closeTo(-0.2) }]);
      expect(client.texts().at(-1)).toMatch(
        /^MATCH \(f:Fact\) WHERE f\.embeddingDim = \$dim AND f\.invalidAt IS NULL/,
      );
    });

    it("falls back to an exact scan when there is no usable vector index", async () => {
      const client = new RecordingClient(({ text }) => {
        if (text.startsWith("CALL db.idx.vector")) throw new Error("Vector index not found");
        return [{ id: "n1", distance: 0 }];
      });
      const store = new FalkorStore(client, "p_");
      expect(await store.nearestEntities("g", new Float32Array([0, 1]), 3)).toEqual([{ id: "n1", score: 1 }]);
    });
  });

  it("deletes a group's graph, unregisters it, and re-initialises it on the next write", async () => {
    const client = new RecordingClient(({ text }) =>
      text.startsWith("OPTIONAL MATCH (e:Episode)")
        ? [{ episodes: 1, entities: 0, facts: 0, invalidatedFacts: 0 }]
        : [],
    );
    const store = new FalkorStore(client, "p_");
    await store.commit(commitFor("g1", "e1"));
    expect(await store.deleteGroup("g1")).toBe(true);
    expect(client.deleted).toEqual(["p_g1"]);
    expect(client.calls.some((c) => c.graph === "p_.meta" && c.text.startsWith("MATCH (g:Group"))).toBe(true);
    await store.commit(commitFor("g1", "e2"));
    expect(client.texts("p_g1").filter((t) => t === "CREATE INDEX FOR (n:Fact) ON (n.uuid)")).toHaveLength(2);
  });

  it("sets a graph up again when a read finds another process deleted it", async () => {
    let gone = false;
    const client = new RecordingClient((c) => {
      if (gone && c.readOnly) {
        gone = false;
        missingGraph();
      }
      return [];
    });
    const store = new FalkorStore(client, "p_");
    await store.commit(commitFor("g1", "e1"));
    gone = true; // another replica ran DELETE /v1/groups/g1
    expect(await store.getEpisodes("g1", ["e1"])).toEqual([]);
    await store.commit(commitFor("g1", "e2"));
    expect(client.texts("p_g1").filter((t) => t === "CREATE INDEX FOR (n:Fact) ON (n.uuid)")).toHaveLength(2);
  });

  it("forgets in one write query, only when the episode exists", async () => {
    const client = new RecordingClient(({ text }) => {
      if (text.startsWith("MATCH (e:Episode {uuid: $episodeId}) RETURN e.result")) return [{ result: null }];
      if (text.startsWith("MATCH (ep:Episode")) return [{ forgotten: "e1", orphans: 0 }];
      return [];
    });
    const store = new FalkorStore(client, "p_");
    expect(await store.forgetEpisode("g1", "e1")).toBe(true);
    expect(client.calls.filter((c) => !c.readOnly)).toHaveLength(1);
  });

  it("lists groups that hold something, with their counts", async () => {
    const client = new RecordingClient(({ graph, text }) => {
      if (graph === "p_.meta") return [{ name: "b" }, { name: "a" }, { name: "empty" }];
      if (text.includes("ORDER BY lastEpisodeAt DESC LIMIT 1"))
        return graph === "p_empty"
          ? []
          : [{ lastEpisodeAt: `2026-01-0${graph === "p_a" ? 1 : 2}T00:00:00.000Z` }];
      if (graph === "p_empty") return [{ episodes: 0, entities: 0, facts: 0, invalidatedFacts: 0 }];
      expect(text).toContain("count(f) AS facts");
      return [{ episodes: 2, entities: 3, facts: 2, invalidatedFacts: 1 }];
    });
    const store = new FalkorStore(client, "p_");
    const counts = { episodes: 2, entities: 3, facts: 2, invalidatedFacts: 1 };
    expect(await store.groups()).toEqual([
      { group: "a", ...counts, lastEpisodeAt: "2026-01-01T00:00:00.000Z" },
      { group: "b", ...counts, lastEpisodeAt: "2026-01-02T00:00:00.000Z" },
    ]);
  });

  it("pages exports by (seq, uuid) until a short page", async () => {
    const page = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: `e${from + i}`,
        kind: "note",
        content: "c",
        actor: null,
        session: null,
        occurredAt: "o",
        createdAt: "c",
        metadata: "{}",
        seq: from + i,
      }));
    const client = new RecordingClient(({ text, params }) => {
      if (!text.startsWith("MATCH (e:Episode)")) return [];
      return params.afterSeq === undefined ? page(0, 500) : page(500, 3);
    });
    const store = new FalkorStore(client, "p_");
    const out = [];
    for await (const r of store.export("g1")) out.push(r);
    expect(out).toHaveLength(503);
    const second = client.calls.filter((c) => c.text.startsWith("MATCH (e:Episode)"))[1];
    expect(second?.params).toMatchObject({ afterSeq: 499, afterUuid: "e499" });
  });

  it("reports health from a ping", async () => {
    const client = new RecordingClient();
    const store = new FalkorStore(client, "p_", () => "socket closed");
    expect(await store.health()).toEqual({ ok: true });
    client.pingError = new Error("");
    expect(await store.health()).toEqual({ ok: false, error: "socket closed" });
  });
});
