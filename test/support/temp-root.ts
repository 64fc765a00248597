/**
 * Vitest global setup: every temporary file of a test run lives under one directory, removed when
 * the run ends. Tests make their stores, homes and projects with `mkdtemp(tmpdir())`, and the
 * servers they start (OpenCode, Redis, the memory service) get TMPDIR too; OpenCode in particular
 * unpacks a 5.5 MB native library into TMPDIR on every start and never deletes it. Without this,
 * each run left hundreds of directories and those libraries in /tmp.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "ocm-test-run-"));
  // Test workers are forked after this runs and inherit the environment; os.tmpdir() reads TMPDIR.
  process.env.TMPDIR = root;
  return () => {
    if (process.env.OCM_KEEP_TEST_TMP) {
      console.log(`test files kept in ${root}`);
      return;
    }
    rmSync(root, { recursive: true, force: true });
  };
}
