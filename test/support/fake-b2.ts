import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A stateful fake of the B2 native API v3 calls the dynamic provider makes, over real HTTP on
// 127.0.0.1. It follows the documented shapes: JSON errors {status, code, message}; 401
// unauthorized / bad_auth_token / expired_auth_token; 400 duplicate_bucket_name, bad_bucket_id,
// cannot_delete_non_empty_bucket; b2_update_bucket's ifRevisionIs. Faults are injected per call.

export interface FakeBucket {
  accountId: string;
  bucketId: string;
  bucketName: string;
  bucketType: string;
  lifecycleRules: unknown[];
  defaultServerSideEncryption: { mode: string | null; algorithm: string | null };
  revision: number;
  /** File versions stored; B2 refuses to delete a bucket that has any. */
  fileCount: number;
}

export interface FakeKey {
  applicationKeyId: string;
  applicationKey: string;
  keyName: string;
  capabilities: string[];
  bucketId: string | null;
  namePrefix: string | null;
}

export interface RecordedRequest {
  operation: string;
  method: string;
  body: Record<string, unknown>;
  /** The status the fake answered with. */
  status: number;
}

export interface Fault {
  status: number;
  code?: string;
  /** Value of a Retry-After header to send. */
  retryAfter?: string;
  /** Only calls to this operation are affected (default: any). */
  operation?: string;
  /** Carry the call out, then answer with the fault anyway (a lost response). */
  afterApplying?: boolean;
}

const ALL_CAPABILITIES = [
  "listKeys",
  "writeKeys",
  "deleteKeys",
  "listBuckets",
  "readBuckets",
  "writeBuckets",
  "deleteBuckets",
  "listFiles",
  "readFiles",
  "writeFiles",
  "deleteFiles",
];

const NEEDS: Record<string, string> = {
  b2_create_bucket: "writeBuckets",
  b2_update_bucket: "writeBuckets",
  b2_list_buckets: "listBuckets",
  b2_delete_bucket: "deleteBuckets",
  b2_create_key: "writeKeys",
  b2_list_keys: "listKeys",
  b2_delete_key: "deleteKeys",
};

class B2Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class FakeB2 {
  readonly accountId = `acct${randomBytes(6).toString("hex")}`;
  /** The master key: its ID is also accepted as the account ID, as on B2. */
  readonly masterKeyId = `0${randomBytes(11).toString("hex")}`;
  readonly masterKey = `K0${randomBytes(15).toString("base64url")}`;
  readonly requests: RecordedRequest[] = [];
  readonly buckets = new Map<string, FakeBucket>();
  readonly keys = new Map<string, FakeKey>();
  /** Names that another account holds. */
  readonly takenNames = new Set<string>();
  /** Most keys b2_list_keys returns per page, whatever maxKeyCount asks (to exercise paging). */
  keyPageSize = 10_000;
  private readonly tokens = new Map<string, { keyId: string; expired: boolean }>();
  private readonly faults: Fault[] = [];
  private server: Server | undefined;
  url = "";

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: 500, code: "internal_error", message: String(err) }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `count` matching calls answer with `fault`. */
  failNext(count: number, fault: Fault): void {
    for (let i = 0; i < count; i++) this.faults.push(fault);
  }

  /** Every token issued so far now answers 401 expired_auth_token. */
  expireTokens(): void {
    for (const t of this.tokens.values()) t.expired = true;
  }

  /** Simulates an upload (a bucket with files cannot be deleted). */
  addFile(bucketId: string): void {
    const bucket = this.buckets.get(bucketId);
    if (!bucket) throw new Error(`no bucket ${bucketId}`);
    bucket.fileCount++;
  }

  /** Changes a bucket behind the provider's back (drift), bumping its revision as B2 does. */
  mutateBucket(bucketId: string, patch: Partial<FakeBucket>): void {
    const bucket = this.buckets.get(bucketId);
    if (!bucket) throw new Error(`no bucket ${bucketId}`);
    Object.assign(bucket, patch, { revision: bucket.revision + 1 });
  }

  calls(operation: string): RecordedRequest[] {
    return this.requests.filter((r) => r.operation === operation);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const operation = url.pathname.replace(/^\/b2api\/v3\//, "");
    const raw = await readBody(req);
    const record: RecordedRequest = { operation, method: req.method ?? "", body: {}, status: 0 };
    this.requests.push(record);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    let parsed: unknown;
    try {
      parsed = raw ? JSON.parse(raw) : {};
    } catch {
      parsed = undefined;
    }
    // Recorded before any fault, so tests can see what a refused call asked for.
    if (operation !== "b2_authorize_account" && parsed) record.body = parsed as Record<string, unknown>;
    const fault = this.takeFault(operation);
    try {
      if (fault && !fault.afterApplying) throw fault;
      let result: unknown;
      if (operation === "b2_authorize_account") {
        result = this.authorize(req);
      } else {
        if (!parsed) throw new B2Error(400, "bad_json", "request body is not JSON");
        if (req.method !== "POST") throw new B2Error(405, "method_not_allowed", "use POST");
        const key = this.authenticate(req.headers.authorization, operation);
        result = this.dispatch(operation, record.body, key);
      }
      if (fault) throw fault;
      send(200, result);
    } catch (err) {
      if (err instanceof B2Error) {
        send(err.status, { status: err.status, code: err.code, message: err.message });
      } else if (fault && err === fault) {
        const headers: Record<string, string> = fault.retryAfter ? { "retry-after": fault.retryAfter } : {};
        const code = fault.code ?? (fault.status === 429 ? "too_many_requests" : "service_unavailable");
        send(fault.status, { status: fault.status, code, message: `injected ${code}` }, headers);
      } else {
        throw err;
      }
    }
  }

  private takeFault(operation: string): Fault | undefined {
    const index = this.faults.findIndex((f) => !f.operation || f.operation === operation);
    if (index < 0) return undefined;
    return this.faults.splice(index, 1)[0];
  }

  private authorize(req: IncomingMessage): unknown {
    if (req.method !== "GET") throw new B2Error(405, "method_not_allowed", "use GET");
    const header = req.headers.authorization ?? "";
    const [scheme, encoded] = header.split(" ");
    if (scheme !== "Basic" || !encoded) throw new B2Error(401, "bad_auth_token", "basic auth required");
    const decoded = Buffer.from(encoded, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const keyId = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    const isMaster = (keyId === this.masterKeyId || keyId === this.accountId) && secret === this.masterKey;
    const key = this.keys.get(keyId);
    if (!isMaster && key?.applicationKey !== secret)
      throw new B2Error(401, "unauthorized", "invalid key id or key");
    const token = `4_${randomBytes(16).toString("hex")}`;
    this.tokens.set(token, { keyId: isMaster ? this.masterKeyId : keyId, expired: false });
    return {
      accountId: this.accountId,
      authorizationToken: token,
      apiInfo: {
        storageApi: {
          apiUrl: this.url,
          downloadUrl: this.url,
          s3ApiUrl: `${this.url}/s3`,
          absoluteMinimumPartSize: 5_000_000,
          recommendedPartSize: 100_000_000,
          allowed: {
            buckets: null,
            capabilities: isMaster ? ALL_CAPABILITIES : key?.capabilities,
            namePrefix: null,
          },
          infoType: "storageApi",
        },
      },
      applicationKeyExpirationTimestamp: null,
    };
  }

  private authenticate(header: string | undefined, operation: string): { capabilities: string[] } {
    const token = header ? this.tokens.get(header) : undefined;
    if (!token) throw new B2Error(401, "bad_auth_token", "invalid authorization token");
    if (token.expired) throw new B2Error(401, "expired_auth_token", "authorization token has expired");
    const capabilities =
      token.keyId === this.masterKeyId ? ALL_CAPABILITIES : (this.keys.get(token.keyId)?.capabilities ?? []);
    const needed = NEEDS[operation];
    if (needed && !capabilities.includes(needed)) throw new B2Error(401, "unauthorized", `needs ${needed}`);
    return { capabilities };
  }

  private dispatch(
    operation: string,
    body: Record<string, unknown>,
    _key: { capabilities: string[] },
  ): unknown {
    if (operation !== "b2_delete_key" && body.accountId !== this.accountId) {
      throw new B2Error(401, "unauthorized", "accountId does not match the authorization");
    }
    switch (operation) {
      case "b2_create_bucket":
        return this.createBucket(body);
      case "b2_update_bucket":
        return this.updateBucket(body);
      case "b2_list_buckets": {
        const list = [...this.buckets.values()].filter(
          (b) =>
            (body.bucketId === undefined || b.bucketId === body.bucketId) &&
            (body.bucketName === undefined || b.bucketName === body.bucketName),
        );
        return { buckets: list.map(bucketJson) };
      }
      case "b2_delete_bucket": {
        const bucket = this.bucket(body.bucketId);
        if (bucket.fileCount > 0) {
          throw new B2Error(400, "cannot_delete_non_empty_bucket", "Cannot delete non-empty bucket");
        }
        this.buckets.delete(bucket.bucketId);
        return bucketJson(bucket);
      }
      case "b2_create_key":
        return this.createKey(body);
      case "b2_list_keys": {
        const all = [...this.keys.values()].sort((a, b) =>
          a.applicationKeyId.localeCompare(b.applicationKeyId),
        );
        const start = typeof body.startApplicationKeyId === "string" ? body.startApplicationKeyId : "";
        const asked = typeof body.maxKeyCount === "number" ? body.maxKeyCount : 100;
        const max = Math.min(asked, this.keyPageSize);
        const rest = all.filter((k) => k.applicationKeyId >= start);
        const page = rest.slice(0, max);
        return {
          keys: page.map(keyJson(this.accountId)),
          nextApplicationKeyId: rest[max]?.applicationKeyId ?? null,
        };
      }
      case "b2_delete_key": {
        const key =
          typeof body.applicationKeyId === "string" ? this.keys.get(body.applicationKeyId) : undefined;
        if (!key) throw new B2Error(400, "bad_request", "applicationKeyId is not valid");
        this.keys.delete(key.applicationKeyId);
        return keyJson(this.accountId)(key);
      }
      default:
        throw new B2Error(404, "not_found", `unknown operation ${operation}`);
    }
  }

  private bucket(id: unknown): FakeBucket {
    const bucket = typeof id === "string" ? this.buckets.get(id) : undefined;
    if (!bucket) throw new B2Error(400, "bad_bucket_id", `Invalid bucketId: ${String(id)}`);
    return bucket;
  }

  private createBucket(body: Record<string, unknown>): unknown {
    const name = body.bucketName;
    if (typeof name !== "string" || !/^[A-Za-z0-9-]{6,63}$/.test(name) || /^b2-/i.test(name)) {
      throw new B2Error(400, "bad_request", `Invalid bucketName: ${String(name)}`);
    }
    if (body.bucketType !== "allPrivate" && body.bucketType !== "allPublic") {
      throw new B2Error(400, "bad_request", "bucketType must be allPrivate or allPublic");
    }
    if (this.takenNames.has(name) || [...this.buckets.values()].some((b) => b.bucketName === name)) {
      throw new B2Error(400, "duplicate_bucket_name", "Bucket name is already in use.");
    }
    const bucket: FakeBucket = {
      accountId: this.accountId,
      bucketId: randomBytes(12).toString("hex"),
      bucketName: name,
      bucketType: body.bucketType,
      lifecycleRules: Array.isArray(body.lifecycleRules) ? body.lifecycleRules : [],
      defaultServerSideEncryption: encryptionOf(body.defaultServerSideEncryption),
      revision: 1,
      fileCount: 0,
    };
    this.buckets.set(bucket.bucketId, bucket);
    return bucketJson(bucket);
  }

  private updateBucket(body: Record<string, unknown>): unknown {
    const bucket = this.bucket(body.bucketId);
    if (body.ifRevisionIs !== undefined && body.ifRevisionIs !== bucket.revision) {
      throw new B2Error(409, "conflict", `revision is ${bucket.revision}, not ${String(body.ifRevisionIs)}`);
    }
    if (body.bucketType !== undefined) bucket.bucketType = String(body.bucketType);
    if (Array.isArray(body.lifecycleRules)) bucket.lifecycleRules = body.lifecycleRules;
    if (body.defaultServerSideEncryption !== undefined) {
      bucket.defaultServerSideEncryption = encryptionOf(body.defaultServerSideEncryption);
    }
    bucket.revision++;
    return bucketJson(bucket);
  }

  private createKey(body: Record<string, unknown>): unknown {
    const capabilities = body.capabilities;
    if (!Array.isArray(capabilities) || capabilities.length === 0) {
      throw new B2Error(400, "bad_request", "capabilities required");
    }
    if (typeof body.keyName !== "string" || !/^[A-Za-z0-9-]{1,100}$/.test(body.keyName)) {
      throw new B2Error(400, "bad_request", "Invalid keyName");
    }
    if (body.bucketId !== undefined) this.bucket(body.bucketId);
    const key: FakeKey = {
      applicationKeyId: `005${randomBytes(11).toString("hex")}`,
      applicationKey: `K005${randomBytes(15).toString("base64url")}`,
      keyName: body.keyName,
      capabilities: capabilities.map(String),
      bucketId: typeof body.bucketId === "string" ? body.bucketId : null,
      namePrefix: typeof body.namePrefix === "string" ? body.namePrefix : null,
    };
    this.keys.set(key.applicationKeyId, key);
    return { ...keyJson(this.accountId)(key), applicationKey: key.applicationKey };
  }
}

function encryptionOf(value: unknown): FakeBucket["defaultServerSideEncryption"] {
  const v = value as { mode?: unknown; algorithm?: unknown } | undefined;
  if (v?.mode === "SSE-B2")
    return { mode: "SSE-B2", algorithm: typeof v.algorithm === "string" ? v.algorithm : "AES256" };
  return { mode: null, algorithm: null };
}

function bucketJson(b: FakeBucket): unknown {
  return {
    accountId: b.accountId,
    bucketId: b.bucketId,
    bucketName: b.bucketName,
    bucketType: b.bucketType,
    bucketInfo: {},
    corsRules: [],
    lifecycleRules: b.lifecycleRules,
    defaultServerSideEncryption: { isClientAuthorizedToRead: true, value: b.defaultServerSideEncryption },
    fileLockConfiguration: { isClientAuthorizedToRead: true, value: { isFileLockEnabled: false } },
    options: ["s3"],
    revision: b.revision,
  };
}

function keyJson(accountId: string) {
  return (k: FakeKey) => ({
    accountId,
    applicationKeyId: k.applicationKeyId,
    keyName: k.keyName,
    capabilities: k.capabilities,
    bucketId: k.bucketId,
    namePrefix: k.namePrefix,
    expirationTimestamp: null,
    options: ["s3"],
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function startFakeB2(): Promise<FakeB2> {
  return new FakeB2().start();
}
