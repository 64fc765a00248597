import { describe, expect, it } from "vitest";
import { DEFAULT_BACKUP_STATUS_FILE, loadDashboardConfig } from "./config.js";

describe("loadDashboardConfig", () => {
  it("has safe defaults", () => {
    expect(loadDashboardConfig({})).toEqual({
      backupStatusFile: DEFAULT_BACKUP_STATUS_FILE,
      secureCookies: "auto",
      sessionTtlSeconds: 12 * 3600,
    });
  });

  it("reads the keys and names a wrong one", () => {
    const c = loadDashboardConfig({
      MEMORY_READONLY_TOKEN: "r".repeat(20),
      BACKUP_STATUS_FILE: "/tmp/s.json",
      DASHBOARD_SECURE_COOKIES: "true",
    });
    expect(c).toMatchObject({
      readOnlyToken: "r".repeat(20),
      backupStatusFile: "/tmp/s.json",
      secureCookies: true,
    });
    expect(() => loadDashboardConfig({ MEMORY_READONLY_TOKEN: "short" })).toThrow(/MEMORY_READONLY_TOKEN/);
    expect(() => loadDashboardConfig({ MEMORY_READONLY_TOKEN: "t".repeat(20) }, "t".repeat(20))).toThrow(
      /differ/,
    );
  });
});
