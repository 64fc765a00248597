/**
 * `npm start`: the whole system locally, on embedded defaults.
 *
 * 1. the memory service (`memory serve`) on its embedded SQLite store under ./.data;
 * 2. `opencode serve` (the pinned `opencode-ai` binary) with the memory plugin added through
 *    OPENCODE_CONFIG_CONTENT (merged over the user's own OpenCode config, so their providers and
 *    models keep working) and HTTP Basic auth (OPENCODE_SERVER_PASSWORD);
 * then prints how to attach a TUI and where the dashboard is. Ctrl-C stops both.
 *
 * The memory token (which the dashboard needs) and the OpenCode password are generated once and
 * kept in ./.data/secrets.json (mode 0600) unless MEMORY_TOKEN / OPENCODE_SERVER_PASSWORD are set.
 * The token reaches the plugin through the environment, never through the OpenCode config, which
 * OpenCode serves back over HTTP.
 *
 * Environment: MEMORY_PORT (7411), OPENCODE_PORT (4096), MEMORY_STORE (sqlite:./.data/memory.db),
 * OPENCODE_DIR (the directory `npm start` was run from), OCM_DATA_DIR (./.data).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DATA = resolve(process.env.OCM_DATA_DIR || join(ROOT, ".data"));
const OPENCODE_BIN = join(ROOT, "node_modules", ".bin", "opencode");
const PLUGIN_ENTRY = join(ROOT, "plugin", "src", "index.ts");

const EnvSchema = z.object({
  MEMORY_PORT: z.coerce.number().int().min(1).max(65_535).default(7411),
  OPENCODE_PORT: z.coerce.number().int().min(1).max(65_535).default(4096),
  MEMORY_STORE: z
    .string()
    .min(1)
    .default(`sqlite:${join(DATA, "memory.db")}`),
  MEMORY_TOKEN: z.string().min(16, "MEMORY_TOKEN must be at least 16 characters").optional(),
  OPENCODE_SERVER_PASSWORD: z.string().min(1).optional(),
  OPENCODE_DIR: z.string().min(1).optional(),
});

const SecretsSchema = z.object({ memoryToken: z.string().min(16), opencodePassword: z.string().min(8) });
type Secrets = z.infer<typeof SecretsSchema>;

/** Generated once, then reused, so the dashboard login and `opencode attach` survive restarts. */
function loadSecrets(): { secrets: Secrets; generated: boolean } {
  const file = join(DATA, "secrets.json");
  if (existsSync(file)) {
    const parsed = SecretsSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (parsed.success) return { secrets: parsed.data, generated: false };
  }
  const secrets = {
    memoryToken: randomBytes(32).toString("hex"),
    opencodePassword: randomBytes(18).toString("base64url"),
  };
  mkdirSync(DATA, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return { secrets, generated: true };
}

interface Running {
  name: string;
  proc: ChildProcess;
  exited: Promise<number | null>;
}

function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Running {
  const proc = spawn(command, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | null>((res) => proc.once("exit", (code) => res(code)));
  // Children's logs go to stderr with a prefix; stdout stays for the instructions below.
  const prefix = (chunk: Buffer) =>
    chunk
      .toString("utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => `[${name}] ${l}\n`)
      .join("");
  proc.stdout?.on("data", (c: Buffer) => process.stderr.write(prefix(c)));
  proc.stderr?.on("data", (c: Buffer) => process.stderr.write(prefix(c)));
  return { name, proc, exited };
}

function waitForLine(child: Running, re: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolvePromise, reject) => {
    let seen = "";
    const timer = setTimeout(
      () => reject(new Error(`${child.name} did not start within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen += chunk.toString("utf8");
      const m = seen.match(re);
      if (m) {
        clearTimeout(timer);
        child.proc.stdout?.off("data", onData);
        resolvePromise(m);
      }
    };
    child.proc.stdout?.on("data", onData);
    void child.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${child.name} exited with code ${code} while starting`));
    });
  });
}

async function stopAll(children: Running[]): Promise<void> {
  await Promise.all(
    children.map(async (c) => {
      if (c.proc.exitCode !== null || c.proc.signalCode !== null) return;
      c.proc.kill("SIGTERM");
      const timer = setTimeout(() => c.proc.kill("SIGKILL"), 10_000);
      await c.exited;
      clearTimeout(timer);
    }),
  );
}

const children: Running[] = [];
let stopping = false;

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stderr.write("\nstopping...\n");
  await stopAll(children);
  process.exit(code);
}

/** Secrets are shown once, when generated; afterwards the file holds them. */
function secretLine(label: string, fromEnv: boolean, value: string, generated: boolean): string {
  if (fromEnv) return `  ${label}: as set in the environment`;
  return generated
    ? `  ${label}: ${value}  (generated, kept in ${join(DATA, "secrets.json")})`
    : `  ${label}: in ${join(DATA, "secrets.json")}`;
}

async function main(): Promise<void> {
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  }
  const env = parsed.data;
  if (!existsSync(OPENCODE_BIN)) throw new Error("opencode binary missing: run `npm install` first");
  const { secrets, generated } = loadSecrets();
  const memoryToken = env.MEMORY_TOKEN ?? secrets.memoryToken;
  const password = env.OPENCODE_SERVER_PASSWORD ?? secrets.opencodePassword;
  const directory = resolve(env.OPENCODE_DIR ?? process.env.INIT_CWD ?? process.cwd());

  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  const memory = run(
    "memory",
    process.execPath,
    [
      "--import",
      "tsx",
      "memory/src/cli.ts",
      "serve",
      "--port",
      String(env.MEMORY_PORT),
      "--store",
      env.MEMORY_STORE,
    ],
    { ...process.env, MEMORY_TOKEN: memoryToken },
    ROOT,
  );
  children.push(memory);
  const memoryUrl = (await waitForLine(memory, /memory listening on (http:\/\/\S+)/, 60_000))[1]!.replace(
    /\/$/,
    "",
  );

  const opencodeUrl = `http://127.0.0.1:${env.OPENCODE_PORT}`;
  const opencode = run(
    "opencode",
    OPENCODE_BIN,
    ["serve", "--hostname", "127.0.0.1", "--port", String(env.OPENCODE_PORT)],
    {
      ...process.env,
      OPENCODE_SERVER_PASSWORD: password,
      OPENCODE_CONFIG_CONTENT: JSON.stringify({ plugin: [`file://${PLUGIN_ENTRY}`] }),
      MEMORY_URL: memoryUrl,
      MEMORY_TOKEN: memoryToken,
    },
    directory,
  );
  children.push(opencode);
  await waitForLine(opencode, /opencode server listening on (http:\/\/\S+)/, 60_000);

  for (const child of children) {
    void child.exited.then((code) => {
      if (stopping) return;
      process.stderr.write(`${child.name} exited unexpectedly (code ${code})\n`);
      void shutdown(1);
    });
  }

  const lines = [
    "",
    "opencode-memory stack is running",
    `  memory service  ${memoryUrl}  (store ${env.MEMORY_STORE})`,
    `  dashboard       ${memoryUrl}/dashboard  (log in with the memory token)`,
    `  opencode        ${opencodeUrl}  (project ${directory})`,
    "",
    "attach a terminal UI:",
    `  npx opencode attach ${opencodeUrl} -p '<password>' --dir ${directory}`,
    "",
    secretLine("password", env.OPENCODE_SERVER_PASSWORD !== undefined, password, generated),
    secretLine("memory token", env.MEMORY_TOKEN !== undefined, memoryToken, generated),
    "",
    "Ctrl-C stops everything.",
    "",
  ];
  process.stdout.write(lines.join("\n"));
  void warmUp(opencodeUrl, password, directory);
}

/**
 * OpenCode creates a project's instance (and so loads the memory plugin, which replays its spool)
 * on the first request for that directory; on a machine where OpenCode never ran, that first
 * request also waits for OpenCode to install `@opencode-ai/plugin` into its config dir. Making
 * that request now means the first `opencode attach` finds everything ready.
 */
async function warmUp(url: string, password: string, directory: string): Promise<void> {
  const user = process.env.OPENCODE_SERVER_USERNAME || "opencode";
  const auth = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  try {
    const res = await fetch(`${url}/session?directory=${encodeURIComponent(directory)}`, {
      headers: { authorization: auth },
      signal: AbortSignal.timeout(180_000),
    });
    await res.body?.cancel();
    if (!res.ok) process.stderr.write(`opencode warm-up: HTTP ${res.status}\n`);
  } catch (err) {
    if (!stopping) process.stderr.write(`opencode warm-up failed: ${(err as Error).message}\n`);
  }
}

main().catch((err: Error) => {
  process.stderr.write(`npm start: ${err.message}\n`);
  void shutdown(1);
});
