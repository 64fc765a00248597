/**
 * A small stand-in for the memory service's HTTP API (the routes the plugin calls), on a random
 * loopback port: idempotent batch ingest by id, a word-overlap "context" and "search", delete.
 * It can be told to fail or to stall so the plugin's offline and timeout paths are exercised over
 * real HTTP.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Episode } from "../src/episode.js";

export interface FakeMemory {
  url: string;
  episodes: Map<string, Episode>;
  /** Every ingest attempt, in arrival order (ids), including duplicates. */
  received: string[];
  requests: { method: string; path: string; auth: string | undefined; q: string | null }[];
  /** down: 503 to everything; slow: answers after `slowMs`; garbage: 200 with `{}` to everything. */
  mode: "ok" | "down" | "slow" | "garbage";
  slowMs: number;
  close(): Promise<void>;
}

export async function startFakeMemory(opts: { token?: string } = {}): Promise<FakeMemory> {
  const fake: FakeMemory = {
    url: "",
    episodes: new Map(),
    received: [],
    requests: [],
    mode: "ok",
    slowMs: 1_000,
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    // A client that gave up (the plugin's timeouts) aborts the request mid-read: not an error here.
    handle(fake, opts.token, req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

async function handle(
  fake: FakeMemory,
  token: string | undefined,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const url = new URL(req.url ?? "/", "http://x");
  fake.requests.push({
    method: req.method ?? "",
    path: url.pathname,
    auth: req.headers.authorization,
    q: url.searchParams.get("q"),
  });
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  if (fake.mode === "down") return send(503, { error: "down" });
  if (fake.mode === "garbage") return send(200, {});
  if (fake.mode === "slow") await new Promise((r) => setTimeout(r, fake.slowMs));
  if (token && req.headers.authorization !== `Bearer ${token}`) return send(401, { error: "unauthorized" });
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  const group = url.searchParams.get("group");

  if (req.method === "POST" && url.pathname === "/v1/episodes/batch") {
    const { episodes } = JSON.parse(raw) as { episodes: Episode[] };
    if (!Array.isArray(episodes) || episodes.length === 0) return send(400, { error: "episodes" });
    if (episodes.some((e) => !e.content)) return send(400, { error: "content must not be empty" });
    let created = 0;
    for (const ep of episodes) {
      fake.received.push(ep.id);
      if (!fake.episodes.has(ep.id)) {
        fake.episodes.set(ep.id, ep);
        created++;
      }
    }
    return send(created ? 201 : 200, { results: [], created });
  }
  if (req.method === "GET" && (url.pathname === "/v1/context" || url.pathname === "/v1/search")) {
    const q = (url.searchParams.get("q") ?? "").toLowerCase();
    const words = q.split(/\W+/).filter((w) => w.length > 3);
    const hits = [...fake.episodes.values()].filter(
      (e) => e.group === group && words.some((w) => e.content.toLowerCase().includes(w)),
    );
    if (url.pathname === "/v1/search") {
      return send(200, {
        facts: [],
        entities: [],
        episodes: hits.map((item) => ({ item, score: 1 })),
      });
    }
    const text = hits.map((e) => `- ${e.content}`).join("\n");
    return send(200, { text, tokens: Math.ceil(text.length / 4), facts: hits.map((e) => e.id) });
  }
  if (req.method === "GET" && url.pathname === "/v1/export") {
    const lines = [...fake.episodes.values()]
      .filter((e) => e.group === group)
      .map((data) => JSON.stringify({ type: "episode", data }));
    res.writeHead(lines.length ? 200 : 404, { "content-type": "application/x-ndjson" });
    return res.end(lines.join("\n"));
  }
  const del = /^\/v1\/episodes\/([^/]+)$/.exec(url.pathname);
  if (req.method === "DELETE" && del) {
    const id = decodeURIComponent(del[1]!);
    const ep = fake.episodes.get(id);
    if (!ep || ep.group !== group) return send(404, { error: `no episode ${id}` });
    fake.episodes.delete(id);
    return send(200, { deleted: true });
  }
  send(404, { error: "not found" });
}
