/**
 * One warning per outage, one info line when it ends: a dead cache under load would otherwise log
 * once per request. Failures before the first connection are not an outage by themselves (the
 * client is still connecting at start); a failed connection attempt is.
 */
import type { Logger } from "../observability/logger.js";

export class OutageLog {
  private down = false;
  private everReady = false;

  constructor(private readonly logger?: Logger) {}

  get isDown(): boolean {
    return this.down;
  }

  /** A connection-level error (the client's `error` event). */
  connectionError(err: unknown): void {
    this.enter("connection", err);
  }

  /** An operation failed. */
  operationFailed(op: string, err: unknown): void {
    if (!this.everReady) return;
    this.enter(op, err);
  }

  /** The client is (again) connected and ready. */
  ready(): void {
    this.everReady = true;
    if (!this.down) return;
    this.down = false;
    this.logger?.info({ event: "cache.recovered" }, "recall cache reachable again");
  }

  private enter(op: string, err: unknown): void {
    if (this.down) return;
    this.down = true;
    this.logger?.warn(
      { event: "cache.unavailable", op, error: errorMessage(err) },
      "recall cache unavailable; recall falls back to the store until it returns",
    );
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
