/**
 * Datadog APM, only when asked for: DD_TRACE_ENABLED=true (or 1) and the optional `dd-trace`
 * package installed. It is not a dependency of the service (it is large and most installs never
 * trace), so it is loaded by a dynamic import; a missing package is one clear log line, never a
 * crash. Call this before the HTTP server is created so the http integration is patched in.
 *
 * dd-trace reads DD_AGENT_HOST, DD_TRACE_AGENT_PORT, DD_ENV, DD_SERVICE and DD_VERSION itself.
 */
import type { Logger } from "./logger.js";

export type TracingState = "off" | "on" | "unavailable";

/** What we use of dd-trace's default export. */
interface DdTracer {
  init(options: Record<string, unknown>): unknown;
}

export type ModuleLoader = (specifier: string) => Promise<unknown>;

const TRUTHY = new Set(["1", "true", "yes", "on"]);

export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return TRUTHY.has((env.DD_TRACE_ENABLED ?? "").trim().toLowerCase());
}

export async function startTracing(
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
  // A variable specifier keeps TypeScript and bundlers from requiring the package at build time.
  load: ModuleLoader = (specifier) => import(specifier),
): Promise<TracingState> {
  if (!tracingRequested(env)) return "off";
  let mod: unknown;
  try {
    mod = await load("dd-trace");
  } catch (err) {
    logger.warn(
      { event: "tracing.unavailable", error: (err as Error).message.split("\n")[0] },
      "DD_TRACE_ENABLED is set but the optional package dd-trace is not installed (npm install dd-trace); continuing without traces",
    );
    return "unavailable";
  }
  const tracer = ((mod as { default?: unknown }).default ?? mod) as Partial<DdTracer>;
  if (typeof tracer.init !== "function") {
    logger.warn(
      { event: "tracing.unavailable" },
      "dd-trace loaded but has no init(); continuing without traces",
    );
    return "unavailable";
  }
  tracer.init({
    service: env.DD_SERVICE || "opencode-memory",
    ...(env.DD_ENV ? { env: env.DD_ENV } : {}),
    ...(env.DD_VERSION ? { version: env.DD_VERSION } : {}),
    // Trace ids in log lines let Datadog join logs and traces.
    logInjection: true,
  });
  logger.info(
    { event: "tracing.on", service: env.DD_SERVICE || "opencode-memory" },
    "Datadog tracing enabled",
  );
  return "on";
}
