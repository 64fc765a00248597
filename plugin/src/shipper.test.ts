import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeMemory, startFakeMemory } from "../test/fake-memory.js";
import { MemoryClient } from "./client.js";
import type { Episode } from "./episode.js";
import { Shipper } from "./shipper.js";
import { Spool } from "./spool.js";

const ep = (n: number, content = `event ${n}`): Episode => ({
  id: `oc:t:${n}`,
  group: "g",
  kind: "note",
  content,
});

let fake: FakeMemory;
afterEach(() => fake?.close());

function setup(spoolFile = join(mkdtempSync(join(tmpdir(), "ship-")), "g.jsonl")) {
  const logs: string[] = [];
  const client = new MemoryClient({ url: fake.url, token: "secret-token", group: "g" });
  const spool = new Spool(spoolFile, 1000, (_l, m) => logs.push(m));
  const shipper = new Shipper(client, spool, (_l, m) => logs.push(m), {
    timeoutMs: 2_000,
    debounceMs: 5,
    minBackoffMs: 20,
    maxBackoffMs: 50,
  });
  return { shipper, spool, logs, spoolFile };
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
};

describe("Shipper", () => {
  it("sends buffered episodes in one batch with the bearer token", async () => {
    fake = await startFakeMemory({ token: "secret-token" });
    const { shipper } = setup();
    for (let i = 1; i <= 3; i++) shipper.enqueue(ep(i));
    await shipper.flush();
    expect(fake.received).toEqual(["oc:t:1", "oc:t:2", "oc:t:3"]);
    expect(fake.requests.filter((r) => r.path === "/v1/episodes/batch")).toHaveLength(1);
    expect(shipper.pending).toBe(0);
  });

  it("spools while the service is down and replays in order, each stored once, after it returns", async () => {
    fake = await startFakeMemory();
    const { shipper, spool } = setup();
    fake.mode = "down";
    shipper.enqueue(ep(1));
    await shipper.flush();
    shipper.enqueue(ep(2));
    shipper.enqueue(ep(3));
    // Offline, new episodes are on disk at once (no flush needed): an abrupt exit keeps them.
    expect(spool.peek(10).map((e) => e.id)).toEqual(["oc:t:1", "oc:t:2", "oc:t:3"]);
    expect(fake.episodes.size).toBe(0);
    fake.mode = "ok";
    await until(() => shipper.pending === 0);
    expect([...fake.episodes.keys()]).toEqual(["oc:t:1", "oc:t:2", "oc:t:3"]);
  });

  it("a new process replays what an earlier one spooled", async () => {
    fake = await startFakeMemory();
    fake.mode = "down";
    const first = setup();
    first.shipper.enqueue(ep(1));
    first.shipper.enqueue(ep(2));
    // OpenCode is killed before anything was sent: no close(), no flush; the spool has it all.
    expect(first.spool.size()).toBe(2);
    fake.mode = "ok";
    const second = setup(first.spoolFile);
    second.shipper.start();
    await until(() => second.shipper.pending === 0);
    expect([...fake.episodes.keys()]).toEqual(["oc:t:1", "oc:t:2"]);
    expect(second.logs.join("\n")).toMatch(/replaying 2 episode/);
  });

  it("drops only the episode the service refuses, not its batch", async () => {
    fake = await startFakeMemory();
    const { shipper, logs } = setup();
    shipper.enqueue(ep(1));
    shipper.enqueue(ep(2, ""));
    shipper.enqueue(ep(3));
    await shipper.flush();
    expect([...fake.episodes.keys()]).toEqual(["oc:t:1", "oc:t:3"]);
    expect(logs.join("\n")).toMatch(/dropped episode oc:t:2/);
    expect(shipper.pending).toBe(0);
  });
});
