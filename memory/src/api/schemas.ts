/**
 * Response and transfer schemas of the HTTP API. Request schemas live in model/schemas.ts (the
 * engine and the CLI parse with them too); these describe what the API returns and what an
 * NDJSON export/import line holds. The OpenAPI document is generated from both, and the API tests
 * parse real responses with them, so the document cannot drift from the behaviour.
 */
import { z } from "zod";
import { ENTITY_TYPES } from "../model/types.js";
import {
  EpisodeIdSchema,
  IdSchema,
  EpisodeKindSchema,
  GroupSchema,
  IsoDateSchema,
  MetadataSchema,
  SafeText,
} from "../model/schemas.js";

/** Path parameters and record ids: the model's one id alphabet. */
export const IdParamSchema = IdSchema;

export const GroupQuerySchema = z.object({ group: GroupSchema });

export const ErrorSchema = z.object({ error: z.string(), details: z.unknown().optional() });

const Iso = z.string();

export const EntityTypeSchema = z.enum(ENTITY_TYPES);

export const EpisodeSchema = z
  .object({
    id: EpisodeIdSchema,
    group: GroupSchema,
    kind: EpisodeKindSchema,
    content: SafeText(100_000),
    actor: SafeText(128).nullable(),
    session: SafeText(128).nullable(),
    occurredAt: IsoDateSchema,
    createdAt: IsoDateSchema,
    metadata: MetadataSchema,
  })
  .loose();

export const EntitySchema = z
  .object({
    id: IdParamSchema,
    group: GroupSchema,
    name: SafeText(1_000),
    key: SafeText(1_000),
    type: EntityTypeSchema,
    summary: SafeText(10_000),
    createdAt: IsoDateSchema,
    updatedAt: IsoDateSchema,
  })
  .loose();

export const FactSchema = z
  .object({
    id: IdParamSchema,
    group: GroupSchema,
    subjectId: IdParamSchema,
    predicate: SafeText(256),
    objectId: IdParamSchema,
    text: SafeText(10_000),
    validAt: IsoDateSchema,
    invalidAt: IsoDateSchema.nullable(),
    createdAt: IsoDateSchema,
    expiredAt: IsoDateSchema.nullable(),
    episodeIds: z.array(EpisodeIdSchema),
    invalidatedBy: IdParamSchema.nullable(),
  })
  .loose();

export const MentionSchema = z.object({
  episodeId: EpisodeIdSchema,
  entityId: IdParamSchema,
  group: GroupSchema,
});

/**
 * One NDJSON line of an export; import validates every line with it before storing anything.
 * Record objects are loose: fields a newer engine adds pass through, so a round trip loses nothing.
 */
export const ExportRecordSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("episode"), data: EpisodeSchema }),
  z.object({ type: z.literal("entity"), data: EntitySchema }),
  z.object({ type: z.literal("fact"), data: FactSchema }),
  z.object({ type: z.literal("mention"), data: MentionSchema }),
]);

export const IngestResultSchema = z.object({
  id: z.string(),
  created: z.boolean(),
  entities: z.array(z.object({ id: z.string(), name: z.string(), type: EntityTypeSchema })),
  facts: z.array(z.object({ id: z.string(), text: z.string(), validAt: Iso, invalidAt: Iso.nullable() })),
  invalidated: z.array(z.string()),
});

/** GET /v1/episodes/:id: the episode and its ingest result. */
export const StoredEpisodeSchema = z.object({ episode: EpisodeSchema, result: IngestResultSchema });

export const BatchResultSchema = z.object({
  results: z.array(IngestResultSchema),
  created: z.number().int(),
});

const scored = <T extends z.ZodType>(item: T) => z.object({ item, score: z.number() });
const FactViewSchema = FactSchema.extend({ subject: z.string(), object: z.string() });

export const SearchResultSchema = z.object({
  facts: z.array(scored(FactViewSchema)),
  entities: z.array(scored(EntitySchema)),
  episodes: z.array(scored(EpisodeSchema)),
});

export const ContextResultSchema = z.object({
  text: z.string(),
  tokens: z.number().int(),
  facts: z.array(z.string()),
});

export const EntityTimelineSchema = z.object({
  entity: EntitySchema,
  facts: z.array(
    FactViewSchema.extend({
      episodes: z.array(
        z.object({
          id: z.string(),
          kind: EpisodeKindSchema,
          occurredAt: Iso,
          session: z.string().nullable(),
        }),
      ),
    }),
  ),
});

export const GroupStatsSchema = z.object({
  group: GroupSchema,
  episodes: z.number().int(),
  entities: z.number().int(),
  facts: z.number().int(),
  invalidatedFacts: z.number().int(),
  lastEpisodeAt: z.string().nullable(),
});
export const GroupsResultSchema = z.object({ groups: z.array(GroupStatsSchema) });

export const DeletedSchema = z.object({ deleted: z.literal(true) });
export const ImportResultSchema = z.object({ imported: z.number().int() });
export const HealthSchema = z.object({
  ok: z.boolean(),
  store: z.object({ ok: z.boolean(), backend: z.string(), error: z.string().optional() }),
  cache: z.object({ ok: z.boolean(), backend: z.string().nullable(), error: z.string().optional() }),
});
