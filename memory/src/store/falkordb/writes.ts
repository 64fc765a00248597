/**
 * Write queries. Each Store write is ONE Cypher query, so FalkorDB runs it atomically (a query runs
 * under the graph's write lock and is undone if it fails). Stages run in the order the interface
 * fixes (episode, entities, facts, invalidations, mentions), separated by `WITH count(*)`, an
 * aggregation: it waits for the whole stage and always yields exactly one row, so an empty list in
 * one stage does not stop the next. Stages with nothing to do are left out of the text.
 * Vectors are always written as `vecf32(list)`: a plain list is stored as a List, which the vector
 * index and `vec.cosineDistance` reject ("expected Vectorf32 but was List").
 */
import type { Entity, Episode, Fact, Mention } from "../../model/types.js";
import type { ImportRecord, IngestWrite } from "../interface.js";
import { type Cypher, cypher, iso, isoOrNull, type Sequence, vecf32, vectorParam } from "./cypher.js";
import { comparable } from "./vectors.js";

type Row = Record<string, unknown>;

interface Stage {
  text: string;
  params: Record<string, unknown>;
}

/** Joins stages into one query; the aggregation between them is what keeps them in order. */
export function joinStages(stages: Stage[]): Cypher {
  const params: Record<string, unknown> = {};
  const parts: string[] = [];
  stages.forEach((s, i) => {
    if (i > 0) parts.push(`WITH count(*) AS stage${i}`);
    parts.push(s.text);
    Object.assign(params, s.params);
  });
  return cypher(parts.join("\n"), params);
}

// --- rows -----------------------------------------------------------------------------------

function episodeRow(e: Episode, seq: number): Row {
  return {
    uuid: e.id,
    kind: e.kind,
    content: e.content,
    actor: e.actor,
    session: e.session,
    occurredAt: iso(e.occurredAt, "episode.occurredAt"),
    createdAt: iso(e.createdAt, "episode.createdAt"),
    metadata: JSON.stringify(e.metadata ?? {}),
    seq,
  };
}

function entityRow(e: Entity, seq: number): Row {
  return {
    uuid: e.id,
    name: e.name,
    key: e.key,
    type: e.type,
    summary: e.summary,
    createdAt: iso(e.createdAt, "entity.createdAt"),
    updatedAt: iso(e.updatedAt, "entity.updatedAt"),
    seq,
  };
}

function factRow(f: Fact, seq: number): Row {
  return {
    uuid: f.id,
    subjectId: f.subjectId,
    predicate: f.predicate,
    objectId: f.objectId,
    text: f.text,
    validAt: iso(f.validAt, "fact.validAt"),
    invalidAt: isoOrNull(f.invalidAt, "fact.invalidAt"),
    createdAt: iso(f.createdAt, "fact.createdAt"),
    expiredAt: isoOrNull(f.expiredAt, "fact.expiredAt"),
    episodeIds: [...f.episodeIds],
    invalidatedBy: f.invalidatedBy,
    seq,
  };
}

function vectorRow(id: string, v: Float32Array): Row {
  return { uuid: id, embedding: vectorParam(v), dim: v.length };
}

/**
 * Vector rows for the items whose embedding can be compared: FalkorDB's cosine distance divides by
 * the norms unchecked, so an all-zero vector (the hashed embedder's for text with no letter or
 * digit, such as an entity named "&&") would answer NaN to every query that scans it.
 */
function vectorRows<T>(
  items: T[],
  id: (t: T) => string,
  embedding: (t: T) => Float32Array | undefined,
): Row[] {
  return items.flatMap((item) => {
    const v = embedding(item);
    return v && comparable(v) ? [vectorRow(id(item), v)] : [];
  });
}

/** Last write wins for a repeated id, as sequential upserts would: MERGE in one UNWIND may not see it. */
function lastById<T>(items: T[], id: (t: T) => string): T[] {
  const byId = new Map<string, T>();
  for (const item of items) {
    const k = id(item);
    byId.delete(k);
    byId.set(k, item);
  }
  return [...byId.values()];
}

// --- stages ---------------------------------------------------------------------------------

const EPISODE_FIELDS = ["kind", "content", "actor", "session", "occurredAt", "createdAt", "metadata"];

/** Commit: the first write of an episode id wins (its stored result is what a replay returns). */
function createEpisodeStage(e: Episode, resultJson: string, seq: number): Stage {
  const sets = [
    ...EPISODE_FIELDS.map((f) => `ep.${f} = $episode.${f}`),
    "ep.result = $result",
    "ep.seq = $episode.seq",
  ];
  return {
    text: `MERGE (ep:Episode {uuid: $episodeId})\nON CREATE SET ${sets.join(", ")}`,
    params: { episodeId: e.id, episode: episodeRow(e, seq), result: resultJson },
  };
}

/** Import: upsert by id; a stored ingest result is kept (imported episodes bring none). */
function upsertEpisodesStage(rows: Row[]): Stage {
  return {
    text: `UNWIND $episodes AS e
MERGE (ep:Episode {uuid: e.uuid})
ON CREATE SET ep.seq = e.seq
SET ${EPISODE_FIELDS.map((f) => `ep.${f} = e.${f}`).join(", ")}`,
    params: { episodes: rows },
  };
}

function entitiesStage(rows: Row[]): Stage {
  return {
    text: `UNWIND $entities AS e
MERGE (n:Entity {uuid: e.uuid})
ON CREATE SET n.createdAt = e.createdAt, n.seq = e.seq
SET n.name = e.name, n.key = e.key, n.type = e.type, n.summary = e.summary, n.updatedAt = e.updatedAt`,
    params: { entities: rows },
  };
}

/**
 * Clears the old vector before setting the new one: on FalkorDB 4.18-4.20 a SET of a Vectorf32
 * over an existing Vectorf32 silently does nothing (FalkorDB#2099) and can leave the vector index
 * stale (FalkorDB#2179); delete-then-set in one query is the reported workaround.
 */
function vectorsStage(label: "Entity" | "Fact", param: string, rows: Row[]): Stage {
  return {
    text: `UNWIND $${param} AS v
MATCH (n:${label} {uuid: v.uuid})
SET n.embedding = null
WITH n, v
SET n.embedding = ${vecf32("v.embedding")}, n.embeddingDim = v.dim`,
    params: { [param]: rows },
  };
}

const FACT_FIELDS = [
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
];

function factsStage(rows: Row[]): Stage {
  return {
    text: `UNWIND $facts AS f
MERGE (x:Fact {uuid: f.uuid})
ON CREATE SET x.seq = f.seq
SET ${FACT_FIELDS.map((k) => `x.${k} = f.${k}`).join(", ")}`,
    params: { facts: rows },
  };
}

function invalidationsStage(rows: Row[]): Stage {
  return {
    text: `UNWIND $invalidations AS i
MATCH (x:Fact {uuid: i.uuid})
SET x.invalidAt = i.invalidAt, x.expiredAt = i.expiredAt, x.invalidatedBy = i.invalidatedBy`,
    params: { invalidations: rows },
  };
}

function mentionsStage(rows: Row[]): Stage {
  return {
    text: `UNWIND $mentions AS m
MATCH (a:Episode {uuid: m.episodeId}), (b:Entity {uuid: m.entityId})
MERGE (a)-[:MENTIONS]->(b)`,
    params: { mentions: rows },
  };
}

function mentionRows(mentions: Mention[]): Row[] {
  return lastById(mentions, (m) => `${m.episodeId}\u0000${m.entityId}`).map((m) => ({
    episodeId: m.episodeId,
    entityId: m.entityId,
  }));
}

// --- queries --------------------------------------------------------------------------------

/** Store.commit as one query. */
export function commitQuery(w: IngestWrite, seq: Sequence): Cypher {
  const stages: Stage[] = [createEpisodeStage(w.episode, JSON.stringify(w.result), seq.next())];
  const entities = lastById(w.entities, (e) => e.entity.id);
  if (entities.length) stages.push(entitiesStage(entities.map((e) => entityRow(e.entity, seq.next()))));
  const entityVectors = vectorRows(
    entities,
    (e) => e.entity.id,
    (e) => e.embedding,
  );
  if (entityVectors.length) stages.push(vectorsStage("Entity", "entityVectors", entityVectors));
  const facts = lastById(w.facts, (f) => f.fact.id);
  if (facts.length) stages.push(factsStage(facts.map((f) => factRow(f.fact, seq.next()))));
  const factVectors = vectorRows(
    facts,
    (f) => f.fact.id,
    (f) => f.embedding,
  );
  if (factVectors.length) stages.push(vectorsStage("Fact", "factVectors", factVectors));
  if (w.invalidations.length) {
    stages.push(
      invalidationsStage(
        w.invalidations.map((i) => ({
          uuid: i.factId,
          invalidAt: iso(i.invalidAt, "invalidation.invalidAt"),
          expiredAt: iso(i.expiredAt, "invalidation.expiredAt"),
          invalidatedBy: i.invalidatedBy,
        })),
      ),
    );
  }
  const mentions = mentionRows(w.mentions);
  if (mentions.length) stages.push(mentionsStage(mentions));
  return joinStages(stages);
}

const TYPE_ORDER = { episode: 0, entity: 1, fact: 2, mention: 3 } as const;

/**
 * Store.importRecords for the records of ONE group, as one query. Records are put in dependency
 * order first (episodes, entities, facts, mentions; stable within a type), so a mention never
 * precedes the nodes it links. null when there is nothing to write.
 */
export function importQuery(records: ImportRecord[], seq: Sequence): Cypher | null {
  const sorted = [...records].sort((a, b) => TYPE_ORDER[a.type] - TYPE_ORDER[b.type]);
  const episodes: Episode[] = [];
  const entities: Array<{ entity: Entity; embedding?: Float32Array }> = [];
  const facts: Array<{ fact: Fact; embedding?: Float32Array }> = [];
  const mentions: Mention[] = [];
  for (const r of sorted) {
    if (r.type === "episode") episodes.push(r.data);
    else if (r.type === "entity")
      entities.push({ entity: r.data, ...(r.embedding ? { embedding: r.embedding } : {}) });
    else if (r.type === "fact")
      facts.push({ fact: r.data, ...(r.embedding ? { embedding: r.embedding } : {}) });
    else mentions.push(r.data);
  }
  const stages: Stage[] = [];
  const eps = lastById(episodes, (e) => e.id);
  if (eps.length) stages.push(upsertEpisodesStage(eps.map((e) => episodeRow(e, seq.next()))));
  const ents = lastById(entities, (e) => e.entity.id);
  if (ents.length) stages.push(entitiesStage(ents.map((e) => entityRow(e.entity, seq.next()))));
  const entVectors = vectorRows(
    ents,
    (e) => e.entity.id,
    (e) => e.embedding,
  );
  if (entVectors.length) stages.push(vectorsStage("Entity", "entityVectors", entVectors));
  const fs = lastById(facts, (f) => f.fact.id);
  if (fs.length) stages.push(factsStage(fs.map((f) => factRow(f.fact, seq.next()))));
  const factVectors = vectorRows(
    fs,
    (f) => f.fact.id,
    (f) => f.embedding,
  );
  if (factVectors.length) stages.push(vectorsStage("Fact", "factVectors", factVectors));
  const ms = mentionRows(mentions);
  if (ms.length) stages.push(mentionsStage(ms));
  return stages.length ? joinStages(stages) : null;
}

/**
 * Store.forgetEpisode as one query (see the interface for the rules). `gone` (the episode id) is
 * carried as a grouping key through every aggregation, so when the episode does not exist the
 * query returns no row at all (an aggregation without keys would return one). Returns one row
 * `{forgotten, orphans}` when it did.
 */
export function forgetQuery(episodeId: string): Cypher {
  return cypher(
    `MATCH (ep:Episode {uuid: $episodeId})
OPTIONAL MATCH (ep)-[:MENTIONS]->(m:Entity)
WITH ep, ep.uuid AS gone, collect(m.uuid) AS mentioned
DETACH DELETE ep
WITH gone, mentioned
OPTIONAL MATCH (f:Fact) WHERE $episodeId IN f.episodeIds
WITH gone, mentioned, collect(f) AS facts
WITH gone, mentioned,
  [x IN facts WHERE any(e IN x.episodeIds WHERE e <> $episodeId)] AS kept,
  [x IN facts WHERE all(e IN x.episodeIds WHERE e = $episodeId)] AS dead
FOREACH (x IN kept | SET x.episodeIds = [e IN x.episodeIds WHERE e <> $episodeId])
WITH gone, mentioned, dead, [x IN dead | x.uuid] AS deadIds,
  [x IN dead | x.subjectId] + [x IN dead | x.objectId] AS ends
FOREACH (x IN dead | DETACH DELETE x)
WITH gone, deadIds, mentioned + ends AS touched
OPTIONAL MATCH (r:Fact) WHERE r.invalidatedBy IN deadIds
WITH gone, touched, collect(r) AS reopen
FOREACH (r IN reopen | SET r.invalidAt = null, r.expiredAt = null, r.invalidatedBy = null)
WITH gone, touched
OPTIONAL MATCH (g:Fact) WHERE g.subjectId IN touched OR g.objectId IN touched
WITH gone, touched, collect(g.subjectId) AS subjects, collect(g.objectId) AS objects
WITH gone, touched, subjects + objects AS used
OPTIONAL MATCH (o:Entity) WHERE o.uuid IN touched AND NOT o.uuid IN used
OPTIONAL MATCH (o)<-[mm:MENTIONS]-(:Episode)
WITH gone, o, count(mm) AS refs
WITH gone, collect(CASE WHEN o IS NOT NULL AND refs = 0 THEN o END) AS orphans
FOREACH (o IN orphans | DETACH DELETE o)
RETURN gone AS forgotten, size(orphans) AS orphans`,
    { episodeId },
  );
}

// --- meta graph -----------------------------------------------------------------------------

export function setMetaQuery(key: string, value: string): Cypher {
  return cypher("MERGE (m:Meta {key: $key}) SET m.value = $value", { key, value });
}

export function registerGroupQuery(group: string): Cypher {
  return cypher("MERGE (g:Group {name: $group})", { group });
}

export function unregisterGroupQuery(group: string): Cypher {
  return cypher("MATCH (g:Group {name: $group}) DELETE g", { group });
}
