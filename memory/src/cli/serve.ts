/** `memory serve`: run the service until SIGINT/SIGTERM, then drain and close the store. */
import { loadConfig } from "../config.js";
import { startServer } from "../server.js";
import { parse } from "./args.js";

export const SERVE_USAGE =
  "memory serve [--host H] [--port N] [--store sqlite:PATH]   (token from MEMORY_TOKEN)";

export async function serve(argv: string[]): Promise<void> {
  const { values } = parse(
    argv,
    { host: { type: "string" }, port: { type: "string" }, store: { type: "string" } },
    false,
  );
  const config = loadConfig(process.env, values);
  const server = await startServer(config);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`memory: second ${signal}, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (err: Error) => {
        process.stderr.write(`memory: error while shutting down: ${err.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // Printed once the signal handlers are in place, so whoever waits for this line may stop us at once.
  // Plain text on stdout, so scripts (and the kill -9 test) can read where we listen.
  process.stdout.write(`memory listening on ${server.url}\n`);
}
