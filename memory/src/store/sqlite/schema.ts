/**
 * The embedded store's schema. Every table is scoped by `grp`; rows keep an integer rowid, whose
 * order the in-memory text and vector indexes follow when they load a group.
 */
export const SCHEMA_VERSION = 3;

/**
 * What turns a store of version N-1 into version N, run in order before SCHEMA (which only
 * creates what is missing). Index changes are a drop here; SCHEMA then creates the new form.
 */
export const MIGRATIONS: Record<number, string> = {
  // v2: facts_by_invalidator became partial (a current fact, most of them, has no invalidator);
  // the current-fact indexes cover the graph leg's filter; full text moved to in-memory per-group
  // indexes (text-index.ts), so the FTS5 tables and the triggers feeding them go.
  2: `DROP INDEX IF EXISTS facts_by_invalidator; DROP INDEX IF EXISTS facts_current_by_subject;
      DROP INDEX IF EXISTS facts_current_by_object;
      ${["episodes", "entities", "facts"]
        .map(
          (
            t,
          ) => `DROP TRIGGER IF EXISTS ${t}_ai; DROP TRIGGER IF EXISTS ${t}_ad; DROP TRIGGER IF EXISTS ${t}_au;
          DROP TABLE IF EXISTS ${t}_fts;`,
        )
        .join("\n")}`,
  // v3: the graph leg reads facts around an entity from an in-memory adjacency (adjacency.ts),
  // so the indexes it walked go; facts_by_object_time stays for the orphan check on forget.
  // mentions_by_entity served only that check: forget now reads the group's mentions once.
  3: `DROP INDEX IF EXISTS facts_by_subject_time; DROP INDEX IF EXISTS facts_current_by_subject;
      DROP INDEX IF EXISTS facts_current_by_object; DROP INDEX IF EXISTS mentions_by_entity;`,
};

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS episodes (
  rowid INTEGER PRIMARY KEY,
  grp TEXT NOT NULL,
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  content TEXT NOT NULL,
  actor TEXT,
  session TEXT,
  occurred_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  metadata TEXT NOT NULL,
  result TEXT,
  UNIQUE (grp, id)
);
CREATE INDEX IF NOT EXISTS episodes_by_time ON episodes (grp, occurred_at);
CREATE INDEX IF NOT EXISTS episodes_by_session ON episodes (grp, session, occurred_at);

CREATE TABLE IF NOT EXISTS entities (
  rowid INTEGER PRIMARY KEY,
  grp TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  key TEXT NOT NULL,
  rkey TEXT NOT NULL,
  type TEXT NOT NULL,
  summary TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  embedding BLOB,
  UNIQUE (grp, id)
);
CREATE INDEX IF NOT EXISTS entities_by_key ON entities (grp, key);
CREATE INDEX IF NOT EXISTS entities_by_rkey ON entities (grp, type, rkey);
CREATE INDEX IF NOT EXISTS entities_by_rkey_any ON entities (grp, rkey);

CREATE TABLE IF NOT EXISTS facts (
  rowid INTEGER PRIMARY KEY,
  grp TEXT NOT NULL,
  id TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  predicate TEXT NOT NULL,
  object_id TEXT NOT NULL,
  text TEXT NOT NULL,
  valid_at TEXT NOT NULL,
  invalid_at TEXT,
  created_at TEXT NOT NULL,
  expired_at TEXT,
  episode_ids TEXT NOT NULL,
  invalidated_by TEXT,
  embedding BLOB,
  UNIQUE (grp, id)
);
CREATE INDEX IF NOT EXISTS facts_by_subject ON facts (grp, subject_id, predicate, object_id);
CREATE INDEX IF NOT EXISTS facts_by_subject_validity ON facts (grp, subject_id, predicate, invalid_at);
-- Facts around an entity, for the search's graph leg, come from the in-memory adjacency
-- (adjacency.ts), not from indexes: each would cost every new fact a write at a random place.
-- This one serves forget's orphan check (is an entity still the object of some fact?).
CREATE INDEX IF NOT EXISTS facts_by_object_time ON facts (grp, object_id, valid_at);
CREATE INDEX IF NOT EXISTS facts_by_time ON facts (grp, valid_at);
-- Only superseded facts have an invalidator: a new fact adds no entry here.
CREATE INDEX IF NOT EXISTS facts_by_invalidator ON facts (grp, invalidated_by) WHERE invalidated_by IS NOT NULL;
-- Facts no longer current, so the groups overview counts them without reading every fact row (a
-- fact can also end in its own episode, with no invalidator). Only those facts have an entry.
CREATE INDEX IF NOT EXISTS facts_superseded ON facts (grp) WHERE invalid_at IS NOT NULL OR expired_at IS NOT NULL;

-- Which episodes support which facts: forgetting an episode finds its facts through this.
CREATE TABLE IF NOT EXISTS fact_episodes (
  grp TEXT NOT NULL,
  episode_id TEXT NOT NULL,
  fact_id TEXT NOT NULL,
  PRIMARY KEY (grp, episode_id, fact_id)
) WITHOUT ROWID;

-- No index by entity: only forget asks which episodes mention an entity, and it reads the
-- group's mentions once (writes.ts) rather than cost every mention a second write.
CREATE TABLE IF NOT EXISTS mentions (
  grp TEXT NOT NULL,
  episode_id TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  PRIMARY KEY (grp, episode_id, entity_id)
) WITHOUT ROWID;
`;
