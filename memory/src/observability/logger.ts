/**
 * Structured JSON logs (pino). Redaction paths keep credentials out even when a caller logs a
 * whole request or config object; at info level we log shapes (route, status, sizes, ids), never
 * memory content.
 */
import { type Logger, pino } from "pino";

export type { Logger };

export const LOG_REDACT_PATHS = [
  "token",
  "*.token",
  "password",
  "*.password",
  "apiKey",
  "*.apiKey",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
  "content",
  "*.content",
];

export interface LoggerOptions {
  level?: string;
  /** Where to write; defaults to stdout (the Datadog agent tails container stdout). */
  destination?: NodeJS.WritableStream;
  name?: string;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: options.name ?? "memory",
      level: options.level ?? process.env.LOG_LEVEL ?? "info",
      redact: { paths: LOG_REDACT_PATHS, censor: "[redacted]" },
      // Datadog's log pipeline maps `status`/`level` by name; keep the level as a label.
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      base: { service: "opencode-memory" },
    },
    options.destination ?? process.stdout,
  );
}

/** A request id: taken from X-Request-Id when it looks sane, else generated. */
export function requestId(header: string | undefined | null): string {
  if (header && /^[A-Za-z0-9._-]{1,64}$/.test(header)) return header;
  return crypto.randomUUID();
}
