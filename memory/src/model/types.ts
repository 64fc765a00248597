/**
 * The domain model: Graphiti's episodes, entities, facts (RELATES_TO edges) and mentions, with
 * bi-temporal validity on facts. Times are ISO-8601 strings in UTC (`toISOString()`), one canonical
 * form for every backend.
 */
import type { EpisodeKind } from "./schemas.js";

export type Iso = string;

export interface Episode {
  id: string;
  group: string;
  kind: EpisodeKind;
  /** Redacted content: nothing secret is ever stored. */
  content: string;
  actor: string | null;
  session: string | null;
  /** When it happened (Graphiti's valid_at / reference time). */
  occurredAt: Iso;
  /** When we stored it. */
  createdAt: Iso;
  metadata: Record<string, unknown>;
}

/** Every kind of entity, as data (prompts, schemas and validation list them) and as a type. */
export const ENTITY_TYPES = [
  "file",
  "symbol",
  "command",
  "package",
  "error",
  "person",
  "project",
  "tool",
  "preference",
  "decision",
  "task",
  "concept",
] as const;

export type EntityType = (typeof ENTITY_TYPES)[number];

export interface Entity {
  id: string;
  group: string;
  name: string;
  /** Normalised name used for exact resolution. */
  key: string;
  type: EntityType;
  summary: string;
  createdAt: Iso;
  updatedAt: Iso;
}

export interface Fact {
  id: string;
  group: string;
  subjectId: string;
  predicate: string;
  objectId: string;
  /** One sentence stating the fact, for search and for the agent. */
  text: string;
  /** When it became true in the world. */
  validAt: Iso;
  /** When it stopped being true in the world (null: still true as far as we know). */
  invalidAt: Iso | null;
  createdAt: Iso;
  /** When we learned it was no longer true (null: current). */
  expiredAt: Iso | null;
  /** Episodes that support it. */
  episodeIds: string[];
  /** The fact that superseded this one, if any. */
  invalidatedBy: string | null;
}

export interface Mention {
  episodeId: string;
  entityId: string;
  group: string;
}

export interface IngestResult {
  id: string;
  /** False when the id was already stored (the stored result is returned). */
  created: boolean;
  entities: Array<Pick<Entity, "id" | "name" | "type">>;
  facts: Array<Pick<Fact, "id" | "text" | "validAt" | "invalidAt">>;
  /** Facts this episode invalidated. */
  invalidated: string[];
}

export interface Scored<T> {
  item: T;
  score: number;
}

export interface FactView extends Fact {
  subject: string;
  object: string;
}

export interface SearchResult {
  facts: Array<Scored<FactView>>;
  entities: Array<Scored<Entity>>;
  episodes: Array<Scored<Episode>>;
}

export interface ContextResult {
  text: string;
  tokens: number;
  facts: string[];
}

export interface EntityTimeline {
  entity: Entity;
  /** Every fact touching the entity, current and invalidated, oldest first. */
  facts: Array<FactView & { episodes: Array<Pick<Episode, "id" | "kind" | "occurredAt" | "session">> }>;
}

export interface GroupStats {
  group: string;
  episodes: number;
  entities: number;
  facts: number;
  invalidatedFacts: number;
  /** When its latest episode happened (ISO 8601), null while it has none. */
  lastEpisodeAt: string | null;
}

/** One line of the NDJSON export; import accepts the same. */
export type ExportRecord =
  | { type: "episode"; data: Episode }
  | { type: "entity"; data: Entity }
  | { type: "fact"; data: Fact }
  | { type: "mention"; data: Mention };
