import { describe, expect, it } from "vitest";
import { connectOptions, FalkorOptionsSchema, groupGraph, metaGraph, redisUrl } from "./options.js";

describe("options", () => {
  it("maps every accepted URL scheme onto one node-redis speaks", () => {
    expect(redisUrl("falkordb://h:1")).toBe("redis://h:1");
    expect(redisUrl("falkor://h:1")).toBe("redis://h:1");
    expect(redisUrl("falkors://h:1")).toBe("rediss://h:1");
    expect(redisUrl("redis://:pw@h:1")).toBe("redis://:pw@h:1");
    expect(redisUrl("rediss://h:1")).toBe("rediss://h:1");
  });

  it("needs url or host, and validates prefix and scheme", () => {
    expect(() => FalkorOptionsSchema.parse({})).toThrow(/url or host/);
    expect(() => FalkorOptionsSchema.parse({ url: "http://h:1" })).toThrow(/url must be/);
    expect(() => FalkorOptionsSchema.parse({ host: "h", graphPrefix: "a b" })).toThrow(/graphPrefix/);
    expect(FalkorOptionsSchema.parse({ host: "h" }).graphPrefix).toBe("ocm_");
  });

  it("builds client options from host/port or from a URL, failing fast while disconnected", () => {
    const byHost = connectOptions(FalkorOptionsSchema.parse({ host: "db", password: "pw" }));
    expect(byHost).toMatchObject({
      socket: { host: "db", port: 6379, connectTimeout: 5000 },
      password: "pw",
      disableOfflineQueue: true,
    });
    expect(byHost.url).toBeUndefined();
    const byUrl = connectOptions(FalkorOptionsSchema.parse({ url: "falkordb://db:7000" }));
    expect(byUrl.url).toBe("redis://db:7000");
    expect(byUrl.socket.host).toBeUndefined();
    expect(byUrl.socket.reconnectStrategy(0)).toBe(100);
    expect(byUrl.socket.reconnectStrategy(50)).toBe(5000);
  });

  it("names one graph per group and a meta graph no group can collide with", () => {
    expect(groupGraph("ocm_", "proj-1")).toBe("ocm_proj-1");
    expect(() => groupGraph("ocm_", "a b")).toThrow();
    expect(() => groupGraph("ocm_", "x".repeat(65))).toThrow();
    expect(metaGraph("ocm_")).toBe("ocm_.meta");
    expect(metaGraph("ocm_")).not.toMatch(/^ocm_[A-Za-z0-9_-]{1,64}$/);
  });
});
