/**
 * Storage contract. The engine owns the algorithm (extraction, resolution, invalidation, fusion);
 * a Store only persists and retrieves, so the embedded SQLite store and the FalkorDB store can be
 * swapped freely. Every backend must pass the contract suite in ./contract.ts.
 *
 * Rules every method follows:
 * - Everything is scoped by `group`; nothing ever crosses groups (a wrong group finds nothing).
 * - Times are ISO-8601 UTC strings (`toISOString()` form) and compare lexicographically.
 * - Text queries are raw user text: the store escapes them for its full-text engine, so quotes,
 *   `*`, `-`, `NEAR`, parentheses, backticks, lone `_` or a query of only stopwords never throw;
 *   they match literally or return [].
 * - Writes are atomic and durable when the promise resolves (a kill -9 afterwards loses nothing).
 */
import type {
  Entity,
  EntityType,
  Episode,
  ExportRecord,
  Fact,
  GroupStats,
  IngestResult,
  Iso,
  Mention,
} from "../model/types.js";

/** One ranked hit: `score` is higher-is-better and only comparable within one result list. */
export interface Hit {
  id: string;
  score: number;
}

/**
 * Which facts a read sees. Default (neither set): current facts only, i.e. `invalidAt === null`
 * and `expiredAt === null`. `at`: facts true at that instant (`validAt <= at` and
 * (`invalidAt === null` or `invalidAt > at`)), whatever their expiry. `history`: every fact.
 */
export interface FactFilter {
  at?: Iso;
  history?: boolean;
}

export interface FactInvalidation {
  factId: string;
  invalidAt: Iso;
  expiredAt: Iso;
  invalidatedBy: string;
}

/**
 * Everything one episode changes, committed in one transaction, in this order: episode and result,
 * entity upserts, fact upserts, then invalidations (so an invalidation may target a fact upserted
 * in the same write), then mentions. An upsert without `embedding` keeps the stored vector.
 */
export interface IngestWrite {
  episode: Episode;
  /** Stored so a replay of the same episode id returns the first result unchanged. */
  result: IngestResult;
  /**
   * Upserts by id (new entities, or existing ones with a new summary / updatedAt). `isNew`:
   * created by this episode, so no stored row has its id.
   */
  entities: Array<{ entity: Entity; embedding?: Float32Array; isNew?: boolean }>;
  /**
   * Upserts by id (new facts, or existing ones whose episodeIds grew). `isNew`: created by this
   * episode, so no stored row can have its id and a store may skip looking for one.
   */
  facts: Array<{ fact: Fact; embedding?: Float32Array; isNew?: boolean }>;
  invalidations: FactInvalidation[];
  mentions: Mention[];
}

/** An export record plus the vector the engine recomputed for it (entities and facts). */
export type ImportRecord = ExportRecord & { embedding?: Float32Array };

export interface ListEpisodesOptions {
  session?: string;
  /** Only episodes of this kind (before the limit, so a rare kind still fills a page). */
  kind?: string;
  /** Default 50. */
  limit?: number;
  /** Only episodes with occurredAt strictly before this. */
  before?: Iso;
  /**
   * With `before`, a page cursor: also the episodes at exactly `before` whose id sorts below this
   * one (the order within a timestamp), so paging skips no episode that shares one.
   */
  beforeId?: string;
}

export interface Store {
  /** e.g. "sqlite", "falkordb". */
  readonly backend: string;

  /** Small key/value metadata (e.g. the embedder's name and dimension), global to the store. */
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;

  // --- writes -------------------------------------------------------------------------------
  /** null when the episode id is not stored in that group. */
  getIngestResult(group: string, episodeId: string): Promise<IngestResult | null>;
  commit(write: IngestWrite): Promise<void>;
  /**
   * Optional: build whatever in-memory indexes the group's queries use (vectors of `dimension`),
   * so its first query after a start does not pay for loading them.
   */
  warm?(group: string, dimension: number): Promise<void>;
  /**
   * Optional group commit: every write made inside `work` (from the same async context) becomes
   * durable together, when the returned promise resolves; reads inside see those writes; if `work`
   * throws, none of them persist. Writes from other contexts wait until the batch ends. Lets a
   * batch of episodes cost one durable commit instead of one each.
   */
  batch?<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Forget an episode: delete it and its mentions; remove it from every fact's episodeIds; delete
   * facts left with no supporting episode, and re-open (invalidAt, expiredAt, invalidatedBy back
   * to null) the facts those deleted facts had invalidated; delete entities left with no mention
   * and no fact. false when it did not exist.
   */
  forgetEpisode(group: string, episodeId: string): Promise<boolean>;
  /** Deletes everything in the group. false when the group held nothing. */
  deleteGroup(group: string): Promise<boolean>;
  /** Upserts by id (same semantics as commit); returns how many records were written. */
  importRecords(records: ImportRecord[]): Promise<number>;

  // --- entities -----------------------------------------------------------------------------
  getEntities(group: string, ids: string[]): Promise<Entity[]>;
  /** Exact match on the normalised key; `type` null matches any type. */
  findEntitiesByKey(group: string, keys: string[], type: EntityType | null): Promise<Entity[]>;
  /** Entities of `type` whose key ends with `/` + suffix or equals suffix (path resolution). */
  findEntitiesByKeySuffix(group: string, suffix: string, type: EntityType, limit: number): Promise<Entity[]>;
  /**
   * Optional, for fuzzy resolution: entities whose key shares its first or last few characters
   * with `key` (near-identical names almost always do). Backends without it get full-text
   * candidates instead, which cost far more per new entity.
   */
  entitiesNearKey?(group: string, key: string, limit: number): Promise<Entity[]>;
  /** Full-text over name and summary. */
  searchEntities(group: string, query: string, limit: number): Promise<Hit[]>;
  /** Cosine similarity (score in [-1, 1]) against stored entity name embeddings. */
  nearestEntities(group: string, vector: Float32Array, limit: number): Promise<Hit[]>;

  // --- facts --------------------------------------------------------------------------------
  getFacts(group: string, ids: string[]): Promise<Fact[]>;
  /**
   * Every fact (any validity) with this subject and predicate, oldest validAt first. With `since`,
   * facts that stopped being true at or before it (invalidAt <= since) may be left out: they cannot
   * bear on a new fact valid from `since` on, and a status flipping for months piles them up.
   * With `objectId`, facts with another object may be left out (a non-functional predicate only
   * needs its duplicates: "project edited X" must not load every file the project ever edited).
   */
  factsBySubjectPredicate(
    group: string,
    subjectId: string,
    predicate: string,
    since?: Iso,
    objectId?: string,
  ): Promise<Fact[]>;
  /** The newest `limit` facts (by validAt, newest first) whose subject or object is one of the entities. */
  factsTouching(group: string, entityIds: string[], filter: FactFilter, limit: number): Promise<Fact[]>;
  /** Full-text over fact text. */
  searchFacts(group: string, query: string, filter: FactFilter, limit: number): Promise<Hit[]>;
  nearestFacts(group: string, vector: Float32Array, filter: FactFilter, limit: number): Promise<Hit[]>;
  /** Most recent by validAt, for context when nothing matches. */
  recentFacts(group: string, filter: FactFilter, limit: number): Promise<Fact[]>;

  // --- episodes -----------------------------------------------------------------------------
  getEpisodes(group: string, ids: string[]): Promise<Episode[]>;
  /** Newest occurredAt first. */
  listEpisodes(group: string, options?: ListEpisodesOptions): Promise<Episode[]>;
  /** Full-text over content; optional kind filter. */
  searchEpisodes(group: string, query: string, kind: string | null, limit: number): Promise<Hit[]>;

  // --- whole store --------------------------------------------------------------------------
  groups(): Promise<GroupStats[]>;
  /** Episodes, entities, facts, mentions of one group, in that order (import order). */
  export(group: string): AsyncIterable<ExportRecord>;
  health(): Promise<{ ok: boolean; error?: string }>;
  close(): Promise<void>;
}
