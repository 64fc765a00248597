/**
 * HTTP client of the memory service: the only way the plugin talks to it. Uses `fetch` and
 * `AbortSignal.timeout`, which Bun (OpenCode's runtime) and Node both provide. Every call has a
 * deadline; callers decide whether a failure is spooled (writes) or ignored (recall).
 */
import { z } from "zod";
import type { Episode } from "./episode.js";

/** The service's answer is checked, not trusted: a proxy, an older service or a cut body must not
 * reach the model call as `undefined`. */
const ContextResultSchema = z.object({
  text: z.string(),
  tokens: z.number().nonnegative(),
  facts: z.array(z.string()),
});
export type ContextResult = z.infer<typeof ContextResultSchema>;

export interface SearchHit {
  item: Record<string, unknown>;
  score: number;
}

export interface SearchResult {
  facts: SearchHit[];
  entities: SearchHit[];
  episodes: SearchHit[];
}

export class MemoryHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "MemoryHttpError";
  }

  /** 4xx other than 408/429 means the request itself is wrong: retrying cannot help. */
  get permanent(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429;
  }
}

export interface MemoryClientOptions {
  url: string;
  token: string | undefined;
  group: string;
  fetch?: typeof fetch;
}

export class MemoryClient {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly opts: MemoryClientOptions) {
    this.fetchImpl = opts.fetch ?? globalThis.fetch.bind(globalThis);
  }

  get group(): string {
    return this.opts.group;
  }

  async ingestBatch(episodes: Episode[], timeoutMs: number): Promise<void> {
    await this.request("POST", "/v1/episodes/batch", timeoutMs, undefined, { episodes });
  }

  async context(q: string, budget: number, session: string | undefined, signal: AbortSignal) {
    const query: Record<string, string> = { q, budget: String(budget) };
    if (session) query.session = session;
    const body = await this.request("GET", "/v1/context", signal, query);
    const parsed = ContextResultSchema.safeParse(body);
    if (!parsed.success) {
      throw new Error(
        `memory service GET /v1/context: unexpected answer ${JSON.stringify(body).slice(0, 200)}`,
      );
    }
    return parsed.data;
  }

  async search(q: string, opts: { limit?: number; at?: string; history?: boolean }, timeoutMs: number) {
    const query: Record<string, string> = { q, limit: String(opts.limit ?? 8) };
    if (opts.at) query.at = opts.at;
    if (opts.history) query.history = "true";
    return (await this.request("GET", "/v1/search", timeoutMs, query)) as SearchResult;
  }

  async forget(id: string, timeoutMs: number): Promise<boolean> {
    try {
      await this.request("DELETE", `/v1/episodes/${encodeURIComponent(id)}`, timeoutMs);
      return true;
    } catch (err) {
      if (err instanceof MemoryHttpError && err.status === 404) return false;
      throw err;
    }
  }

  private async request(
    method: string,
    path: string,
    timeout: number | AbortSignal,
    query?: Record<string, string>,
    body?: unknown,
  ): Promise<unknown> {
    const url = new URL(this.opts.url + path);
    url.searchParams.set("group", this.opts.group);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    const signal = typeof timeout === "number" ? AbortSignal.timeout(timeout) : timeout;
    const res = await this.fetchImpl(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    const text = await res.text();
    if (!res.ok) {
      let message = text.slice(0, 300);
      try {
        message = (JSON.parse(text) as { error?: string }).error ?? message;
      } catch {
        // not JSON: keep the raw (truncated) body
      }
      throw new MemoryHttpError(res.status, `memory service ${method} ${path}: ${res.status} ${message}`);
    }
    return text ? JSON.parse(text) : {};
  }
}
