import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { B2ApiError, connectB2, retryAfterMs } from "../../components/b2/api.js";
import { type FakeB2, startFakeB2 } from "../support/fake-b2.js";

let fake: FakeB2;
const fast = { baseDelayMs: 5, maxDelayMs: 2_000, maxAttempts: 4 };

beforeAll(async () => {
  fake = await startFakeB2();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

const master = () => ({ keyId: fake.masterKeyId, applicationKey: fake.masterKey, authUrl: fake.url });

async function rejection(p: Promise<unknown>): Promise<B2ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(B2ApiError);
  return err as B2ApiError;
}

describe("B2 client", () => {
  it("authorizes with basic auth and uses the storage apiUrl and account from the answer", async () => {
    const b2 = await connectB2(master(), fast);
    expect(b2.accountId).toBe(fake.accountId);
    expect(b2.s3ApiUrl).toBe(`${fake.url}/s3`);
    await b2.listBuckets();
    expect(fake.requests.map((r) => `${r.method} ${r.operation} ${r.status}`)).toEqual([
      "GET b2_authorize_account 200",
      "POST b2_list_buckets 200",
    ]);
    expect(fake.requests[1]?.body).toEqual({ accountId: fake.accountId });
  });

  it("accepts the account ID in place of the master key ID", async () => {
    const b2 = await connectB2({ ...master(), keyId: fake.accountId }, fast);
    expect(b2.accountId).toBe(fake.accountId);
  });

  it("fails a wrong key with status, code and a hint, without the key in the message", async () => {
    const wrong = "K0wrong-secret-that-must-not-leak";
    const err = await rejection(connectB2({ ...master(), applicationKey: wrong }, fast));
    expect(err.status).toBe(401);
    expect(err.code).toBe("unauthorized");
    expect(err.message).toMatch(/b2_authorize_account failed: HTTP 401 unauthorized: .*check the B2 key ID/);
    expect(err.message).not.toContain(wrong);
    expect(JSON.stringify(err)).not.toContain(wrong);
    // 401 is not retried.
    expect(fake.calls("b2_authorize_account")).toHaveLength(1);
  });

  it("retries 503 and 429, honouring Retry-After", async () => {
    const b2 = await connectB2(master(), fast);
    fake.failNext(1, { status: 503, retryAfter: "1", operation: "b2_list_buckets" });
    fake.failNext(1, { status: 429, operation: "b2_list_buckets" });
    const started = performance.now();
    await b2.listBuckets();
    const elapsed = performance.now() - started;
    expect(fake.calls("b2_list_buckets").map((r) => r.status)).toEqual([503, 429, 200]);
    // Retry-After: 1 means a full second, far above the 5 ms backoff used otherwise.
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(1_900);
  });

  it("retries 500 on authorize too", async () => {
    fake.failNext(2, { status: 500, code: "internal_error", operation: "b2_authorize_account" });
    const b2 = await connectB2(master(), fast);
    expect(b2.accountId).toBe(fake.accountId);
    expect(fake.calls("b2_authorize_account").map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it("gives up after maxAttempts with the last status and code", async () => {
    const b2 = await connectB2(master(), fast);
    fake.failNext(4, { status: 503, operation: "b2_list_buckets" });
    const err = await rejection(b2.listBuckets());
    expect(err.status).toBe(503);
    expect(err.code).toBe("service_unavailable");
    expect(err.attempts).toBe(4);
    expect(err.message).toBe(
      "B2 b2_list_buckets failed: HTTP 503 service_unavailable: injected service_unavailable",
    );
  });

  it("does not retry a 400", async () => {
    const b2 = await connectB2(master(), fast);
    const err = await rejection(b2.deleteBucket("nope"));
    expect(err.code).toBe("bad_bucket_id");
    expect(fake.calls("b2_delete_bucket")).toHaveLength(1);
  });

  it("re-authorizes once when the token expires", async () => {
    const b2 = await connectB2(master(), fast);
    fake.expireTokens();
    await b2.listBuckets();
    expect(fake.requests.map((r) => `${r.operation} ${r.status}`)).toEqual([
      "b2_authorize_account 200",
      "b2_list_buckets 401",
      "b2_authorize_account 200",
      "b2_list_buckets 200",
    ]);
  });

  it("re-authorizes only once: a second expiry in the same call fails", async () => {
    const b2 = await connectB2(master(), fast);
    fake.failNext(2, { status: 401, code: "expired_auth_token", operation: "b2_list_buckets" });
    const err = await rejection(b2.listBuckets());
    expect(err.code).toBe("expired_auth_token");
    expect(fake.calls("b2_authorize_account")).toHaveLength(2);
  });

  it("reports a network failure after its retries as network_error", async () => {
    const err = await rejection(
      connectB2({ ...master(), authUrl: "http://127.0.0.1:1" }, { ...fast, maxAttempts: 2 }),
    );
    expect(err.code).toBe("network_error");
    expect(err.status).toBe(0);
    expect(err.attempts).toBe(2);
  });

  it("validates answers: an unexpected shape is a clear error", async () => {
    const b2 = await connectB2(master(), fast);
    // A bucket whose revision is not a number must be refused, not passed on.
    const created = await b2.createBucket({
      bucketName: "shape-check-bucket",
      bucketType: "allPrivate",
      lifecycleRules: [],
      defaultServerSideEncryption: { mode: "SSE-B2", algorithm: "AES256" },
    });
    fake.buckets.get(created.bucketId)!.revision = "x" as unknown as number;
    const err = await rejection(b2.listBuckets({ bucketId: created.bucketId }));
    expect(err.code).toBe("unexpected_response");
    expect(err.message).toContain("buckets.0.revision");
    fake.buckets.delete(created.bucketId);
  });

  it("pages through b2_list_keys", async () => {
    const b2 = await connectB2(master(), fast);
    const bucket = await b2.createBucket({
      bucketName: "paging-bucket",
      bucketType: "allPrivate",
      lifecycleRules: [],
      defaultServerSideEncryption: { mode: "SSE-B2", algorithm: "AES256" },
    });
    for (let i = 0; i < 3; i++) {
      await b2.createKey({ keyName: `k${i}`, capabilities: ["listFiles"], bucketId: bucket.bucketId });
    }
    fake.keyPageSize = 1;
    try {
      const keys = await b2.listKeys();
      expect(keys.map((k) => k.applicationKeyId).sort()).toEqual([...fake.keys.keys()].sort());
      expect(fake.calls("b2_list_keys")).toHaveLength(fake.keys.size);
      expect(fake.calls("b2_list_keys")[1]?.body.startApplicationKeyId).toBe(keys[1]?.applicationKeyId);
    } finally {
      fake.keyPageSize = 10_000;
    }
  });
});

describe("retryAfterMs", () => {
  it("reads delta-seconds and HTTP dates, and ignores garbage", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5000);
    expect(retryAfterMs("Wed, 31 Dec 2025 23:59:00 GMT", now)).toBe(0);
  });
});
