/**
 * Plugin options: from `opencode.json` (`["<plugin>", {options}]`), then environment variables,
 * then defaults. Parsed once per plugin instance with zod so a typo fails loudly at load time
 * instead of silently disabling memory.
 */
import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { basename, join } from "node:path";
import { z } from "zod";

export const DEFAULT_EXCLUDE = [
  "**/.env",
  "**/.env.*",
  "**/secrets/**",
  "**/*.pem",
  "**/*.key",
  "**/id_rsa*",
  "**/id_ed25519*",
];

const GROUP = /^[A-Za-z0-9_-]{1,64}$/;

export const OptionsSchema = z
  .object({
    /** Base URL of the memory service (no trailing /v1). */
    url: z.url().optional(),
    /** Bearer token (MEMORY_TOKEN on the service). */
    token: z.string().min(1).optional(),
    /** Memory group; default derived from the project's worktree. */
    group: z.string().regex(GROUP, "group must match ^[A-Za-z0-9_-]{1,64}$").optional(),
    /** Token budget of the recalled context block per user turn. */
    budget: z.number().int().min(50).max(8000).default(600),
    /** The most a turn waits for recall; past it the turn goes on without memory. */
    recallTimeoutMs: z.number().int().min(10).max(10_000).default(150),
    /** Timeout of background writes and of the memory tools. */
    requestTimeoutMs: z.number().int().min(100).max(60_000).default(5_000),
    /** Glob patterns (relative to the worktree, or absolute) never captured. */
    exclude: z.array(z.string().min(1)).default(DEFAULT_EXCLUDE),
    /** Extra patterns added to the defaults rather than replacing them. */
    excludeExtra: z.array(z.string().min(1)).default([]),
    /** Tool output kept per tool_call episode (characters). */
    maxOutputChars: z.number().int().min(0).max(50_000).default(2_000),
    /** Directory of the offline spool; default `<opencode data dir>/memory-spool`. */
    spoolDir: z.string().min(1).optional(),
    /** Spool bound: the oldest episodes are dropped past it (with a log line). */
    spoolMaxEntries: z.number().int().min(10).max(1_000_000).default(10_000),
    /** Turn capture or recall off without removing the plugin. */
    capture: z.boolean().default(true),
    recall: z.boolean().default(true),
  })
  .strict();

export interface MemoryConfig {
  url: string;
  token: string | undefined;
  group: string;
  budget: number;
  recallTimeoutMs: number;
  requestTimeoutMs: number;
  exclude: string[];
  maxOutputChars: number;
  spoolFile: string;
  spoolMaxEntries: number;
  capture: boolean;
  recall: boolean;
}

export type Env = Record<string, string | undefined>;

/** A stable, readable group name for a project: `<dirname>-<hash of the path>`. */
export function groupForWorktree(worktree: string): string {
  const name = (basename(worktree) || "root").replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 40) || "root";
  const hash = createHash("sha256").update(worktree).digest("hex").slice(0, 10);
  return `${name}-${hash}`;
}

/** OpenCode keeps its data under `$XDG_DATA_HOME/opencode` (default `~/.local/share/opencode`). */
export function opencodeDataDir(env: Env): string {
  const base = env.XDG_DATA_HOME || join(env.HOME || homedir(), ".local", "share");
  return join(base, "opencode");
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

export function resolveConfig(raw: unknown, worktree: string, env: Env): MemoryConfig {
  const parsed = OptionsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "options"}: ${i.message}`);
    throw new Error(`opencode-memory plugin: invalid options: ${issues.join("; ")}`);
  }
  const o = parsed.data;
  const envGroup = env.MEMORY_GROUP;
  if (envGroup !== undefined && !GROUP.test(envGroup)) {
    throw new Error("opencode-memory plugin: MEMORY_GROUP must match ^[A-Za-z0-9_-]{1,64}$");
  }
  const url = (o.url ?? env.MEMORY_URL ?? `http://127.0.0.1:${env.MEMORY_PORT || "7411"}`).replace(
    /\/+$/,
    "",
  );
  if (!isHttpUrl(url)) {
    throw new Error(
      `opencode-memory plugin: the memory URL must be an http(s) URL, got ${JSON.stringify(url)}`,
    );
  }
  const group = o.group ?? envGroup ?? groupForWorktree(worktree);
  const spoolDir = o.spoolDir ?? join(opencodeDataDir(env), "memory-spool");
  return {
    url,
    token: o.token ?? (env.MEMORY_TOKEN || undefined),
    group,
    budget: o.budget,
    recallTimeoutMs: o.recallTimeoutMs,
    requestTimeoutMs: o.requestTimeoutMs,
    exclude: [...o.exclude, ...o.excludeExtra],
    maxOutputChars: o.maxOutputChars,
    spoolFile: join(spoolDir, `${group}.jsonl`),
    spoolMaxEntries: o.spoolMaxEntries,
    capture: o.capture,
    recall: o.recall,
  };
}
