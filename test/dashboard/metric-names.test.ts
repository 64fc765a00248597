/**
 * The names the service emits are the shared ones: real DogStatsD datagrams are captured on a UDP
 * socket and /metrics is scraped while the real service is exercised over HTTP, and every name seen
 * must come from memory/src/metrics/names.ts. The Datadog monitors import the same module; their
 * queries may only reference names defined there.
 */
import { createSocket, type Socket } from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AGENT_METRICS,
  BACKUP_METRICS,
  EMITTED_METRIC_NAMES,
  HOST_UP_CHECK,
  MEMORY_METRICS,
  prometheusName,
} from "../../memory/src/metrics/names.js";
import { startService, type TestService, TOKEN } from "./service.js";

let svc: TestService;
let udp: Socket;
const datagrams: string[] = [];

beforeAll(async () => {
  udp = createSocket("udp4");
  udp.on("message", (msg) => datagrams.push(msg.toString("utf8")));
  await new Promise<void>((resolve) => udp.bind(0, "127.0.0.1", resolve));
  svc = await startService({ DD_AGENT_HOST: "127.0.0.1", DD_DOGSTATSD_PORT: String(udp.address().port) });
});
afterAll(async () => {
  await svc?.close();
  udp?.close();
});

/** DogStatsD lines: `name:value|type[|@rate][|#tags]`, several per datagram when buffered. */
function statsdNames(): Set<string> {
  const names = new Set<string>();
  for (const d of datagrams)
    for (const line of d.split("\n").filter(Boolean)) names.add(line.split(":")[0] ?? "");
  return names;
}

/** Metric families in Prometheus text (from the # TYPE lines). */
function prometheusFamilies(text: string): Set<string> {
  return new Set([...text.matchAll(/^# TYPE (\S+) \S+$/gm)].map((m) => m[1] ?? ""));
}

/** Drives the real service over HTTP: ingest (new and repeated), batch, search, context, forget. */
async function exercise(G: string): Promise<void> {
  const ok = async (res: Promise<Response>, ...statuses: number[]) => {
    const r = await res;
    expect(statuses, `${r.url} -> ${r.status}`).toContain(r.status);
  };
  await ok(
    svc.api("POST", "/v1/episodes", { id: "m1", group: G, kind: "note", content: "We deploy with Pulumi." }),
    201,
  );
  await ok(
    svc.api("POST", "/v1/episodes", { id: "m1", group: G, kind: "note", content: "We deploy with Pulumi." }),
    200,
  );
  await ok(
    svc.api("POST", "/v1/episodes/batch", {
      episodes: [
        { id: "m2", group: G, kind: "file_edit", content: "Edited src/a.ts", metadata: { file: "src/a.ts" } },
        { id: "m3", group: G, kind: "user_message", content: "We use SQLite now." },
      ],
    }),
    201,
  );
  await ok(svc.api("GET", `/v1/search?group=${G}&q=deploy`), 200);
  await ok(svc.api("GET", `/v1/context?group=${G}&q=deploy`), 200);
  await ok(svc.api("DELETE", `/v1/episodes/m2?group=${G}`), 200);
  await ok(svc.api("GET", `/v1/search?group=bad group&q=x`), 400);
  await ok(
    fetch(`${svc.dashboard}/search/results?group=${G}&q=deploy`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    }),
    200,
  );
}

describe("emitted metric names", () => {
  it("are all from names.ts, the same on DogStatsD and /metrics", async () => {
    await exercise("metrics");
    const scrape = await fetch(`${svc.url}/metrics`);
    expect(scrape.status).toBe(200);
    const families = prometheusFamilies(await scrape.text());
    // hot-shots sends each metric as its own datagram right away; give the loopback a moment.
    await expect
      .poll(() => statsdNames().has(MEMORY_METRICS.recallLatency.name), { timeout: 5000 })
      .toBe(true);
    const sent = statsdNames();

    const allowedDd = new Set(EMITTED_METRIC_NAMES);
    const allowedProm = new Set(
      [...Object.values(MEMORY_METRICS), ...Object.values(BACKUP_METRICS)].map(prometheusName),
    );
    expect([...sent].filter((n) => !allowedDd.has(n))).toEqual([]);
    expect([...families].filter((n) => !allowedProm.has(n))).toEqual([]);

    // One set of counters, two outlets: the same metrics appear on both.
    const defs = [...Object.values(MEMORY_METRICS), ...Object.values(BACKUP_METRICS)];
    const sentAsProm = new Set(defs.filter((d) => sent.has(d.name)).map(prometheusName));
    expect([...sentAsProm].sort()).toEqual([...families].sort());

    // What this exercise must have produced at least.
    for (const m of [
      MEMORY_METRICS.ingestLatency,
      MEMORY_METRICS.recallLatency,
      MEMORY_METRICS.httpRequests,
    ]) {
      expect(sent, m.name).toContain(m.name);
    }
  });
});

describe("monitor queries", () => {
  it("reference only names from names.ts, and the service sends the memory metrics they watch", async () => {
    const known = new Set([
      ...EMITTED_METRIC_NAMES,
      ...Object.values(AGENT_METRICS).map((m) => m.name),
      HOST_UP_CHECK,
    ]);
    const { monitorQueries } = await import("./monitor-queries.js");
    const queries = await monitorQueries();
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) {
      const referenced = q.match(/\b(?:ocm|system|container|redis|datadog)\.[a-z0-9_.]+[a-z0-9_]/g) ?? [];
      expect(referenced.length, q).toBeGreaterThan(0);
      for (const name of referenced) expect(known, `${name} in ${q}`).toContain(name);
    }
    // A monitor on a memory-service metric must watch a name the running service really sends.
    const watched = new Set(queries.flatMap((q) => q.match(/\bocm\.memory\.[a-z0-9_.]+[a-z0-9_]/g) ?? []));
    expect(watched.size).toBeGreaterThan(0);
    datagrams.length = 0;
    await exercise("monitored");
    for (const name of watched) {
      await expect.poll(() => statsdNames().has(name), { timeout: 5000, message: name }).toBe(true);
    }
  });
});
