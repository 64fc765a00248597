/**
 * The embedded store's writes. Each runs inside one SQLite transaction opened by the caller, so a
 * write is all or nothing and, once the transaction returns, on disk (WAL).
 */
import type { Entity, Episode, Fact, IngestResult, Mention } from "../../model/types.js";
import type { FactInvalidation, ImportRecord, IngestWrite } from "../interface.js";
import { EPISODE_COLUMNS, entityParams, episodeParams, type FactRow, factParams, toFact } from "./rows.js";
import { inJson, type Statements } from "./statements.js";

const INSERT_EPISODE = `INSERT INTO episodes (${EPISODE_COLUMNS}, result)
  VALUES (@grp, @id, @kind, @content, @actor, @session, @occurred_at, @created_at, @metadata, @result)`;

const UPSERT_EPISODE = `${INSERT_EPISODE}
  ON CONFLICT (grp, id) DO UPDATE SET kind = excluded.kind, content = excluded.content, actor = excluded.actor,
    session = excluded.session, occurred_at = excluded.occurred_at, created_at = excluded.created_at,
    metadata = excluded.metadata`;

const UPSERT_ENTITY = `INSERT INTO entities (grp, id, name, key, rkey, type, summary, created_at, updated_at, embedding)
  VALUES (@grp, @id, @name, @key, @rkey, @type, @summary, @created_at, @updated_at, @embedding)
  ON CONFLICT (grp, id) DO UPDATE SET name = excluded.name, key = excluded.key, rkey = excluded.rkey,
    type = excluded.type, summary = excluded.summary, updated_at = excluded.updated_at,
    embedding = COALESCE(excluded.embedding, entities.embedding)`;

const UPSERT_FACT = `INSERT INTO facts (grp, id, subject_id, predicate, object_id, text, valid_at, invalid_at,
    created_at, expired_at, episode_ids, invalidated_by, embedding)
  VALUES (@grp, @id, @subject_id, @predicate, @object_id, @text, @valid_at, @invalid_at, @created_at,
    @expired_at, @episode_ids, @invalidated_by, @embedding)
  ON CONFLICT (grp, id) DO UPDATE SET subject_id = excluded.subject_id, predicate = excluded.predicate,
    object_id = excluded.object_id, text = excluded.text, valid_at = excluded.valid_at,
    invalid_at = excluded.invalid_at, created_at = excluded.created_at, expired_at = excluded.expired_at,
    episode_ids = excluded.episode_ids, invalidated_by = excluded.invalidated_by,
    embedding = COALESCE(excluded.embedding, facts.embedding)
  RETURNING rowid`;

const UPDATE_FACT = `UPDATE facts SET text = @text, valid_at = @valid_at, invalid_at = @invalid_at,
    created_at = @created_at, expired_at = @expired_at, episode_ids = @episode_ids, invalidated_by = @invalidated_by,
    embedding = COALESCE(@embedding, embedding)
  WHERE grp = @grp AND id = @id AND subject_id = @subject_id AND predicate = @predicate AND object_id = @object_id`;

/**
 * Re-support of a stored fact that changes nothing but its episode list (the common case: the same
 * command run again). Setting only that column leaves all eight secondary indexes untouched, where
 * a general UPDATE would rewrite every index holding a SET column even with equal values.
 */
const RESUPPORT_FACT = `UPDATE facts SET episode_ids = @episode_ids
  WHERE grp = @grp AND id = @id AND subject_id = @subject_id AND predicate = @predicate AND object_id = @object_id
    AND text = @text AND valid_at = @valid_at AND invalid_at IS @invalid_at AND created_at = @created_at
    AND expired_at IS @expired_at AND invalidated_by IS @invalidated_by AND @embedding IS NULL`;

const LINK_FACT = "INSERT OR IGNORE INTO fact_episodes (grp, episode_id, fact_id) VALUES (?, ?, ?)";
const INSERT_MENTION = "INSERT OR IGNORE INTO mentions (grp, episode_id, entity_id) VALUES (?, ?, ?)";
const INVALIDATE = `UPDATE facts SET invalid_at = @invalidAt, expired_at = @expiredAt, invalidated_by = @invalidatedBy
  WHERE grp = @grp AND id = @factId`;

/**
 * Writes one episode's ingest. Returns the rowids of the fact rows it inserted (or rewrote whole):
 * the fact adjacency orders by them. A fact updated in place keeps the rowid it had.
 */
export function writeIngest(s: Statements, w: IngestWrite): Map<string, number> {
  const rowids = new Map<string, number>();
  s.get(INSERT_EPISODE).run({ ...episodeParams(w.episode), result: JSON.stringify(w.result) });
  for (const { entity, embedding } of w.entities) upsertEntity(s, entity, embedding);
  // Only this episode's support is new: linking the whole episodeIds list again would make every
  // commit of a popular fact cost as much as its history.
  for (const { fact, embedding, isNew } of w.facts) {
    const rowid = isNew
      ? insertFact(s, fact, embedding, w.episode.id)
      : upsertFact(s, fact, embedding, [w.episode.id]);
    if (rowid !== undefined) rowids.set(fact.id, rowid);
  }
  for (const inv of w.invalidations) invalidate(s, w.episode.group, inv);
  for (const m of w.mentions) insertMention(s, m);
  return rowids;
}

export function writeImport(s: Statements, records: ImportRecord[]): number {
  let written = 0;
  for (const r of records) {
    switch (r.type) {
      case "episode":
        upsertEpisode(s, r.data);
        break;
      case "entity":
        upsertEntity(s, r.data, r.embedding);
        break;
      case "fact":
        upsertFact(s, r.data, r.embedding, r.data.episodeIds);
        break;
      case "mention":
        insertMention(s, r.data);
        break;
    }
    written++;
  }
  return written;
}

function upsertEpisode(s: Statements, e: Episode): void {
  s.get(UPSERT_EPISODE).run({ ...episodeParams(e), result: null });
}

function upsertEntity(s: Statements, e: Entity, embedding: Float32Array | undefined): void {
  s.get(UPSERT_ENTITY).run(entityParams(e, embedding));
}

function upsertFact(
  s: Statements,
  f: Fact,
  embedding: Float32Array | undefined,
  link: readonly string[],
): number | undefined {
  const params = factParams(f, embedding);
  // Most upserts re-support a stored fact: update in place first, leaving the subject/object
  // indexes (whose columns never change for a fact id) untouched; insert only when it is new.
  let rowid: number | undefined;
  if (s.get(RESUPPORT_FACT).run(params).changes === 0 && s.get(UPDATE_FACT).run(params).changes === 0)
    rowid = upsertedRowid(s, params);
  for (const episodeId of link)
    if (f.episodeIds.includes(episodeId)) s.get(LINK_FACT).run(f.group, episodeId, f.id);
  return rowid;
}

const upsertedRowid = (s: Statements, params: ReturnType<typeof factParams>): number =>
  (s.get(UPSERT_FACT).get(params) as { rowid: number }).rowid;

/** A fact this episode created: no stored row can have its (time-ordered, fresh) id. */
function insertFact(s: Statements, f: Fact, embedding: Float32Array | undefined, episodeId: string): number {
  const rowid = upsertedRowid(s, factParams(f, embedding));
  s.get(LINK_FACT).run(f.group, episodeId, f.id);
  return rowid;
}

function invalidate(s: Statements, group: string, inv: FactInvalidation): void {
  s.get(INVALIDATE).run({ ...inv, grp: group });
}

function insertMention(s: Statements, m: Mention): void {
  s.get(INSERT_MENTION).run(m.group, m.episodeId, m.entityId);
}

/** Every episode supporting a fact (the fact row keeps only the latest ones). */
export function allEpisodeIds(s: Statements, group: string, factId: string): string[] {
  return (
    s.get("SELECT episode_id FROM fact_episodes WHERE grp = ? AND fact_id = ?").all(group, factId) as Array<{
      episode_id: string;
    }>
  ).map((r) => r.episode_id);
}

/**
 * For an episode stored by import (no recorded result): what it is linked to now, so replaying its
 * id is still recognised as a duplicate.
 */
export function derivedResult(s: Statements, group: string, episodeId: string): IngestResult {
  const entities = s
    .get(
      `SELECT e.id, e.name, e.type FROM mentions m JOIN entities e ON e.grp = m.grp AND e.id = m.entity_id
       WHERE m.grp = ? AND m.episode_id = ?`,
    )
    .all(group, episodeId) as Array<{ id: string; name: string; type: Entity["type"] }>;
  const facts = s
    .get(
      `SELECT f.id, f.text, f.valid_at, f.invalid_at FROM fact_episodes l JOIN facts f ON f.grp = l.grp AND f.id = l.fact_id
       WHERE l.grp = ? AND l.episode_id = ?`,
    )
    .all(group, episodeId) as Array<{
    id: string;
    text: string;
    valid_at: string;
    invalid_at: string | null;
  }>;
  return {
    id: episodeId,
    created: false,
    entities,
    facts: facts.map((f) => ({ id: f.id, text: f.text, validAt: f.valid_at, invalidAt: f.invalid_at })),
    invalidated: [],
  };
}

/** See Store.forgetEpisode for the rules. Returns false when the episode was not stored. */
export function forget(s: Statements, group: string, episodeId: string): boolean {
  const gone = s.get("DELETE FROM episodes WHERE grp = ? AND id = ?").run(group, episodeId);
  if (gone.changes === 0) return false;

  const mentioned = (
    s.get("SELECT entity_id FROM mentions WHERE grp = ? AND episode_id = ?").all(group, episodeId) as Array<{
      entity_id: string;
    }>
  ).map((r) => r.entity_id);
  s.get("DELETE FROM mentions WHERE grp = ? AND episode_id = ?").run(group, episodeId);

  const factIds = (
    s
      .get("SELECT fact_id FROM fact_episodes WHERE grp = ? AND episode_id = ?")
      .all(group, episodeId) as Array<{
      fact_id: string;
    }>
  ).map((r) => r.fact_id);
  s.get("DELETE FROM fact_episodes WHERE grp = ? AND episode_id = ?").run(group, episodeId);

  const touched = new Set(mentioned);
  const facts = s
    .get(`SELECT * FROM facts f WHERE f.grp = @grp AND ${inJson("f.id", "ids")}`)
    .all({ grp: group, ids: JSON.stringify(factIds) }) as FactRow[];
  const stillSupported = s.get("SELECT 1 FROM fact_episodes WHERE grp = ? AND fact_id = ? LIMIT 1");
  for (const fact of facts.map(toFact)) {
    if (stillSupported.get(group, fact.id)) {
      const remaining = fact.episodeIds.filter((id) => id !== episodeId);
      s.get("UPDATE facts SET episode_ids = ? WHERE grp = ? AND id = ?").run(
        JSON.stringify(remaining),
        group,
        fact.id,
      );
      continue;
    }
    s.get("DELETE FROM facts WHERE grp = ? AND id = ?").run(group, fact.id);
    // What this fact had superseded is true again, as far as the remaining memory knows.
    s.get(
      "UPDATE facts SET invalid_at = NULL, expired_at = NULL, invalidated_by = NULL WHERE grp = ? AND invalidated_by = ?",
    ).run(group, fact.id);
    touched.add(fact.subjectId).add(fact.objectId);
  }

  // Which touched entities other episodes still mention: one pass over the group's mentions. An
  // index by entity would make this a lookup, but cost every stored mention (three or four per
  // episode) a write at a random place, for a step only forget takes.
  const stillMentioned = new Set(
    (
      s
        .get(`SELECT DISTINCT entity_id FROM mentions WHERE grp = @grp AND ${inJson("entity_id", "ids")}`)
        .all({ grp: group, ids: JSON.stringify([...touched]) }) as Array<{ entity_id: string }>
    ).map((r) => r.entity_id),
  );
  const orphan = s.get(
    `DELETE FROM entities WHERE grp = @grp AND id = @id
       AND NOT EXISTS (SELECT 1 FROM facts WHERE grp = @grp AND (subject_id = @id OR object_id = @id))`,
  );
  for (const id of touched) if (!stillMentioned.has(id)) orphan.run({ grp: group, id });
  return true;
}

export function deleteGroupRows(s: Statements, group: string): boolean {
  let changes = 0;
  for (const table of ["episodes", "entities", "facts", "fact_episodes", "mentions"]) {
    changes += s.get(`DELETE FROM ${table} WHERE grp = ?`).run(group).changes;
  }
  return changes > 0;
}
