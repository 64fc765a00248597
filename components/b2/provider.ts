import type * as pulumi from "@pulumi/pulumi";
import {
  B2ApiError,
  type B2Client,
  type B2ClientOptions,
  connectB2,
  loadZod,
  type UpdateBucketRequest,
} from "./api.js";
import {
  type B2BucketInputs,
  type B2BucketOutputs,
  bucketInputsSchema,
  lifecycleRulesFor,
  observedBucketFields,
  PULUMI_UNKNOWN,
  SSE_B2,
} from "./inputs.js";

// The dynamic provider for a private B2 bucket and one application key scoped to it.
//
// Pulumi serializes this object (with everything it references) into the state and runs it in a
// separate CommonJS host process. So: no module-level npm imports are referenced at run time
// (zod is loaded by loadZod() at run time; the pulumi import here is type-only), only
// plain functions and constants from this directory, and global fetch.

export type B2BucketProvider = pulumi.dynamic.ResourceProvider<B2BucketInputs, B2BucketOutputs>;

const BUCKET_FIELDS = ["bucketType", "lifecycleDays", "defaultServerSideEncryption"] as const;
const KEY_FIELDS = ["keyName", "capabilities"] as const;
const CREDENTIAL_FIELDS = ["accountId", "masterKey", "apiUrl"] as const;

/** Builds the provider; `clientOptions` tunes retries (tests shorten the backoff). */
export function makeB2BucketProvider(clientOptions: B2ClientOptions = {}): B2BucketProvider {
  const connect = (p: Pick<B2BucketInputs, "accountId" | "masterKey" | "apiUrl">): Promise<B2Client> =>
    connectB2({ keyId: p.accountId, applicationKey: p.masterKey, authUrl: p.apiUrl }, clientOptions);

  return {
    async check(_olds, news) {
      const { z } = loadZod();
      const raw = { ...(news as unknown as Record<string, unknown>) };
      // During preview some inputs are still unknown: validate the rest and pass those through.
      const unknown = Object.keys(raw).filter((k) => containsUnknown(raw[k]));
      const schema = bucketInputsSchema(z);
      const shape = Object.keys(schema.shape).filter((k) => !unknown.includes(k));
      const known = schema.pick(Object.fromEntries(shape.map((k) => [k, true])) as never);
      const parsed = known.safeParse(raw);
      if (!parsed.success) {
        return {
          failures: parsed.error.issues.map((issue) => ({
            property: String(issue.path[0] ?? ""),
            reason: issue.message,
          })),
        };
      }
      const data = parsed.data as Partial<B2BucketInputs>;
      const inputs: Record<string, unknown> = { ...data };
      for (const k of unknown) inputs[k] = raw[k];
      if (inputs.keyName === undefined) inputs.keyName = inputs.bucketName;
      return { inputs: inputs as unknown as B2BucketInputs };
    },

    async diff(_id, olds, news) {
      const replaces = changed(olds.bucketName, news.bucketName) ? ["bucketName"] : [];
      const fields = [...BUCKET_FIELDS, ...KEY_FIELDS, ...CREDENTIAL_FIELDS].filter((f) =>
        changed(olds[f], news[f]),
      );
      const keyMissing = !olds.keyId;
      return {
        changes: replaces.length > 0 || fields.length > 0 || keyMissing,
        replaces,
        stables: replaces.length === 0 ? ["bucketId"] : [],
        deleteBeforeReplace: false,
      };
    },

    async create(inputs) {
      const b2 = await connect(inputs);
      const bucket = await createOrAdoptBucket(b2, inputs);
      let key: Awaited<ReturnType<B2Client["createKey"]>>;
      try {
        key = await b2.createKey({
          keyName: inputs.keyName,
          capabilities: inputs.capabilities,
          bucketId: bucket.bucketId,
        });
      } catch (err) {
        // create must leave nothing behind when it fails: Pulumi will not record the bucket.
        await b2.deleteBucket(bucket.bucketId).catch(() => undefined);
        throw err;
      }
      return {
        id: bucket.bucketId,
        outs: {
          ...inputs,
          ...observedBucketFields(bucket),
          bucketId: bucket.bucketId,
          keyId: key.applicationKeyId,
          applicationKey: key.applicationKey,
          s3Endpoint: b2.s3ApiUrl ?? "",
        },
      };
    },

    async read(id, props) {
      if (!props) throw new Error(`B2 bucket ${id}: cannot read without the stored credentials`);
      const b2 = await connect(props);
      const bucket = await findBucket(b2, id);
      // An empty id tells Pulumi the bucket is gone.
      if (!bucket) return { id: "" };
      let keyId = props.keyId;
      let applicationKey = props.applicationKey;
      if (keyId && !(await keyExists(b2, keyId))) {
        // Deleted outside Pulumi: forget it so the next diff creates a new one.
        keyId = "";
        applicationKey = "";
      }
      return {
        id,
        props: {
          ...props,
          ...observedBucketFields(bucket),
          bucketId: id,
          keyId,
          applicationKey,
          s3Endpoint: b2.s3ApiUrl ?? props.s3Endpoint ?? "",
        },
      };
    },

    async update(id, olds, news) {
      const b2 = await connect(news);
      await updateBucketIfChanged(b2, id, olds, news);
      let keyId = olds.keyId;
      let applicationKey = olds.applicationKey;
      if (!keyId || KEY_FIELDS.some((f) => changed(olds[f], news[f]))) {
        // A key's capabilities cannot be edited: make the new one, then retire the old one.
        const key = await b2.createKey({
          keyName: news.keyName,
          capabilities: news.capabilities,
          bucketId: id,
        });
        if (keyId) {
          try {
            await deleteKeyIfPresent(b2, keyId);
          } catch (err) {
            await deleteKeyIfPresent(b2, key.applicationKeyId).catch(() => undefined);
            throw err;
          }
        }
        keyId = key.applicationKeyId;
        applicationKey = key.applicationKey;
      }
      const bucket = await findBucket(b2, id);
      return {
        outs: {
          ...news,
          ...(bucket ? observedBucketFields(bucket) : {}),
          bucketId: id,
          keyId,
          applicationKey,
          s3Endpoint: b2.s3ApiUrl ?? olds.s3Endpoint ?? "",
        },
      };
    },

    async delete(id, props) {
      const b2 = await connect(props);
      if (props.keyId) await deleteKeyIfPresent(b2, props.keyId);
      await deleteBucketIfPresent(b2, id, props.bucketName);
    },
  };
}

async function createOrAdoptBucket(b2: B2Client, inputs: B2BucketInputs) {
  try {
    return await b2.createBucket({
      bucketName: inputs.bucketName,
      bucketType: inputs.bucketType,
      lifecycleRules: lifecycleRulesFor(inputs.lifecycleDays),
      defaultServerSideEncryption: SSE_B2,
    });
  } catch (err) {
    if (!(err instanceof B2ApiError) || err.code !== "duplicate_bucket_name") throw err;
    // After a retried request the first attempt may have created it: then it is ours to keep.
    if (err.attempts > 1) {
      const [mine] = await b2.listBuckets({ bucketName: inputs.bucketName });
      if (mine) return mine;
    }
    throw new B2ApiError(
      err.operation,
      err.status,
      err.code,
      `bucket name "${inputs.bucketName}" is taken (B2 bucket names are global across accounts; ` +
        "an existing bucket of this account is not adopted: delete it or choose another name)",
      err.attempts,
    );
  }
}

/** Sends only what changed, guarded by the revision just read. */
async function updateBucketIfChanged(b2: B2Client, id: string, olds: B2BucketOutputs, news: B2BucketInputs) {
  if (!BUCKET_FIELDS.some((f) => changed(olds[f], news[f]))) return;
  for (let attempt = 1; ; attempt++) {
    const current = await findBucket(b2, id);
    if (!current) {
      throw new Error(`B2 bucket ${olds.bucketName} (${id}) no longer exists; run \`pulumi refresh\``);
    }
    const req: UpdateBucketRequest = { bucketId: id, ifRevisionIs: current.revision };
    if (changed(olds.bucketType, news.bucketType)) req.bucketType = news.bucketType;
    if (changed(olds.lifecycleDays, news.lifecycleDays))
      req.lifecycleRules = lifecycleRulesFor(news.lifecycleDays);
    if (changed(olds.defaultServerSideEncryption, news.defaultServerSideEncryption)) {
      req.defaultServerSideEncryption = SSE_B2;
    }
    try {
      await b2.updateBucket(req);
      return;
    } catch (err) {
      // Someone changed the bucket between our read and our write: read again, once.
      if (attempt < 2 && err instanceof B2ApiError && err.status === 409) continue;
      throw err;
    }
  }
}

async function findBucket(b2: B2Client, bucketId: string) {
  let buckets: Awaited<ReturnType<B2Client["listBuckets"]>>;
  try {
    buckets = await b2.listBuckets({ bucketId });
  } catch (err) {
    if (!(err instanceof B2ApiError) || err.status !== 400) throw err;
    // B2 may refuse a filter on an id it does not know; the unfiltered list is the authority.
    buckets = await b2.listBuckets();
  }
  return buckets.find((b) => b.bucketId === bucketId);
}

async function keyExists(b2: B2Client, keyId: string): Promise<boolean> {
  const keys = await b2.listKeys();
  return keys.some((k) => k.applicationKeyId === keyId);
}

/** Deleting a key that is already gone succeeds; B2's error is trusted only after checking the list. */
async function deleteKeyIfPresent(b2: B2Client, keyId: string): Promise<void> {
  try {
    await b2.deleteKey(keyId);
  } catch (err) {
    if (
      err instanceof B2ApiError &&
      (err.status === 400 || err.status === 404) &&
      !(await keyExists(b2, keyId))
    ) {
      return;
    }
    throw err;
  }
}

async function deleteBucketIfPresent(b2: B2Client, bucketId: string, bucketName: string): Promise<void> {
  try {
    await b2.deleteBucket(bucketId);
  } catch (err) {
    if (!(err instanceof B2ApiError)) throw err;
    if (err.code === "cannot_delete_non_empty_bucket") {
      throw new B2ApiError(
        err.operation,
        err.status,
        err.code,
        `bucket ${bucketName} still holds file versions and B2 deletes only empty buckets; ` +
          "empty it first (for example `b2 rm --versions --recursive b2://" +
          bucketName +
          "`) or keep it with `protect`/`retainOnDelete`",
        err.attempts,
      );
    }
    if ((err.status === 400 || err.status === 404) && !(await findBucket(b2, bucketId))) return;
    throw err;
  }
}

function changed(a: unknown, b: unknown): boolean {
  if (containsUnknown(b)) return true;
  return JSON.stringify(a ?? null) !== JSON.stringify(b ?? null);
}

function containsUnknown(v: unknown): boolean {
  if (v === PULUMI_UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  return false;
}
