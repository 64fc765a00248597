import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeB2, startFakeB2 } from "../support/fake-b2.js";

// The dynamic-provider trap: Pulumi serializes the provider object with everything it captures
// and runs that text in a separate CommonJS process. This checks the real serialization (in a
// plain Node + tsx process, as a Pulumi ESM program runs, since vitest rewrites imports) and then
// runs the serialized text the way the dynamic provider host loads it, against the fake B2.
// Both children are spawned asynchronously: the fake B2 answers from this process's event loop.

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
let fake: FakeB2;
let dir: string;

beforeAll(async () => {
  fake = await startFakeB2();
  dir = mkdtempSync(join(tmpdir(), "b2-serialize-"));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("serialized B2 bucket provider", () => {
  it("serializes without secrets or captured modules and runs in a CommonJS host", async () => {
    const file = join(dir, "provider.js");
    const serialized = await run(
      process.execPath,
      ["--import", "tsx", join(root, "test/b2/serialize-provider.ts"), file],
      { cwd: root, timeout: 60_000 },
    );
    expect(JSON.parse(serialized.stdout)).toEqual({ exportName: "handler", containsSecrets: false });

    const text = readFileSync(file, "utf8");
    // zod and @pulumi/pulumi must be loaded at run time, not copied in by value.
    expect(text).toContain("loadZod");
    expect(text).not.toMatch(/\$ZodType|ZodObject|CustomResource|__vi_/);
    expect(text).not.toContain(fake.masterKey);
    expect(text.length).toBeLessThan(60_000);

    const result = await run(process.execPath, [join(root, "test/b2/run-serialized.cjs"), file], {
      cwd: root,
      timeout: 60_000,
      env: {
        ...process.env,
        B2_URL: fake.url,
        B2_KEY_ID: fake.masterKeyId,
        B2_MASTER_KEY: fake.masterKey,
        B2_BUCKET_NAME: "serialized-bucket",
      },
    });
    const out = JSON.parse(result.stdout);
    expect(out.diff).toMatchObject({ changes: true, replaces: [] });
    expect(out.lifecycleDays).toBe(14);
    expect(out.badCheck).toEqual([{ property: "bucketName", reason: expect.stringContaining("b2-") }]);
    expect(fake.calls("b2_create_bucket").map((r) => r.status)).toEqual([200]);
    expect(fake.calls("b2_update_bucket").map((r) => r.status)).toEqual([200]);
    expect(fake.calls("b2_delete_bucket").map((r) => r.status)).toEqual([200, 400]);
    expect(fake.buckets.has(out.id)).toBe(false);
    expect(fake.keys.has(out.keyId)).toBe(false);
  });
});
