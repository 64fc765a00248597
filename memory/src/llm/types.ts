/**
 * The project's entity types as a runtime list (for the JSON schema and the prompt), and the
 * mapping from whatever type a model names onto them: models say "library", "framework",
 * "function", "language"... and the engine resolves entities per type, so one word must always
 * land on one type. Unknown words become `concept`, never an error.
 */
import { ENTITY_TYPES, type EntityType } from "../model/types.js";

export { ENTITY_TYPES };

const SYNONYMS: Readonly<Record<string, EntityType>> = {
  path: "file",
  directory: "file",
  folder: "file",
  filename: "file",
  module: "file",
  function: "symbol",
  method: "symbol",
  class: "symbol",
  interface: "symbol",
  variable: "symbol",
  constant: "symbol",
  type: "symbol",
  component: "symbol",
  endpoint: "symbol",
  cli: "command",
  script: "command",
  shell_command: "command",
  library: "package",
  dependency: "package",
  framework: "package",
  npm_package: "package",
  crate: "package",
  gem: "package",
  bug: "error",
  exception: "error",
  failure: "error",
  error_message: "error",
  user: "person",
  developer: "person",
  team: "person",
  organization: "person",
  repository: "project",
  repo: "project",
  app: "project",
  application: "project",
  codebase: "project",
  technology: "tool",
  service: "tool",
  database: "tool",
  runtime: "tool",
  platform: "tool",
  infrastructure: "tool",
  software: "tool",
  style: "preference",
  convention: "preference",
  rule: "preference",
  guideline: "preference",
  setting: "preference",
  choice: "decision",
  todo: "task",
  issue: "task",
  ticket: "task",
  language: "concept",
  programming_language: "concept",
  topic: "concept",
  other: "concept",
};

const KNOWN: ReadonlySet<string> = new Set(ENTITY_TYPES);

export function toEntityType(raw: string | null | undefined): EntityType {
  const t = (raw ?? "")
    .trim()
    .toLowerCase()
    .replace(/[^a-z]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (KNOWN.has(t)) return t as EntityType;
  if (SYNONYMS[t]) return SYNONYMS[t];
  const singular = t.replace(/s$/, "");
  if (KNOWN.has(singular)) return singular as EntityType;
  return SYNONYMS[singular] ?? "concept";
}
