/**
 * Result rows -> model. The client returns each row as an object keyed by column alias, with
 * strings, numbers (integers and doubles), booleans, null and arrays; a property that was never set
 * comes back as null. Rows are checked with zod because they cross a process boundary: a missing
 * column or a wrong type is a clear error naming the field, not a silent `undefined` downstream.
 */
import { z } from "zod";
import type { Entity, EntityType, Episode, Fact, GroupStats, IngestResult } from "../../model/types.js";

const str = z.string();
const strOrNull = z.string().nullable();

const EpisodeRow = z.object({
  id: str,
  kind: str,
  content: str,
  actor: strOrNull,
  session: strOrNull,
  occurredAt: str,
  createdAt: str,
  metadata: strOrNull,
});

const EntityRow = z.object({
  id: str,
  name: str,
  key: str,
  type: str,
  summary: strOrNull,
  createdAt: str,
  updatedAt: str,
});

const FactRow = z.object({
  id: str,
  subjectId: str,
  predicate: str,
  objectId: str,
  text: str,
  validAt: str,
  invalidAt: strOrNull,
  createdAt: str,
  expiredAt: strOrNull,
  episodeIds: z.array(str).nullable(),
  invalidatedBy: strOrNull,
});

const HitRow = z.object({ id: str, score: z.number() });
/** NaN is a distance FalkorDB can answer (a stored vector with no norm): kept here, dropped by toHits. */
const DistanceRow = z.object({ id: str, distance: z.union([z.number(), z.nan()]) });
const CandidateRow = DistanceRow.extend({ validAt: str, invalidAt: strOrNull, expiredAt: strOrNull });
const SeqRow = z.object({ id: str, seq: z.number() });

const IngestResultSchema = z.object({
  id: str,
  created: z.boolean(),
  entities: z.array(z.object({ id: str, name: str, type: str })),
  facts: z.array(z.object({ id: str, text: str, validAt: str, invalidAt: strOrNull })),
  invalidated: z.array(str),
});

function parse<T extends z.ZodType>(schema: T, row: unknown, what: string): z.output<T> {
  const r = schema.safeParse(row);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(
      `FalkorDB returned a malformed ${what} row: ${issue?.path.join(".") ?? "?"}: ${issue?.message ?? ""}`,
    );
  }
  return r.data;
}

function parseJsonObject(text: string | null, what: string): Record<string, unknown> {
  if (text === null || text === "") return {};
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new Error(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

export function toEpisode(group: string, row: unknown): Episode {
  const r = parse(EpisodeRow, row, "episode");
  return {
    id: r.id,
    group,
    kind: r.kind as Episode["kind"],
    content: r.content,
    actor: r.actor,
    session: r.session,
    occurredAt: r.occurredAt,
    createdAt: r.createdAt,
    metadata: parseJsonObject(r.metadata, "episode metadata"),
  };
}

export function toEntity(group: string, row: unknown): Entity {
  const r = parse(EntityRow, row, "entity");
  return {
    id: r.id,
    group,
    name: r.name,
    key: r.key,
    type: r.type as EntityType,
    // An empty string property may come back as null from some server versions.
    summary: r.summary ?? "",
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function toFact(group: string, row: unknown): Fact {
  const r = parse(FactRow, row, "fact");
  return {
    id: r.id,
    group,
    subjectId: r.subjectId,
    predicate: r.predicate,
    objectId: r.objectId,
    text: r.text,
    validAt: r.validAt,
    invalidAt: r.invalidAt,
    createdAt: r.createdAt,
    expiredAt: r.expiredAt,
    episodeIds: r.episodeIds ?? [],
    invalidatedBy: r.invalidatedBy,
  };
}

export function toHit(row: unknown): { id: string; score: number } {
  return parse(HitRow, row, "search hit");
}

export function toDistance(row: unknown): z.output<typeof DistanceRow> {
  return parse(DistanceRow, row, "vector hit");
}

export function toCandidate(row: unknown): z.output<typeof CandidateRow> {
  return parse(CandidateRow, row, "vector candidate");
}

/** The (seq, uuid) cursor of an exported row. */
export function toCursor(row: unknown): { seq: number; uuid: string } {
  const r = parse(SeqRow, row, "export");
  return { seq: r.seq, uuid: r.id };
}

export function toIngestResult(text: string): IngestResult {
  return parse(IngestResultSchema, JSON.parse(text), "ingest result") as IngestResult;
}

export function toStats(row: unknown, last: unknown): Omit<GroupStats, "group"> {
  const counts = parse(
    z.object({ episodes: z.number(), entities: z.number(), facts: z.number(), invalidatedFacts: z.number() }),
    row,
    "group stats",
  );
  const at = last === undefined ? null : parse(z.object({ lastEpisodeAt: z.string() }), last, "last episode");
  return { ...counts, lastEpisodeAt: at?.lastEpisodeAt ?? null };
}

export function stringColumn(row: unknown, column: string): string | null {
  const value = (row as Record<string, unknown> | null)?.[column];
  if (value === null || value === undefined) return null;
  if (typeof value !== "string") throw new Error(`FalkorDB returned a non-string ${column}`);
  return value;
}
