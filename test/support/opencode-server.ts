/**
 * A real `opencode serve` (the pinned `opencode-ai` binary) for end-to-end tests, isolated from
 * the machine: its own HOME and XDG dirs, a project directory with an `opencode.json`, HTTP Basic
 * auth via OPENCODE_SERVER_PASSWORD, and no network:
 * - OPENCODE_DISABLE_MODELS_FETCH: no models.dev download (the binary carries a models snapshot,
 *   and the fake provider is declared in the config, so no cache file is needed);
 * - OPENCODE_DISABLE_AUTOUPDATE, OPENCODE_DISABLE_LSP_DOWNLOAD, OPENCODE_DISABLE_SHARE;
 * - OPENCODE_DISABLE_DEFAULT_PLUGINS: no npm install of the built-in auth plugins;
 * - OPENCODE_DISABLE_CLAUDE_CODE: it does not read ~/.claude;
 * - every config dir (`~/.config/opencode`, a project's `.opencode`) is seeded with what OpenCode's
 *   `npm install @opencode-ai/plugin` would leave there (see `seedPluginDeps`); otherwise OpenCode
 *   installs it from the registry and holds the first request until that is done (~30 s here);
 * - a network trap (`startNetworkTrap`) is every proxy and the npm registry, so any request that
 *   would leave the machine is recorded and refused, and the tests assert there were none.
 * `@ai-sdk/openai-compatible` is bundled in the binary, so the custom provider needs no install.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./memory-service.js";
import { type Child, freePort, startChild } from "./processes.js";

export const OPENCODE_BIN = join(REPO_ROOT, "node_modules", ".bin", "opencode");
export const PLUGIN_ENTRY = join(REPO_ROOT, "plugin", "src", "index.ts");

export interface OpencodeServer {
  url: string;
  home: string;
  network: NetworkTrap;
  child: Child;
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  createSession(directory: string, title?: string): Promise<string>;
  /** Sends a user message and resolves when the assistant's reply is complete. */
  prompt(sessionID: string, directory: string, text: string): Promise<{ info: unknown; parts: unknown[] }>;
  stop(): Promise<void>;
}

export interface OpencodeOptions {
  /** Extra environment (e.g. OCM_MEMORY_DEBUG). */
  env?: NodeJS.ProcessEnv;
  password: string;
  /** Reuse a HOME (the spool lives in its data dir) across restarts. */
  home?: string;
  /** Share one trap across restarts; by default each server gets its own (closed on stop). */
  network?: NetworkTrap;
}

/** A local stand-in for the internet: records every attempt to reach it and refuses it. */
export interface NetworkTrap {
  url: string;
  /** `CONNECT host:443`, `GET http://host/path`, or a registry path: anything that tried to leave. */
  attempts: string[];
  /** Proxy and registry variables that route a child's outbound traffic into the trap. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function startNetworkTrap(): Promise<NetworkTrap> {
  const attempts: string[] = [];
  const server = createServer((req, res) => {
    attempts.push(`${req.method} ${req.url}`);
    res.writeHead(403, { "content-type": "text/plain" }).end("no network in tests");
  });
  server.on("connect", (req, socket) => {
    attempts.push(`CONNECT ${req.url}`);
    socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const local = "127.0.0.1,localhost,::1";
  return {
    url,
    attempts,
    env: {
      HTTP_PROXY: url,
      HTTPS_PROXY: url,
      http_proxy: url,
      https_proxy: url,
      NO_PROXY: local,
      no_proxy: local,
      npm_config_registry: `${url}/npm-registry/`,
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * What `npm install @opencode-ai/plugin` leaves in an OpenCode config dir: OpenCode skips its
 * install when `node_modules` exists and the lockfile's root lists every dependency of
 * `package.json` (read from the 1.18.33 binary: `Npm.checkNodeModules`, `Npm.checkDirty`). The
 * package itself is linked from this repository, so a plugin file there can import it.
 */
export function seedPluginDeps(dir: string): void {
  const deps = { "@opencode-ai/plugin": "1.18.33" };
  mkdirSync(join(dir, "node_modules", "@opencode-ai"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ dependencies: deps }, null, 2));
  writeFileSync(
    join(dir, "package-lock.json"),
    JSON.stringify({ lockfileVersion: 3, requires: true, packages: { "": { dependencies: deps } } }, null, 2),
  );
  try {
    symlinkSync(
      join(REPO_ROOT, "node_modules", "@opencode-ai", "plugin"),
      join(dir, "node_modules", "@opencode-ai", "plugin"),
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
}

/** A config with a custom OpenAI-compatible provider at `baseURL` and the memory plugin. */
export function opencodeConfig(baseURL: string, pluginOptions: Record<string, unknown>) {
  return {
    $schema: "https://opencode.ai/config.json",
    autoupdate: false,
    share: "disabled",
    provider: {
      fake: {
        npm: "@ai-sdk/openai-compatible",
        name: "Fake",
        options: { baseURL, apiKey: "test-key" },
        models: { m: { name: "m", tool_call: true, limit: { context: 32_000, output: 4_096 } } },
      },
    },
    model: "fake/m",
    small_model: "fake/m",
    plugin: [[`file://${PLUGIN_ENTRY}`, pluginOptions]],
  };
}

export function makeProject(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "ocm-project-"));
  writeFileSync(join(dir, "opencode.json"), JSON.stringify(config, null, 2));
  return dir;
}

export async function startOpencode(opts: OpencodeOptions): Promise<OpencodeServer> {
  const home = opts.home ?? mkdtempSync(join(tmpdir(), "ocm-home-"));
  const xdg = {
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_DATA_HOME: join(home, ".local", "share"),
    XDG_CACHE_HOME: join(home, ".cache"),
    XDG_STATE_HOME: join(home, ".local", "state"),
  };
  for (const d of Object.values(xdg)) mkdirSync(d, { recursive: true });
  seedPluginDeps(join(xdg.XDG_CONFIG_HOME, "opencode"));
  const network = opts.network ?? (await startNetworkTrap());
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    // The run's temporary directory (test/support/temp-root.ts), where OpenCode unpacks its libraries.
    TMPDIR: process.env.TMPDIR,
    HOME: home,
    ...xdg,
    ...network.env,
    OPENCODE_SERVER_PASSWORD: opts.password,
    OPENCODE_DISABLE_MODELS_FETCH: "1",
    OPENCODE_DISABLE_AUTOUPDATE: "1",
    OPENCODE_DISABLE_LSP_DOWNLOAD: "1",
    OPENCODE_DISABLE_SHARE: "1",
    OPENCODE_DISABLE_DEFAULT_PLUGINS: "1",
    OPENCODE_DISABLE_CLAUDE_CODE: "1",
    ...opts.env,
  };
  const child = startChild(
    "opencode serve",
    OPENCODE_BIN,
    // `--port 0` means "4096, else random" to OpenCode: pick a free port so parallel runs never meet.
    ["serve", "--hostname", "127.0.0.1", "--port", String(await freePort()), "--print-logs"],
    { env, cwd: home },
  );
  const m = await child
    .waitFor(/opencode server listening on (http:\/\/[^\s]+)/, 60_000)
    .catch(async (err: unknown) => {
      await child.stop("SIGKILL");
      if (!opts.network) await network.close();
      throw err;
    });
  const url = m[1]!.replace(/\/$/, "");
  const auth = `Basic ${Buffer.from(`opencode:${opts.password}`).toString("base64")}`;

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(url + path, {
      method,
      headers: { authorization: auth, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`opencode ${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const q = (directory: string) => `directory=${encodeURIComponent(directory)}`;
  return {
    url,
    home,
    network,
    child,
    request,
    async createSession(directory, title) {
      const s = await request<{ id: string }>("POST", `/session?${q(directory)}`, title ? { title } : {});
      return s.id;
    },
    prompt(sessionID, directory, text) {
      return request("POST", `/session/${sessionID}/message?${q(directory)}`, {
        parts: [{ type: "text", text }],
        model: { providerID: "fake", modelID: "m" },
      });
    },
    async stop() {
      await child.stop();
      if (!opts.network) await network.close();
    },
  };
}
