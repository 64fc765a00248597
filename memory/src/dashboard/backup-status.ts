/**
 * The backup job writes a small JSON status file after each successful run
 * ({lastSuccess, duration, bytes}); the dashboard shows when the last backup happened and how old
 * it is. The file is written by another program, so it is parsed, not trusted.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";

/** lastSuccess may be Unix seconds (what the gauge carries) or an ISO-8601 string. */
const WhenSchema = z.union([
  z.number().positive(),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s) / 1000),
]);

export const BackupStatusFileSchema = z.object({
  lastSuccess: WhenSchema,
  duration: z.number().nonnegative().optional(),
  bytes: z.number().nonnegative().optional(),
});

export type BackupStatus =
  | { state: "ok"; lastSuccess: Date; ageSeconds: number; durationSeconds?: number; bytes?: number }
  | { state: "missing"; path: string }
  | { state: "invalid"; path: string; error: string };

export async function readBackupStatus(path: string, now: Date = new Date()): Promise<BackupStatus> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { state: "missing", path };
    return { state: "invalid", path, error: (err as Error).message };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { state: "invalid", path, error: "not JSON" };
  }
  const parsed = BackupStatusFileSchema.safeParse(json);
  if (!parsed.success) {
    return { state: "invalid", path, error: parsed.error.issues.map((i) => i.message).join("; ") };
  }
  const lastSuccess = new Date(parsed.data.lastSuccess * 1000);
  return {
    state: "ok",
    lastSuccess,
    ageSeconds: Math.max(0, Math.round((now.getTime() - lastSuccess.getTime()) / 1000)),
    durationSeconds: parsed.data.duration,
    bytes: parsed.data.bytes,
  };
}
