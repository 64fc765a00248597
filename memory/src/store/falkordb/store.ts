/**
 * The FalkorDB store: one graph per group, a small meta graph for metadata and the group list.
 * Indexes are created once per graph per process (cached as promises, so concurrent first writes
 * share one initialisation); every Store write is a single atomic query; reads of a group that was
 * never written find nothing. Durability is the server's: run FalkorDB with AOF (appendfsync
 * everysec or always) for "durable when the promise resolves" to hold across a server crash.
 */
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
import type { GraphClient, Row } from "./client.js";
import { type Cypher, Sequence } from "./cypher.js";
import { groupGraph, metaGraph } from "./options.js";
import * as R from "./reads.js";
import * as Rows from "./rows.js";
import {
  graphIndexStatements,
  isAlreadyIndexed,
  MAX_INDEXED_DIMENSION,
  isMissingGraph,
  isServerReply,
  metaIndexStatements,
  type VectorLabel,
  vectorIndexStatement,
} from "./schema.js";
import { candidateCount, isZeroVector, toHits, vectorIndexQuery, vectorScanQuery } from "./vectors.js";
import * as W from "./writes.js";

/** Rows per export page: a huge group never sits in memory at once. */
const EXPORT_PAGE = 500;
/** Records per import query: bounds the size of the inlined parameter text. */
const IMPORT_CHUNK = 200;

export class FalkorStore implements Store {
  readonly backend = "falkordb";
  private readonly ready = new Map<string, Promise<void>>();
  private readonly vectorIndexes = new Map<string, Promise<void>>();
  private readonly seq = new Sequence();
  private readonly meta: string;

  constructor(
    private readonly client: GraphClient,
    private readonly prefix: string,
    private readonly lastError: () => string | null = () => null,
  ) {
    this.meta = metaGraph(prefix);
  }

  // --- plumbing -------------------------------------------------------------------------------

  private graph(group: string): string {
    return groupGraph(this.prefix, group);
  }

  /**
   * A read; a graph that does not exist yet holds nothing. One this process had set up may have
   * been deleted by another (a second replica's DELETE /v1/groups): its indexes are gone with it,
   * so the next write sets them up again instead of trusting this process's memory of them.
   */
  private async read(graph: string, q: Cypher): Promise<Row[]> {
    try {
      return await this.client.query(graph, q, { readOnly: true });
    } catch (err) {
      if (!isMissingGraph(err)) throw err;
      this.forgetGraph(graph);
      return [];
    }
  }

  private write(graph: string, q: Cypher): Promise<Row[]> {
    return this.client.query(graph, q, { readOnly: false });
  }

  private once(cache: Map<string, Promise<void>>, key: string, init: () => Promise<void>): Promise<void> {
    let p = cache.get(key);
    if (!p) {
      p = init();
      cache.set(key, p);
      // A failed initialisation is retried by the next caller instead of being cached forever.
      p.catch(() => cache.delete(key));
    }
    return p;
  }

  private async createIndexes(graph: string, statements: string[]): Promise<void> {
    for (const text of statements) {
      try {
        await this.write(graph, { text, params: {} });
      } catch (err) {
        if (!isAlreadyIndexed(err)) throw err;
      }
    }
  }

  private ensureMeta(): Promise<void> {
    return this.once(this.ready, this.meta, () => this.createIndexes(this.meta, metaIndexStatements()));
  }

  /** Registers the group and creates its graph's indexes, once per process. */
  private ensureGroup(group: string): Promise<void> {
    const graph = this.graph(group);
    return this.once(this.ready, graph, async () => {
      await this.ensureMeta();
      await this.write(this.meta, W.registerGroupQuery(group));
      await this.createIndexes(graph, graphIndexStatements());
    });
  }

  /**
   * The HNSW index only speeds recall up: past the dimensions FalkorDB documents for it, or when
   * the server refuses it, the exact scan answers, and writes must not fail for want of it. Only a
   * failure to reach the server is passed on (and retried by the next write).
   */
  private ensureVectorIndex(graph: string, label: VectorLabel, dimension: number): Promise<void> {
    return this.once(this.vectorIndexes, `${graph}\u0000${label}\u0000${dimension}`, async () => {
      if (dimension > MAX_INDEXED_DIMENSION) return;
      await this.createIndexes(graph, [vectorIndexStatement(label, dimension)]).catch((err: unknown) => {
        if (!isServerReply(err)) throw err;
      });
    });
  }

  private async ensureVectorIndexes(
    graph: string,
    entities: Array<{ embedding?: Float32Array }>,
    facts: Array<{ embedding?: Float32Array }>,
  ): Promise<void> {
    for (const [label, items] of [
      ["Entity", entities],
      ["Fact", facts],
    ] as const) {
      const dims = new Set(items.flatMap((i) => (i.embedding?.length ? [i.embedding.length] : [])));
      for (const dim of dims) await this.ensureVectorIndex(graph, label, dim);
    }
  }

  private forgetGraph(graph: string): void {
    this.ready.delete(graph);
    for (const key of [...this.vectorIndexes.keys()]) {
      if (key.startsWith(`${graph}\u0000`)) this.vectorIndexes.delete(key);
    }
  }

  // --- meta -----------------------------------------------------------------------------------

  async getMeta(key: string): Promise<string | null> {
    const rows = await this.read(this.meta, R.getMetaQuery(key));
    return rows.length ? Rows.stringColumn(rows[0], "value") : null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.ensureMeta();
    await this.write(this.meta, W.setMetaQuery(key, value));
  }

  // --- writes ---------------------------------------------------------------------------------

  async getIngestResult(group: string, episodeId: string): Promise<IngestResult | null> {
    const graph = this.graph(group);
    const rows = await this.read(graph, R.ingestResultQuery(episodeId));
    if (rows.length === 0) return null;
    const stored = Rows.stringColumn(rows[0], "result");
    if (stored) return Rows.toIngestResult(stored);
    // Imported episodes carry no result: describe what they are linked to now.
    const [entities, facts] = await Promise.all([
      this.read(graph, R.derivedEntitiesQuery(episodeId)),
      this.read(graph, R.derivedFactsQuery(episodeId)),
    ]);
    return Rows.toIngestResult(
      JSON.stringify({ id: episodeId, created: false, entities, facts, invalidated: [] }),
    );
  }

  async commit(write: IngestWrite): Promise<void> {
    const group = write.episode.group;
    const strays = [
      ...write.entities.map((e) => e.entity.group),
      ...write.facts.map((f) => f.fact.group),
      ...write.mentions.map((m) => m.group),
    ].filter((g) => g !== group);
    if (strays.length) throw new Error(`commit for group ${group} carries records of group ${strays[0]}`);
    const graph = this.graph(group);
    await this.ensureGroup(group);
    await this.ensureVectorIndexes(graph, write.entities, write.facts);
    await this.write(graph, W.commitQuery(write, this.seq));
  }

  async forgetEpisode(group: string, episodeId: string): Promise<boolean> {
    const graph = this.graph(group);
    // Checked first with a read: a write query on a graph that does not exist would create it.
    if ((await this.read(graph, R.ingestResultQuery(episodeId))).length === 0) return false;
    const rows = await this.write(graph, W.forgetQuery(episodeId));
    return rows.length > 0;
  }

  async deleteGroup(group: string): Promise<boolean> {
    const graph = this.graph(group);
    const stats = await this.stats(graph);
    const held = stats.episodes + stats.entities + stats.facts > 0;
    await this.client.deleteGraph(graph);
    this.forgetGraph(graph);
    await this.write(this.meta, W.unregisterGroupQuery(group)).catch((err) => {
      if (!isMissingGraph(err)) throw err;
    });
    return held;
  }

  async importRecords(records: ImportRecord[]): Promise<number> {
    const byGroup = new Map<string, ImportRecord[]>();
    for (const r of records) {
      const list = byGroup.get(r.data.group) ?? [];
      list.push(r);
      byGroup.set(r.data.group, list);
    }
    const order = { episode: 0, entity: 1, fact: 2, mention: 3 } as const;
    for (const [group, list] of byGroup) {
      const graph = this.graph(group);
      await this.ensureGroup(group);
      const sorted = [...list].sort((a, b) => order[a.type] - order[b.type]);
      await this.ensureVectorIndexes(
        graph,
        sorted.filter((r) => r.type === "entity"),
        sorted.filter((r) => r.type === "fact"),
      );
      for (let i = 0; i < sorted.length; i += IMPORT_CHUNK) {
        const q = W.importQuery(sorted.slice(i, i + IMPORT_CHUNK), this.seq);
        if (q) await this.write(graph, q);
      }
    }
    return records.length;
  }

  // --- entities -------------------------------------------------------------------------------

  async getEntities(group: string, ids: string[]): Promise<Entity[]> {
    if (ids.length === 0) return [];
    return (await this.read(this.graph(group), R.getEntitiesQuery(ids))).map((r) => Rows.toEntity(group, r));
  }

  async findEntitiesByKey(group: string, keys: string[], type: EntityType | null): Promise<Entity[]> {
    if (keys.length === 0) return [];
    return (await this.read(this.graph(group), R.entitiesByKeyQuery(keys, type))).map((r) =>
      Rows.toEntity(group, r),
    );
  }

  async findEntitiesByKeySuffix(
    group: string,
    suffix: string,
    type: EntityType,
    limit: number,
  ): Promise<Entity[]> {
    if (!suffix || limit <= 0) return [];
    return (await this.read(this.graph(group), R.entitiesByKeySuffixQuery(suffix, type, limit))).map((r) =>
      Rows.toEntity(group, r),
    );
  }

  async searchEntities(group: string, query: string, limit: number): Promise<Hit[]> {
    const q = R.searchEntitiesQuery(query, limit);
    return q ? (await this.read(this.graph(group), q)).map(Rows.toHit) : [];
  }

  async nearestEntities(group: string, vector: Float32Array, limit: number): Promise<Hit[]> {
    return this.nearest(group, "Entity", vector, null, limit);
  }

  // --- facts ----------------------------------------------------------------------------------

  async getFacts(group: string, ids: string[]): Promise<Fact[]> {
    if (ids.length === 0) return [];
    return (await this.read(this.graph(group), R.getFactsQuery(ids))).map((r) => Rows.toFact(group, r));
  }

  async factsBySubjectPredicate(group: string, subjectId: string, predicate: string): Promise<Fact[]> {
    return (await this.read(this.graph(group), R.factsBySubjectPredicateQuery(subjectId, predicate))).map(
      (r) => Rows.toFact(group, r),
    );
  }

  async factsTouching(
    group: string,
    entityIds: string[],
    filter: FactFilter,
    limit: number,
  ): Promise<Fact[]> {
    if (entityIds.length === 0 || limit <= 0) return [];
    return (await this.read(this.graph(group), R.factsTouchingQuery(entityIds, filter, limit))).map((r) =>
      Rows.toFact(group, r),
    );
  }

  async searchFacts(group: string, query: string, filter: FactFilter, limit: number): Promise<Hit[]> {
    const q = R.searchFactsQuery(query, filter, limit);
    return q ? (await this.read(this.graph(group), q)).map(Rows.toHit) : [];
  }

  async nearestFacts(group: string, vector: Float32Array, filter: FactFilter, limit: number): Promise<Hit[]> {
    return this.nearest(group, "Fact", vector, filter, limit);
  }

  async recentFacts(group: string, filter: FactFilter, limit: number): Promise<Fact[]> {
    if (limit <= 0) return [];
    return (await this.read(this.graph(group), R.recentFactsQuery(filter, limit))).map((r) =>
      Rows.toFact(group, r),
    );
  }

  // --- episodes -------------------------------------------------------------------------------

  async getEpisodes(group: string, ids: string[]): Promise<Episode[]> {
    if (ids.length === 0) return [];
    return (await this.read(this.graph(group), R.getEpisodesQuery(ids))).map((r) => Rows.toEpisode(group, r));
  }

  async listEpisodes(group: string, options: ListEpisodesOptions = {}): Promise<Episode[]> {
    if ((options.limit ?? 50) <= 0) return [];
    return (await this.read(this.graph(group), R.listEpisodesQuery(options))).map((r) =>
      Rows.toEpisode(group, r),
    );
  }

  async searchEpisodes(group: string, query: string, kind: string | null, limit: number): Promise<Hit[]> {
    const q = R.searchEpisodesQuery(query, kind, limit);
    return q ? (await this.read(this.graph(group), q)).map(Rows.toHit) : [];
  }

  // --- whole store ----------------------------------------------------------------------------

  async groups(): Promise<GroupStats[]> {
    const names = (await this.read(this.meta, R.listGroupsQuery()))
      .map((r) => Rows.stringColumn(r, "name"))
      .filter((n): n is string => n !== null);
    const out: GroupStats[] = [];
    for (const group of names.sort()) {
      const stats = await this.stats(this.graph(group));
      // Like the embedded store: a group is listed while it holds something.
      if (stats.episodes + stats.entities + stats.facts > 0) out.push({ group, ...stats });
    }
    return out;
  }

  async *export(group: string): AsyncIterable<ExportRecord> {
    const graph = this.graph(group);
    for (const kind of ["episode", "entity", "fact"] as const) {
      let after: { seq: number; uuid: string } | null = null;
      for (;;) {
        const rows = await this.read(graph, R.exportPageQuery(kind, after, EXPORT_PAGE));
        for (const row of rows) {
          if (kind === "episode") yield { type: "episode", data: Rows.toEpisode(group, row) };
          else if (kind === "entity") yield { type: "entity", data: Rows.toEntity(group, row) };
          else yield { type: "fact", data: Rows.toFact(group, row) };
        }
        if (rows.length < EXPORT_PAGE) break;
        after = Rows.toCursor(rows[rows.length - 1]);
      }
    }
    let after: { episodeId: string; entityId: string } | null = null;
    for (;;) {
      const rows = await this.read(graph, R.exportMentionsQuery(after, EXPORT_PAGE));
      const mentions = rows.map((r) => ({
        episodeId: Rows.stringColumn(r, "episodeId") ?? "",
        entityId: Rows.stringColumn(r, "entityId") ?? "",
      }));
      for (const m of mentions) yield { type: "mention", data: { group, ...m } };
      if (rows.length < EXPORT_PAGE) break;
      after = mentions[mentions.length - 1] ?? null;
    }
  }

  async health(): Promise<{ ok: boolean; error?: string }> {
    try {
      await this.client.ping();
      return { ok: true };
    } catch (err) {
      return { ok: false, error: (err as Error).message || this.lastError() || "FalkorDB is unreachable" };
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  // --- helpers --------------------------------------------------------------------------------

  private async stats(graph: string): Promise<Omit<GroupStats, "group">> {
    const rows = await this.read(graph, R.groupStatsQuery());
    const last = await this.read(graph, R.lastEpisodeQuery());
    return rows.length
      ? Rows.toStats(rows[0], last[0])
      : { episodes: 0, entities: 0, facts: 0, invalidatedFacts: 0, lastEpisodeAt: null };
  }

  private async nearest(
    group: string,
    label: VectorLabel,
    vector: Float32Array,
    filter: FactFilter | null,
    limit: number,
  ): Promise<Hit[]> {
    if (limit <= 0 || vector.length === 0 || isZeroVector(vector)) return [];
    const graph = this.graph(group);
    const k = candidateCount(limit, filter !== null);
    let rows: Row[];
    try {
      rows = await this.client.query(graph, vectorIndexQuery(label, vector, k), { readOnly: true });
    } catch (err) {
      if (isMissingGraph(err)) return [];
      // No vector index yet, or one of another dimension: the exact scan answers.
      return this.scan(graph, label, vector, filter, limit);
    }
    if (filter === null) return toHits(rows.map(Rows.toDistance), limit);
    const kept = rows.map(Rows.toCandidate).filter((c) => R.factPasses(c, filter));
    // The index ran dry before the filter kept enough: only an exact scan can be sure.
    if (kept.length < limit && rows.length >= k) return this.scan(graph, label, vector, filter, limit);
    return toHits(kept, limit);
  }

  private async scan(
    graph: string,
    label: VectorLabel,
    vector: Float32Array,
    filter: FactFilter | null,
    limit: number,
  ): Promise<Hit[]> {
    const rows = await this.read(graph, vectorScanQuery(label, vector, filter, limit));
    return toHits(rows.map(Rows.toDistance), limit);
  }
}
