/**
 * Boundary schemas (zod 4) for everything that enters the memory service: HTTP bodies, queries,
 * imports and CLI input all parse through these, so a bad value is rejected with a message naming
 * the field before it reaches the engine. The OpenAPI document is generated from the same schemas.
 */
import { z } from "zod";

/** A group isolates one project or user; nothing crosses groups. */
export const GroupSchema = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
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
  .datetime({
    offset: true,
    // The value read back, since a "+02:00" in a URL arrives as " 02:00" unless sent as %2B.
    error: (issue) => {
      const got = typeof issue.input === "string" ? issue.input.slice(0, 40) : typeof issue.input;
      const plus = typeof issue.input === "string" && / \d{2}:?\d{2}$/.test(issue.input);
      return `must be an ISO-8601 date-time with a time zone, e.g. 2026-01-15T10:00:00Z (got "${got}"${plus ? "; in a URL, send + as %2B" : ""})`;
    },
  })
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
/** Ids minted by the engine or chosen by clients (episodes, entities, facts): one safe alphabet. */
export const IdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,128}$/, "id must match ^[A-Za-z0-9_.:-]{1,128}$");
export const EpisodeIdSchema = IdSchema;

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
/**
 * How far ahead of the server's clock an episode may say it happened. A later time would make its
 * facts outrank every correction until then (a fact's time decides which one holds), so a clock
 * that is off by more, or a typo in the year, is refused rather than stored.
 */
export const MAX_CLOCK_AHEAD_MS = 60 * 60 * 1000;

export const EpisodeInputSchema = z.object({
  id: EpisodeIdSchema.optional(),
  group: GroupSchema,
  kind: EpisodeKindSchema,
  content: SafeText(100_000).min(1, "content must not be empty"),
  actor: SafeText(128).optional(),
  session: SafeText(128).optional(),
  occurredAt: IsoDateSchema.refine((v) => Date.parse(v) <= Date.now() + MAX_CLOCK_AHEAD_MS, {
    message: "must not be more than 1 hour ahead of the server's clock",
  }).optional(),
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
