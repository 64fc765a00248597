/**
 * The engine's pluggable parts. The engine composes a Store (storage), an Embedder (vectors) and
 * extractors (episode -> entities and facts). Defaults run offline; production swaps in FalkorDB,
 * OpenAI-compatible embeddings and an LLM extractor without touching the engine.
 */
import type { Episode, EntityType, Iso } from "../model/types.js";

export interface Embedder {
  /** Recorded with the store so a dimension change is a clear error, not silent garbage. */
  readonly name: string;
  readonly dimension: number;
  /**
   * True when `embed` waits on the network (a model server): a batch is then committed episode by
   * episode, since one write transaction held across those calls would stall every other writer.
   */
  readonly remote?: boolean;
  /** One unit-length vector per text, in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

export interface ExtractedEntity {
  name: string;
  type: EntityType;
  summary?: string;
}

export interface ExtractedFact {
  /** Entity names; each must also appear in `entities`. */
  subject: string;
  object: string;
  /** snake_case relation, e.g. `uses`, `edited`, `failed_with`, `prefers`. */
  predicate: string;
  /** One sentence stating the fact. */
  text: string;
  /**
   * Functional predicates hold one object per subject at a time ("uses_runtime", "prefers_indent"):
   * a new object contradicts and invalidates the current one. Non-functional ones accumulate.
   */
  functional: boolean;
  /** Defaults to the episode's occurredAt. */
  validAt?: Iso;
  invalidAt?: Iso;
  /**
   * Predicates whose current facts from the same subject to the same object this fact ends at its
   * validAt: "switched_from Redis" ends "uses_cache Redis", which no contradiction can do for a
   * predicate that accumulates. Forgetting the episode that said it re-opens them.
   */
  ends?: readonly string[];
  /**
   * Predicates whose current facts from the same subject, to any object, this fact ends at its
   * validAt: "`npm test` is passing" ends the "`npm test` failed with: ..." facts of the failure
   * it follows, so a fixed failure is no longer current.
   */
  closes?: readonly string[];
}

export interface Extraction {
  entities: ExtractedEntity[];
  facts: ExtractedFact[];
}

export interface ExtractionContext {
  /** Names of entities already known in the group that the episode may refer to. */
  knownEntities: string[];
  /**
   * The other side's message this one replies to, when that side spoke last in the session: for a
   * short user message, the assistant's question ("Vitest or Jest?" answered "vitest" is a
   * decision; "vitest" alone is not); for an assistant message, the developer's question ("what
   * runs background jobs here?" answered "Sidekiq 7." says what the project uses).
   */
  answering?: string;
}

/** Turns one (already redacted) episode into entities and facts. */
export interface Extractor {
  readonly name: string;
  /**
   * True when `context.knownEntities` improves the extraction (an LLM reuses known spellings).
   * Finding them costs a full-text query per episode, so extractors that ignore them say nothing.
   */
  readonly usesKnownEntities?: boolean;
  extract(episode: Episode, context: ExtractionContext): Promise<Extraction>;
}
