/**
 * The CLI's client commands talk to a running memory service over HTTP: the same auth, validation
 * and cache as the plugin, and it works against a remote server as well as a local one.
 */
import { requireString, UsageError } from "./args.js";

export interface ClientTarget {
  url: string;
  token: string | null;
}

export const CLIENT_OPTIONS = {
  url: { type: "string" },
} as const;

/** Options every `--group G QUERY` client command takes. */
export const QUERY_OPTIONS = {
  ...CLIENT_OPTIONS,
  group: { type: "string", short: "g" },
  json: { type: "boolean" },
} as const;

/** `--group G` and the QUERY words as a route's query string, plus each flag that was given. */
export function queryParams(
  group: string | undefined,
  words: string[],
  flags: Record<string, string | boolean | undefined>,
): URLSearchParams {
  const params = new URLSearchParams({ group: requireString(group, "--group"), q: words.join(" ") });
  if (!params.get("q")) throw new UsageError("a QUERY is required");
  for (const [name, value] of Object.entries(flags))
    if (value) params.set(name, value === true ? "true" : value);
  return params;
}

export function clientTarget(
  flagUrl: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ClientTarget {
  const raw = flagUrl ?? env.MEMORY_URL ?? `http://127.0.0.1:${env.MEMORY_PORT || 7411}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${flagUrl ? "--url" : "MEMORY_URL"}: not a URL: ${raw}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`${flagUrl ? "--url" : "MEMORY_URL"}: must be http(s)`);
  }
  return { url: url.toString().replace(/\/$/, ""), token: env.MEMORY_TOKEN || null };
}

export class HttpError extends Error {
  override name = "HttpError";
}

/** fetch with auth; a non-2xx answer becomes an HttpError carrying the server's message. */
export async function call(target: ClientTarget, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (target.token) headers.set("authorization", `Bearer ${target.token}`);
  let res: Response;
  try {
    res = await fetch(`${target.url}${path}`, { ...init, headers });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new HttpError(
      `cannot reach the memory service at ${target.url} (${cause}); is \`memory serve\` running?`,
    );
  }
  if (!res.ok) {
    const text = await res.text();
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {}
    throw new HttpError(`${res.status} from ${path.split("?")[0]}: ${message}`);
  }
  return res;
}
