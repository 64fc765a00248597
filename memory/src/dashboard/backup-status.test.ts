import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readBackupStatus } from "./backup-status.js";

const dir = mkdtempSync(join(tmpdir(), "backup-status-"));
const now = new Date("2026-11-22T12:00:00Z");

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe("readBackupStatus", () => {
  it("reads Unix seconds and ISO times and computes the age", async () => {
    const unix = await readBackupStatus(
      file(
        "unix.json",
        JSON.stringify({ lastSuccess: now.getTime() / 1000 - 7200, duration: 42, bytes: 1024 }),
      ),
      now,
    );
    expect(unix).toMatchObject({ state: "ok", ageSeconds: 7200, durationSeconds: 42, bytes: 1024 });
    const iso = await readBackupStatus(
      file("iso.json", JSON.stringify({ lastSuccess: "2026-11-22T11:00:00Z" })),
      now,
    );
    expect(iso).toMatchObject({ state: "ok", ageSeconds: 3600 });
  });

  it("reports a missing file and an unreadable one without throwing", async () => {
    expect(await readBackupStatus(join(dir, "absent.json"), now)).toMatchObject({ state: "missing" });
    expect(await readBackupStatus(file("bad.json", "{"), now)).toMatchObject({
      state: "invalid",
      error: "not JSON",
    });
    expect(
      await readBackupStatus(file("shape.json", JSON.stringify({ lastSuccess: "yesterday" })), now),
    ).toMatchObject({
      state: "invalid",
    });
  });
});
