import { describe, expect, it } from "vitest";
import { ConfigError, defaultStorePath, describeConfig, loadConfig } from "./config.js";

const TOKEN = "t0ken-that-is-long-enough";

describe("loadConfig", () => {
  it("defaults to a per-user sqlite store on loopback:7411 without auth", () => {
    const config = loadConfig({ XDG_DATA_HOME: "/data" });
    expect(config.store).toEqual({ kind: "sqlite", path: "/data/opencode-memory/memory.db" });
    expect(config).toMatchObject({ host: "127.0.0.1", port: 7411, token: null, cache: null, statsd: null });
    expect(config.logLevel).toBe("info");
    expect(defaultStorePath({ XDG_DATA_HOME: "/x" })).toBe("/x/opencode-memory/memory.db");
  });

  it("reads MEMORY_STORE for sqlite and falkordb, with password", () => {
    expect(loadConfig({ MEMORY_STORE: "sqlite:/tmp/a.db" }).store).toEqual({
      kind: "sqlite",
      path: "/tmp/a.db",
    });
    expect(loadConfig({ MEMORY_STORE: "sqlite::memory:" }).store).toEqual({
      kind: "sqlite",
      path: ":memory:",
    });
    expect(loadConfig({ MEMORY_STORE: "falkordb://:p%40ss@graph:6380" }).store).toEqual({
      kind: "falkordb",
      host: "graph",
      port: 6380,
      password: "p@ss",
    });
  });

  it("lets the seeds' FALKORDB_* and VALKEY_* select the backends when MEMORY_* are unset", () => {
    const config = loadConfig({
      FALKORDB_HOST: "falkor",
      FALKORDB_PASSWORD: "pw",
      VALKEY_HOST: "valkey",
      VALKEY_PORT: "6390",
    });
    expect(config.store).toEqual({ kind: "falkordb", host: "falkor", port: 6379, password: "pw" });
    expect(config.cache).toMatchObject({
      kind: "redis",
      host: "valkey",
      port: 6390,
      url: "redis://valkey:6390",
    });
    // MEMORY_STORE wins over the seed names.
    expect(loadConfig({ FALKORDB_HOST: "falkor", MEMORY_STORE: "sqlite:/x.db" }).store.kind).toBe("sqlite");
  });

  it("flags win over the environment", () => {
    const config = loadConfig(
      { MEMORY_PORT: "1", MEMORY_STORE: "sqlite:/a.db" },
      { port: "9000", store: "sqlite:/b.db", host: "::1" },
    );
    expect(config).toMatchObject({ port: 9000, host: "::1", store: { path: "/b.db" } });
  });

  it("passes DD_* through to the DogStatsD client", () => {
    const config = loadConfig({ DD_AGENT_HOST: "agent", DD_ENV: "prod", DD_SERVICE: "memory" });
    expect(config.statsd).toEqual({
      host: "agent",
      port: 8125,
      globalTags: { env: "prod", service: "memory" },
    });
  });

  it.each([
    [{ MEMORY_PORT: "70000" }, "MEMORY_PORT"],
    [{ MEMORY_PORT: "abc" }, "MEMORY_PORT"],
    [{ MEMORY_STORE: "postgres://x" }, "MEMORY_STORE"],
    [{ MEMORY_STORE: "sqlite:" }, "MEMORY_STORE"],
    [{ MEMORY_CACHE: "http://x" }, "MEMORY_CACHE"],
    // The cache's own rules: what starts is what connects.
    [{ MEMORY_CACHE: "redis://h:6379/abc" }, "MEMORY_CACHE"],
    [{ MEMORY_TOKEN: "short" }, "MEMORY_TOKEN"],
    [{ MEMORY_TOKEN: "has a space in the middle!" }, "MEMORY_TOKEN"],
    [{ OPENAI_BASE_URL: "not a url" }, "OPENAI_BASE_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ FALKORDB_PORT: "-1" }, "FALKORDB_PORT"],
    [{ MEMORY_EMBED_DIMENSION: "wide" }, "MEMORY_EMBED_DIMENSION"],
    [{ MEMORY_LLM_RESPONSE_FORMAT: "xml" }, "MEMORY_LLM_RESPONSE_FORMAT"],
  ])("fails at start naming the key for %o", (env, key) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(key);
  });

  it("reads MEMORY_DURABILITY for the embedded store, normal unless asked", () => {
    expect(loadConfig({}).durability).toBe("normal");
    const full = loadConfig({ MEMORY_DURABILITY: "full", MEMORY_STORE: "sqlite:/tmp/a.db" });
    expect(full.durability).toBe("full");
    expect(describeConfig(full)).toMatchObject({ store: "sqlite:/tmp/a.db", durability: "full" });
    expect(() => loadConfig({ MEMORY_DURABILITY: "fsync" })).toThrow(
      /MEMORY_DURABILITY: expected normal or full/,
    );
  });

  it("names the flag, not the env key, when a flag is wrong", () => {
    expect(() => loadConfig({}, { port: "x" })).toThrow("--port");
  });

  it("refuses a non-loopback host without a token, and says why", () => {
    expect(() => loadConfig({ MEMORY_HOST: "0.0.0.0" })).toThrow(/without MEMORY_TOKEN/);
    for (const host of ["127.0.0.1", "::1", "localhost"])
      expect(loadConfig({ MEMORY_HOST: host }).host).toBe(host);
    expect(loadConfig({ MEMORY_HOST: "0.0.0.0", MEMORY_TOKEN: TOKEN }).token).toBe(TOKEN);
  });

  it("accepts every cache URL the cache connects to, TLS included", () => {
    expect(loadConfig({ MEMORY_CACHE: "valkeys://cache.internal:6380/2" }).cache).toMatchObject({
      host: "cache.internal",
      port: 6380,
    });
    expect(loadConfig({ MEMORY_CACHE: "rediss://:pw@c:6379" }).cache).toMatchObject({ password: "pw" });
  });

  it("describes itself without secrets", () => {
    const config = loadConfig({
      MEMORY_TOKEN: TOKEN,
      OPENAI_API_KEY: "sk-secret-value",
      MEMORY_STORE: "falkordb://:hunter2@g:1",
      MEMORY_CACHE: "redis://:hunter3@c:2",
    });
    const text = JSON.stringify(describeConfig(config));
    for (const secret of [TOKEN, "sk-secret-value", "hunter2", "hunter3"]) expect(text).not.toContain(secret);
  });
});
