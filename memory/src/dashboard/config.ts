/**
 * The dashboard's own settings, parsed from the environment with the same care as the service
 * config (a wrong value names its key). Kept here so the dashboard stays one concern; the service
 * passes MEMORY_TOKEN, the engine and the metrics in.
 */
import { z } from "zod";

export const DEFAULT_BACKUP_STATUS_FILE = "/persist/backup/status.json";

const empty = (v: unknown) => (v === "" ? undefined : v);

const DashboardEnvSchema = z.object({
  MEMORY_READONLY_TOKEN: z.preprocess(
    empty,
    z
      .string()
      .min(16, "must be at least 16 characters (e.g. `openssl rand -hex 32`)")
      .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
      .optional(),
  ),
  BACKUP_STATUS_FILE: z.preprocess(empty, z.string().min(1).default(DEFAULT_BACKUP_STATUS_FILE)),
  DASHBOARD_SECURE_COOKIES: z.preprocess(empty, z.enum(["auto", "true", "false"]).default("auto")),
  DASHBOARD_SESSION_HOURS: z.preprocess(empty, z.coerce.number().int().min(1).max(720).default(12)),
});

export interface DashboardConfig {
  readOnlyToken?: string;
  backupStatusFile: string;
  secureCookies: boolean | "auto";
  sessionTtlSeconds: number;
}

export function loadDashboardConfig(
  env: NodeJS.ProcessEnv = process.env,
  token?: string | null,
): DashboardConfig {
  const parsed = DashboardEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${String(i.path[0] ?? "config")}: ${i.message}`);
    throw new Error(`invalid dashboard configuration:\n  ${lines.join("\n  ")}`);
  }
  const e = parsed.data;
  if (e.MEMORY_READONLY_TOKEN && token && e.MEMORY_READONLY_TOKEN === token) {
    throw new Error("MEMORY_READONLY_TOKEN must differ from MEMORY_TOKEN");
  }
  return {
    ...(e.MEMORY_READONLY_TOKEN ? { readOnlyToken: e.MEMORY_READONLY_TOKEN } : {}),
    backupStatusFile: e.BACKUP_STATUS_FILE,
    secureCookies: e.DASHBOARD_SECURE_COOKIES === "auto" ? "auto" : e.DASHBOARD_SECURE_COOKIES === "true",
    sessionTtlSeconds: e.DASHBOARD_SESSION_HOURS * 3600,
  };
}
