/**
 * `npm start` (scripts/start.ts) as on a fresh clone (no ./.data, no secrets, an empty HOME): both
 * services come up on the embedded store, the printed instructions say how to attach and where the
 * dashboard is (and it answers), OpenCode answers with the printed password and has the memory
 * plugin (a new session reaches the memory service as an episode), nothing tries to reach the
 * internet, and Ctrl-C (SIGINT) stops everything.
 */
import { existsSync, mkdirSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/memory-service.js";
import { type NetworkTrap, seedPluginDeps, startNetworkTrap } from "../support/opencode-server.js";
import { type Child, freePort, startChild } from "../support/processes.js";

let child: Child | undefined;
let network: NetworkTrap | undefined;
afterAll(async () => {
  // SIGINT first: npm start then stops its own children; SIGKILL would orphan them.
  await child?.stop("SIGINT", 15_000);
  await network?.close();
});

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.text() };
}

describe("npm start", () => {
  it("runs the memory service and opencode with the plugin, prints how to attach, stops on Ctrl-C", async () => {
    const home = mkdtempSync(join(tmpdir(), "ocm-start-"));
    const project = join(home, "project");
    mkdirSync(project);
    const [memoryPort, opencodePort] = [await freePort(), await freePort()];
    const xdg = {
      XDG_CONFIG_HOME: join(home, ".config"),
      XDG_DATA_HOME: join(home, ".local", "share"),
      XDG_CACHE_HOME: join(home, ".cache"),
      XDG_STATE_HOME: join(home, ".local", "state"),
    };
    // What a machine that ran OpenCode once has; without it OpenCode would npm-install
    // @opencode-ai/plugin into its config dir first (network, ~30 s).
    seedPluginDeps(join(xdg.XDG_CONFIG_HOME, "opencode"));
    network = await startNetworkTrap();
    const dataDir = join(home, "data");
    child = startChild("npm start", process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        TMPDIR: process.env.TMPDIR,
        HOME: home,
        ...xdg,
        ...network.env,
        OCM_DATA_DIR: dataDir,
        MEMORY_PORT: String(memoryPort),
        OPENCODE_PORT: String(opencodePort),
        OPENCODE_DIR: project,
        OPENCODE_DISABLE_MODELS_FETCH: "1",
        OPENCODE_DISABLE_AUTOUPDATE: "1",
        OPENCODE_DISABLE_DEFAULT_PLUGINS: "1",
        OPENCODE_DISABLE_LSP_DOWNLOAD: "1",
        LOG_LEVEL: "warn",
        OCM_MEMORY_DEBUG: "1", // the plugin's log lines on stderr, where npm start relays them
      },
    });
    await child.waitFor(/Ctrl-C stops everything/, 90_000);
    const out = child.output();
    const memoryUrl = `http://127.0.0.1:${memoryPort}`;
    const opencodeUrl = `http://127.0.0.1:${opencodePort}`;
    expect(out).toContain(`npx opencode attach ${opencodeUrl}`);
    expect(out).toContain(`${memoryUrl}/dashboard`);
    const password = /password: (\S+)\s+\(generated/.exec(out)?.[1];
    const token = /memory token: (\S+)\s+\(generated/.exec(out)?.[1];
    expect(password && token).toBeTruthy();

    expect((await get(`${memoryUrl}/healthz`)).status).toBe(200);
    const dashboard = await get(`${memoryUrl}/dashboard`);
    expect(dashboard.status, dashboard.body.slice(0, 300)).toBeLessThan(400); // the login page
    expect(statSync(join(dataDir, "secrets.json")).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dataDir, "memory.db"))).toBe(true); // the embedded store
    expect((await get(`${opencodeUrl}/global/health`)).status).toBe(401);
    const auth = { authorization: `Basic ${Buffer.from(`opencode:${password}`).toString("base64")}` };
    expect((await get(`${opencodeUrl}/global/health`, auth)).status).toBe(200);

    // npm start warms the project up: the plugin loads before anyone attaches.
    await child.waitFor(/\[opencode-memory\] info: memory plugin ready: group project-/, 60_000);

    // The plugin is loaded: a new session becomes a session_start episode in the memory service.
    const created = await fetch(`${opencodeUrl}/session?directory=${encodeURIComponent(project)}`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ title: "hello from npm start" }),
    });
    expect(created.status).toBe(200);
    const bearer = { authorization: `Bearer ${token}` };
    let groups: { group: string; episodes: number }[] = [];
    for (let i = 0; i < 120 && !groups.some((g) => g.episodes > 0); i++) {
      await new Promise((r) => setTimeout(r, 250));
      groups = JSON.parse((await get(`${memoryUrl}/v1/groups`, bearer)).body).groups ?? [];
    }
    expect(groups.find((g) => g.group.startsWith("project-"))?.episodes).toBeGreaterThan(0);

    expect(network.attempts).toEqual([]);

    child.proc.kill("SIGINT");
    expect(await child.exited).toBe(0);
    await expect(fetch(`${memoryUrl}/healthz`)).rejects.toThrow();
    await expect(fetch(`${opencodeUrl}/global/health`)).rejects.toThrow();
  }, 120_000);
});
