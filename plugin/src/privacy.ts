/**
 * Privacy before anything leaves the process (or reaches the spool file): secrets and
 * `<private>...</private>` blocks are redacted with the same rules the memory service uses, and
 * episodes about excluded paths (`.env`, `secrets/**` ...) are dropped whole.
 */
import { redact, redactValue } from "@ocm/memory/redact";
import { isAbsolute, relative, sep } from "node:path";
import type { Episode } from "./episode.js";

/** A small glob: `**` any depth, `*` within a segment, `?` one character. A bare name matches at any depth. */
export function globToRegExp(glob: string): RegExp {
  let pattern = glob.replace(/\\/g, "/");
  if (!pattern.includes("/")) pattern = `**/${pattern}`;
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*" && pattern[i + 1] === "*") {
      const slash = pattern[i + 2] === "/";
      re += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

export class PathFilter {
  private readonly patterns: RegExp[];

  constructor(
    globs: string[],
    private readonly worktree: string,
  ) {
    this.patterns = globs.map(globToRegExp);
  }

  excluded(path: string): boolean {
    const rel = isAbsolute(path) ? relative(this.worktree, path) : path;
    const candidates = [rel, path].map((p) => p.split(sep).join("/").replace(/^\.\//, ""));
    return candidates.some((p) => this.patterns.some((re) => re.test(p)));
  }
}

/** Paths an episode is about: well-known metadata keys and the usual tool argument names. */
export function episodePaths(ep: Episode): string[] {
  const m = ep.metadata ?? {};
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === "string" && v) out.push(v);
  };
  add(m.file);
  if (Array.isArray(m.files)) m.files.forEach(add);
  const args = m.args as Record<string, unknown> | undefined;
  if (args && typeof args === "object") {
    add(args.filePath);
    add(args.path);
    add(args.file);
  }
  return out;
}

/** Null when the episode must not be stored at all; otherwise a redacted copy. */
export function sanitize(ep: Episode, filter: PathFilter): Episode | null {
  if (episodePaths(ep).some((p) => filter.excluded(p))) return null;
  const content = redact(ep.content).text;
  if (!content.trim()) return null;
  const out: Episode = { ...ep, content };
  if (ep.metadata) out.metadata = redactValue(ep.metadata) as Record<string, unknown>;
  return out;
}

/** Text sent as a recall query is redacted too: it leaves the process. */
export function redactQuery(text: string): string {
  return redact(text).text;
}
