/**
 * API fuzz: thousands of random and malicious requests against a real engine. Whatever comes in,
 * the answer is never a 5xx, the service stays up, the store passes SQLite's integrity check, and a
 * sentinel group written before the storm is exactly as it was.
 */
import { Database } from "../src/store/sqlite/driver.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deepNest,
  int,
  jsonValue,
  mulberry32,
  mutatedEpisode,
  nastyString,
  pick,
  type Rng,
  validEpisode,
} from "./fuzz-gen.js";
import { makeApi, sessionEpisodes, type TestApi } from "./helpers.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 2500);
const SENTINEL = "sentinel-7f3a9c";
const FUZZ_GROUPS = ["fuzz-a", "fuzz-b", "fuzz_c", "nobody"];

let api: TestApi;
let sentinelStats: unknown;

beforeAll(async () => {
  api = await makeApi();
  const res = await api.req("POST", "/v1/episodes/batch", { episodes: sessionEpisodes(SENTINEL) });
  expect(res.status).toBe(201);
  sentinelStats = (await api.engine.groups()).find((g) => g.group === SENTINEL);
});
afterAll(() => api.close());

/** encodeURIComponent throws on lone surrogates; those still reach the server inside JSON bodies. */
const enc = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, "\ufffd"));

type Req = { method: string; path: string; body?: string; type?: string };

const query = (rng: Rng, params: Record<string, unknown>) => {
  const out: string[] = [];
  for (const [k, v] of Object.entries(params)) if (rng() < 0.9) out.push(`${k}=${enc(String(v))}`);
  if (rng() < 0.1) out.push(`${enc(nastyString(rng, 1))}=${enc(nastyString(rng, 2))}`);
  // Sometimes raw, unencoded garbage in the query string.
  if (rng() < 0.05) out.push(nastyString(rng, 2).replace(/[#\s]/g, ""));
  return out.join("&");
};

function randomRequest(rng: Rng): Req {
  const group = () => (rng() < 0.85 ? pick(rng, FUZZ_GROUPS) : nastyString(rng, 2));
  const r = int(rng, 12);
  switch (r) {
    case 0:
      return { method: "POST", path: "/v1/episodes", body: JSON.stringify(validEpisode(rng, FUZZ_GROUPS)) };
    case 1:
    case 2:
      return { method: "POST", path: "/v1/episodes", body: JSON.stringify(mutatedEpisode(rng, FUZZ_GROUPS)) };
    case 3: {
      const raw = pick(rng, [
        JSON.stringify(jsonValue(rng)),
        nastyString(rng),
        deepNest(1 + int(rng, 20000)),
        `{"__proto__":{"polluted":true},"group":"fuzz-a","kind":"note","content":"p"}`,
        `{"constructor":{"prototype":{"polluted":true}},"group":"fuzz-a","kind":"note","content":"c"}`,
        `{"group":"fuzz-a","kind":"note","content":"dup","content":"${nastyString(rng, 2).replace(/["\\]/g, "")}"}`,
        "",
      ]);
      return {
        method: "POST",
        path: pick(rng, ["/v1/episodes", "/v1/episodes/batch"]),
        body: raw,
        type: pick(rng, ["application/json", "text/plain", "application/json; charset=utf-16", ""]),
      };
    }
    case 4: {
      const episodes = Array.from({ length: int(rng, 6) }, () =>
        rng() < 0.7 ? validEpisode(rng, FUZZ_GROUPS) : mutatedEpisode(rng, FUZZ_GROUPS),
      );
      return {
        method: "POST",
        path: "/v1/episodes/batch",
        body: JSON.stringify(rng() < 0.9 ? { episodes } : episodes),
      };
    }
    case 5:
    case 6:
      return {
        method: "GET",
        path: `/v1/search?${query(rng, { group: group(), q: nastyString(rng), limit: pick(rng, [1, 10, 100, 0, -5, "x", 1e12, 2.5]), at: pick(rng, ["2026-01-10T09:03:00Z", "2026-02-30T00:00:00Z", "now", "", "9999-12-31T23:59:59+14:00"]), history: pick(rng, ["true", "false", "1", "yes"]), kind: pick(rng, ["note", "tool_call", "weird"]) })}`,
      };
    case 7:
      return {
        method: "GET",
        path: `/v1/context?${query(rng, { group: group(), q: nastyString(rng), budget: pick(rng, [50, 600, 8000, 10, "lots", 1e9]), session: pick(rng, ["s1", nastyString(rng, 1)]) })}`,
      };
    case 8:
      return {
        method: "GET",
        path: `/v1/entities/${enc(nastyString(rng, 2))}?${query(rng, { group: group() })}`,
      };
    case 9:
      return {
        method: "DELETE",
        path: `/v1/episodes/${enc(rng() < 0.5 ? `fz-${int(rng, 200)}` : nastyString(rng, 2))}?${query(rng, { group: group() })}`,
      };
    case 10: {
      const lines = Array.from({ length: 1 + int(rng, 4) }, () =>
        rng() < 0.5
          ? JSON.stringify({
              type: pick(rng, ["episode", "entity", "fact", "mention", "x"]),
              data: rng() < 0.5 ? mutatedEpisode(rng, FUZZ_GROUPS) : jsonValue(rng),
            })
          : nastyString(rng),
      );
      return { method: "POST", path: "/v1/import", body: lines.join("\n"), type: "application/x-ndjson" };
    }
    default: {
      const paths = [
        `/v1/groups/${enc(pick(rng, FUZZ_GROUPS.slice(0, 3)))}`,
        "/v1/groups",
        `/v1/export?${query(rng, { group: group() })}`,
        `/v1/${enc(nastyString(rng, 1))}`,
        "/readyz",
      ];
      const path = pick(rng, paths);
      return {
        method: path.startsWith("/v1/groups/")
          ? pick(rng, ["DELETE", "GET", "PUT"])
          : pick(rng, ["GET", "POST", "PATCH"]),
        path,
      };
    }
  }
}

describe("API fuzz", () => {
  it(`survives ${ROUNDS} hostile requests (seed ${SEED}) with no 5xx and an intact store`, async () => {
    const rng = mulberry32(SEED);
    const statuses = new Map<number, number>();
    for (let i = 0; i < ROUNDS; i++) {
      const req = randomRequest(rng);
      const headers: Record<string, string> = {};
      if (req.body !== undefined) headers["content-type"] = req.type ?? "application/json";
      const res = await api.req(req.method, req.path, req.body, { headers });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const text = await res.text();
      if (res.status >= 500) {
        throw new Error(
          `round ${i} (seed ${SEED}): ${req.method} ${req.path.slice(0, 200)} -> ${res.status} ${text.slice(0, 300)}\nbody: ${req.body?.slice(0, 300)}`,
        );
      }
      if (res.status >= 400)
        expect(JSON.parse(text).error, `${req.method} ${req.path}`).toEqual(expect.any(String));
    }
    // The storm must have exercised both sides: accepted writes and refusals.
    expect(statuses.get(201) ?? 0).toBeGreaterThan(50);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // Alive, sentinel untouched and still findable, file consistent.
    expect((await api.req("GET", "/healthz")).status).toBe(200);
    expect((await api.engine.groups()).find((g) => g.group === SENTINEL)).toEqual(sentinelStats);
    const ids = (await api.engine.listEpisodes(SENTINEL, { limit: 100 })).map((e) => e.id).sort();
    expect(ids).toEqual(
      sessionEpisodes(SENTINEL)
        .map((e) => e.id)
        .sort(),
    );
    const search = await (await api.req("GET", `/v1/search?group=${SENTINEL}&q=login`)).json();
    expect(search.facts.length + search.entities.length + search.episodes.length).toBeGreaterThan(0);
    const db = new Database(api.dbPath, { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      db.close();
    }
  });
});
