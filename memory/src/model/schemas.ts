/**
 * Boundary schemas (zod 4) for everything that enters the memory service: HTTP bodies, queries,
 * imports and CLI input all parse through these, so a bad value is rejected with a message naming
 * the field before it reaches the engine. The OpenAPI document is generated from the same schemas.
 */
import { z } from "zod";

/** A group isolates one project or user; nothing crosses groups. */
export const GroupSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "group must match ^[A-Za-z0-9_-]{1,64}$");

/** Control characters other than tab, newline and carriage return are refused in text. */
const NO_CONTROL = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;

export const SafeText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .regex(NO_CONTROL, "must not contain control characters");

/** ISO-8601 timestamp with a time zone; normalised to `toISOString()` form. */
export const IsoDateSchema = z.iso
  .datetime({ offset: true, message: "must be an ISO-8601 date-time with a time zone" })
  .transform((s) => new Date(s).toISOString());

/** What kind of thing happened. Structured kinds are ingested with zero LLM calls. */
export const EPISODE_KINDS = [
  // free text
  "user_message",
  "assistant_message",
  "note",
  // structured coding events
  "tool_call",
  "file_edit",
  "error",
  "todo",
  "session_summary",
  "session_start",
  "session_end",
] as const;
export const EpisodeKindSchema = z.enum(EPISODE_KINDS);
export type EpisodeKind = z.infer<typeof EpisodeKindSchema>;

export const FREE_TEXT_KINDS: ReadonlySet<EpisodeKind> = new Set([
  "user_message",
  "assistant_message",
  "note",
]);

/** Client-chosen ids make ingestion idempotent (session/message/call ids from OpenCode). */
export const EpisodeIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,128}$/, "id must match ^[A-Za-z0-9_.:-]{1,128}$");

/** Metadata is a flat-ish JSON object; structured kinds read well-known keys from it (see below). */
export const MetadataSchema = z
  .record(z.string().max(64), z.unknown())
  .refine((m) => JSON.stringify(m).length <= 64 * 1024, "metadata must serialise to at most 64 KiB");

/**
 * Well-known metadata for structured kinds (all optional; extra keys are kept):
 * - tool_call: { tool, args, exitCode, status: "completed"|"error", files: string[], title }
 * - file_edit: { file }
 * - error: { name, message, tool?, file? }
 * - todo: { todos: [{ content, status, priority? }] }
 * - session_summary / session_start / session_end: { title?, directory? }
 */
export const EpisodeInputSchema = z.object({
  id: EpisodeIdSchema.optional(),
  group: GroupSchema,
  kind: EpisodeKindSchema,
  content: SafeText(100_000).min(1, "content must not be empty"),
  actor: SafeText(128).optional(),
  session: SafeText(128).optional(),
  occurredAt: IsoDateSchema.optional(),
  metadata: MetadataSchema.optional(),
});
export type EpisodeInput = z.infer<typeof EpisodeInputSchema>;

export const EpisodeBatchSchema = z.object({
  episodes: z.array(EpisodeInputSchema).min(1).max(1000, "at most 1000 episodes per batch"),
});

export const SearchQuerySchema = z.object({
  group: GroupSchema,
  q: SafeText(2_000),
  limit: z.coerce.number().int().min(1).max(100).default(10),
  /** Point in time: facts valid at this instant (history included). */
  at: IsoDateSchema.optional(),
  /** Include invalidated facts. */
  history: z
    .union([z.boolean(), z.enum(["true", "false", "1", "0"])])
    .transform((v) => v === true || v === "true" || v === "1")
    .default(false),
  kind: EpisodeKindSchema.optional(),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

export const ContextQuerySchema = z.object({
  group: GroupSchema,
  q: SafeText(8_000),
  budget: z.coerce.number().int().min(50).max(8_000).default(600),
  session: SafeText(128).optional(),
});
export type ContextQuery = z.infer<typeof ContextQuerySchema>;
