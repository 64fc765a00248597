/**
 * Against a real redis-server (Debian's Redis 7, or valkey-server) started per file on a random
 * port: hits, group isolation, invalidation, races between fills and writes, TTL, size bound,
 * outages (crash and hang) and authentication.
 */
import { Writable } from "node:stream";
import { Redis } from "iovalkey";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MEMORY_METRICS } from "../metrics/names.js";
import { Metrics } from "../metrics/registry.js";
import { createLogger } from "../observability/logger.js";
import { CacheConfigError, createRecallCache, type RecallCacheConfig } from "./index.js";
import type { RecallCache } from "./interface.js";
import { findServerBinary, TestRedisServer } from "./testing/redis-server.js";
import { TcpProxy } from "./testing/tcp-proxy.js";

const bin = findServerBinary();
if (!bin) throw new Error("redis-server or valkey-server is required: apt-get install -y redis-server");
const BIN: string = bin;

const open: RecallCache[] = [];
let server: TestRedisServer;
let raw: Redis;

beforeAll(async () => {
  server = await TestRedisServer.start(BIN);
  raw = new Redis({ port: server.port, host: "127.0.0.1", lazyConnect: true });
  await raw.connect();
});

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  raw?.disconnect();
  await server?.stop();
});

function captureLogs() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of chunk.toString().split("\n")) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ destination, level: "info" }), lines };
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function connect(config: RecallCacheConfig = {}, target: { url: string } = server, waitReady = true) {
  const metrics = new Metrics();
  const { logger, lines } = captureLogs();
  const cache = createRecallCache(
    { url: target.url, reconnectMaxDelayMs: 100, ...config },
    { metrics, logger },
  );
  open.push(cache);
  if (waitReady) await waitFor("cache ready", async () => (await cache.health()).ok);
  const count = async () => ({
    hits: await metrics.total(MEMORY_METRICS.cacheHits),
    misses: await metrics.total(MEMORY_METRICS.cacheMisses),
    errors: await metrics.total(MEMORY_METRICS.cacheErrors),
  });
  return { cache, metrics, lines, count };
}

/** The cache-aside cycle the engine runs: get, compute on a miss, set with the miss's token. */
async function fill(cache: RecallCache, group: string, key: string, value: string): Promise<string | null> {
  const cached = await cache.get(group, key);
  if (cached.token) await cache.set(group, key, value, cached.token);
  return cached.value;
}

/** Only the cached value of a lookup. */
const read = async (cache: RecallCache, group: string, key: string) => (await cache.get(group, key)).value;

async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - start };
}

describe("ValkeyCache against a real server", () => {
  it("misses, then hits after a set, and counts both", async () => {
    const { cache, count } = await connect();
    expect(cache.backend).toBe("valkey");
    expect(await fill(cache, "g-hit", "query one", "result one")).toBeNull();
    expect(await read(cache, "g-hit", "query one")).toBe("result one");
    expect(await read(cache, "g-hit", "query two")).toBeNull();
    expect(await count()).toEqual({ hits: 1, misses: 2, errors: 0 });
  });

  it("keeps groups apart", async () => {
    const { cache } = await connect();
    await fill(cache, "g-a", "same query", "a's answer");
    expect(await read(cache, "g-b", "same query")).toBeNull();
    expect(await read(cache, "g-a", "same query")).toBe("a's answer");
  });

  it("lays keys out under ocm:v1 with the group as hash tag, entries with a TTL", async () => {
    const { cache } = await connect();
    await fill(cache, "g-keys", "q", "v");
    const keys = (await raw.keys("ocm:v1:{g-keys}:*")).sort();
    expect(keys).toHaveLength(2);
    const [entry, gen] = keys as [string, string];
    expect(gen).toBe("ocm:v1:{g-keys}:gen");
    const generation = await raw.get(gen);
    expect(generation).toMatch(/^\d{16}$/);
    expect(entry).toMatch(new RegExp(`^ocm:v1:\\{g-keys\\}:${generation}:[0-9a-f]{64}$`));
    const ttl = await raw.ttl(entry);
    expect(ttl).toBeGreaterThan(290);
    expect(ttl).toBeLessThanOrEqual(300);
    // A group with braces and colons cannot break out of its tag or alias another group.
    await fill(cache, "x}:y{", "q", "odd");
    expect(await raw.keys("ocm:v1:{x%7D%3Ay%7B}:*")).toHaveLength(2);
    expect(await read(cache, "x", "q")).toBeNull();
  });

  it("makes every older entry unreachable on invalidate, and fills again after", async () => {
    const { cache } = await connect();
    await fill(cache, "g-inv", "q1", "old 1");
    await fill(cache, "g-inv", "q2", "old 2");
    await fill(cache, "g-other", "q1", "other");
    await cache.invalidate("g-inv");
    expect(await read(cache, "g-inv", "q1")).toBeNull();
    expect(await read(cache, "g-inv", "q2")).toBeNull();
    expect(await read(cache, "g-other", "q1")).toBe("other");
    await fill(cache, "g-inv", "q1", "new 1");
    expect(await read(cache, "g-inv", "q1")).toBe("new 1");
  });

  it("never stores a value computed before a write that invalidated meanwhile", async () => {
    const { cache } = await connect();
    const { cache: otherProcess } = await connect();
    // Same process: get (miss) -> write + invalidate -> set of the stale value.
    const before = await cache.get("g-race", "q");
    expect(before.token).not.toBeNull();
    await cache.invalidate("g-race");
    await cache.set("g-race", "q", "stale", before.token as string);
    expect(await read(cache, "g-race", "q")).toBeNull();
    // The write happens in another process sharing the cache.
    const q2 = await cache.get("g-race", "q2");
    await otherProcess.invalidate("g-race");
    await cache.set("g-race", "q2", "stale", q2.token as string);
    expect(await read(otherProcess, "g-race", "q2")).toBeNull();
    // Two concurrent requests for one key, one before and one after the write: each set carries
    // its own get's generation, so the fresh one is stored and the stale one cannot replace it.
    const a = await cache.get("g-race", "q3");
    await cache.invalidate("g-race");
    const b = await cache.get("g-race", "q3");
    await cache.set("g-race", "q3", "fresh", b.token as string);
    await cache.set("g-race", "q3", "stale", a.token as string);
    expect(await read(cache, "g-race", "q3")).toBe("fresh");
  });

  it("serves no value older than the last completed write under concurrent reads and writes", async () => {
    const { cache } = await connect();
    const { cache: writer } = await connect();
    let version = 0; // the "store"
    let committed = 0; // highest version whose write and invalidation completed
    const violations: string[] = [];
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const reader = async (i: number) => {
      for (let n = 0; n < 40; n++) {
        const floor = committed;
        const key = `q${(i + n) % 3}`;
        const hit = await cache.get("g-stress", key);
        if (hit.value !== null) {
          if (Number(hit.value) < floor) violations.push(`read ${hit.value} after ${floor} was committed`);
          continue;
        }
        const computed = version; // read the store
        await sleep(Math.random() * 3);
        if (hit.token) await cache.set("g-stress", key, String(computed), hit.token);
      }
    };
    const writes = async () => {
      for (let n = 0; n < 30; n++) {
        await sleep(Math.random() * 3);
        const v = ++version;
        await writer.invalidate("g-stress");
        committed = v;
      }
    };
    await Promise.all([writes(), ...Array.from({ length: 6 }, (_, i) => reader(i))]);
    expect(violations).toEqual([]);
    // The cache still fills once writes stop.
    await fill(cache, "g-stress", "after", String(version));
    expect(await read(cache, "g-stress", "after")).toBe(String(version));
  });

  it("expires entries after the TTL", async () => {
    const { cache } = await connect({ ttlSeconds: 1 });
    await fill(cache, "g-ttl", "q", "short-lived");
    expect(await read(cache, "g-ttl", "q")).toBe("short-lived");
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await read(cache, "g-ttl", "q")).toBeNull();
  });

  it("skips values over the size bound, measured in UTF-8 bytes", async () => {
    const { cache } = await connect({ maxValueBytes: 1_024 });
    await fill(cache, "g-size", "big", "x".repeat(1_025));
    expect(await read(cache, "g-size", "big")).toBeNull();
    await fill(cache, "g-size", "wide", "é".repeat(600)); // 600 chars, 1200 bytes
    expect(await read(cache, "g-size", "wide")).toBeNull();
    await fill(cache, "g-size", "fits", "é".repeat(512));
    expect(await read(cache, "g-size", "fits")).toBe("é".repeat(512));
  });

  it("rejects bad settings at creation and is a no-op without a URL", async () => {
    expect(() => createRecallCache({ url: "http://cache:6379" })).toThrow(CacheConfigError);
    expect(() => createRecallCache({ url: "redis://cache:6379/x" })).toThrow(/url/);
    expect(() => createRecallCache({ url: server.url, ttlSeconds: 0 })).toThrow(/ttlSeconds/);
    const none = createRecallCache({});
    expect(none.backend).toBe("none");
    await none.set("g", "k", "v", "1");
    expect(await none.get("g", "k")).toEqual({ value: null, token: null });
    expect(await none.health()).toEqual({ ok: true });
  });
});

describe("outages", () => {
  it("degrades in milliseconds when the server dies and recovers when it returns", async () => {
    const own = await TestRedisServer.start(BIN);
    try {
      const { cache, count, lines } = await connect({}, own);
      await fill(cache, "g-out", "q", "before");
      expect(await read(cache, "g-out", "q")).toBe("before");
      await own.kill();
      await waitFor("disconnect noticed", async () => !(await cache.health()).ok);
      const before = (await count()).errors;
      for (let i = 0; i < 3; i++) {
        const get = await timed(() => cache.get("g-out", "q"));
        expect(get.result).toEqual({ value: null, token: null });
        expect(get.ms).toBeLessThan(500);
        const set = await timed(() => cache.set("g-out", "q", "during", "1"));
        expect(set.ms).toBeLessThan(500);
        const inv = await timed(() => cache.invalidate("g-out"));
        expect(inv.ms).toBeLessThan(500);
      }
      expect((await count()).errors).toBeGreaterThanOrEqual(before + 6);
      const warnings = lines.filter((l) => l.event === "cache.unavailable");
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.level).toBe("warn");

      await own.restart();
      await waitFor("hits again after restart", async () => {
        await fill(cache, "g-out", "q2", "after");
        return (await read(cache, "g-out", "q2")) === "after";
      });
      expect(lines.filter((l) => l.event === "cache.recovered")).toHaveLength(1);
    } finally {
      await own.stop();
    }
  });

  it("times out against a hung server, drops the silent connection and reconnects", async () => {
    const own = await TestRedisServer.start(BIN);
    try {
      const { cache, count } = await connect({ socketTimeoutMs: 300 }, own);
      await fill(cache, "g-hang", "q", "kept");
      own.pause(); // SIGSTOP: the socket stays open, replies never come
      const get = await timed(() => cache.get("g-hang", "q"));
      expect(get.result).toEqual({ value: null, token: null });
      expect(get.ms).toBeLessThan(500);
      const set = await timed(() => cache.set("g-hang", "q", "x", "1"));
      expect(set.result).toBeUndefined();
      expect(set.ms).toBeLessThan(500);
      expect((await count()).errors).toBeGreaterThanOrEqual(1);
      await new Promise((r) => setTimeout(r, 400)); // past the socket timeout
      expect((await cache.health()).error).toMatch(/not connected/);
      own.resume();
      await waitFor("cache answers again", async () => (await cache.health()).ok);
      expect(await read(cache, "g-hang", "q")).toBe("kept");
    } finally {
      own.resume();
      await own.stop();
    }
  });

  it("does not serve entries an invalidation lost to a dropped connection left behind", async () => {
    const proxy = await TcpProxy.start(server.port);
    try {
      const { cache, count } = await connect({ url: proxy.url });
      await fill(cache, "g-lost", "q", "before the write");
      expect(await read(cache, "g-lost", "q")).toBe("before the write");
      const genBefore = await raw.get("ocm:v1:{g-lost}:gen");
      proxy.cut();
      await waitFor("disconnect noticed", async () => !(await cache.health()).ok);
      const inv = await timed(() => cache.invalidate("g-lost")); // the write's invalidation
      expect(inv.ms).toBeLessThan(500);
      expect((await count()).errors).toBeGreaterThanOrEqual(1);
      expect(await raw.get("ocm:v1:{g-lost}:gen")).toBe(genBefore); // server still holds the old entry
      proxy.heal();
      await waitFor("reconnected", async () => (await cache.health()).ok);
      expect(await read(cache, "g-lost", "q")).toBeNull();
      expect(await raw.get("ocm:v1:{g-lost}:gen")).not.toBe(genBefore);
      await fill(cache, "g-lost", "q", "after the write");
      expect(await read(cache, "g-lost", "q")).toBe("after the write");
    } finally {
      await proxy.close();
    }
  });
});

describe("authentication", () => {
  it("works with the password and degrades without it", async () => {
    const secured = await TestRedisServer.start(BIN, { password: "right-password" });
    try {
      const { cache } = await connect({ password: "right-password" }, secured);
      await fill(cache, "g-auth", "q", "secret-free value");
      expect(await read(cache, "g-auth", "q")).toBe("secret-free value");

      // The password may also come in the URL; an explicit one wins over it.
      const viaUrl = createRecallCache({ url: `redis://:right-password@127.0.0.1:${secured.port}` });
      open.push(viaUrl);
      await waitFor("url password accepted", async () => (await viaUrl.health()).ok);

      for (const password of [undefined, "wrong-password"]) {
        const { cache: denied, count, lines } = await connect(password ? { password } : {}, secured, false);
        await new Promise((r) => setTimeout(r, 150));
        const get = await timed(() => denied.get("g-auth", "q"));
        expect(get.result).toEqual({ value: null, token: null });
        expect(get.ms).toBeLessThan(500);
        await expect(denied.set("g-auth", "q", "x", "1")).resolves.toBeUndefined();
        await expect(denied.invalidate("g-auth")).resolves.toBeUndefined();
        expect((await denied.health()).ok).toBe(false);
        expect((await count()).errors).toBeGreaterThanOrEqual(1);
        expect(JSON.stringify(lines)).not.toContain("wrong-password");
      }
      expect(await read(cache, "g-auth", "q")).toBe("secret-free value");
    } finally {
      await secured.stop();
    }
  });
});
