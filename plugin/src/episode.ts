/**
 * The episode the plugin sends (the service's `EpisodeInput`), and how its ids are made: every id
 * comes from OpenCode's own ids (session, message, part, call) or a content hash, so sending the
 * same event twice (a retry, a spool replay, a second process) stores it once.
 */
import { createHash } from "node:crypto";

export type EpisodeKind =
  | "user_message"
  | "assistant_message"
  | "note"
  | "tool_call"
  | "file_edit"
  | "error"
  | "todo"
  | "session_summary"
  | "session_start"
  | "session_end";

export interface Episode {
  id: string;
  group: string;
  kind: EpisodeKind;
  content: string;
  actor?: string;
  session?: string;
  occurredAt?: string;
  metadata?: Record<string, unknown>;
}

export function shortHash(value: string, length = 16): string {
  return createHash("sha256").update(value).digest("hex").slice(0, length);
}

/**
 * `oc:<kind>:<part>:<part>`, restricted to the service's id alphabet (^[A-Za-z0-9_.:-]{1,128}$).
 * Parts that are too long or carry other characters are hashed rather than cut, so two different
 * sources never collapse into one id.
 */
export function episodeId(kind: string, ...parts: string[]): string {
  const safe = parts.map((p) => (p.length <= 48 && !/[^A-Za-z0-9_.-]/.test(p) ? p : shortHash(p)));
  const id = ["oc", kind, ...safe].join(":");
  return id.length <= 128 ? id : `oc:${kind}:${shortHash(id, 32)}`;
}

/** Control characters the service refuses (all but tab, newline, carriage return) are dropped. */
export function cleanText(text: string, max: number): string {
  const clean = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "");
  return clean.length <= max ? clean : `${clean.slice(0, max)}\n[... ${clean.length - max} more characters]`;
}

/**
 * The project's directory in the episode's metadata (unless it names its own, as session events
 * do): OpenCode reports absolute paths, and the memory service stores a file under its path
 * relative to this, so `/home/me/acme/src/app.ts` and `src/app.ts` are one entity.
 */
export function withDirectory(ep: Episode, directory: string): Episode {
  if (ep.metadata && typeof ep.metadata["directory"] === "string") return ep;
  return { ...ep, metadata: { ...ep.metadata, directory } };
}
