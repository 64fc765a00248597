/**
 * The OpenAPI 3.1 document, assembled from the same zod schemas the handlers validate with
 * (zod 4's toJSONSchema emits JSON Schema 2020-12, which OpenAPI 3.1 uses as is). The route table
 * below is the API's index; a test checks that every route the app serves appears in it.
 */
import { z } from "zod";
import {
  ContextQuerySchema,
  EpisodeBatchSchema,
  EpisodeInputSchema,
  GroupSchema,
  SearchQuerySchema,
} from "../model/schemas.js";
import {
  BatchResultSchema,
  ContextResultSchema,
  DeletedSchema,
  EntityTimelineSchema,
  ErrorSchema,
  ExportRecordSchema,
  GroupQuerySchema,
  GroupsResultSchema,
  HealthSchema,
  IdParamSchema,
  ImportResultSchema,
  IngestResultSchema,
  StoredEpisodeSchema,
  SearchResultSchema,
} from "./schemas.js";

type Body = z.ZodType | { ndjson: z.ZodType } | { text: string };

export interface RouteDoc {
  method: "get" | "post" | "delete";
  path: string;
  summary: string;
  auth: boolean;
  params?: Record<string, z.ZodType>;
  query?: z.ZodObject;
  body?: Body;
  responses: Record<number, { description: string; body?: Body }>;
}

const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [code, { description: ERROR_TEXT[code] ?? "error", body: ErrorSchema }]),
  );

const ERROR_TEXT: Record<number, string> = {
  400: "Invalid input; `error` names the field",
  401: "Missing or wrong bearer token",
  404: "Not found in this group",
  409: "Stopped part way: something the records name was deleted while they were written",
  413: "Body larger than the limit",
  415: "Wrong Content-Type",
};

export const ROUTES: RouteDoc[] = [
  {
    method: "post",
    path: "/v1/episodes",
    summary: "Ingest one episode (idempotent on `id`)",
    auth: true,
    body: EpisodeInputSchema,
    responses: {
      201: { description: "Stored", body: IngestResultSchema },
      200: { description: "Already stored under this id: the stored result", body: IngestResultSchema },
      ...errors(400, 401, 413, 415),
    },
  },
  {
    method: "post",
    path: "/v1/episodes/batch",
    summary: "Ingest up to 1000 episodes",
    auth: true,
    body: EpisodeBatchSchema,
    responses: {
      201: { description: "At least one stored", body: BatchResultSchema },
      200: { description: "All were already stored", body: BatchResultSchema },
      ...errors(400, 401, 413, 415),
    },
  },
  {
    method: "get",
    path: "/v1/episodes/{id}",
    summary: "An episode as stored (redacted) with what its ingest extracted",
    auth: true,
    params: { id: IdParamSchema },
    query: GroupQuerySchema,
    responses: { 200: { description: "Episode", body: StoredEpisodeSchema }, ...errors(400, 401, 404) },
  },
  {
    method: "delete",
    path: "/v1/episodes/{id}",
    summary: "Forget an episode and the facts only it supports",
    auth: true,
    params: { id: IdParamSchema },
    query: GroupQuerySchema,
    responses: { 200: { description: "Forgotten", body: DeletedSchema }, ...errors(400, 401, 404) },
  },
  {
    method: "get",
    path: "/v1/search",
    summary: "Hybrid search over facts, entities and episodes (an empty group gives empty results)",
    auth: true,
    query: SearchQuerySchema,
    responses: { 200: { description: "Results with scores", body: SearchResultSchema }, ...errors(400, 401) },
  },
  {
    method: "get",
    path: "/v1/context",
    summary: "A compact context block for the agent within a token budget",
    auth: true,
    query: ContextQuerySchema,
    responses: { 200: { description: "Context", body: ContextResultSchema }, ...errors(400, 401) },
  },
  {
    method: "get",
    path: "/v1/entities/{id}",
    summary: "An entity with its fact timeline (current and invalidated facts)",
    auth: true,
    params: { id: IdParamSchema },
    query: GroupQuerySchema,
    responses: { 200: { description: "Timeline", body: EntityTimelineSchema }, ...errors(400, 401, 404) },
  },
  {
    method: "get",
    path: "/v1/groups",
    summary: "Every group with its counts",
    auth: true,
    responses: { 200: { description: "Groups", body: GroupsResultSchema }, ...errors(401) },
  },
  {
    method: "delete",
    path: "/v1/groups/{group}",
    summary: "Delete a whole group",
    auth: true,
    params: { group: GroupSchema },
    responses: { 200: { description: "Deleted", body: DeletedSchema }, ...errors(400, 401, 404) },
  },
  {
    method: "get",
    path: "/v1/export",
    summary: "Stream a group as NDJSON export records",
    auth: true,
    query: GroupQuerySchema,
    responses: {
      200: { description: "One record per line", body: { ndjson: ExportRecordSchema } },
      ...errors(400, 401, 404),
    },
  },
  {
    method: "post",
    path: "/v1/import",
    summary:
      "Import NDJSON export records (all lines and the entities and episodes they name checked first; a bad one imports nothing)",
    auth: true,
    body: { ndjson: ExportRecordSchema },
    responses: {
      200: { description: "Imported", body: ImportResultSchema },
      ...errors(400, 401, 409, 413, 415),
    },
  },
  {
    method: "get",
    path: "/healthz",
    summary: "Liveness",
    auth: false,
    responses: { 200: { description: "Alive", body: z.object({ ok: z.literal(true) }) } },
  },
  {
    method: "get",
    path: "/readyz",
    summary: "Readiness: store and cache health",
    auth: false,
    responses: {
      200: { description: "Ready", body: HealthSchema },
      503: { description: "Not ready", body: HealthSchema },
    },
  },
  {
    method: "get",
    path: "/metrics",
    summary: "Prometheus metrics",
    auth: false,
    responses: { 200: { description: "Prometheus text format", body: { text: "text/plain" } } },
  },
  {
    method: "get",
    path: "/openapi.json",
    summary: "This document",
    auth: false,
    responses: { 200: { description: "OpenAPI 3.1", body: { text: "application/json" } } },
  },
];

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return rest;
}

function content(body: Body, io: "input" | "output") {
  if ("ndjson" in body && !(body instanceof z.ZodType)) {
    return { "application/x-ndjson": { schema: jsonSchema(body.ndjson, io) } };
  }
  if ("text" in body && !(body instanceof z.ZodType)) return { [body.text]: { schema: { type: "string" } } };
  return { "application/json": { schema: jsonSchema(body as z.ZodType, io) } };
}

function parameters(route: RouteDoc) {
  const out: Array<Record<string, unknown>> = [];
  for (const [name, schema] of Object.entries(route.params ?? {})) {
    out.push({ name, in: "path", required: true, schema: jsonSchema(schema, "input") });
  }
  for (const [name, schema] of Object.entries(route.query?.shape ?? {})) {
    const required = !(schema as z.ZodType).safeParse(undefined).success;
    out.push({ name, in: "query", required, schema: jsonSchema(schema as z.ZodType, "input") });
  }
  return out;
}

export function openApiDocument(version = "0.1.0"): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const params = parameters(route);
    paths[route.path] ??= {};
    paths[route.path]![route.method] = {
      summary: route.summary,
      ...(route.auth ? {} : { security: [] }),
      ...(params.length ? { parameters: params } : {}),
      ...(route.body ? { requestBody: { required: true, content: content(route.body, "input") } } : {}),
      responses: Object.fromEntries(
        Object.entries(route.responses).map(([status, r]) => [
          status,
          { description: r.description, ...(r.body ? { content: content(r.body, "output") } : {}) },
        ]),
      ),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "opencode-memory",
      version,
      description: "Temporal knowledge-graph memory for coding agents. See memory/docs/api.md.",
    },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    security: [{ bearer: [] }],
    paths,
  };
}
