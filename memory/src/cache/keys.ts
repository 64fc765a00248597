/**
 * Key layout. Everything lives under `ocm:v1:` so the cache can share a Valkey with other users and
 * a future layout change can bump the version instead of reading old entries.
 *
 *   ocm:v1:{GROUP}:gen            the group's current write generation (microsecond timestamp)
 *   ocm:v1:{GROUP}:GEN:SHA256     one cached value, TTL-bound
 *
 * The braces are literal: `{GROUP}` is a cluster hash tag, so a group's generation and its entries
 * share one slot and the Lua scripts (which touch both) stay valid on Valkey Cluster.
 * GROUP is percent-encoded, so braces or colons in a group name cannot escape the tag or collide.
 */
import { createHash } from "node:crypto";

export const KEY_PREFIX = "ocm:v1:";

export interface GroupKeys {
  /** The generation key (passed to scripts as KEYS[1]). */
  gen: string;
  /** Entry keys are `${entryPrefix}${gen}:${hash}`; built inside the scripts once gen is known. */
  entryPrefix: string;
}

export function groupKeys(group: string): GroupKeys {
  const tag = `${KEY_PREFIX}{${encodeURIComponent(group)}}:`;
  return { gen: `${tag}gen`, entryPrefix: tag };
}

/** Cache keys (queries, option sets) can be long and arbitrary: store a fixed-size digest. */
export function keyDigest(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}
