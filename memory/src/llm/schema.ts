/**
 * The shape the extraction model must answer with: the JSON schema sent as `response_format`
 * (strict: every key required, nulls for "not stated") and the zod schema that checks the answer.
 *
 * The zod side is deliberately more forgiving than the JSON schema: servers without structured
 * output (or small local models) drift in harmless ways (camelCase keys, `usesRuntime`, a date
 * without a time), which are normalised. An item that cannot be saved is dropped on its own; a
 * wrong overall shape, or an answer whose every item is unusable, is invalid (one repair try).
 */
import { z } from "zod";
import { ENTITY_TYPES } from "./types.js";

export const EXTRACTION_SCHEMA_NAME = "memory_extraction";

const nullableString = { type: ["string", "null"] };

/** JSON schema for `response_format: {type: "json_schema", json_schema: {strict: true}}`. */
export const EXTRACTION_JSON_SCHEMA: Record<string, unknown> = {
  type: "object",
  additionalProperties: false,
  required: ["entities", "facts"],
  properties: {
    entities: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "type", "summary"],
        properties: {
          name: { type: "string" },
          type: { type: "string", enum: [...ENTITY_TYPES] },
          summary: nullableString,
        },
      },
    },
    facts: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["subject", "predicate", "object", "text", "functional", "valid_at", "invalid_at"],
        properties: {
          subject: { type: "string" },
          predicate: { type: "string" },
          object: { type: "string" },
          text: { type: "string" },
          functional: { type: "boolean" },
          valid_at: nullableString,
          invalid_at: nullableString,
        },
      },
    },
  },
};

const MAX_NAME = 200;
const MAX_TEXT = 400;

/** `usesRuntime`, `Uses Runtime`, `uses-runtime` -> `uses_runtime`; null when nothing is left. */
export function snakeCase(raw: string): string | null {
  const s = raw
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[a-z][a-z0-9_]{0,59}$/.test(s) ? s : null;
}

/** An ISO-8601 instant in `toISOString()` form; a bare date is midnight UTC; anything else null. */
export function isoOrNull(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const s = raw.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(s);
  const dateTime = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i.test(s);
  if (!dateOnly && !dateTime) return null;
  const t = Date.parse(dateOnly ? `${s}T00:00:00Z` : s.replace(" ", "T"));
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

const name = z
  .string()
  .transform((s) => s.replace(/\s+/g, " ").trim())
  .pipe(z.string().min(1).max(MAX_NAME));

export const ModelEntitySchema = z.object({
  name,
  type: z.string().default("concept"),
  summary: z.string().max(MAX_TEXT).nullish(),
});

export const ModelFactSchema = z
  .preprocess(
    (v) => {
      // camelCase spellings of the date keys, from models that ignore the schema.
      if (v && typeof v === "object" && !Array.isArray(v)) {
        const o = v as Record<string, unknown>;
        return { ...o, valid_at: o.valid_at ?? o.validAt, invalid_at: o.invalid_at ?? o.invalidAt };
      }
      return v;
    },
    z.object({
      subject: name,
      predicate: z.string().transform((p, ctx) => {
        const s = snakeCase(p);
        if (!s) {
          ctx.addIssue({ code: "custom", message: `predicate "${p}" is not a snake_case relation` });
          return z.NEVER;
        }
        return s;
      }),
      object: name,
      text: z.string().max(MAX_TEXT).nullish(),
      functional: z.boolean().nullish(),
      valid_at: z.unknown().transform(isoOrNull),
      invalid_at: z.unknown().transform(isoOrNull),
    }),
  )
  .refine((f) => f.subject.toLowerCase() !== f.object.toLowerCase(), "subject and object are the same");

export type ModelEntity = z.infer<typeof ModelEntitySchema>;
export type ModelFact = z.infer<typeof ModelFactSchema>;

const AnswerSchema = z.object({
  entities: z.array(z.unknown()).default([]),
  facts: z.array(z.unknown()),
});

export interface ModelAnswer {
  entities: ModelEntity[];
  facts: ModelFact[];
  /** Items dropped as unusable, with the first reasons (for logs). */
  dropped: number;
  problems: string[];
}

const issueText = (e: z.ZodError) =>
  e.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ");

/** Validates a parsed answer; throws when its shape is wrong or every item in it is unusable. */
export function validateAnswer(value: unknown): ModelAnswer {
  const shape = AnswerSchema.safeParse(value);
  if (!shape.success) throw new Error(`the JSON does not match the schema: ${issueText(shape.error)}`);
  const out: ModelAnswer = { entities: [], facts: [], dropped: 0, problems: [] };
  const keep = <T>(schema: z.ZodType<T>, items: unknown[], into: T[], what: string) => {
    items.forEach((item, i) => {
      const r = schema.safeParse(item);
      if (r.success) into.push(r.data);
      else {
        out.dropped++;
        if (out.problems.length < 5) out.problems.push(`${what}[${i}] ${issueText(r.error)}`);
      }
    });
  };
  keep(ModelEntitySchema, shape.data.entities, out.entities, "entities");
  keep(ModelFactSchema, shape.data.facts, out.facts, "facts");
  const total = shape.data.entities.length + shape.data.facts.length;
  if (total > 0 && out.dropped === total) {
    throw new Error(`no usable entity or fact in the JSON: ${out.problems.join("; ")}`);
  }
  return out;
}
