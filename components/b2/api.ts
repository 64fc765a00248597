import type { z as Zod } from "zod";
import {
  type B2Authorization,
  type B2BucketInfo,
  type B2CreatedKey,
  type B2KeyInfo,
  type B2LifecycleRule,
  type B2Schemas,
  b2Schemas,
} from "./schemas.js";

// A small client for the B2 native API v3 (https://www.backblaze.com/apidocs).
// Everything here is reachable from the serialized dynamic provider, so it keeps to plain functions,
// one error class, global fetch/Buffer/setTimeout, and zod loaded at run time (see schemas.ts).

/** Where b2_authorize_account lives; the storage API URL comes from its answer. */
export const B2_DEFAULT_AUTH_URL = "https://api.backblazeb2.com";

export interface B2Credentials {
  /** Application key ID (for the master key, the account ID works too). */
  keyId: string;
  applicationKey: string;
  /** Base URL of b2_authorize_account; default {@link B2_DEFAULT_AUTH_URL}. */
  authUrl?: string;
}

export interface B2ClientOptions {
  /** Tries per call, counting the first (default 6). */
  maxAttempts?: number;
  /** First backoff step; doubled per retry with full jitter (default 500 ms). */
  baseDelayMs?: number;
  /** Ceiling for one wait, Retry-After included (default 64 s). */
  maxDelayMs?: number;
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
}

/** A failed B2 call: the operation, HTTP status, B2 error code and B2's message; never credentials. */
export class B2ApiError extends Error {
  override readonly name = "B2ApiError";
  readonly operation: string;
  readonly status: number;
  readonly code: string;
  /** How many requests were sent for this call (more than 1 when it was retried). */
  readonly attempts: number;
  /** B2's own message (already redacted). */
  readonly detail: string;

  constructor(operation: string, status: number, code: string, detail: string, attempts: number) {
    super(`B2 ${operation} failed: HTTP ${status} ${code}: ${detail}`);
    this.operation = operation;
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.attempts = attempts;
  }
}

export interface CreateBucketRequest {
  bucketName: string;
  bucketType: "allPrivate" | "allPublic";
  lifecycleRules: B2LifecycleRule[];
  defaultServerSideEncryption: { mode: "SSE-B2"; algorithm: "AES256" } | { mode: null };
  bucketInfo?: Record<string, string>;
}

export interface UpdateBucketRequest {
  bucketId: string;
  /** The bucket's revision as last read: B2 refuses the update if it changed since (ifRevisionIs). */
  ifRevisionIs: number;
  bucketType?: "allPrivate" | "allPublic";
  lifecycleRules?: B2LifecycleRule[];
  defaultServerSideEncryption?: CreateBucketRequest["defaultServerSideEncryption"];
}

export interface CreateKeyRequest {
  keyName: string;
  capabilities: string[];
  bucketId: string;
  namePrefix?: string;
}

export interface B2Client {
  /** The account the credentials belong to (from b2_authorize_account). */
  readonly accountId: string;
  /** The S3-compatible endpoint for this account, when B2 reports one. */
  readonly s3ApiUrl: string | undefined;
  createBucket(req: CreateBucketRequest): Promise<B2BucketInfo>;
  updateBucket(req: UpdateBucketRequest): Promise<B2BucketInfo>;
  /** Lists buckets, narrowed to one by id or name when given. */
  listBuckets(filter?: { bucketId?: string; bucketName?: string }): Promise<B2BucketInfo[]>;
  deleteBucket(bucketId: string): Promise<B2BucketInfo>;
  createKey(req: CreateKeyRequest): Promise<B2CreatedKey>;
  /** Every key of the account (follows nextApplicationKeyId). */
  listKeys(): Promise<B2KeyInfo[]>;
  deleteKey(applicationKeyId: string): Promise<B2KeyInfo>;
}

interface Session {
  readonly auth: B2Authorization;
  readonly secrets: string[];
}

interface CallContext {
  readonly schemas: B2Schemas;
  readonly options: Required<B2ClientOptions>;
  /** Strings that must never appear in an error message. */
  readonly secrets: () => string[];
}

/**
 * Loads zod at run time in whichever module system the code runs in. Not `import("zod")`: vitest
 * rewrites that into a loader function the closure serializer cannot capture, and not a top-level
 * import: it would be serialized by value. The dynamic provider host evaluates the serialized
 * provider as CommonJS, where `require` exists; an ESM program (or vitest) has none, so resolve
 * from the working directory, which is the Pulumi project's in every case.
 */
export function loadZod(): typeof import("zod") {
  const load: NodeJS.Require =
    typeof require === "function"
      ? require
      : process.getBuiltinModule("node:module").createRequire(`${process.cwd()}/`);
  return load("zod") as typeof import("zod");
}

/** Authorizes with the given key and returns a client that re-authorizes once when the token expires. */
export async function connectB2(
  credentials: B2Credentials,
  options: B2ClientOptions = {},
): Promise<B2Client> {
  const { z } = loadZod();
  const resolved: Required<B2ClientOptions> = {
    maxAttempts: Math.max(1, options.maxAttempts ?? 6),
    baseDelayMs: Math.max(0, options.baseDelayMs ?? 500),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? 64_000),
    timeoutMs: Math.max(1, options.timeoutMs ?? 60_000),
  };
  let session: Session = {
    auth: undefined as unknown as B2Authorization,
    secrets: [credentials.applicationKey],
  };
  const ctx: CallContext = { schemas: b2Schemas(z), options: resolved, secrets: () => session.secrets };
  const authorize = async (): Promise<void> => {
    const auth = await authorizeAccount(ctx, credentials);
    session = { auth, secrets: [credentials.applicationKey, auth.authorizationToken] };
  };
  await authorize();

  async function call<T>(
    operation: string,
    body: Record<string, unknown>,
    schema: Zod.ZodType<T>,
  ): Promise<T> {
    try {
      return await sendWithRetries(ctx, operation, session.auth, body, schema);
    } catch (err) {
      // Tokens live 24 h; a long `pulumi up` can outlive one. Re-authorize once, then give up.
      if (err instanceof B2ApiError && err.status === 401 && err.code === "expired_auth_token") {
        await authorize();
        return sendWithRetries(ctx, operation, session.auth, body, schema);
      }
      throw err;
    }
  }

  const accountId = () => session.auth.accountId;
  return {
    get accountId() {
      return accountId();
    },
    get s3ApiUrl() {
      return session.auth.apiInfo.storageApi.s3ApiUrl;
    },
    createBucket: (req) => call("b2_create_bucket", { accountId: accountId(), ...req }, ctx.schemas.bucket),
    updateBucket: (req) => call("b2_update_bucket", { accountId: accountId(), ...req }, ctx.schemas.bucket),
    listBuckets: async (filter = {}) => {
      const res = await call(
        "b2_list_buckets",
        { accountId: accountId(), ...filter },
        ctx.schemas.listBuckets,
      );
      return res.buckets;
    },
    deleteBucket: (bucketId) =>
      call("b2_delete_bucket", { accountId: accountId(), bucketId }, ctx.schemas.bucket),
    createKey: (req) => call("b2_create_key", { accountId: accountId(), ...req }, ctx.schemas.createdKey),
    listKeys: async () => {
      const keys: B2KeyInfo[] = [];
      let start: string | null | undefined;
      do {
        const body: Record<string, unknown> = { accountId: accountId(), maxKeyCount: 1000 };
        if (start) body.startApplicationKeyId = start;
        const page = await call("b2_list_keys", body, ctx.schemas.listKeys);
        keys.push(...page.keys);
        start = page.nextApplicationKeyId;
      } while (start);
      return keys;
    },
    deleteKey: (applicationKeyId) => call("b2_delete_key", { applicationKeyId }, ctx.schemas.key),
  };
}

async function authorizeAccount(ctx: CallContext, credentials: B2Credentials): Promise<B2Authorization> {
  const base = (credentials.authUrl ?? B2_DEFAULT_AUTH_URL).replace(/\/+$/, "");
  const basic = Buffer.from(`${credentials.keyId}:${credentials.applicationKey}`, "utf8").toString("base64");
  try {
    return await send(
      ctx,
      "b2_authorize_account",
      `${base}/b2api/v3/b2_authorize_account`,
      {
        method: "GET",
        headers: { Authorization: `Basic ${basic}` },
      },
      ctx.schemas.authorize,
    );
  } catch (err) {
    if (err instanceof B2ApiError && err.status === 401) {
      throw new B2ApiError(
        err.operation,
        err.status,
        err.code,
        `${err.detail} (check the B2 key ID and application key)`,
        err.attempts,
      );
    }
    throw err;
  }
}

function sendWithRetries<T>(
  ctx: CallContext,
  operation: string,
  auth: B2Authorization,
  body: Record<string, unknown>,
  schema: Zod.ZodType<T>,
): Promise<T> {
  const apiUrl = auth.apiInfo.storageApi.apiUrl.replace(/\/+$/, "");
  return send(
    ctx,
    operation,
    `${apiUrl}/b2api/v3/${operation}`,
    {
      method: "POST",
      headers: { Authorization: auth.authorizationToken, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    },
    schema,
  );
}

/** One B2 call with retries on 429, 5xx and network failures, honouring Retry-After. */
async function send<T>(
  ctx: CallContext,
  operation: string,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  schema: Zod.ZodType<T>,
): Promise<T> {
  const { maxAttempts } = ctx.options;
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(ctx.options.timeoutMs) });
    } catch (err) {
      const detail = redact(err instanceof Error ? err.message : String(err), ctx.secrets());
      if (attempt >= maxAttempts) throw new B2ApiError(operation, 0, "network_error", detail, attempt);
      await sleep(backoffMs(ctx.options, attempt));
      continue;
    }
    const text = await res.text();
    if (res.ok) {
      const parsed = schema.safeParse(parseJson(text));
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
        throw new B2ApiError(operation, res.status, "unexpected_response", issues.join("; "), attempt);
      }
      return parsed.data;
    }
    const retryable = res.status === 429 || res.status >= 500;
    if (retryable && attempt < maxAttempts) {
      const hinted = retryAfterMs(res.headers.get("retry-after"));
      await sleep(Math.min(hinted ?? backoffMs(ctx.options, attempt), ctx.options.maxDelayMs));
      continue;
    }
    const error = ctx.schemas.error.safeParse(parseJson(text));
    const code = (error.success && error.data.code) || "unknown";
    const message = (error.success && error.data.message) || text.slice(0, 200) || res.statusText;
    throw new B2ApiError(operation, res.status, code, redact(message, ctx.secrets()), attempt);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function backoffMs(options: Required<B2ClientOptions>, attempt: number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.random() * ceiling;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret) out = out.split(secret).join("[redacted]");
  }
  return out;
}
