import { describe, expect, it } from "vitest";
import { cypher } from "./cypher.js";
import * as R from "./reads.js";
import { checkCypher, MARK } from "./testing.js";

describe("checkCypher (the structural check every query test relies on)", () => {
  it("catches the typos a missing server cannot", () => {
    expect(() => checkCypher(cypher("MATCH (n RETURN n"))).toThrow(/unclosed/);
    expect(() => checkCypher(cypher("MATCH (n) WHERE n.a = $a RETURN n"))).toThrow(/\$a is not supplied/);
    expect(() => checkCypher(cypher("MATCH (n) RETURN n", { b: 1 }))).toThrow(/b is never used/);
    expect(() => checkCypher(cypher(`MATCH (n {k: '${MARK}'}) RETURN n`))).toThrow(/user value/);
    expect(() => checkCypher(cypher("RETURN 'x"))).toThrow(/unterminated/);
    expect(() => checkCypher(cypher("MATCH (n) WHERE n.a = $a RETURN n", { a: "ok" }))).not.toThrow();
  });
});

describe("read queries", () => {
  const all = {
    getMeta: R.getMetaQuery(MARK),
    listGroups: R.listGroupsQuery(),
    stats: R.groupStatsQuery(),
    lastEpisode: R.lastEpisodeQuery(),
    ingest: R.ingestResultQuery(MARK),
    derivedEntities: R.derivedEntitiesQuery(MARK),
    derivedFacts: R.derivedFactsQuery(MARK),
    episodes: R.getEpisodesQuery([MARK, "b"]),
    list: R.listEpisodesQuery({ session: MARK, before: "2024-01-01T00:00:00Z", limit: 5 }),
    entities: R.getEntitiesQuery([MARK]),
    byKey: R.entitiesByKeyQuery([MARK], "file"),
    bySuffix: R.entitiesByKeySuffixQuery(MARK, "file", 3),
    facts: R.getFactsQuery([MARK]),
    bySubject: R.factsBySubjectPredicateQuery(MARK, MARK),
    touching: R.factsTouchingQuery([MARK], { at: "2024-01-01T00:00:00Z" }, 10),
    byKeyAny: R.entitiesByKeyQuery([MARK], null),
    listAll: R.listEpisodesQuery({}),
    recent: R.recentFactsQuery({ history: true }, 10),
    exportEpisodes: R.exportPageQuery("episode", { seq: 5, uuid: MARK }, 500),
    exportEntities: R.exportPageQuery("entity", null, 500),
    exportFacts: R.exportPageQuery("fact", null, 500),
    mentions: R.exportMentionsQuery({ episodeId: MARK, entityId: MARK }, 500),
  };

  it("are well-formed and keep every user value in parameters", () => {
    for (const [name, q] of Object.entries(all)) expect(() => checkCypher(q), name).not.toThrow();
  });

  it("project columns, never whole nodes (rows stay plain values)", () => {
    for (const [name, q] of Object.entries(all)) {
      expect(q.text, name).not.toMatch(/RETURN (e|n|f|g|m|a|b|node)\s*($|,|ORDER)/);
    }
  });

  it("filter episodes by optional session and strict before, newest first, writing only the filters in use", () => {
    const q = R.listEpisodesQuery({});
    expect(q.params).toEqual({ limit: 50 });
    expect(q.text).toMatch(/^MATCH \(e:Episode\)\nRETURN /);
    expect(q.text).toContain("ORDER BY e.occurredAt DESC, e.uuid DESC LIMIT $limit");
    const both = R.listEpisodesQuery({ session: "s1", before: "2024-01-01T01:00:00+01:00", limit: 3 });
    checkCypher(both);
    expect(both.text).toContain("WHERE e.session = $session AND e.occurredAt < $before");
    expect(both.params).toEqual({ session: "s1", before: "2024-01-01T00:00:00.000Z", limit: 3 });
    expect(R.listEpisodesQuery({ session: "s" }).text).not.toContain("$before");
    const page = R.listEpisodesQuery({ kind: "error", before: "2024-01-01T00:00:00Z", beforeId: "ep1" });
    checkCypher(page);
    expect(page.text).toContain(
      "WHERE e.kind = $kind AND (e.occurredAt < $before OR (e.occurredAt = $before AND e.uuid < $beforeId))",
    );
    expect(page.params).toMatchObject({ kind: "error", beforeId: "ep1" });
  });

  it("find entities by key with or without a type filter", () => {
    expect(R.entitiesByKeyQuery(["a"], null).params).toEqual({ keys: ["a"] });
    expect(R.entitiesByKeyQuery(["a"], null).text).not.toContain("$type");
    expect(R.entitiesByKeyQuery(["a"], "file").text).toContain("n.key IN $keys AND n.type = $type");
  });

  it("look facts up by subject and by object through separate index lookups, merged without duplicates", () => {
    const q = R.factsTouchingQuery(["a"], {}, 5);
    expect(q.text).toContain("OPTIONAL MATCH (s:Fact) WHERE s.subjectId IN $ids");
    expect(q.text).toContain("OPTIONAL MATCH (o:Fact) WHERE o.objectId IN $ids");
    expect(q.text).toContain("WITH DISTINCT f\nWHERE f.invalidAt IS NULL AND f.expiredAt IS NULL");
    expect(q.text).not.toMatch(/subjectId IN \$ids OR/);
  });

  it("resolve path suffixes as key = suffix or key ending in /suffix, shortest first", () => {
    const q = R.entitiesByKeySuffixQuery("app.ts", "file", 2);
    expect(q.params).toEqual({ type: "file", suffix: "app.ts", slashSuffix: "/app.ts", limit: 2 });
    expect(q.text).toContain("ORDER BY size(n.key), n.seq LIMIT $limit");
  });

  it("page exports by (seq, uuid) keyset, the first page without a cursor", () => {
    const first = R.exportPageQuery("fact", null, 500);
    expect(first.text).toBe(`MATCH (f:Fact)\nRETURN ${R.FACT_RETURN} ORDER BY f.seq, f.uuid LIMIT $page`);
    expect(first.params).toEqual({ page: 500 });
    const next = R.exportPageQuery("entity", { seq: 7, uuid: "u" }, 500);
    expect(next.text).toContain("WHERE n.seq > $afterSeq OR (n.seq = $afterSeq AND n.uuid > $afterUuid)");
    expect(next.params).toEqual({ afterSeq: 7, afterUuid: "u", page: 500 });
  });

  it("turn limits into non-negative integers", () => {
    expect(R.recentFactsQuery({}, 2.7).params.limit).toBe(2);
    expect(R.recentFactsQuery({}, -1).params.limit).toBe(0);
    expect(R.recentFactsQuery({}, Number.POSITIVE_INFINITY).params.limit).toBe(0);
  });
});

describe("fact filters", () => {
  const f = (validAt: string, invalidAt: string | null, expiredAt: string | null) => ({
    validAt,
    invalidAt,
    expiredAt,
  });
  const T = (h: number) => `2024-01-01T${String(h).padStart(2, "0")}:00:00.000Z`;

  it("default: current facts only", () => {
    expect(R.factFilter({})).toEqual({ where: "f.invalidAt IS NULL AND f.expiredAt IS NULL", params: {} });
    expect(R.factPasses(f(T(1), null, null), {})).toBe(true);
    expect(R.factPasses(f(T(1), T(2), null), {})).toBe(false);
    expect(R.factPasses(f(T(1), null, T(2)), {})).toBe(false);
  });

  it("at: true at that instant whatever the expiry, with the instant canonicalised", () => {
    const at = R.factFilter({ at: "2024-01-01T05:00:00+02:00" });
    expect(at.where).toBe("f.validAt <= $at AND (f.invalidAt IS NULL OR f.invalidAt > $at)");
    expect(at.params).toEqual({ at: T(3) });
    const filter = { at: T(3) };
    expect(R.factPasses(f(T(3), null, T(4)), filter)).toBe(true);
    expect(R.factPasses(f(T(4), null, null), filter)).toBe(false);
    expect(R.factPasses(f(T(1), T(3), null), filter)).toBe(false);
    expect(R.factPasses(f(T(1), T(4), null), filter)).toBe(true);
  });

  it("history: everything", () => {
    expect(R.factFilter({ history: true }).where).toBe("true");
    expect(R.factPasses(f(T(1), T(2), T(2)), { history: true })).toBe(true);
  });

  it("is applied in every fact read that takes one", () => {
    expect(R.factsTouchingQuery(["a"], {}, 5).text).toContain("f.invalidAt IS NULL AND f.expiredAt IS NULL");
    expect(R.recentFactsQuery({ at: T(1) }, 5).params.at).toBe(T(1));
  });
});

describe("full-text queries", () => {
  it("return null (no server call) when nothing searchable remains or the limit is 0", () => {
    expect(R.searchEntitiesQuery("the of", 10)).toBeNull();
    expect(R.searchFactsQuery("`_`", {}, 10)).toBeNull();
    expect(R.searchEpisodesQuery("---", null, 10)).toBeNull();
    expect(R.searchEntitiesQuery("deploy", 0)).toBeNull();
  });

  it("pass the sanitised query as a parameter to the node full-text procedure", () => {
    const q = R.searchFactsQuery(`pre-commit ${MARK}`, { history: true }, 7);
    expect(q).not.toBeNull();
    if (!q) return;
    checkCypher(q);
    expect(q.text).toMatch(
      /^CALL db\.idx\.fulltext\.queryNodes\('Fact', \$query\) YIELD node AS f, score\nWHERE true\n/,
    );
    expect(q.params.query).toBe("(pre commit) | inject | detach | delete | x");
    expect(q.params.limit).toBe(7);
    const e = R.searchEpisodesQuery("build failed", "error", 3);
    expect(e?.params).toEqual({ query: "build | failed", kind: "error", limit: 3 });
    expect(e?.text).toContain("WHERE $kind IS NULL OR e.kind = $kind");
    const n = R.searchEntitiesQuery("Deploy", 4);
    expect(n?.text).toContain("CALL db.idx.fulltext.queryNodes('Entity', $query) YIELD node, score");
    expect(n?.text).toContain("ORDER BY score DESC");
  });
});
