/**
 * The embedded store: one SQLite file (better-sqlite3, WAL) holds everything; full text (BM25) and
 * vectors are answered from in-memory per-group indexes built from it on first use. The default
 * backend: it needs no server.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type BetterSqlite3 from "better-sqlite3";
import type {
  Entity,
  EntityType,
  Episode,
  ExportRecord,
  Fact,
  GroupStats,
  IngestResult,
} from "../../model/types.js";
import type { FactFilter, Hit, ImportRecord, IngestWrite, ListEpisodesOptions, Store } from "../interface.js";
import {
  ENTITY_COLUMNS,
  EPISODE_COLUMNS,
  type EntityRow,
  type EpisodeRow,
  FACT_COLUMNS,
  type FactRow,
  MAX_FACT_EPISODE_IDS,
  reverse,
  toEntity,
  toEpisode,
  toFact,
} from "./rows.js";
import { MIGRATIONS, SCHEMA, SCHEMA_VERSION } from "./schema.js";
import { factFilterParams, factFilterSql, groupSkipScan, inJson, Statements } from "./statements.js";
import { GroupAdjacency } from "./adjacency.js";
import { type Checkpointer, startCheckpointer } from "./checkpointer.js";
import { Database } from "./driver.js";
import { EntityCache } from "./entity-cache.js";
import { FactCache } from "./fact-cache.js";
import { scanFacts } from "./fact-scan.js";
import { GroupTexts } from "./texts.js";
import { GroupVectors } from "./vectors.js";
import { allEpisodeIds, deleteGroupRows, derivedResult, forget, writeImport, writeIngest } from "./writes.js";

export interface SqliteStoreOptions {
  /**
   * "normal" (default): a commit survives the process being killed (kill -9, OOM) — WAL pages are
   * in the OS before the promise resolves. "full": fsync on every commit, so it also survives power
   * loss, at a large cost in ingestion rate.
   */
  durability?: "normal" | "full";
  /** Checkpoint the WAL from a worker thread (checkpointer.ts); default on for a file. */
  backgroundCheckpoints?: boolean;
  /** Told the pages copied by each background checkpoint (tests). */
  onCheckpoint?: (pages: number) => void;
  /** Bound of the fact cache (tests; fact-cache.ts has the default). */
  factCacheEntries?: number;
}

/** How many leading / trailing characters fuzzy candidates must share with the key. */
const NEAR_KEY_CHARS = 4;

/** Rows per page when streaming an export, so a huge group never sits in memory at once. */
const EXPORT_PAGE = 500;

export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  return new SqliteStore(path, options);
}

class SqliteStore implements Store {
  readonly backend = "sqlite";
  private readonly db: BetterSqlite3.Database;
  private readonly s: Statements;
  private readonly vectors: GroupVectors;
  private readonly texts: GroupTexts;
  private readonly adjacency: GroupAdjacency;
  private readonly entities = new EntityCache();
  private readonly facts: FactCache;
  private checkpointer: Checkpointer | null = null;
  /**
   * One episode's writes as one transaction (a savepoint inside a batch), made once: building a
   * better-sqlite3 transaction function on every commit cost about 3% of batch ingestion.
   */
  private readonly writeIngest: (write: IngestWrite) => Map<string, number>;
  /** Marks the async context of the batch that holds the open transaction. */
  private readonly inBatch = new AsyncLocalStorage<symbol>();
  private batchToken: symbol | null = null;
  /** Resolves when the open batch (if any) has committed or rolled back; batches queue on it. */
  private batchTail: Promise<void> = Promise.resolve();

  constructor(path: string, options: SqliteStoreOptions) {
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma(`synchronous = ${options.durability === "full" ? "FULL" : "NORMAL"}`);
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("temp_store = MEMORY");
    // 64 MiB of page cache (the default is 2 MiB): recall reads the tables and their indexes hot.
    this.db.pragma("cache_size = -65536");
    // Checkpoint every ~128 MiB of WAL rather than 4 MiB: a page rewritten by many commits is
    // copied back once, and bulk ingestion pays far fewer checkpoints. The file shrinks back after.
    this.db.pragma("wal_autocheckpoint = 32768");
    this.db.pragma("journal_size_limit = 134217728");
    const version = this.db.pragma("user_version", { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      this.db.close();
      throw new Error(`${path} was written by a newer version (schema ${version} > ${SCHEMA_VERSION})`);
    }
    // One transaction: a crash mid-upgrade leaves the old version, which upgrades again next start.
    this.db.transaction(() => {
      for (let v = version + 1; version > 0 && v <= SCHEMA_VERSION; v++) this.db.exec(MIGRATIONS[v] ?? "");
      this.db.exec(SCHEMA);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
    this.s = new Statements(this.db);
    this.writeIngest = this.db.transaction((write: IngestWrite) => writeIngest(this.s, write));
    this.facts = new FactCache(options.factCacheEntries);
    if (options.backgroundCheckpoints ?? (path !== ":memory:" && path !== "")) {
      this.checkpointer = startCheckpointer(path, {}, options.onCheckpoint);
    }
    this.vectors = new GroupVectors(this.db);
    this.texts = new GroupTexts(this.db);
    this.adjacency = new GroupAdjacency(this.db);
  }

  async getMeta(key: string): Promise<string | null> {
    const row = this.s.get("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.writable();
    this.s
      .get(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      )
      .run(key, value);
  }

  async getIngestResult(group: string, episodeId: string): Promise<IngestResult | null> {
    const row = this.s.get("SELECT result FROM episodes WHERE grp = ? AND id = ?").get(group, episodeId) as
      | { result: string | null }
      | undefined;
    if (!row) return null;
    return row.result ? (JSON.parse(row.result) as IngestResult) : derivedResult(this.s, group, episodeId);
  }

  async commit(write: IngestWrite): Promise<void> {
    await this.writable();
    const rowids = this.writeIngest(write);
    this.indexCommitted(write, rowids);
  }

  async warm(group: string, dimension: number): Promise<void> {
    this.loadFactIndexes(group);
    for (const kind of ["episodes", "facts", "entities"] as const) this.texts.get(group, kind);
    this.vectors.get(group, "entities", dimension).prepare();
    this.vectors.get(group, "facts", dimension).prepare();
    this.adjacency.get(group);
  }

  async batch<T>(work: () => Promise<T>): Promise<T> {
    if (this.batchToken && this.inBatch.getStore() === this.batchToken) return work();
    const previous = this.batchTail;
    let release = () => {};
    this.batchTail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    const token = Symbol("batch");
    this.batchToken = token;
    try {
      this.db.exec("BEGIN IMMEDIATE");
      const result = await this.inBatch.run(token, work);
      this.db.exec("COMMIT");
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      // Vector indexes may hold rows that were rolled back: reload them on next use.
      this.vectors.dropAll();
      this.texts.dropAll();
      this.adjacency.dropAll();
      this.entities.dropAll();
      this.facts.dropAll();
      throw err;
    } finally {
      this.batchToken = null;
      release();
    }
  }

  /** Writes outside the open batch wait for it, so they never ride on its transaction. */
  private async writable(): Promise<void> {
    while (this.batchToken && this.inBatch.getStore() !== this.batchToken) await this.batchTail;
  }

  async forgetEpisode(group: string, episodeId: string): Promise<boolean> {
    await this.writable();
    const done = this.db.transaction(() => forget(this.s, group, episodeId))();
    if (done) this.dropIndexes(group);
    return done;
  }

  async deleteGroup(group: string): Promise<boolean> {
    await this.writable();
    const done = this.db.transaction(() => deleteGroupRows(this.s, group))();
    this.dropIndexes(group);
    return done;
  }

  async importRecords(records: ImportRecord[]): Promise<number> {
    await this.writable();
    const written = this.db.transaction(() => writeImport(this.s, records))();
    for (const group of new Set(records.map((r) => r.data.group))) this.dropIndexes(group);
    return written;
  }

  // --- entities -----------------------------------------------------------------------------

  async getEntities(group: string, ids: string[]): Promise<Entity[]> {
    return this.byIds(
      `SELECT ${ENTITY_COLUMNS} FROM entities WHERE grp = ? AND id = ?`,
      group,
      ids,
      (row: EntityRow) => this.entities.remember(toEntity(row)),
      (id) => this.entities.get(group, id),
    );
  }

  async findEntitiesByKey(group: string, keys: string[], type: EntityType | null): Promise<Entity[]> {
    const stmt = this.s.get(
      `SELECT ${ENTITY_COLUMNS} FROM entities WHERE grp = ? AND key = ? ORDER BY rowid`,
    );
    return [...new Set(keys)].flatMap((key) => {
      const found =
        this.entities.withKey(group, key) ??
        this.entities.rememberKey(group, key, (stmt.all(group, key) as EntityRow[]).map(toEntity));
      return type === null ? found : found.filter((e) => e.type === type);
    });
  }

  async findEntitiesByKeySuffix(
    group: string,
    suffix: string,
    type: EntityType,
    limit: number,
  ): Promise<Entity[]> {
    if (!suffix) return [];
    const rs = reverse(suffix);
    // Reversed keys: "ends with /suffix" is the range [rs + "/", rs + "0") ("0" follows "/").
    const rows = this.s
      .get(
        `SELECT ${ENTITY_COLUMNS} FROM entities WHERE grp = @grp AND type = @type
         AND (rkey = @rs OR (rkey >= @lo AND rkey < @hi)) ORDER BY length(key), rowid LIMIT @limit`,
      )
      .all({ grp: group, type, rs, lo: `${rs}/`, hi: `${rs}0`, limit: Math.max(0, limit) }) as EntityRow[];
    return rows.map(toEntity);
  }

  async entitiesNearKey(group: string, key: string, limit: number): Promise<Entity[]> {
    if (!key || limit <= 0) return [];
    const head = [...key].slice(0, NEAR_KEY_CHARS).join("");
    const tail = reverse([...key].slice(-NEAR_KEY_CHARS).join(""));
    // Prefix ranges on the key and on the reversed key: two short index scans.
    const rows = this.s
      .get(
        `SELECT ${ENTITY_COLUMNS} FROM entities WHERE rowid IN (
           SELECT rowid FROM entities WHERE grp = @grp AND key >= @head AND key < @headEnd LIMIT @limit)
         OR rowid IN (
           SELECT rowid FROM entities INDEXED BY entities_by_rkey_any WHERE grp = @grp AND rkey >= @tail AND rkey < @tailEnd LIMIT @limit)`,
      )
      .all({
        grp: group,
        head,
        headEnd: `${head}\u{10FFFF}`,
        tail,
        tailEnd: `${tail}\u{10FFFF}`,
        limit,
      }) as EntityRow[];
    return rows.map(toEntity);
  }

  async searchEntities(group: string, query: string, limit: number): Promise<Hit[]> {
    return this.texts.get(group, "entities").search(query, limit);
  }

  async nearestEntities(group: string, vector: Float32Array, limit: number): Promise<Hit[]> {
    return this.vectors.get(group, "entities", vector.length).nearest(vector, limit);
  }

  // --- facts --------------------------------------------------------------------------------

  async getFacts(group: string, ids: string[]): Promise<Fact[]> {
    if (ids.length === 0) return [];
    return this.byIds(
      `SELECT rowid AS r, ${FACT_COLUMNS} FROM facts WHERE grp = ? AND id = ?`,
      group,
      ids,
      (row: FactRow & { r: number }) => this.facts.remember(row.r, toFact(row)),
      (id) => this.facts.get(group, id),
    );
  }

  async factsBySubjectPredicate(
    group: string,
    subjectId: string,
    predicate: string,
    since?: string,
    objectId?: string,
  ): Promise<Fact[]> {
    // Index-only narrowing in both shapes (the planner, without statistics, would rather walk the
    // time index): by object for duplicates, by validity for a functional predicate's history.
    const rows = objectId
      ? this.s
          .get(
            `SELECT ${FACT_COLUMNS} FROM facts INDEXED BY facts_by_subject
             WHERE grp = @grp AND subject_id = @subjectId AND predicate = @predicate AND object_id = @objectId`,
          )
          .all({ grp: group, subjectId, predicate, objectId })
      : this.s
          .get(
            `SELECT ${FACT_COLUMNS} FROM facts INDEXED BY facts_by_subject_validity
             WHERE grp = @grp AND subject_id = @subjectId AND predicate = @predicate AND invalid_at IS NULL
             UNION ALL
             SELECT ${FACT_COLUMNS} FROM facts INDEXED BY facts_by_subject_validity
             WHERE grp = @grp AND subject_id = @subjectId AND predicate = @predicate AND invalid_at > @since`,
          )
          .all({ grp: group, subjectId, predicate, since: since ?? "" });
    return (rows as FactRow[])
      .sort((a, b) => (a.valid_at < b.valid_at ? -1 : a.valid_at > b.valid_at ? 1 : 0))
      .map(toFact);
  }

  async factsTouching(
    group: string,
    entityIds: string[],
    filter: FactFilter,
    limit: number,
  ): Promise<Fact[]> {
    if (entityIds.length === 0 || limit <= 0) return [];
    // Which facts, from the in-memory adjacency; their rows from the fact cache, else SQLite.
    this.loadFactIndexes(group);
    const chosen = this.adjacency
      .get(group)
      .newest(entityIds, filter, limit)
      .map((edge) => edge.rowid);
    // Collected here, not read back from the cache: remembering one may reach its bound and drop all.
    const found = new Map<number, Fact>();
    for (const r of chosen) {
      const fact = this.facts.atRowid(group, r);
      if (fact) found.set(r, fact);
    }
    const missing = chosen.filter((r) => !found.has(r));
    if (missing.length) {
      const rows = this.s
        .get(`SELECT rowid AS r, ${FACT_COLUMNS} FROM facts WHERE ${inJson("rowid", "rowids")}`)
        .all({ rowids: JSON.stringify(missing) }) as Array<FactRow & { r: number }>;
      for (const row of rows) found.set(row.r, this.facts.remember(row.r, toFact(row)));
    }
    return chosen.flatMap((r) => {
      const fact = found.get(r);
      return fact ? [fact] : [];
    });
  }

  async searchFacts(group: string, query: string, filter: FactFilter, limit: number): Promise<Hit[]> {
    this.loadFactIndexes(group);
    return this.texts.get(group, "facts").search(query, limit, { facts: filter });
  }

  async nearestFacts(group: string, vector: Float32Array, filter: FactFilter, limit: number): Promise<Hit[]> {
    this.loadFactIndexes(group);
    return this.vectors.get(group, "facts", vector.length).nearest(vector, limit, filter);
  }

  async recentFacts(group: string, filter: FactFilter, limit: number): Promise<Fact[]> {
    if (limit <= 0) return [];
    const rows = this.s
      .get(
        `SELECT ${FACT_COLUMNS} FROM facts f WHERE f.grp = @grp AND ${factFilterSql(filter)}
         ORDER BY f.valid_at DESC, f.rowid DESC LIMIT @limit`,
      )
      .all({ grp: group, limit, ...factFilterParams(filter) }) as FactRow[];
    return rows.map(toFact);
  }

  // --- episodes -----------------------------------------------------------------------------

  async getEpisodes(group: string, ids: string[]): Promise<Episode[]> {
    if (ids.length === 0) return [];
    return this.byIds(
      `SELECT ${EPISODE_COLUMNS} FROM episodes WHERE grp = ? AND id = ?`,
      group,
      ids,
      toEpisode,
    );
  }

  async listEpisodes(group: string, options: ListEpisodesOptions = {}): Promise<Episode[]> {
    // Only the conditions asked for, so the planner sees which index serves them: `@x IS NULL OR`
    // forms left it one plan for all, scanning the group's episodes by time past other sessions'.
    const where = ["grp = @grp"];
    if (options.session !== undefined) where.push("session = @session");
    if (options.kind !== undefined) where.push("kind = @kind");
    if (options.before !== undefined)
      where.push(
        options.beforeId !== undefined
          ? "(occurred_at < @before OR (occurred_at = @before AND id < @beforeId))"
          : "occurred_at < @before",
      );
    const rows = this.s
      .get(
        `SELECT ${EPISODE_COLUMNS} FROM episodes WHERE ${where.join(" AND ")}
         ORDER BY occurred_at DESC, id DESC LIMIT @limit`,
      )
      .all({
        grp: group,
        ...(options.session !== undefined && { session: options.session }),
        ...(options.kind !== undefined && { kind: options.kind }),
        ...(options.before !== undefined && { before: options.before }),
        ...(options.before !== undefined && options.beforeId !== undefined && { beforeId: options.beforeId }),
        limit: Math.max(0, options.limit ?? 50),
      }) as EpisodeRow[];
    return rows.map(toEpisode);
  }

  async searchEpisodes(group: string, query: string, kind: string | null, limit: number): Promise<Hit[]> {
    return this.texts.get(group, "episodes").search(query, limit, { kind });
  }

  // --- whole store --------------------------------------------------------------------------

  async groups(): Promise<GroupStats[]> {
    // Every count is answered from an index (the superseded facts from their partial one), and the
    // groups themselves by a skip scan: one index seek per group instead of reading every row.
    return this.s
      .get(
        `WITH RECURSIVE ${(["episodes", "entities", "facts"] as const).map(groupSkipScan).join(",\n")}
         SELECT g.grp AS "group",
           (SELECT count(*) FROM episodes WHERE grp = g.grp) AS episodes,
           (SELECT count(*) FROM entities WHERE grp = g.grp) AS entities,
           (SELECT count(*) FROM facts WHERE grp = g.grp) AS facts,
           (SELECT count(*) FROM facts WHERE grp = g.grp AND (invalid_at IS NOT NULL OR expired_at IS NOT NULL))
             AS invalidatedFacts,
           (SELECT max(occurred_at) FROM episodes WHERE grp = g.grp) AS lastEpisodeAt
         FROM (SELECT grp FROM episodes_groups UNION SELECT grp FROM entities_groups
               UNION SELECT grp FROM facts_groups) g
         WHERE g.grp IS NOT NULL ORDER BY g.grp`,
      )
      .all() as GroupStats[];
  }

  async *export(group: string): AsyncIterable<ExportRecord> {
    // Paged by rowid, never an open cursor across a yield: other requests use the connection too.
    const byRowid = (columns: string, table: string) =>
      `SELECT rowid AS r, ${columns} FROM ${table} WHERE grp = ? AND rowid > ? ORDER BY rowid LIMIT ?`;
    const rowid = (row: { r: number }) => [row.r];
    yield* this.pages<EpisodeRow & { r: number }>(
      byRowid(EPISODE_COLUMNS, "episodes"),
      group,
      [0],
      rowid,
      (row) => ({
        type: "episode",
        data: toEpisode(row),
      }),
    );
    yield* this.pages<EntityRow & { r: number }>(
      byRowid(ENTITY_COLUMNS, "entities"),
      group,
      [0],
      rowid,
      (row) => ({
        type: "entity",
        data: toEntity(row),
      }),
    );
    yield* this.pages<FactRow & { r: number }>(byRowid(FACT_COLUMNS, "facts"), group, [0], rowid, (row) => {
      const fact = toFact(row);
      if (fact.episodeIds.length >= MAX_FACT_EPISODE_IDS)
        fact.episodeIds = allEpisodeIds(this.s, group, fact.id);
      return { type: "fact", data: fact };
    });
    // mentions is WITHOUT ROWID: seek by its primary key instead.
    type MentionRow = { grp: string; episode_id: string; entity_id: string };
    yield* this.pages<MentionRow>(
      `SELECT grp, episode_id, entity_id FROM mentions WHERE grp = ? AND (episode_id, entity_id) > (?, ?)
       ORDER BY episode_id, entity_id LIMIT ?`,
      group,
      ["", ""],
      (m) => [m.episode_id, m.entity_id],
      (m) => ({ type: "mention", data: { group: m.grp, episodeId: m.episode_id, entityId: m.entity_id } }),
    );
  }

  async health(): Promise<{ ok: boolean; error?: string }> {
    try {
      this.s.get("SELECT 1").get();
      return { ok: true };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  }

  async close(): Promise<void> {
    // The worker's connection first: the last one to close checkpoints and removes the WAL.
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }

  /**
   * One indexed point lookup per id: for the handful of ids a request carries this is several
   * times faster than one `IN (json_each(...))` query, whose plan SQLite cannot size. With a
   * cache, `cached` answers first and `map` is where a row read goes into it.
   */
  private byIds<R, T>(
    sql: string,
    group: string,
    ids: string[],
    map: (row: R) => T,
    cached: (id: string) => T | undefined = () => undefined,
  ): T[] {
    const stmt = this.s.get(sql);
    const out: T[] = [];
    for (const id of new Set(ids)) {
      let item = cached(id);
      if (item === undefined) {
        const row = stmt.get(group, id) as R | undefined;
        if (row) item = map(row);
      }
      if (item !== undefined) out.push(item);
    }
    return out;
  }

  /**
   * Streams one table of a group in pages, resuming after the last row's key each time (an
   * indexed seek, so every page costs the same however deep the export is).
   */
  private *pages<R>(
    sql: string,
    group: string,
    start: unknown[],
    cursor: (row: R) => unknown[],
    map: (row: R) => ExportRecord,
  ): Generator<ExportRecord> {
    let after = start;
    for (;;) {
      const rows = this.s.get(sql).all(group, ...after, EXPORT_PAGE) as R[];
      for (const row of rows) yield map(row);
      const last = rows.at(-1);
      if (rows.length < EXPORT_PAGE || last === undefined) return;
      after = cursor(last);
    }
  }

  /**
   * Builds the group's missing fact indexes in one pass over its fact rows (fact-scan.ts). Vectors
   * ride along when missing, but never cause a pass: a group without embeddings has none to load,
   * and GroupVectors makes its empty index once the query gives the dimension.
   */
  private loadFactIndexes(group: string): void {
    const want = {
      text: !this.texts.peek(group, "facts"),
      vectors: !this.vectors.peek(group, "facts"),
      adjacency: !this.adjacency.peek(group),
    };
    if (!want.text && !want.adjacency) return;
    const built = scanFacts(this.db, group, want);
    if (built.text) this.texts.adopt(group, "facts", built.text);
    if (built.vectors) this.vectors.adopt(group, "facts", built.vectors);
    if (built.adjacency) this.adjacency.adopt(group, built.adjacency);
  }

  /** After a bulk change (forget, import, deletion): the group's in-memory indexes reload on next use. */
  private dropIndexes(group: string): void {
    this.vectors.drop(group);
    this.texts.drop(group);
    this.adjacency.drop(group);
    this.entities.drop(group);
    this.facts.drop(group);
  }

  /** Keep already-loaded text indexes in step with a commit (unloaded groups load later). */
  private textsCommitted(write: IngestWrite): void {
    const group = write.episode.group;
    const episodes = this.texts.peek(group, "episodes");
    episodes?.upsert(write.episode.id, write.episode.content, { kind: write.episode.kind });
    const entities = this.texts.peek(group, "entities");
    if (entities)
      for (const { entity } of write.entities) entities.upsert(entity.id, `${entity.name} ${entity.summary}`);
    const facts = this.texts.peek(group, "facts");
    if (!facts) return;
    for (const { fact, isNew } of write.facts) {
      const meta = { validAt: fact.validAt, invalidAt: fact.invalidAt, expiredAt: fact.expiredAt };
      if (isNew) facts.upsert(fact.id, fact.text, meta);
      else facts.setMeta(fact.id, meta);
    }
    for (const inv of write.invalidations)
      facts.setMeta(inv.factId, { invalidAt: inv.invalidAt, expiredAt: inv.expiredAt });
  }

  private indexCommitted(write: IngestWrite, rowids: Map<string, number>): void {
    this.textsCommitted(write);
    for (const { fact } of write.facts) this.adjacency.written(fact, rowids.get(fact.id));
    for (const inv of write.invalidations) this.adjacency.invalidated(write.episode.group, inv);
    for (const { entity, isNew } of write.entities) this.entities.written(entity, isNew ?? false);
    for (const { fact } of write.facts) this.facts.written(fact);
    for (const inv of write.invalidations) this.facts.invalidated(write.episode.group, inv);
    const group = write.episode.group;
    const entities = this.vectors.peek(group, "entities");
    if (entities)
      for (const { entity, embedding } of write.entities)
        if (embedding) entities.upsert(entity.id, embedding);
    const facts = this.vectors.peek(group, "facts");
    if (!facts) return;
    for (const { fact, embedding } of write.facts) {
      const meta = { validAt: fact.validAt, invalidAt: fact.invalidAt, expiredAt: fact.expiredAt };
      if (embedding) facts.upsert(fact.id, embedding, meta);
      else facts.setMeta(fact.id, meta);
    }
    for (const inv of write.invalidations) {
      const stored = write.facts.find((f) => f.fact.id === inv.factId)?.fact;
      facts.setMeta(inv.factId, {
        validAt: stored?.validAt ?? this.validAtOf(group, inv.factId),
        invalidAt: inv.invalidAt,
        expiredAt: inv.expiredAt,
      });
    }
  }

  private validAtOf(group: string, factId: string): string {
    const row = this.s.get("SELECT valid_at FROM facts WHERE grp = ? AND id = ?").get(group, factId) as
      | { valid_at: string }
      | undefined;
    return row?.valid_at ?? "";
  }
}
