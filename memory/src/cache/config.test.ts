import { describe, expect, it } from "vitest";
import { connectionOptions, RecallCacheConfigSchema } from "./config.js";

const resolve = (input: Record<string, unknown>) => {
  const config = RecallCacheConfigSchema.parse(input);
  if (!config.url) throw new Error("test needs a url");
  return connectionOptions({ ...config, url: config.url });
};

describe("cache connection options", () => {
  it("fails fast, never queues, and reconnects in the background", () => {
    const options = resolve({ url: "redis://cache.internal:6380" });
    expect(options).toMatchObject({
      host: "cache.internal",
      port: 6380,
      db: 0,
      commandTimeout: 50,
      connectTimeout: 500,
      socketTimeout: 1_000,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    expect(options.tls).toBeUndefined();
    expect(options.password).toBeUndefined();
    const retry = options.retryStrategy as (n: number) => number;
    expect([retry(1), retry(10), retry(1_000)]).toEqual([50, 500, 2_000]);
  });

  it("takes user, password and database from the URL; an explicit password wins", () => {
    expect(resolve({ url: "redis://app:p%40ss@h:1/2" })).toMatchObject({
      username: "app",
      password: "p@ss",
      db: 2,
    });
    expect(resolve({ url: "redis://:from-url@h:1", password: "from-env" }).password).toBe("from-env");
    expect(resolve({ url: "valkey://h", password: "only-env" })).toMatchObject({
      port: 6379,
      password: "only-env",
    });
  });

  it("uses TLS for rediss:// and valkeys://, checking the host name", () => {
    expect(resolve({ url: "rediss://cache.example.com:6380" }).tls).toEqual({
      servername: "cache.example.com",
    });
    expect(resolve({ url: "valkeys://cache.example.com" }).tls).toEqual({ servername: "cache.example.com" });
  });

  it("rejects URLs and numbers it cannot use, naming the field", () => {
    for (const [input, field] of [
      [{ url: "http://h:6379" }, "url"],
      [{ url: "redis://h:6379/db" }, "url"],
      [{ url: "redis://" }, "url"],
      [{ ttlSeconds: 0 }, "ttlSeconds"],
      [{ maxValueBytes: 1.5 }, "maxValueBytes"],
      [{ commandTimeoutMs: -1 }, "commandTimeoutMs"],
    ] as const) {
      const result = RecallCacheConfigSchema.safeParse(input);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual([field]);
    }
  });
});
