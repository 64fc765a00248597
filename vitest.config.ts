import { defineConfig } from "vitest/config";

// One runner for every workspace. Files stay isolated (Pulumi mocks are per-process state),
// and integration tests that start real servers get generous hook timeouts.
export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    pool: "forks",
    isolate: true,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default"],
    // One temporary directory per run, removed at its end (see the file for why).
    globalSetup: ["test/support/temp-root.ts"],
  },
});
