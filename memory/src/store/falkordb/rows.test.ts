import { describe, expect, it } from "vitest";
import {
  toCandidate,
  toCursor,
  toDistance,
  toEntity,
  toEpisode,
  toFact,
  toHit,
  toIngestResult,
  toStats,
  stringColumn,
} from "./rows.js";

// Rows as the falkordb client returns them (reply.data): objects keyed by column alias, unset
// properties as null, integers as numbers, lists as arrays.
describe("row mapping", () => {
  it("reads a NaN distance (a stored vector with no norm) instead of failing the whole search", () => {
    expect(toDistance({ id: "a", distance: Number.NaN }).distance).toBeNaN();
    expect(
      toCandidate({
        id: "a",
        distance: Number.NaN,
        validAt: "2024-01-01T00:00:00.000Z",
        invalidAt: null,
        expiredAt: null,
      }).distance,
    ).toBeNaN();
    expect(() => toDistance({ id: "a", distance: "x" })).toThrow(/vector hit/);
  });

  it("maps an episode row, parsing metadata JSON", () => {
    const e = toEpisode("g1", {
      id: "e1",
      kind: "note",
      content: "hello",
      actor: null,
      session: "s1",
      occurredAt: "2024-01-01T00:00:00.000Z",
      createdAt: "2024-01-01T00:00:01.000Z",
      metadata: '{"tool":"bash","n":2}',
      seq: 1712345678901234,
    });
    expect(e).toEqual({
      id: "e1",
      group: "g1",
      kind: "note",
      content: "hello",
      actor: null,
      session: "s1",
      occurredAt: "2024-01-01T00:00:00.000Z",
      createdAt: "2024-01-01T00:00:01.000Z",
      metadata: { tool: "bash", n: 2 },
    });
    expect(toEpisode("g1", { ...rowOf(e), metadata: null }).metadata).toEqual({});
    expect(() => toEpisode("g1", { ...rowOf(e), metadata: "[1]" })).toThrow(/not a JSON object/);
  });

  it("maps entity and fact rows; a missing list or summary becomes empty", () => {
    const n = toEntity("g", {
      id: "n1",
      name: "App",
      key: "src/app.ts",
      type: "file",
      summary: null,
      createdAt: "a",
      updatedAt: "b",
      seq: 3,
    });
    expect(n).toEqual({
      id: "n1",
      group: "g",
      name: "App",
      key: "src/app.ts",
      type: "file",
      summary: "",
      createdAt: "a",
      updatedAt: "b",
    });
    const f = toFact("g", {
      id: "f1",
      subjectId: "n1",
      predicate: "uses",
      objectId: "n2",
      text: "t",
      validAt: "v",
      invalidAt: null,
      createdAt: "c",
      expiredAt: null,
      episodeIds: ["e1", "e2"],
      invalidatedBy: null,
      seq: 4,
    });
    expect(f.episodeIds).toEqual(["e1", "e2"]);
    expect(f.group).toBe("g");
    expect(toFact("g", { ...f, episodeIds: null }).episodeIds).toEqual([]);
  });

  it("names the field when a row is malformed", () => {
    expect(() => toFact("g", { id: "f1" })).toThrow(/malformed fact row: subjectId/);
    expect(() => toHit({ id: "x", score: "1" })).toThrow(/search hit row: score/);
    expect(() =>
      toCandidate({ id: "x", distance: 0.1, validAt: null, invalidAt: null, expiredAt: null }),
    ).toThrow(/validAt/);
    expect(() => stringColumn({ value: 3 }, "value")).toThrow(/non-string value/);
  });

  it("maps hits, cursors, stats and stored results", () => {
    expect(toHit({ id: "a", score: 2.5 })).toEqual({ id: "a", score: 2.5 });
    expect(toCursor({ id: "a", seq: 9, other: 1 })).toEqual({ seq: 9, uuid: "a" });
    const counts = { episodes: 1, entities: 2, facts: 3, invalidatedFacts: 0 };
    expect(toStats(counts, undefined)).toEqual({ ...counts, lastEpisodeAt: null });
    expect(toStats(counts, { lastEpisodeAt: "2026-01-02T03:04:05.000Z" })).toEqual({
      ...counts,
      lastEpisodeAt: "2026-01-02T03:04:05.000Z",
    });
    expect(() => toStats(counts, { lastEpisodeAt: 5 })).toThrow(/last episode/);
    const r = {
      id: "e",
      created: true,
      entities: [{ id: "n", name: "N", type: "file" }],
      facts: [],
      invalidated: ["f0"],
    };
    expect(toIngestResult(JSON.stringify(r))).toEqual(r);
    expect(() => toIngestResult('{"id":"e"}')).toThrow(/ingest result/);
    expect(stringColumn(undefined, "x")).toBeNull();
    expect(stringColumn({ x: null }, "x")).toBeNull();
  });
});

function rowOf(e: ReturnType<typeof toEpisode>) {
  return { ...e, metadata: JSON.stringify(e.metadata) };
}
