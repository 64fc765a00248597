/** `memory export` and `memory import`: NDJSON files through the service's export/import routes. */
import { createReadStream, createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import cliProgress from "cli-progress";
import { CommandFailed, parse, requireString, UsageError } from "./args.js";
import { CLIENT_OPTIONS, call, clientTarget } from "./client.js";

export const EXPORT_USAGE = "memory export --group G [--out FILE] [--url URL]   (stdout without --out)";
export const IMPORT_USAGE = "memory import FILE [--url URL]   (FILE - reads stdin)";

/** Below this the upload is instant and a bar would only flicker. */
const PROGRESS_MIN_BYTES = 1024 * 1024;

export async function exportGroup(argv: string[]): Promise<void> {
  const { values } = parse(
    argv,
    { ...CLIENT_OPTIONS, group: { type: "string", short: "g" }, out: { type: "string", short: "o" } },
    false,
  );
  const group = requireString(values.group, "--group");
  const res = await call(clientTarget(values.url), `/v1/export?${new URLSearchParams({ group })}`);
  if (!res.body) throw new Error("the server sent an empty export");
  const source = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
  if (values.out) {
    // Write beside and rename, so a cut connection never leaves a plausible-looking partial file.
    const { rename } = await import("node:fs/promises");
    const tmp = `${values.out}.partial`;
    await pipeline(source, createWriteStream(tmp));
    await rename(tmp, values.out);
    process.stderr.write(`exported group ${group} to ${values.out}\n`);
  } else {
    await pipeline(source, process.stdout);
  }
}

export async function importFile(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { ...CLIENT_OPTIONS }, true);
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError("exactly one FILE is required");
  const stdin = file === "-";
  let size = 0;
  if (!stdin) {
    try {
      size = (await stat(file)).size;
    } catch (err) {
      throw new CommandFailed(
        `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
  }
  // A pipe's size is unknown: no bar for stdin.
  const bar =
    !stdin && size >= PROGRESS_MIN_BYTES
      ? new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: "import [{bar}] {percentage}% | {value}/{total} bytes",
            noTTYOutput: false,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  bar?.start(size, 0);
  let sent = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      sent += chunk.length;
      bar?.update(sent);
      done(null, chunk);
    },
  });
  const source = stdin ? process.stdin : createReadStream(file);
  const body = Readable.toWeb(source.pipe(counter)) as ReadableStream<Uint8Array>;
  try {
    const res = await call(clientTarget(values.url), "/v1/import", {
      method: "POST",
      headers: { "content-type": "application/x-ndjson" },
      body,
      // Required by undici for a streamed request body.
      duplex: "half",
    } as RequestInit);
    const { imported } = (await res.json()) as { imported: number };
    bar?.stop();
    process.stderr.write(`imported ${imported} records from ${stdin ? "stdin" : file}\n`);
  } finally {
    bar?.stop();
  }
}
