/**
 * Import: records arrive as exported (no vectors, which depend on the embedder); entity names and
 * fact texts are re-embedded here and written in chunks of 500, so no transaction or embedding
 * call grows with the file. A fact the store already holds keeps what the store learned since the
 * export was taken. A failure part way (store or embedder down) keeps the chunks written before;
 * the same file imported again completes it, since every record is an upsert. Records pointing at
 * entities or episodes that exist nowhere are refused (import-references.ts): a file held whole
 * is checked whole first, so it imports all or nothing; a stream is checked chunk by chunk. What
 * the store held at the check is checked again under the locks before each chunk is written, so a
 * forget racing the import stops it instead of leaving a fact that points at nothing.
 */
import type { ExportRecord, Fact } from "../model/types.js";
import { redact, redactValue } from "../redact/index.js";
import type { ImportRecord, Store } from "../store/interface.js";
import { ReferenceCheck } from "./import-references.js";
import type { Embedder } from "./ports.js";

const CHUNK = 500;

export async function importRecords(
  store: Store,
  embedder: Embedder,
  records: AsyncIterable<ExportRecord> | Iterable<ExportRecord>,
  /** Told which groups each stored chunk touched (the engine invalidates their cached recall). */
  onWritten: (groups: string[]) => Promise<void> = async () => {},
  /** Runs a chunk's read-merge-write exclusively for its groups (the engine's group locks). */
  exclusive: <T>(groups: string[], write: () => Promise<T>) => Promise<T> = (_g, write) => write(),
): Promise<{ imported: number }> {
  let imported = 0;
  let chunk: ExportRecord[] = [];
  const references = new ReferenceCheck(store);
  const whole = Array.isArray(records);
  if (whole) await references.verify(records);
  const flush = async () => {
    if (chunk.length === 0) return;
    if (!whole) await references.verify(chunk);
    const texts = chunk.map((r) =>
      r.type === "entity" ? r.data.name : r.type === "fact" ? r.data.text : null,
    );
    // Vectors first, outside the locks: a slow embedder holds up no ingest.
    const wanted = texts.filter((t): t is string => t !== null);
    const vectors = wanted.length ? await embedder.embed(wanted) : [];
    const groups = [...new Set(chunk.map((r) => r.data.group))];
    imported += await exclusive(groups, async () => {
      // Checked again under the locks: what the store held at the check may have been forgotten.
      await references.stillStored(chunk, imported);
      const merged = await withStoredHistory(store, chunk);
      let next = 0;
      const withVectors: ImportRecord[] = merged.map((record, i) =>
        texts[i] === null ? record : { ...record, embedding: vectors[next++] },
      );
      return store.importRecords(withVectors);
    });
    await onWritten(groups);
    chunk = [];
  };
  for await (const record of records) {
    chunk.push(redactRecord(record));
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
  return { imported };
}

/**
 * An import is stored as an ingest would store it: a file written by hand, by another tool or by
 * an older version may hold a key in an episode, a name or a fact, and nothing unredacted is kept.
 */
export function redactRecord(record: ExportRecord): ExportRecord {
  const clean = (text: string) => redact(text).text;
  switch (record.type) {
    case "episode": {
      const e = record.data;
      return {
        type: "episode",
        data: {
          ...e,
          content: clean(e.content),
          actor: e.actor === null ? null : clean(e.actor),
          session: e.session === null ? null : clean(e.session),
          metadata: (redactValue(e.metadata) ?? {}) as Record<string, unknown>,
        },
      };
    }
    case "entity": {
      const e = record.data;
      return {
        type: "entity",
        data: { ...e, name: clean(e.name), key: clean(e.key), summary: clean(e.summary) },
      };
    }
    case "fact":
      return { type: "fact", data: { ...record.data, text: clean(record.data.text) } };
    default:
      return record;
  }
}

/**
 * An invalidation the file does not know of stays: restoring an older backup into a store that
 * has moved on must not make replaced facts current again. Supporting episodes are the union.
 */
export function mergeFact(incoming: Fact, stored: Fact | undefined): Fact {
  if (!stored) return incoming;
  const ended =
    incoming.invalidAt === null && stored.invalidAt !== null
      ? { invalidAt: stored.invalidAt, expiredAt: stored.expiredAt, invalidatedBy: stored.invalidatedBy }
      : {};
  return { ...incoming, ...ended, episodeIds: [...new Set([...stored.episodeIds, ...incoming.episodeIds])] };
}

async function withStoredHistory(store: Store, chunk: ExportRecord[]): Promise<ExportRecord[]> {
  const ids = new Map<string, string[]>();
  for (const r of chunk) {
    if (r.type !== "fact") continue;
    const list = ids.get(r.data.group);
    if (list) list.push(r.data.id);
    else ids.set(r.data.group, [r.data.id]);
  }
  if (ids.size === 0) return chunk;
  const stored = new Map<string, Fact>();
  for (const [group, factIds] of ids)
    for (const f of await store.getFacts(group, factIds)) stored.set(`${group}\u0000${f.id}`, f);
  if (stored.size === 0) return chunk;
  return chunk.map((r) =>
    r.type === "fact"
      ? { ...r, data: mergeFact(r.data, stored.get(`${r.data.group}\u0000${r.data.id}`)) }
      : r,
  );
}
