/**
 * Graph layout and index statements. Labels and property names are constants, never user input,
 * so they are the only things ever written into query text.
 *
 * Layout (one graph per group, so no `group` property and no group filter anywhere):
 *   (:Episode {uuid, kind, content, actor, session, occurredAt, createdAt, metadata, result, seq})
 *   (:Entity  {uuid, name, key, type, summary, createdAt, updatedAt, seq, embedding, embeddingDim})
 *   (:Fact    {uuid, subjectId, predicate, objectId, text, validAt, invalidAt, createdAt, expiredAt,
 *              episodeIds, invalidatedBy, seq, embedding, embeddingDim})
 *   (:Episode)-[:MENTIONS]->(:Entity)
 *
 * Facts are nodes, not Graphiti's RELATES_TO edges, because the Store contract treats a fact as a
 * record of its own: it is upserted, invalidated and re-opened by id, may be imported before or
 * without its endpoints, and is searched by full text and by vector. On nodes all of that uses the
 * long-standing node procedures (`db.idx.fulltext.queryNodes`, `db.idx.vector.queryNodes`) and plain
 * range indexes on subjectId / objectId / validAt, with no endpoint MATCH on every write. The
 * subject and object stay reachable by id through those indexes.
 *
 * `seq` is a client-issued increasing number (insertion order, like SQLite's rowid) used to break
 * ties and to page exports; FalkorDB's internal ids are reused after deletes, so they cannot.
 * Times are ISO-8601 UTC strings (`toISOString()`), which compare correctly as strings.
 * `metadata` and `result` are JSON text: a map parameter would put user-chosen keys into the query.
 */

export const LABELS = { episode: "Episode", entity: "Entity", fact: "Fact" } as const;
export const VECTOR_PROPERTY = "embedding";
export type VectorLabel = typeof LABELS.entity | typeof LABELS.fact;

/** Range indexes: every property a query looks nodes up by. */
export const RANGE_INDEXES: ReadonlyArray<readonly [string, string]> = [
  [LABELS.episode, "uuid"],
  [LABELS.episode, "occurredAt"],
  [LABELS.episode, "session"],
  [LABELS.episode, "seq"],
  [LABELS.entity, "uuid"],
  [LABELS.entity, "key"],
  [LABELS.entity, "type"],
  [LABELS.entity, "seq"],
  [LABELS.fact, "uuid"],
  [LABELS.fact, "subjectId"],
  [LABELS.fact, "objectId"],
  [LABELS.fact, "validAt"],
  [LABELS.fact, "invalidatedBy"],
  [LABELS.fact, "seq"],
];

/** Full-text indexes (RediSearch, English stemming and stopwords by default). */
export const FULLTEXT_INDEXES: ReadonlyArray<readonly [string, readonly string[]]> = [
  [LABELS.entity, ["name", "summary"]],
  [LABELS.fact, ["text"]],
  [LABELS.episode, ["content"]],
];

export const META_INDEXES: ReadonlyArray<readonly [string, string]> = [
  ["Meta", "key"],
  ["Group", "name"],
];

export function rangeIndexStatement(label: string, property: string): string {
  return `CREATE INDEX FOR (n:${label}) ON (n.${property})`;
}

export function fulltextIndexStatement(label: string, properties: readonly string[]): string {
  return `CALL db.idx.fulltext.createNodeIndex('${label}', ${properties.map((p) => `'${p}'`).join(", ")})`;
}

/** FalkorDB's vector index documents 1-4096 dimensions; vectors past that are searched by exact scan. */
export const MAX_INDEXED_DIMENSION = 4096;

/** The embedder's dimension is only known once vectors arrive; it is validated before it is inlined. */
export function vectorIndexStatement(label: VectorLabel, dimension: number): string {
  if (!Number.isSafeInteger(dimension) || dimension < 1 || dimension > 16_384) {
    throw new RangeError(`vector dimension must be an integer in [1, 16384], got ${dimension}`);
  }
  return `CREATE VECTOR INDEX FOR (n:${label}) ON (n.${VECTOR_PROPERTY}) OPTIONS {dimension: ${dimension}, similarityFunction: 'cosine'}`;
}

export function graphIndexStatements(): string[] {
  return [
    ...RANGE_INDEXES.map(([label, prop]) => rangeIndexStatement(label, prop)),
    ...FULLTEXT_INDEXES.map(([label, props]) => fulltextIndexStatement(label, props)),
  ];
}

export function metaIndexStatements(): string[] {
  return META_INDEXES.map(([label, prop]) => rangeIndexStatement(label, prop));
}

/** Index creation is idempotent for us: "already indexed" means another process got there first. */
export function isAlreadyIndexed(err: unknown): boolean {
  return /already (indexed|exists)|index .*already/i.test(err instanceof Error ? err.message : String(err));
}

/**
 * The server answered with an error (the client's ErrorReply and its subclasses), as opposed to
 * not answering at all. By class name along the prototype chain: the class is the Redis client's,
 * a dependency of the falkordb package rather than of ours.
 */
export function isServerReply(err: unknown): boolean {
  for (
    let p = err instanceof Error ? Object.getPrototypeOf(err) : null;
    p && p !== Error.prototype;
    p = Object.getPrototypeOf(p)
  )
    if (p.constructor?.name === "ErrorReply") return true;
  return false;
}

/** A read on a graph that was never written (no key yet) finds nothing, it is not an error. */
export function isMissingGraph(err: unknown): boolean {
  return /empty key|graph .*(does not exist|not found)|invalid graph operation/i.test(
    err instanceof Error ? err.message : String(err),
  );
}
