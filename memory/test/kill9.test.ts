/**
 * Durability: a stream of writes against `memory serve`, the process SIGKILLed in the middle of it,
 * then restarted on the same file. Every write the server acknowledged (2xx) must be there.
 */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TOKEN, tempDir } from "./helpers.js";
import { type Served, spawnServe, stop } from "./spawn.js";

const tmp = tempDir("memory-kill9-");
const store = `sqlite:${join(tmp.dir, "memory.db")}`;
const env = { MEMORY_TOKEN: TOKEN };
const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
const running: Served[] = [];

afterAll(async () => {
  for (const s of running) await stop(s, "SIGKILL");
  tmp.cleanup();
});

describe("kill -9 durability", () => {
  it("loses no acknowledged episode", async () => {
    const first = await spawnServe(["--store", store], env);
    running.push(first);
    const acked = new Set<string>();
    let next = 0;
    let killed = false;

    // Four writers in parallel, mixing single writes and small batches, until the server dies.
    const writer = async () => {
      while (!killed) {
        const n = next;
        next += 3;
        const batch = n % 2 === 0;
        const ids = batch ? [`k${n}`, `k${n + 1}`, `k${n + 2}`] : [`k${n}`];
        const episode = (id: string) => ({
          id,
          group: "k9",
          kind: "tool_call",
          content: `bash: npm test (run ${id})`,
          metadata: {
            tool: "bash",
            args: { command: `npm test -- ${id}` },
            exitCode: 0,
            files: [`src/${id}.ts`],
          },
        });
        try {
          const res = await fetch(`${first.url}/v1/episodes${batch ? "/batch" : ""}`, {
            method: "POST",
            headers,
            body: JSON.stringify(batch ? { episodes: ids.map(episode) } : episode(ids[0]!)),
          });
          if (res.status === 200 || res.status === 201) for (const id of ids) acked.add(id);
          else await res.text();
        } catch {
          return; // connection refused/reset: the server is gone
        }
      }
    };
    const writers = Array.from({ length: 4 }, writer);
    // Kill once a good number of writes is acknowledged, while writers are still sending.
    while (acked.size < 300) await new Promise((r) => setTimeout(r, 10));
    first.child.kill("SIGKILL");
    await Promise.all(writers);
    killed = true;
    expect(
      first.child.signalCode ?? (await new Promise((r) => first.child.once("exit", (_c, s) => r(s)))),
    ).toBe("SIGKILL");

    const second = await spawnServe(["--store", store], env);
    running.push(second);
    const res = await fetch(`${second.url}/v1/export?group=k9`, { headers });
    expect(res.status).toBe(200);
    const stored = new Set(
      (await res.text())
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { type: string; data: { id: string } })
        .filter((r) => r.type === "episode")
        .map((r) => r.data.id),
    );
    const lost = [...acked].filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    expect(acked.size).toBeGreaterThanOrEqual(300);
    expect(await stop(second)).toBe(0);
  });
});
