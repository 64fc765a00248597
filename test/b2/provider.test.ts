import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { B2ApiError } from "../../components/b2/api.js";
import { type B2BucketInputs, type B2BucketOutputs, PULUMI_UNKNOWN } from "../../components/b2/inputs.js";
import { makeB2BucketProvider } from "../../components/b2/provider.js";
import { type FakeB2, startFakeB2 } from "../support/fake-b2.js";

let fake: FakeB2;
const provider = makeB2BucketProvider({ baseDelayMs: 5, maxDelayMs: 2_000, maxAttempts: 4 });
let counter = 0;

beforeAll(async () => {
  fake = await startFakeB2();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

/** Raw inputs as Pulumi hands them to check (defaults not yet filled). */
function raw(extra: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    bucketName: `ocm-backups-${counter}`,
    accountId: fake.masterKeyId,
    masterKey: fake.masterKey,
    apiUrl: fake.url,
    __provider: "serialized provider text",
    ...extra,
  };
}

async function checked(extra: Record<string, unknown> = {}): Promise<B2BucketInputs> {
  const result = await provider.check!({} as B2BucketInputs, raw(extra) as unknown as B2BucketInputs);
  expect(result.failures).toBeUndefined();
  return result.inputs!;
}

async function created(extra: Record<string, unknown> = {}) {
  const inputs = await checked(extra);
  const result = await provider.create(inputs);
  return { inputs, id: result.id, outs: result.outs! };
}

async function failure(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return err as Error;
}

describe("check", () => {
  it("fills the defaults: private, SSE-B2, 30 days, backup capabilities, key named after the bucket", async () => {
    const inputs = await checked({ bucketName: "ocm-backups-main" });
    expect(inputs).toEqual({
      bucketName: "ocm-backups-main",
      bucketType: "allPrivate",
      lifecycleDays: 30,
      defaultServerSideEncryption: "SSE-B2",
      keyName: "ocm-backups-main",
      capabilities: ["deleteFiles", "listBuckets", "listFiles", "readFiles", "writeFiles"],
      accountId: fake.masterKeyId,
      masterKey: fake.masterKey,
      apiUrl: fake.url,
    });
  });

  it.each([
    ["short", "6 to 63 characters"],
    ["x".repeat(64), "6 to 63 characters"],
    ["has_underscore", 'only letters, digits and "-"'],
    ["b2-reserved", 'starting with "b2-"'],
  ])("refuses bucket name %s", async (bucketName, reason) => {
    const result = await provider.check!(
      {} as B2BucketInputs,
      raw({ bucketName }) as unknown as B2BucketInputs,
    );
    expect(result.inputs).toBeUndefined();
    expect(result.failures).toEqual([{ property: "bucketName", reason: expect.stringContaining(reason) }]);
  });

  it("refuses bad capabilities, lifecycle days and missing credentials, naming each property", async () => {
    const result = await provider.check!(
      {} as B2BucketInputs,
      raw({ capabilities: ["writeKeys"], lifecycleDays: 0, masterKey: "" }) as unknown as B2BucketInputs,
    );
    expect(result.failures?.map((f) => f.property).sort()).toEqual([
      "capabilities",
      "lifecycleDays",
      "masterKey",
    ]);
  });

  it("sorts and de-duplicates capabilities so order is not a change", async () => {
    const inputs = await checked({ capabilities: ["writeFiles", "listFiles", "writeFiles"] });
    expect(inputs.capabilities).toEqual(["listFiles", "writeFiles"]);
  });

  it("passes unknown (preview) values through and validates the rest", async () => {
    const inputs = await checked({ bucketName: PULUMI_UNKNOWN, lifecycleDays: PULUMI_UNKNOWN });
    expect(inputs.bucketName).toBe(PULUMI_UNKNOWN);
    expect(inputs.lifecycleDays).toBe(PULUMI_UNKNOWN);
    expect(inputs.bucketType).toBe("allPrivate");
    const bad = await provider.check!(
      {} as B2BucketInputs,
      raw({ bucketName: PULUMI_UNKNOWN, keyName: "bad name" }) as unknown as B2BucketInputs,
    );
    expect(bad.failures?.map((f) => f.property)).toEqual(["keyName"]);
  });
});

describe("create", () => {
  it("creates a private SSE-B2 bucket with the retention rule and a key scoped to it", async () => {
    const { id, outs, inputs } = await created();
    const bucket = fake.buckets.get(id)!;
    expect(bucket).toMatchObject({
      bucketName: inputs.bucketName,
      bucketType: "allPrivate",
      lifecycleRules: [{ fileNamePrefix: "", daysFromUploadingToHiding: 30, daysFromHidingToDeleting: 1 }],
      defaultServerSideEncryption: { mode: "SSE-B2", algorithm: "AES256" },
    });
    const key = fake.keys.get(outs.keyId)!;
    expect(key.bucketId).toBe(id);
    expect(key.capabilities).toEqual(inputs.capabilities);
    expect(key.keyName).toBe(inputs.bucketName);
    expect(outs).toMatchObject({
      bucketId: id,
      bucketName: inputs.bucketName,
      keyId: key.applicationKeyId,
      applicationKey: key.applicationKey,
      s3Endpoint: `${fake.url}/s3`,
      lifecycleDays: 30,
      defaultServerSideEncryption: "SSE-B2",
    });
  });

  it("rides out 503s and 429s from B2", async () => {
    fake.failNext(2, { status: 503, operation: "b2_create_bucket" });
    fake.failNext(1, { status: 429, operation: "b2_create_key" });
    const { id } = await created();
    expect(fake.buckets.has(id)).toBe(true);
    expect(fake.calls("b2_create_bucket").map((r) => r.status)).toEqual([503, 503, 200]);
    expect(fake.calls("b2_create_key").map((r) => r.status)).toEqual([429, 200]);
  });

  it("keeps the bucket its own lost response created (retried create answers duplicate_bucket_name)", async () => {
    const inputs = await checked();
    fake.failNext(1, { status: 503, operation: "b2_create_bucket", afterApplying: true });
    const { id } = await provider.create(inputs);
    expect(fake.calls("b2_create_bucket").map((r) => r.status)).toEqual([503, 400]);
    expect([...fake.buckets.values()].filter((b) => b.bucketName === inputs.bucketName)).toHaveLength(1);
    expect(fake.buckets.get(id)?.bucketName).toBe(inputs.bucketName);
  });

  it("explains a name held by another account", async () => {
    const inputs = await checked();
    fake.takenNames.add(inputs.bucketName);
    const err = await failure(provider.create(inputs));
    expect(err.message).toContain("HTTP 400 duplicate_bucket_name");
    expect(err.message).toContain(`bucket name "${inputs.bucketName}" is taken`);
  });

  it("leaves no bucket behind when the key cannot be created", async () => {
    const inputs = await checked();
    const before = fake.buckets.size;
    fake.failNext(1, { status: 400, code: "bad_request", operation: "b2_create_key" });
    const err = await failure(provider.create(inputs));
    expect(err).toBeInstanceOf(B2ApiError);
    expect(fake.buckets.size).toBe(before);
  });

  it("fails wrong credentials clearly, without the key", async () => {
    const inputs = await checked({ masterKey: "K0not-the-right-key-123" });
    const err = await failure(provider.create(inputs));
    expect(err.message).toMatch(/HTTP 401 unauthorized.*check the B2 key ID and application key/);
    expect(err.message).not.toContain("K0not-the-right-key-123");
  });
});

describe("diff", () => {
  let olds: B2BucketOutputs;
  let inputs: B2BucketInputs;
  beforeAll(async () => {
    const c = await created();
    olds = c.outs;
    inputs = c.inputs;
  });

  it("reports no change for the same inputs", async () => {
    expect(await provider.diff!(olds.bucketId, olds, inputs)).toMatchObject({ changes: false, replaces: [] });
  });

  it("replaces on a new bucket name", async () => {
    const d = await provider.diff!(olds.bucketId, olds, { ...inputs, bucketName: "another-name" });
    expect(d).toMatchObject({ changes: true, replaces: ["bucketName"] });
  });

  it("updates in place for lifecycle, key capabilities and credentials", async () => {
    for (const news of [
      { ...inputs, lifecycleDays: 14 },
      { ...inputs, capabilities: ["listFiles" as const] },
      { ...inputs, keyName: "renamed" },
      { ...inputs, masterKey: "rotated" },
    ]) {
      expect(await provider.diff!(olds.bucketId, olds, news)).toMatchObject({ changes: true, replaces: [] });
    }
  });

  it("treats an unknown bucket name as a replacement and other unknowns as changes", async () => {
    const u = PULUMI_UNKNOWN as unknown as number;
    expect(
      await provider.diff!(olds.bucketId, olds, { ...inputs, bucketName: PULUMI_UNKNOWN }),
    ).toMatchObject({
      replaces: ["bucketName"],
    });
    expect(await provider.diff!(olds.bucketId, olds, { ...inputs, lifecycleDays: u })).toMatchObject({
      changes: true,
      replaces: [],
    });
  });

  it("sees drift read back from B2 as a change", async () => {
    expect(
      await provider.diff!(olds.bucketId, { ...olds, defaultServerSideEncryption: "none" }, inputs),
    ).toMatchObject({ changes: true, replaces: [] });
  });
});

describe("update", () => {
  it("sends only the lifecycle rules, guarded by the current revision, and keeps the key", async () => {
    const { id, outs, inputs } = await created();
    fake.requests.length = 0;
    const revision = fake.buckets.get(id)!.revision;
    const { outs: after } = await provider.update!(id, outs, { ...inputs, lifecycleDays: 14 });
    const [call] = fake.calls("b2_update_bucket");
    expect(call?.body).toEqual({
      accountId: fake.accountId,
      bucketId: id,
      ifRevisionIs: revision,
      lifecycleRules: [{ fileNamePrefix: "", daysFromUploadingToHiding: 14, daysFromHidingToDeleting: 1 }],
    });
    expect(fake.calls("b2_create_key")).toHaveLength(0);
    expect(after).toMatchObject({
      lifecycleDays: 14,
      keyId: outs.keyId,
      applicationKey: outs.applicationKey,
    });
  });

  it("makes no B2 write when only the credentials change", async () => {
    const { id, outs, inputs } = await created();
    fake.requests.length = 0;
    const { outs: after } = await provider.update!(id, outs, { ...inputs, accountId: fake.accountId });
    expect(fake.requests.map((r) => r.operation)).toEqual(["b2_authorize_account", "b2_list_buckets"]);
    expect(after?.accountId).toBe(fake.accountId);
  });

  it("puts back encryption and type changed outside Pulumi (read, diff, update)", async () => {
    const { id, outs, inputs } = await created();
    fake.mutateBucket(id, {
      defaultServerSideEncryption: { mode: null, algorithm: null },
      bucketType: "allPublic",
    });
    const read = await provider.read!(id, outs);
    expect(read.props).toMatchObject({ defaultServerSideEncryption: "none", bucketType: "allPublic" });
    const refreshed = read.props as B2BucketOutputs;
    expect(await provider.diff!(id, refreshed, inputs)).toMatchObject({ changes: true, replaces: [] });
    fake.requests.length = 0;
    await provider.update!(id, refreshed, inputs);
    const [call] = fake.calls("b2_update_bucket");
    expect(Object.keys(call?.body ?? {}).sort()).toEqual([
      "accountId",
      "bucketId",
      "bucketType",
      "defaultServerSideEncryption",
      "ifRevisionIs",
    ]);
    expect(fake.buckets.get(id)).toMatchObject({
      bucketType: "allPrivate",
      defaultServerSideEncryption: { mode: "SSE-B2", algorithm: "AES256" },
    });
  });

  it("reads again and retries once when the revision moved under it", async () => {
    const { id, outs, inputs } = await created();
    fake.failNext(1, { status: 409, code: "conflict", operation: "b2_update_bucket" });
    await provider.update!(id, outs, { ...inputs, lifecycleDays: 7 });
    expect(fake.calls("b2_update_bucket").map((r) => r.status)).toEqual([409, 200]);
    expect(fake.buckets.get(id)?.lifecycleRules).toEqual([
      { fileNamePrefix: "", daysFromUploadingToHiding: 7, daysFromHidingToDeleting: 1 },
    ]);
  });

  it("replaces the key (new one scoped to the bucket, old one deleted) when capabilities change", async () => {
    const { id, outs, inputs } = await created();
    fake.requests.length = 0;
    const { outs: after } = await provider.update!(id, outs, {
      ...inputs,
      capabilities: ["listFiles", "readFiles"],
    });
    expect(fake.calls("b2_update_bucket")).toHaveLength(0);
    expect(after?.keyId).not.toBe(outs.keyId);
    expect(fake.keys.has(outs.keyId)).toBe(false);
    expect(fake.keys.get(after!.keyId)).toMatchObject({
      bucketId: id,
      capabilities: ["listFiles", "readFiles"],
      applicationKey: after!.applicationKey,
    });
  });

  it("creates a key again when it was deleted outside Pulumi (read forgets it)", async () => {
    const { id, outs, inputs } = await created();
    fake.keys.delete(outs.keyId);
    const read = await provider.read!(id, outs);
    const refreshed = read.props as B2BucketOutputs;
    expect(refreshed.keyId).toBe("");
    expect(await provider.diff!(id, refreshed, inputs)).toMatchObject({ changes: true, replaces: [] });
    const { outs: after } = await provider.update!(id, refreshed, inputs);
    expect(fake.keys.get(after!.keyId)?.bucketId).toBe(id);
  });
});

describe("read", () => {
  it("reports a bucket deleted outside Pulumi as gone", async () => {
    const { id, outs } = await created();
    fake.buckets.delete(id);
    expect(await provider.read!(id, outs)).toEqual({ id: "" });
  });
});

describe("delete", () => {
  it("deletes the key, then the bucket", async () => {
    const { id, outs } = await created();
    fake.requests.length = 0;
    await provider.delete!(id, outs);
    expect(fake.requests.map((r) => `${r.operation} ${r.status}`)).toEqual([
      "b2_authorize_account 200",
      "b2_delete_key 200",
      "b2_delete_bucket 200",
    ]);
    expect(fake.buckets.has(id)).toBe(false);
    expect(fake.keys.has(outs.keyId)).toBe(false);
  });

  it("is idempotent: deleting again, or after the bucket and key vanished, succeeds", async () => {
    const { id, outs } = await created();
    await provider.delete!(id, outs);
    await provider.delete!(id, outs);
    // The fake answered the second round with B2's errors, which the provider confirmed by listing.
    expect(fake.calls("b2_delete_key").map((r) => r.status)).toEqual([200, 400]);
    expect(fake.calls("b2_delete_bucket").map((r) => r.status)).toEqual([200, 400]);
  });

  it("confirms a vanished bucket from the full list when B2 refuses the filtered one", async () => {
    const { id, outs } = await created();
    fake.buckets.delete(id);
    fake.failNext(1, { status: 400, code: "bad_bucket_id", operation: "b2_list_buckets" });
    await provider.delete!(id, outs);
    expect(fake.calls("b2_list_buckets").map((r) => [r.status, r.body.bucketId])).toEqual([
      [400, id],
      [200, undefined],
    ]);
  });

  it("retries a 503 on delete", async () => {
    const { id, outs } = await created();
    fake.failNext(1, { status: 503, retryAfter: "0", operation: "b2_delete_bucket" });
    await provider.delete!(id, outs);
    expect(fake.buckets.has(id)).toBe(false);
  });

  it("refuses to pretend a non-empty bucket is gone, and says what to do", async () => {
    const { id, outs, inputs } = await created();
    fake.addFile(id);
    const err = await failure(provider.delete!(id, outs));
    expect(err.message).toContain("HTTP 400 cannot_delete_non_empty_bucket");
    expect(err.message).toContain(`bucket ${inputs.bucketName} still holds file versions`);
    expect(fake.buckets.has(id)).toBe(true);
  });

  it("does not swallow an error for a bucket that still exists", async () => {
    const { id, outs } = await created();
    fake.failNext(1, { status: 400, code: "bad_request", operation: "b2_delete_bucket" });
    const err = await failure(provider.delete!(id, outs));
    expect(err.message).toContain("HTTP 400 bad_request");
    expect(fake.buckets.has(id)).toBe(true);
  });
});
