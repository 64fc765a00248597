import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";
import { startTracing, tracingRequested } from "./tracing.js";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { lines, logger: createLogger({ destination, level: "info" }) };
}

describe("startTracing", () => {
  it("is off by default and does not even try to load dd-trace", async () => {
    const { logger } = capture();
    let loads = 0;
    const state = await startTracing(logger, {}, async () => {
      loads++;
      return {};
    });
    expect(state).toBe("off");
    expect(loads).toBe(0);
    expect(tracingRequested({ DD_TRACE_ENABLED: "false" })).toBe(false);
    expect(tracingRequested({ DD_TRACE_ENABLED: "true" })).toBe(true);
  });

  it("logs one clear line and carries on when dd-trace is not installed (real import)", async () => {
    const { lines, logger } = capture();
    // dd-trace is an optional package that this repository does not install: the real dynamic
    // import fails here exactly as it would on a server without it.
    const state = await startTracing(logger, { DD_TRACE_ENABLED: "1" });
    expect(state).toBe("unavailable");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "warn", event: "tracing.unavailable" });
    expect(String(lines[0]?.msg)).toMatch(/npm install dd-trace/);
  });
});
