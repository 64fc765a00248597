import { createSocket } from "node:dgram";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { MEMORY_METRICS, prometheusName } from "./names.js";
import { Metrics } from "./registry.js";
import { RollingWindow } from "./rolling-window.js";

const open: Metrics[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((m) => m.close()));
});

describe("Metrics", () => {
  it("renders Prometheus text from the shared names", async () => {
    const m = new Metrics();
    open.push(m);
    m.inc(MEMORY_METRICS.episodesIngested, 3, { group: "g", kind: "note" });
    m.observe(MEMORY_METRICS.recallLatency, 4.2, { route: "context" });
    const text = await m.prometheus();
    expect(text).toContain(`${prometheusName(MEMORY_METRICS.episodesIngested)}{group="g",kind="note"} 3`);
    expect(text).toContain(
      `${prometheusName(MEMORY_METRICS.recallLatency)}_bucket{le="5",route="context"} 1`,
    );
    expect(await m.total(MEMORY_METRICS.episodesIngested)).toBe(3);
  });

  it("refuses to record a metric as the wrong kind", () => {
    const m = new Metrics();
    expect(() => m.inc(MEMORY_METRICS.recallLatency)).toThrow(/histogram, not a counter/);
  });

  it("sends DogStatsD datagrams with the same names to a real UDP socket", async () => {
    const socket = createSocket("udp4");
    const received: string[] = [];
    socket.on("message", (msg) => received.push(...msg.toString().split("\n")));
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    const port = (socket.address() as AddressInfo).port;
    const m = new Metrics({ statsd: { host: "127.0.0.1", port } });
    m.inc(MEMORY_METRICS.cacheHits);
    m.observe(MEMORY_METRICS.recallLatency, 7, { route: "search" });
    await m.close();
    await new Promise((r) => setTimeout(r, 100));
    socket.close();
    expect(received).toContain(`${MEMORY_METRICS.cacheHits.name}:1|c`);
    expect(received).toContain(`${MEMORY_METRICS.recallLatency.name}:7|d|#route:search`);
  });

  it("gives exact recent quantiles", () => {
    const m = new Metrics({ windowSize: 100 });
    for (let i = 1; i <= 100; i++) m.observe(MEMORY_METRICS.recallLatency, i);
    expect(m.quantiles(MEMORY_METRICS.recallLatency)).toEqual({ p50: 50, p99: 99 });
    expect(m.quantiles(MEMORY_METRICS.ingestLatency)).toBeNull();
  });
});

describe("RollingWindow", () => {
  it("keeps only the last `capacity` samples and counts recent arrivals", () => {
    let t = 0;
    const w = new RollingWindow(3, () => t);
    for (const v of [1, 2, 3, 4]) {
      t += 1000;
      w.push(v);
    }
    expect(w.size).toBe(3);
    expect(w.quantiles([0, 1])).toEqual({ p0: 2, p100: 4 });
    expect(w.ratePerSecond(2)).toBe(1);
  });
});
