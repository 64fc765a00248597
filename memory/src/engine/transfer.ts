/**
 * Import: records arrive as exported (no vectors, which depend on the embedder); entity names and
 * fact texts are re-embedded here and written in chunks so a large import streams in bounded memory.
 */
import type { ExportRecord } from "../model/types.js";
import type { ImportRecord, Store } from "../store/interface.js";
import type { Embedder } from "./ports.js";

const CHUNK = 500;

export async function importRecords(
  store: Store,
  embedder: Embedder,
  records: AsyncIterable<ExportRecord> | Iterable<ExportRecord>,
  /** Told which groups each stored chunk touched (the engine invalidates their cached recall). */
  onWritten: (groups: string[]) => Promise<void> = async () => {},
): Promise<{ imported: number }> {
  let imported = 0;
  let chunk: ExportRecord[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const texts = chunk.map((r) =>
      r.type === "entity" ? r.data.name : r.type === "fact" ? r.data.text : null,
    );
    const wanted = texts.filter((t): t is string => t !== null);
    const vectors = wanted.length ? await embedder.embed(wanted) : [];
    let next = 0;
    const withVectors: ImportRecord[] = chunk.map((record, i) =>
      texts[i] === null ? record : { ...record, embedding: vectors[next++] },
    );
    imported += await store.importRecords(withVectors);
    await onWritten([...new Set(chunk.map((r) => r.data.group))]);
    chunk = [];
  };
  for await (const record of records) {
    chunk.push(record);
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
  return { imported };
}
