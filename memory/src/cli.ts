/**
 * `memory`: the service's command line. `serve` runs the service; `search`, `context`, `groups`,
 * `forget`, `export` and `import` are clients of a running service (MEMORY_URL or --url, token from
 * MEMORY_TOKEN).
 */
import { ConfigError } from "./config.js";
import { CommandFailed, UsageError } from "./cli/args.js";
import { HttpError } from "./cli/client.js";
import { CONTEXT_USAGE, context } from "./cli/context.js";
import { FORGET_USAGE, forget, GROUPS_USAGE, groups } from "./cli/groups.js";
import { search, SEARCH_USAGE } from "./cli/search.js";
import { SERVE_USAGE, serve } from "./cli/serve.js";
import { EXPORT_USAGE, exportGroup, IMPORT_USAGE, importFile } from "./cli/transfer.js";

const COMMANDS: Record<string, (argv: string[]) => Promise<void>> = {
  serve,
  search,
  context,
  groups,
  forget,
  export: exportGroup,
  import: importFile,
};

const USAGE = `usage:
  ${SERVE_USAGE}
  ${SEARCH_USAGE}
  ${CONTEXT_USAGE}
  ${GROUPS_USAGE}
  ${FORGET_USAGE}
  ${EXPORT_USAGE}
  ${IMPORT_USAGE}

environment: MEMORY_TOKEN, MEMORY_URL (clients), MEMORY_STORE, MEMORY_HOST, MEMORY_PORT ... (see memory/docs/api.md)
`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(USAGE);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`memory: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  try {
    await command(rest);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`memory ${name}: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof HttpError || err instanceof CommandFailed) {
      process.stderr.write(`memory ${name}: ${err.message}\n`);
      return 1;
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") {
      process.stderr.write(`memory ${name}: cannot listen: ${(err as Error).message}\n`);
      return 1;
    }
    process.stderr.write(`memory ${name}: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

// `serve` keeps running after main resolves (the server holds the event loop); others exit.
const code = await main(process.argv.slice(2));
if (code !== 0 || process.argv[2] !== "serve") process.exitCode = code;
