import { describe, expect, it } from "vitest";
import { Sequence } from "./cypher.js";
import { checkCypher, entity, episode, fact, MARK, result } from "./testing.js";
import {
  commitQuery,
  forgetQuery,
  importQuery,
  joinStages,
  registerGroupQuery,
  setMetaQuery,
  unregisterGroupQuery,
} from "./writes.js";

const vec = (...xs: number[]) => new Float32Array(xs);

describe("commitQuery", () => {
  it("writes the episode once (first write wins) with its result and canonical times", () => {
    const q = commitQuery(
      {
        episode: episode({ occurredAt: "2024-01-02T05:04:05+02:00" }),
        result: result(`ep-1${MARK}`),
        entities: [],
        facts: [],
        invalidations: [],
        mentions: [],
      },
      new Sequence(),
    );
    checkCypher(q);
    expect(q.text).toMatch(/^MERGE \(ep:Episode \{uuid: \$episodeId\}\)\nON CREATE SET /);
    expect(q.text).not.toContain("UNWIND");
    expect(q.params.episodeId).toBe(`ep-1${MARK}`);
    const ep = q.params.episode as Record<string, unknown>;
    expect(ep.occurredAt).toBe("2024-01-02T03:04:05.000Z");
    expect(ep.metadata).toBe(JSON.stringify({ "odd key": MARK, n: 1 }));
    expect(JSON.parse(q.params.result as string)).toEqual(result(`ep-1${MARK}`));
  });

  it("runs every stage in the interface's order, separated by aggregations, vectors through vecf32", () => {
    const q = commitQuery(
      {
        episode: episode(),
        result: result("ep"),
        entities: [{ entity: entity(), embedding: vec(0.5, -0.5) }, { entity: entity({ id: "en-2" }) }],
        facts: [{ fact: fact(), embedding: vec(1, 0) }],
        invalidations: [
          {
            factId: "f-0",
            invalidAt: "2024-01-01T00:00:00Z",
            expiredAt: "2024-01-03T00:00:00.000Z",
            invalidatedBy: "f-1",
          },
        ],
        mentions: [{ episodeId: "ep", entityId: "en-2", group: "g1" }],
      },
      new Sequence(),
    );
    checkCypher(q);
    const order = [
      "MERGE (ep:Episode",
      "UNWIND $entities",
      "UNWIND $entityVectors",
      "UNWIND $facts",
      "UNWIND $factVectors",
      "UNWIND $invalidations",
      "UNWIND $mentions",
    ].map((s) => q.text.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(q.text.match(/WITH count\(\*\) AS stage\d/g)).toHaveLength(6);
    // Cleared first (a SET over an existing vector is a silent no-op on FalkorDB 4.18-4.20), then
    // written with every element forced to a float (the client prints 1.0 as the integer 1).
    expect(q.text).toContain(
      "SET n.embedding = null\nWITH n, v\nSET n.embedding = vecf32([vx IN v.embedding | vx * 1.0]), n.embeddingDim = v.dim",
    );
    // Every stored vector goes through vecf32: no bare list assignment anywhere.
    expect(q.text).not.toMatch(/embedding = (v\.embedding|\$|\[)/);
    expect(q.params.entityVectors).toEqual([{ uuid: `en-1${MARK}`, embedding: [0.5, -0.5], dim: 2 }]);
    // The entity without a vector is upserted but keeps its stored vector (not in entityVectors).
    expect((q.params.entities as unknown[]).length).toBe(2);
    const zero = commitQuery(
      {
        episode: episode(),
        result: result("ep"),
        entities: [{ entity: entity(), embedding: vec(0, 0) }],
        facts: [],
        invalidations: [],
        mentions: [],
      },
      new Sequence(),
    );
    // An all-zero vector is not stored: FalkorDB's cosine distance to it is NaN.
    expect(zero.params.entityVectors).toBeUndefined();
    expect(zero.text).not.toContain("$entityVectors");
    expect(q.params.invalidations).toEqual([
      {
        uuid: "f-0",
        invalidAt: "2024-01-01T00:00:00.000Z",
        expiredAt: "2024-01-03T00:00:00.000Z",
        invalidatedBy: "f-1",
      },
    ]);
  });

  it("keeps createdAt and seq on re-upsert of an entity but replaces the rest; facts replace all fields", () => {
    const q = commitQuery(
      {
        episode: episode(),
        result: result("ep"),
        entities: [{ entity: entity() }],
        facts: [{ fact: fact() }],
        invalidations: [],
        mentions: [],
      },
      new Sequence(),
    );
    expect(q.text).toContain("ON CREATE SET n.createdAt = e.createdAt, n.seq = e.seq");
    expect(q.text).toMatch(
      /SET n\.name = e\.name, n\.key = e\.key, n\.type = e\.type, n\.summary = e\.summary, n\.updatedAt = e\.updatedAt/,
    );
    for (const field of [
      "subjectId",
      "predicate",
      "objectId",
      "text",
      "validAt",
      "invalidAt",
      "createdAt",
      "expiredAt",
      "episodeIds",
      "invalidatedBy",
    ]) {
      expect(q.text).toContain(`x.${field} = f.${field}`);
    }
    expect(q.text).toContain("ON CREATE SET x.seq = f.seq");
  });

  it("collapses repeated ids to the last write and issues increasing seq numbers", () => {
    const q = commitQuery(
      {
        episode: episode(),
        result: result("ep"),
        entities: [
          { entity: entity({ id: "a", summary: "old" }) },
          { entity: entity({ id: "b" }) },
          { entity: entity({ id: "a", summary: "new" }) },
        ],
        facts: [],
        invalidations: [],
        mentions: [
          { episodeId: "ep", entityId: "a", group: "g1" },
          { episodeId: "ep", entityId: "a", group: "g1" },
        ],
      },
      new Sequence(),
    );
    const ents = q.params.entities as Array<{ uuid: string; summary: string; seq: number }>;
    expect(ents.map((e) => [e.uuid, e.summary])).toEqual([
      ["b", `summary ${MARK}`],
      ["a", "new"],
    ]);
    expect((ents[1]?.seq ?? 0) > (ents[0]?.seq ?? 0)).toBe(true);
    expect(q.params.mentions).toEqual([{ episodeId: "ep", entityId: "a" }]);
  });

  it("rejects a time that is not ISO-8601 instead of storing a string that sorts wrongly", () => {
    expect(() =>
      commitQuery(
        {
          episode: episode({ occurredAt: "yesterday" }),
          result: result("x"),
          entities: [],
          facts: [],
          invalidations: [],
          mentions: [],
        },
        new Sequence(),
      ),
    ).toThrow(/occurredAt/);
  });
});

describe("importQuery", () => {
  it("orders records by dependency whatever the input order, upserting episodes without touching results", () => {
    const q = importQuery(
      [
        { type: "mention", data: { episodeId: "e1", entityId: "n1", group: "g1" } },
        { type: "fact", data: fact({ id: "f1" }), embedding: vec(0, 1) },
        { type: "entity", data: entity({ id: "n1" }) },
        { type: "episode", data: episode({ id: "e1" }) },
      ],
      new Sequence(),
    );
    expect(q).not.toBeNull();
    if (!q) return;
    checkCypher(q);
    const at = [
      "UNWIND $episodes",
      "UNWIND $entities",
      "UNWIND $facts",
      "UNWIND $factVectors",
      "UNWIND $mentions",
    ].map((s) => q.text.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(q.text).not.toContain("result");
    expect(q.text).not.toContain("$entityVectors");
    expect(q.text).toContain("SET ep.kind = e.kind");
  });

  it("is null for nothing to write", () => {
    expect(importQuery([], new Sequence())).toBeNull();
  });
});

describe("forgetQuery", () => {
  const q = forgetQuery(`ep-1${MARK}`);

  it("is well-formed and parameterised", () => {
    checkCypher(q);
    expect(q.params).toEqual({ episodeId: `ep-1${MARK}` });
  });

  it("carries the episode id as a grouping key through every aggregation, so a missing episode returns no row", () => {
    const withs = q.text.split("\n").filter((l) => l.startsWith("WITH "));
    expect(withs.length).toBeGreaterThan(5);
    for (const w of withs.slice(1)) expect(w, w).toMatch(/^WITH gone,/);
    expect(q.text).toMatch(/RETURN gone AS forgotten, size\(orphans\) AS orphans$/);
  });

  it("follows the interface's rules in order", () => {
    const steps = [
      "DETACH DELETE ep",
      "SET x.episodeIds = [e IN x.episodeIds WHERE e <> $episodeId]",
      "FOREACH (x IN dead | DETACH DELETE x)",
      "SET r.invalidAt = null, r.expiredAt = null, r.invalidatedBy = null",
      "FOREACH (o IN orphans | DETACH DELETE o)",
    ].map((s) => q.text.indexOf(s));
    expect(steps.every((i) => i >= 0)).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    // Re-opening targets what the deleted facts had invalidated; orphans have no mention and no fact.
    expect(q.text).toContain("WHERE r.invalidatedBy IN deadIds");
    expect(q.text).toContain("WHERE o.uuid IN touched AND NOT o.uuid IN used");
    expect(q.text).toContain("CASE WHEN o IS NOT NULL AND refs = 0 THEN o END");
  });
});

describe("meta writes", () => {
  it("are parameterised", () => {
    for (const q of [setMetaQuery(MARK, MARK), registerGroupQuery("g1"), unregisterGroupQuery("g1")])
      checkCypher(q);
    expect(setMetaQuery("k", "v").params).toEqual({ key: "k", value: "v" });
  });
});

describe("joinStages", () => {
  it("separates stages with aggregations and merges their params", () => {
    const q = joinStages([
      { text: "CREATE (:A {v: $a})", params: { a: 1 } },
      { text: "CREATE (:B {v: $b})", params: { b: 2 } },
    ]);
    expect(q.text).toBe("CREATE (:A {v: $a})\nWITH count(*) AS stage1\nCREATE (:B {v: $b})");
    expect(q.params).toEqual({ a: 1, b: 2 });
  });
});
