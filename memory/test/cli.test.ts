/** The `memory` command as users run it: bad flags, refusals at start, and the client commands. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionEpisodes, records, TOKEN, tempDir } from "./helpers.js";
import { runCli, type Served, spawnServe, stop } from "./spawn.js";

const tmp = tempDir("memory-cli-");
const store = `sqlite:${join(tmp.dir, "memory.db")}`;
let served: Served;
const G = "cli-proj";

beforeAll(async () => {
  served = await spawnServe(["--store", store], { MEMORY_TOKEN: TOKEN });
  const res = await fetch(`${served.url}/v1/episodes/batch`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ episodes: sessionEpisodes(G) }),
  });
  expect(res.status).toBe(201);
});
afterAll(async () => {
  if (served) await stop(served, "SIGKILL");
  tmp.cleanup();
});

describe("usage errors", () => {
  it.each([
    [[], 2, /usage:/],
    [["frobnicate"], 2, /unknown command 'frobnicate'/],
    [["serve", "--prot", "1"], 2, /Unknown option '--prot'/],
    [["search", "login"], 2, /--group is required/],
    [["search", "--group", "g"], 2, /QUERY is required/],
    [["import"], 2, /exactly one FILE/],
    [["import", "/nonexistent/file.ndjson"], 1, /cannot read \/nonexistent\/file\.ndjson: ENOENT/],
    [["context", "login"], 2, /--group is required/],
    [["forget", "-g", "g"], 2, /exactly one EPISODE_ID/],
  ])("memory %j exits %i", async (args, code, message) => {
    const res = await runCli(args as string[], {});
    expect(res.code).toBe(code);
    expect(res.stderr).toMatch(message);
  });
});

describe("serve refuses bad configuration at start", () => {
  it.each([
    [["--host", "0.0.0.0"], {}, /refusing to listen on 0\.0\.0\.0 without MEMORY_TOKEN/],
    [["--port", "http"], {}, /--port/],
    [[], { MEMORY_PORT: "99999" }, /MEMORY_PORT/],
    [["--store", "falkordb://127.0.0.1:1"], {}, /cannot reach FalkorDB at 127\.0\.0\.1:1/],
    [["--store", "mysql://x"], {}, /--store: expected sqlite:PATH/],
  ])("memory serve %j", async (args, env, message) => {
    const res = await runCli(
      ["serve", "--store", `sqlite:${join(tmp.dir, "refused.db")}`, ...(args as string[])],
      env as Record<string, string>,
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(message);
  });
});

describe("client commands against a running service", () => {
  const env = () => ({ MEMORY_URL: served.url, MEMORY_TOKEN: TOKEN });

  it("searches", async () => {
    const res = await runCli(["search", "--group", G, "login", "test"], env());
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^facts \(\d+\)/);
    expect(res.stdout).toMatch(/login/i);
    const json = await runCli(["search", "--json", "-g", G, "login"], env());
    expect(Object.keys(JSON.parse(json.stdout))).toEqual(["facts", "entities", "episodes"]);
  });

  it("exports to a file and imports it back after the group is deleted", async () => {
    const file = join(tmp.dir, "export.ndjson");
    const exported = await runCli(["export", "--group", G, "--out", file], env());
    expect(exported.code, exported.stderr).toBe(0);
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines.length).toBeGreaterThan(6);

    const del = await fetch(`${served.url}/v1/groups/${G}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(del.status).toBe(200);
    const imported = await runCli(["import", file], env());
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain(`imported ${lines.length} records`);

    const again = await runCli(["export", "-g", G], env());
    expect(records(again.stdout)).toEqual(records(lines.join("\n")));
  });

  it("shows the agent's context block, the groups, and forgets an episode", async () => {
    const block = await runCli(["context", "-g", G, "login", "test"], env());
    expect(block.code, block.stderr).toBe(0);
    expect(block.stdout).toMatch(/^<memory>\n/);
    expect(block.stdout).toMatch(/<\/memory>\n\(\d+ tokens, \d+ facts\)\n$/);

    const listed = await runCli(["groups"], env());
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout.split("\n")[0]).toMatch(
      /^group\s+episodes\s+entities\s+current facts\s+last episode$/,
    );
    expect(listed.stdout).toMatch(new RegExp(`^${G}\\s+\\d+`, "m"));

    const post = await fetch(`${served.url}/v1/episodes`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ id: "cli-forget-1", group: G, kind: "note", content: "We deploy to Fly.io." }),
    });
    expect(post.status).toBe(201);
    const forgot = await runCli(["forget", "-g", G, "cli-forget-1"], env());
    expect(forgot.code, forgot.stderr).toBe(0);
    expect(forgot.stdout).toBe(`forgot episode cli-forget-1 in ${G}\n`);
    const again = await runCli(["forget", "-g", G, "cli-forget-1"], env());
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/404 from \/v1\/episodes\/cli-forget-1: no episode/);
  });

  it("searches at a point in time and by kind, and says what is wrong with a bad time", async () => {
    const kinds = await runCli(["search", "--json", "-g", G, "--kind", "tool_call", "test"], env());
    expect(kinds.code, kinds.stderr).toBe(0);
    const episodes = JSON.parse(kinds.stdout).episodes as Array<{ item: { kind: string } }>;
    expect(episodes.every((e) => e.item.kind === "tool_call")).toBe(true);
    const past = await runCli(["search", "-g", G, "--at", "2000-01-01T00:00:00Z", "login"], env());
    expect(past.code, past.stderr).toBe(0);
    expect(past.stdout).toMatch(/^facts \(0\)/);
    const bad = await runCli(["search", "-g", G, "--at", "yesterday", "login"], env());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/at: must be an ISO-8601 date-time/);
  });

  it("imports from stdin", async () => {
    const exported = await runCli(["export", "-g", G], env());
    const res = await runCli(["import", "-"], env(), exported.stdout);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/^imported \d+ records from stdin$/m);
  });

  it("reports a bad import line with its number", async () => {
    const file = join(tmp.dir, "bad.ndjson");
    writeFileSync(file, '{"type":"episode","data":{}}\n');
    const res = await runCli(["import", file], env());
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/400 from \/v1\/import: line 1:/);
  });

  it("says so when the token is wrong or the server is not there", async () => {
    const wrong = await runCli(["search", "-g", G, "x"], {
      MEMORY_URL: served.url,
      MEMORY_TOKEN: "nope-nope-nope-nope",
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/401/);
    const down = await runCli(["search", "-g", G, "x"], {
      MEMORY_URL: "http://127.0.0.1:9",
      MEMORY_TOKEN: TOKEN,
    });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/cannot reach the memory service/);
  });
});

describe("serve shutdown", () => {
  it("exits 0 on SIGTERM after draining", async () => {
    const s = await spawnServe(["--store", `sqlite:${join(tmp.dir, "term.db")}`], {});
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await stop(s, "SIGTERM")).toBe(0);
  });
});
