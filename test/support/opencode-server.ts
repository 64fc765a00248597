/**
 * A real `opencode serve` (the pinned `opencode-ai` binary) for end-to-end tests, isolated from
 * the machine: its own HOME and XDG dirs, a project directory with an `opencode.json`, HTTP Basic
 * auth via OPENCODE_SERVER_PASSWORD, and no network it can avoid:
 * - OPENCODE_DISABLE_MODELS_FETCH: no models.dev download (the provider is declared in the config);
 * - OPENCODE_DISABLE_AUTOUPDATE, OPENCODE_DISABLE_LSP_DOWNLOAD, OPENCODE_DISABLE_SHARE;
 * - OPENCODE_DISABLE_DEFAULT_PLUGINS: no npm install of the built-in auth plugins;
 * - OPENCODE_DISABLE_CLAUDE_CODE: it does not read ~/.claude.
 * `@ai-sdk/openai-compatible` is bundled in the binary, so the custom provider needs no install.
 * OpenCode still runs `npm install @opencode-ai/plugin` in its config dir in the background; that
 * reaches the npm registry when it can and never blocks a request.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./memory-service.js";
import { type Child, freePort, startChild } from "./processes.js";

export const OPENCODE_BIN = join(REPO_ROOT, "node_modules", ".bin", "opencode");
export const PLUGIN_ENTRY = join(REPO_ROOT, "plugin", "src", "index.ts");

export interface OpencodeServer {
  url: string;
  home: string;
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
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    ...xdg,
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
  const m = await child.waitFor(/opencode server listening on (http:\/\/[^\s]+)/, 60_000);
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
    stop: () => child.stop(),
  };
}
