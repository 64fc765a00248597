/** Bearer auth on /v1, and the protections of a tokenless (loopback-only) server. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenMatches } from "../src/api/auth.js";
import { makeApi, TOKEN, type TestApi } from "./helpers.js";

describe("with MEMORY_TOKEN", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await makeApi();
  });
  afterAll(() => api.close());

  it.each([
    ["no header", {}],
    ["a wrong token", { authorization: "Bearer wrong-token-0123456789abc" }],
    ["a token prefix", { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ["a longer token", { authorization: `Bearer ${TOKEN}x` }],
    ["basic auth", { authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString("base64")}` }],
    ["an empty bearer", { authorization: "Bearer " }],
  ])("answers 401 to %s on every /v1 route", async (_name, headers) => {
    for (const [method, path] of [
      ["GET", "/v1/groups"],
      ["GET", "/v1/search?group=g&q=x"],
      ["POST", "/v1/episodes"],
      ["DELETE", "/v1/groups/g"],
      ["GET", "/v1/export?group=g"],
      ["POST", "/v1/import"],
      ["GET", "/v1/no-such-route"],
    ] as const) {
      const res = await api.req(method, path, undefined, { auth: false, headers });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect((await res.json()).error).toMatch(/bearer token/);
    }
  });

  it("lets the right token through (scheme case-insensitive)", async () => {
    expect((await api.req("GET", "/v1/groups")).status).toBe(200);
    const res = await api.req("GET", "/v1/groups", undefined, {
      auth: false,
      headers: { authorization: `bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
  });

  it("leaves health, metrics and the OpenAPI document open", async () => {
    for (const path of ["/healthz", "/readyz", "/metrics", "/openapi.json"]) {
      expect((await api.req("GET", path, undefined, { auth: false })).status, path).toBe(200);
    }
  });

  it("accepts any Host when a token guards the API", async () => {
    const res = await api.req("GET", "/v1/groups", undefined, { headers: { host: "memory.example.ts.net" } });
    expect(res.status).toBe(200);
  });
});

describe("without a token (loopback only)", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await makeApi({ token: null });
  });
  afterAll(() => api.close());

  it("serves /v1 without auth to loopback Host names", async () => {
    for (const host of ["127.0.0.1:7411", "localhost", "[::1]:80"]) {
      expect((await api.req("GET", "/v1/groups", undefined, { headers: { host } })).status, host).toBe(200);
    }
  });

  it("refuses other Host names, so DNS rebinding cannot reach it from a browser", async () => {
    const res = await api.req("GET", "/v1/groups", undefined, { headers: { host: "evil.example:7411" } });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/loopback/);
  });
});

describe("tokenMatches", () => {
  it("compares exactly, whatever the lengths", () => {
    expect(tokenMatches("abc", "abc")).toBe(true);
    expect(tokenMatches("abc", "abd")).toBe(false);
    expect(tokenMatches("abc", "abcd")).toBe(false);
    expect(tokenMatches("abc", "")).toBe(false);
  });
});
