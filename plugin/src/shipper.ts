/**
 * Delivery of episodes to the memory service. Every episode is written to the spool first
 * (write-ahead, a cheap append) and leaves it once the service acknowledged it, so an OpenCode
 * that is killed, or a service that is down, loses nothing. Sends are batched (a short debounce)
 * and go oldest first, so the service receives episodes in the order they happened. Failed sends
 * back off exponentially (with jitter) up to a minute. Delivery is at-least-once; the service is
 * idempotent on episode ids, which makes storage exactly-once.
 */
import { MemoryHttpError } from "./client.js";
import type { Episode } from "./episode.js";
import type { Log, Spool } from "./spool.js";

export interface Sender {
  ingestBatch(episodes: Episode[], timeoutMs: number): Promise<void>;
}

export interface ShipperOptions {
  timeoutMs: number;
  /** Delay before a new episode is sent, to batch bursts of events. */
  debounceMs?: number;
  batchSize?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export class Shipper {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private backoffMs = 0;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  /** Set when a send fails, cleared when the spool drains: new episodes then wait for the retry. */
  private offline = false;
  private readonly debounceMs: number;
  private readonly batchSize: number;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly sender: Sender,
    private readonly spool: Spool,
    private readonly log: Log,
    private readonly opts: ShipperOptions,
  ) {
    this.debounceMs = opts.debounceMs ?? 200;
    this.batchSize = opts.batchSize ?? 100;
    this.minBackoffMs = opts.minBackoffMs ?? 1_000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 60_000;
  }

  /** Replays what an earlier run left in the spool. */
  start(): void {
    const left = this.spool.size();
    if (left > 0) {
      this.log("info", `memory spool: replaying ${left} episode(s) from ${this.spool.file}`);
      void this.flush();
    }
  }

  enqueue(episode: Episode): void {
    this.spool.append([episode]);
    if (this.closed || this.offline || this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.debounceMs);
    unref(this.timer);
  }

  /** Sends the spool, oldest first; resolves when this attempt is over (drained or failed). */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.drain()).catch((err) => this.log("error", String(err)));
    return this.chain;
  }

  /** Stops timers; anything unsent is already in the spool for the next start. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.retryTimer);
  }

  get pending(): number {
    return this.spool.size();
  }

  private async drain(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (;;) {
      const entries = this.spool.peek(this.batchSize);
      if (entries.length === 0) {
        this.offline = false;
        return;
      }
      if (!(await this.send(entries))) {
        this.offline = true;
        this.scheduleRetry();
        return;
      }
      this.spool.remove(entries.map((e) => e.id));
    }
  }

  /** True when the service took (or permanently refused) the batch. */
  private async send(batch: Episode[]): Promise<boolean> {
    try {
      await this.sender.ingestBatch(batch, this.opts.timeoutMs);
      this.backoffMs = 0;
      return true;
    } catch (err) {
      if (err instanceof MemoryHttpError && err.permanent) {
        // One bad episode rejects the whole batch: resend one by one so only the bad one is lost.
        if (batch.length > 1) {
          for (const ep of batch) if (!(await this.send([ep]))) return false;
          return true;
        }
        this.log("warn", `memory: dropped episode ${batch[0]?.id} the service refused: ${err.message}`);
        return true;
      }
      this.log("debug", `memory service unavailable (${(err as Error).message}); keeping the spool`);
      return false;
    }
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.backoffMs = Math.min(this.maxBackoffMs, Math.max(this.minBackoffMs, this.backoffMs * 2));
    const delay = this.backoffMs * (0.75 + Math.random() * 0.5);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.flush();
    }, delay);
    unref(this.retryTimer);
  }
}

function unref(timer: unknown): void {
  (timer as { unref?: () => void }).unref?.();
}
