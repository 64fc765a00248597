/**
 * Read queries. Every value arrives as a parameter; the only things built into the text are
 * constant labels, property names and a choice between fixed filter fragments. Columns are
 * projected explicitly (never whole nodes), so rows carry plain strings, numbers and lists and the
 * client never has to resolve label or property ids.
 */
import type { EntityType } from "../../model/types.js";
import type { FactFilter, ListEpisodesOptions } from "../interface.js";
import { type Cypher, cypher, iso } from "./cypher.js";
import { fulltextQuery } from "./fulltext.js";

export const EPISODE_RETURN =
  "e.uuid AS id, e.kind AS kind, e.content AS content, e.actor AS actor, e.session AS session, " +
  "e.occurredAt AS occurredAt, e.createdAt AS createdAt, e.metadata AS metadata, e.seq AS seq";
export const ENTITY_RETURN =
  "n.uuid AS id, n.name AS name, n.key AS key, n.type AS type, n.summary AS summary, " +
  "n.createdAt AS createdAt, n.updatedAt AS updatedAt, n.seq AS seq";
export const FACT_RETURN =
  "f.uuid AS id, f.subjectId AS subjectId, f.predicate AS predicate, f.objectId AS objectId, f.text AS text, " +
  "f.validAt AS validAt, f.invalidAt AS invalidAt, f.createdAt AS createdAt, f.expiredAt AS expiredAt, " +
  "f.episodeIds AS episodeIds, f.invalidatedBy AS invalidatedBy, f.seq AS seq";

/** Cypher for a fact filter over alias `f` (see FactFilter), and its parameters. */
export function factFilter(filter: FactFilter): { where: string; params: Record<string, unknown> } {
  if (filter.at !== undefined) {
    return {
      where: "f.validAt <= $at AND (f.invalidAt IS NULL OR f.invalidAt > $at)",
      params: { at: iso(filter.at, "filter.at") },
    };
  }
  if (filter.history) return { where: "true", params: {} };
  return { where: "f.invalidAt IS NULL AND f.expiredAt IS NULL", params: {} };
}

/** The same filter in JS, for candidates that come back from the vector index unfiltered. */
export function factPasses(
  f: { validAt: string; invalidAt: string | null; expiredAt: string | null },
  filter: FactFilter,
): boolean {
  if (filter.at !== undefined) {
    const at = iso(filter.at, "filter.at");
    return f.validAt <= at && (f.invalidAt === null || f.invalidAt > at);
  }
  if (filter.history) return true;
  return f.invalidAt === null && f.expiredAt === null;
}

/** LIMIT takes a parameter; it must be a non-negative integer. */
function limitParam(limit: number): number {
  if (!Number.isFinite(limit) || limit <= 0) return 0;
  return Math.min(Math.floor(limit), 100_000);
}

// --- meta -----------------------------------------------------------------------------------

export function getMetaQuery(key: string): Cypher {
  return cypher("MATCH (m:Meta {key: $key}) RETURN m.value AS value", { key });
}

export function listGroupsQuery(): Cypher {
  return cypher("MATCH (g:Group) RETURN g.name AS name ORDER BY name");
}

export function groupStatsQuery(): Cypher {
  return cypher(`OPTIONAL MATCH (e:Episode)
WITH count(e) AS episodes
OPTIONAL MATCH (n:Entity)
WITH episodes, count(n) AS entities
OPTIONAL MATCH (f:Fact)
RETURN episodes, entities, count(f) AS facts,
  sum(CASE WHEN f IS NOT NULL AND (f.invalidAt IS NOT NULL OR f.expiredAt IS NOT NULL) THEN 1 ELSE 0 END) AS invalidatedFacts`);
}

/** The latest episode's time, by the ordering the episode log already uses (canonical ISO text). */
export function lastEpisodeQuery(): Cypher {
  return cypher("MATCH (e:Episode) RETURN e.occurredAt AS lastEpisodeAt ORDER BY lastEpisodeAt DESC LIMIT 1");
}

// --- episodes -------------------------------------------------------------------------------

export function ingestResultQuery(episodeId: string): Cypher {
  return cypher("MATCH (e:Episode {uuid: $episodeId}) RETURN e.result AS result", { episodeId });
}

/** For an imported episode (no stored result): what it is linked to now. */
export function derivedEntitiesQuery(episodeId: string): Cypher {
  return cypher(
    "MATCH (:Episode {uuid: $episodeId})-[:MENTIONS]->(n:Entity) RETURN n.uuid AS id, n.name AS name, n.type AS type ORDER BY n.seq",
    { episodeId },
  );
}

export function derivedFactsQuery(episodeId: string): Cypher {
  return cypher(
    "MATCH (f:Fact) WHERE $episodeId IN f.episodeIds RETURN f.uuid AS id, f.text AS text, f.validAt AS validAt, f.invalidAt AS invalidAt ORDER BY f.seq",
    { episodeId },
  );
}

export function getEpisodesQuery(ids: string[]): Cypher {
  return cypher(`MATCH (e:Episode) WHERE e.uuid IN $ids RETURN ${EPISODE_RETURN} ORDER BY e.seq`, { ids });
}

export function listEpisodesQuery(options: ListEpisodesOptions): Cypher {
  // Only the filters in use are written: a `$x IS NULL OR prop = $x` guard keeps FalkorDB from
  // using the index on prop even when $x is set.
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: limitParam(options.limit ?? 50) };
  if (options.session !== undefined) {
    where.push("e.session = $session");
    params.session = options.session;
  }
  if (options.kind !== undefined) {
    where.push("e.kind = $kind");
    params.kind = options.kind;
  }
  if (options.before !== undefined) {
    params.before = iso(options.before, "before");
    if (options.beforeId !== undefined) {
      where.push("(e.occurredAt < $before OR (e.occurredAt = $before AND e.uuid < $beforeId))");
      params.beforeId = options.beforeId;
    } else where.push("e.occurredAt < $before");
  }
  return cypher(
    `MATCH (e:Episode)${where.length ? ` WHERE ${where.join(" AND ")}` : ""}
RETURN ${EPISODE_RETURN} ORDER BY e.occurredAt DESC, e.uuid DESC LIMIT $limit`,
    params,
  );
}

// --- entities -------------------------------------------------------------------------------

export function getEntitiesQuery(ids: string[]): Cypher {
  return cypher(`MATCH (n:Entity) WHERE n.uuid IN $ids RETURN ${ENTITY_RETURN} ORDER BY n.seq`, { ids });
}

export function entitiesByKeyQuery(keys: string[], type: EntityType | null): Cypher {
  if (type === null) {
    return cypher(`MATCH (n:Entity) WHERE n.key IN $keys RETURN ${ENTITY_RETURN} ORDER BY n.seq`, { keys });
  }
  return cypher(
    `MATCH (n:Entity) WHERE n.key IN $keys AND n.type = $type RETURN ${ENTITY_RETURN} ORDER BY n.seq`,
    { keys, type },
  );
}

/** Key equals the suffix or ends with "/" + suffix; shortest key first. */
export function entitiesByKeySuffixQuery(suffix: string, type: EntityType, limit: number): Cypher {
  return cypher(
    `MATCH (n:Entity) WHERE n.type = $type AND (n.key = $suffix OR n.key ENDS WITH $slashSuffix)
RETURN ${ENTITY_RETURN} ORDER BY size(n.key), n.seq LIMIT $limit`,
    { type, suffix, slashSuffix: `/${suffix}`, limit: limitParam(limit) },
  );
}

// --- facts ----------------------------------------------------------------------------------

export function getFactsQuery(ids: string[]): Cypher {
  return cypher(`MATCH (f:Fact) WHERE f.uuid IN $ids RETURN ${FACT_RETURN} ORDER BY f.seq`, { ids });
}

export function factsBySubjectPredicateQuery(subjectId: string, predicate: string): Cypher {
  return cypher(
    `MATCH (f:Fact) WHERE f.subjectId = $subjectId AND f.predicate = $predicate
RETURN ${FACT_RETURN} ORDER BY f.validAt, f.seq`,
    { subjectId, predicate },
  );
}

/**
 * Subject side and object side are looked up separately (each through its own index) and merged:
 * `subjectId IN $ids OR objectId IN $ids` as one predicate makes FalkorDB scan every fact.
 */
export function factsTouchingQuery(entityIds: string[], filter: FactFilter, limit: number): Cypher {
  const { where, params } = factFilter(filter);
  return cypher(
    `OPTIONAL MATCH (s:Fact) WHERE s.subjectId IN $ids
WITH collect(s) AS bySubject
OPTIONAL MATCH (o:Fact) WHERE o.objectId IN $ids
WITH bySubject, collect(o) AS byObject
UNWIND bySubject + byObject AS f
WITH DISTINCT f
WHERE ${where}
RETURN ${FACT_RETURN} ORDER BY f.validAt DESC, f.seq DESC LIMIT $limit`,
    { ids: entityIds, limit: limitParam(limit), ...params },
  );
}

export function recentFactsQuery(filter: FactFilter, limit: number): Cypher {
  const { where, params } = factFilter(filter);
  return cypher(
    `MATCH (f:Fact) WHERE ${where}
RETURN ${FACT_RETURN} ORDER BY f.validAt DESC, f.seq DESC LIMIT $limit`,
    { limit: limitParam(limit), ...params },
  );
}

// --- full text ------------------------------------------------------------------------------

/** null when the query has nothing searchable left (return [] without asking the server). */
export function searchEntitiesQuery(query: string, limit: number): Cypher | null {
  const q = fulltextQuery(query);
  if (q === null || limitParam(limit) === 0) return null;
  return cypher(
    `CALL db.idx.fulltext.queryNodes('Entity', $query) YIELD node, score
RETURN node.uuid AS id, score ORDER BY score DESC, node.seq ASC LIMIT $limit`,
    { query: q, limit: limitParam(limit) },
  );
}

export function searchFactsQuery(query: string, filter: FactFilter, limit: number): Cypher | null {
  const q = fulltextQuery(query);
  if (q === null || limitParam(limit) === 0) return null;
  const { where, params } = factFilter(filter);
  return cypher(
    `CALL db.idx.fulltext.queryNodes('Fact', $query) YIELD node AS f, score
WHERE ${where}
RETURN f.uuid AS id, score ORDER BY score DESC, f.seq ASC LIMIT $limit`,
    { query: q, limit: limitParam(limit), ...params },
  );
}

export function searchEpisodesQuery(query: string, kind: string | null, limit: number): Cypher | null {
  const q = fulltextQuery(query);
  if (q === null || limitParam(limit) === 0) return null;
  return cypher(
    `CALL db.idx.fulltext.queryNodes('Episode', $query) YIELD node AS e, score
WHERE $kind IS NULL OR e.kind = $kind
RETURN e.uuid AS id, score ORDER BY score DESC, e.seq ASC LIMIT $limit`,
    { query: q, kind, limit: limitParam(limit) },
  );
}

// --- export ---------------------------------------------------------------------------------

/** One page of a label in (seq, uuid) order, after the given cursor (keyset paging on seq's index). */
export function exportPageQuery(
  kind: "episode" | "entity" | "fact",
  after: { seq: number; uuid: string } | null,
  page: number,
): Cypher {
  const [label, alias, ret] =
    kind === "episode"
      ? (["Episode", "e", EPISODE_RETURN] as const)
      : kind === "entity"
        ? (["Entity", "n", ENTITY_RETURN] as const)
        : (["Fact", "f", FACT_RETURN] as const);
  const order = `RETURN ${ret} ORDER BY ${alias}.seq, ${alias}.uuid LIMIT $page`;
  if (after === null) return cypher(`MATCH (${alias}:${label})\n${order}`, { page: limitParam(page) });
  return cypher(
    `MATCH (${alias}:${label})
WHERE ${alias}.seq > $afterSeq OR (${alias}.seq = $afterSeq AND ${alias}.uuid > $afterUuid)
${order}`,
    { afterSeq: after.seq, afterUuid: after.uuid, page: limitParam(page) },
  );
}

export function exportMentionsQuery(
  after: { episodeId: string; entityId: string } | null,
  page: number,
): Cypher {
  return cypher(
    `MATCH (a:Episode)-[:MENTIONS]->(b:Entity)
WITH a.uuid AS episodeId, b.uuid AS entityId
WHERE $afterEpisode IS NULL OR episodeId > $afterEpisode OR (episodeId = $afterEpisode AND entityId > $afterEntity)
RETURN episodeId, entityId ORDER BY episodeId, entityId LIMIT $page`,
    { afterEpisode: after?.episodeId ?? null, afterEntity: after?.entityId ?? null, page: limitParam(page) },
  );
}
