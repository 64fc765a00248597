/**
 * What the HTTP API, the CLI, the dashboard and the benchmarks call. One implementation
 * (`createMemoryEngine`) composes a store, an embedder, an optional LLM extractor and an optional
 * cache; callers never touch the store directly.
 */
import type { ContextQuery, EpisodeInput, SearchQuery } from "../model/schemas.js";
import type {
  ContextResult,
  EntityTimeline,
  Episode,
  ExportRecord,
  GroupStats,
  IngestResult,
  SearchResult,
} from "../model/types.js";

export interface HealthReport {
  ok: boolean;
  store: { ok: boolean; backend: string; error?: string };
  cache: { ok: boolean; backend: string | null; error?: string };
}

export interface MemoryEngine {
  /** Redacts, extracts, resolves, invalidates and commits durably before resolving. */
  ingest(input: EpisodeInput): Promise<IngestResult>;
  ingestBatch(inputs: EpisodeInput[]): Promise<IngestResult[]>;
  search(query: SearchQuery): Promise<SearchResult>;
  context(query: ContextQuery): Promise<ContextResult>;
  /** null when the entity does not exist (or belongs to another group). */
  entity(group: string, id: string): Promise<EntityTimeline | null>;
  /** An episode as stored (redacted) with what its ingest extracted; null when it is not there. */
  episode(group: string, id: string): Promise<{ episode: Episode; result: IngestResult } | null>;
  /** Forget an episode and the facts only it supports. false when it did not exist. */
  forgetEpisode(group: string, id: string): Promise<boolean>;
  deleteGroup(group: string): Promise<boolean>;
  /** Newest first; the dashboard's episode log and the plugin's session view. */
  listEpisodes(
    group: string,
    options?: { session?: string; limit?: number; before?: string },
  ): Promise<Episode[]>;
  groups(): Promise<GroupStats[]>;
  export(group: string): AsyncIterable<ExportRecord>;
  /** Upserts; importing an export into an empty store reproduces it exactly. */
  import(records: AsyncIterable<ExportRecord> | Iterable<ExportRecord>): Promise<{ imported: number }>;
  /**
   * Loads each group's in-memory search indexes, one group at a time with the event loop free in
   * between, so the first recall after a start is as quick as the rest. Stops early on close.
   */
  warm(): Promise<{ groups: number; ms: number }>;
  health(): Promise<HealthReport>;
  close(): Promise<void>;
}
