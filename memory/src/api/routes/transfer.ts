/**
 * Export and import as NDJSON, one ExportRecord per line, so a group of any size streams out
 * without being held in memory, and the same file comes back in through import.
 */
import type { Hono } from "hono";
import { DanglingReferenceError } from "../../engine/import-references.js";
import type { ExportRecord } from "../../model/types.js";
import { readNdjson } from "../body.js";
import type { ApiDeps, AppEnv } from "../env.js";
import { ApiError, parseQuery } from "../errors.js";
import { ExportRecordSchema, GroupQuerySchema } from "../schemas.js";

export const NDJSON = "application/x-ndjson";
/** Lines are sent in chunks of about this many bytes, not one write per record. */
const CHUNK_BYTES = 64 * 1024;

export function transferRoutes(app: Hono<AppEnv>, { engine }: ApiDeps): void {
  app.get("/v1/export", async (c) => {
    const { group } = parseQuery(c, GroupQuerySchema);
    const iterator = engine.export(group)[Symbol.asyncIterator]();
    // Pull the first record before committing to a 200: an unknown group is a 404, not an empty file.
    const first = await iterator.next();
    if (first.done) throw new ApiError(404, `no group ${group}`);
    const log = c.get("log");
    const encoder = new TextEncoder();
    let pending: IteratorResult<ExportRecord> | null = first;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          let chunk = "";
          while (chunk.length < CHUNK_BYTES) {
            const next: IteratorResult<ExportRecord> = pending ?? (await iterator.next());
            pending = null;
            if (next.done) break;
            chunk += `${JSON.stringify(next.value)}\n`;
          }
          if (chunk) controller.enqueue(encoder.encode(chunk));
          else controller.close();
        } catch (err) {
          // Headers are gone already: log, and cut the stream so the client sees an incomplete file.
          log.error({ err: { message: (err as Error).message }, group }, "export failed mid-stream");
          controller.error(err);
        }
      },
      async cancel() {
        await iterator.return?.();
      },
    });
    return c.body(body, 200, {
      "Content-Type": NDJSON,
      "Content-Disposition": `attachment; filename="memory-${group}.ndjson"`,
    });
  });

  app.post("/v1/import", async (c) => {
    // Every line is validated before the engine sees any: a bad line imports nothing.
    const records = await readNdjson(c, ExportRecordSchema);
    if (records.length === 0) throw new ApiError(400, "import body is empty: expected NDJSON export records");
    try {
      return c.json(await engine.import(records as ExportRecord[]));
    } catch (err) {
      if (err instanceof DanglingReferenceError) {
        const details = [{ path: err.path, message: err.reason }];
        // Found under the write locks: a delete raced the import after the records before were stored.
        if (err.imported > 0)
          throw new ApiError(409, `import stopped after ${err.imported} records: ${err.message}`, details);
        throw new ApiError(400, `nothing imported: ${err.message}`, details);
      }
      throw err;
    }
  });
}
