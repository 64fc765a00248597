/** Row <-> model mapping for the embedded store; JSON columns are parsed here and nowhere else. */
import type { Entity, EntityType, Episode, Fact } from "../../model/types.js";

export interface EpisodeRow {
  grp: string;
  id: string;
  kind: string;
  content: string;
  actor: string | null;
  session: string | null;
  occurred_at: string;
  created_at: string;
  metadata: string;
}

export interface EntityRow {
  grp: string;
  id: string;
  name: string;
  key: string;
  type: string;
  summary: string;
  created_at: string;
  updated_at: string;
}

export interface FactRow {
  grp: string;
  id: string;
  subject_id: string;
  predicate: string;
  object_id: string;
  text: string;
  valid_at: string;
  invalid_at: string | null;
  created_at: string;
  expired_at: string | null;
  episode_ids: string;
  invalidated_by: string | null;
}

/**
 * A fact row lists at most this many supporting episodes (the latest): a popular fact ("the
 * project uses TypeScript") is supported by thousands, and every read and write would carry them.
 * The complete set lives in fact_episodes; forget and export read it there.
 */
export const MAX_FACT_EPISODE_IDS = 16;

export const EPISODE_COLUMNS = "grp, id, kind, content, actor, session, occurred_at, created_at, metadata";
export const ENTITY_COLUMNS = "grp, id, name, key, type, summary, created_at, updated_at";
export const FACT_COLUMNS =
  "grp, id, subject_id, predicate, object_id, text, valid_at, invalid_at, created_at, expired_at, episode_ids, invalidated_by";

export function toEpisode(r: EpisodeRow): Episode {
  return {
    id: r.id,
    group: r.grp,
    kind: r.kind as Episode["kind"],
    content: r.content,
    actor: r.actor,
    session: r.session,
    occurredAt: r.occurred_at,
    createdAt: r.created_at,
    metadata: JSON.parse(r.metadata) as Record<string, unknown>,
  };
}

export function toEntity(r: EntityRow): Entity {
  return {
    id: r.id,
    group: r.grp,
    name: r.name,
    key: r.key,
    type: r.type as EntityType,
    summary: r.summary,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toFact(r: FactRow): Fact {
  return {
    id: r.id,
    group: r.grp,
    subjectId: r.subject_id,
    predicate: r.predicate,
    objectId: r.object_id,
    text: r.text,
    validAt: r.valid_at,
    invalidAt: r.invalid_at,
    createdAt: r.created_at,
    expiredAt: r.expired_at,
    episodeIds: JSON.parse(r.episode_ids) as string[],
    invalidatedBy: r.invalidated_by,
  };
}

export function episodeParams(e: Episode) {
  return {
    grp: e.group,
    id: e.id,
    kind: e.kind,
    content: e.content,
    actor: e.actor,
    session: e.session,
    occurred_at: e.occurredAt,
    created_at: e.createdAt,
    metadata: JSON.stringify(e.metadata ?? {}),
  };
}

export function entityParams(e: Entity, embedding: Float32Array | undefined) {
  return {
    grp: e.group,
    id: e.id,
    name: e.name,
    key: e.key,
    rkey: reverse(e.key),
    type: e.type,
    summary: e.summary,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
    embedding: embedding ? vectorToBlob(embedding) : null,
  };
}

export function factParams(f: Fact, embedding: Float32Array | undefined) {
  return {
    grp: f.group,
    id: f.id,
    subject_id: f.subjectId,
    predicate: f.predicate,
    object_id: f.objectId,
    text: f.text,
    valid_at: f.validAt,
    invalid_at: f.invalidAt,
    created_at: f.createdAt,
    expired_at: f.expiredAt,
    episode_ids: JSON.stringify(f.episodeIds.slice(-MAX_FACT_EPISODE_IDS)),
    invalidated_by: f.invalidatedBy,
    embedding: embedding ? vectorToBlob(embedding) : null,
  };
}

/** Keys reversed, so "ends with a path suffix" becomes an indexed prefix range. */
export function reverse(s: string): string {
  return [...s].reverse().join("");
}

export function vectorToBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export function blobToVector(b: Buffer): Float32Array {
  // Copy: the Buffer may sit at an offset that is not 4-byte aligned inside a shared pool.
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}
