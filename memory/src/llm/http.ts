/**
 * JSON POST to an OpenAI-compatible endpoint with the retry discipline every model call shares:
 * 429, 408 and 5xx answers, network errors and timeouts are retried with exponential backoff and
 * jitter, a server's Retry-After (or OpenAI's retry-after-ms) is honoured, and the whole thing is
 * bounded in attempts and in total time. Other 4xx answers fail at once: retrying a bad key or a
 * bad request only burns quota.
 *
 * The API key goes in the Authorization header and nowhere else: error messages name the host,
 * path and status, and any echo of the key in a server's error text is masked.
 */
import { redact } from "../redact/index.js";

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff step; doubles per failure. */
  baseDelayMs: number;
  /** Cap on one backoff step. */
  maxDelayMs: number;
  /** Cap on the whole call, waits and attempts included. */
  maxTotalMs: number;
  /** Cap on one attempt (connect, answer and body). */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxTotalMs: 90_000,
  timeoutMs: 60_000,
};

export class ModelRequestError extends Error {
  override name = "ModelRequestError";
  constructor(
    message: string,
    /** Last HTTP status, or null for a network error or timeout. */
    readonly status: number | null,
    readonly attempts: number,
  ) {
    super(message);
  }
}

export interface PostJsonOptions {
  url: string;
  apiKey?: string | null;
  body: unknown;
  policy?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  /** Jitter source (tests pin it). */
  random?: () => number;
}

const RETRYABLE_STATUS = new Set([408, 409, 425, 429]);
const MAX_ERROR_TEXT = 300;

export const isRetryableStatus = (status: number): boolean => RETRYABLE_STATUS.has(status) || status >= 500;

/** Host and path only: a base URL may carry credentials (`https://user:pass@host`). */
export function describeEndpoint(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return "<invalid URL>";
  }
}

/** Wait asked for by the server, in ms (`retry-after-ms`, `Retry-After` seconds or HTTP date). */
export function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const ms = Number(headers.get("retry-after-ms"));
  if (headers.get("retry-after-ms") && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get("retry-after")?.trim();
  if (!value) return null;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Equal jitter: half the exponential step for sure, half at random, so waits never collapse to 0. */
export function backoffMs(failures: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return step / 2 + random() * (step / 2);
}

/** The server's error text, bounded, with the key and anything secret-looking masked. */
function errorText(raw: string, apiKey: string | null | undefined): string {
  let text = raw;
  try {
    const parsed = JSON.parse(raw) as { error?: { message?: unknown } | string; message?: unknown };
    const m = typeof parsed.error === "string" ? parsed.error : (parsed.error?.message ?? parsed.message);
    if (typeof m === "string") text = m;
  } catch {
    // Not JSON (a proxy's HTML page, plain text): keep the raw text.
  }
  if (apiKey) text = text.split(apiKey).join("***");
  text = redact(text.replace(/\s+/g, " ").trim()).text;
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

function networkReason(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError") return "timed out";
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

/** POSTs `body` as JSON and returns the parsed JSON answer, retrying as described above. */
export async function postJson(options: PostJsonOptions): Promise<unknown> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.policy };
  const random = options.random ?? Math.random;
  const endpoint = `POST ${describeEndpoint(options.url)}`;
  const started = Date.now();
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const payload = JSON.stringify(options.body);

  let lastProblem = "";
  let lastStatus: number | null = null;
  for (let attempt = 1; ; attempt++) {
    const remaining = policy.maxTotalMs - (Date.now() - started);
    const timeout = AbortSignal.timeout(Math.max(1, Math.min(policy.timeoutMs, remaining)));
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let waitHint: number | null = null;
    try {
      const res = await fetch(options.url, { method: "POST", headers, body: payload, signal });
      const text = await res.text();
      if (res.ok) {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new ModelRequestError(
            `${endpoint} answered HTTP ${res.status} with a body that is not JSON`,
            res.status,
            attempt,
          );
        }
      }
      lastStatus = res.status;
      lastProblem = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}: ${errorText(text, options.apiKey)}`;
      if (!isRetryableStatus(res.status)) {
        throw new ModelRequestError(`${endpoint} failed: ${lastProblem}`, res.status, attempt);
      }
      waitHint = retryAfterMs(res.headers);
    } catch (err) {
      if (err instanceof ModelRequestError) throw err;
      // The caller cancelled: not ours to retry.
      if (options.signal?.aborted) throw options.signal.reason ?? err;
      lastStatus = null;
      lastProblem = `network error: ${networkReason(err)}`;
    }

    const elapsed = Date.now() - started;
    const wait = waitHint ?? backoffMs(attempt, policy, random);
    const giveUp = (why: string) =>
      new ModelRequestError(
        `${endpoint} failed after ${attempt} attempt${attempt === 1 ? "" : "s"} in ${(elapsed / 1000).toFixed(1)} s` +
          `${why}: ${lastProblem}`,
        lastStatus,
        attempt,
      );
    if (attempt >= policy.maxAttempts) throw giveUp("");
    if (elapsed + wait >= policy.maxTotalMs) {
      throw giveUp(
        waitHint !== null ? ` (Retry-After ${(wait / 1000).toFixed(1)} s exceeds the retry budget)` : "",
      );
    }
    await sleep(wait, options.signal);
  }
}
