import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../../../test/support/fake-openai.js";
import {
  backoffMs,
  DEFAULT_RETRY,
  describeEndpoint,
  isRetryableStatus,
  ModelRequestError,
  postJson,
  retryAfterMs,
} from "./http.js";

describe("retry helpers", () => {
  it("reads Retry-After as seconds, HTTP date or retry-after-ms", () => {
    const now = Date.parse("2026-11-22T10:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "3" }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ "retry-after": "0.5" }), now)).toBe(500);
    expect(retryAfterMs(new Headers({ "retry-after": "Sun, 22 Nov 2026 10:00:05 GMT" }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250", "retry-after": "9" }), now)).toBe(250);
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }), now)).toBeNull();
    expect(retryAfterMs(new Headers(), now)).toBeNull();
  });

  it("backs off exponentially with bounded jitter", () => {
    const p = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffMs(1, p, () => 0)).toBe(50);
    expect(backoffMs(1, p, () => 1)).toBe(100);
    expect(backoffMs(3, p, () => 0)).toBe(200);
    expect(backoffMs(10, p, () => 1)).toBe(1000);
  });

  it("retries rate limits, timeouts and server errors only", () => {
    for (const s of [408, 429, 500, 502, 503, 504]) expect(isRetryableStatus(s)).toBe(true);
    for (const s of [400, 401, 403, 404, 422]) expect(isRetryableStatus(s)).toBe(false);
  });

  it("describes endpoints without credentials", () => {
    expect(describeEndpoint("https://user:pw@api.example.com/v1/embeddings?key=x")).toBe(
      "api.example.com/v1/embeddings",
    );
  });
});

describe("postJson against the fake server", () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it("gives up on a network error with a message saying so", async () => {
    fake.fail({ type: "drop" }, 5);
    const err = await postJson({
      url: `${fake.url}/embeddings`,
      body: { input: ["x"] },
      policy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelRequestError);
    expect((err as ModelRequestError).status).toBeNull();
    expect((err as Error).message).toMatch(/after 2 attempts .*network error/);
  });

  it("stops waiting when the caller aborts", async () => {
    fake.fail({ type: "status", status: 503 }, 5);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("shutting down")), 100);
    const t0 = Date.now();
    await expect(
      postJson({
        url: `${fake.url}/embeddings`,
        body: { input: ["x"] },
        policy: { baseDelayMs: 5_000 },
        signal: controller.signal,
      }),
    ).rejects.toThrow(/shutting down/);
    expect(Date.now() - t0).toBeLessThan(2_000);
  });
});
