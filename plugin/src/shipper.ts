/**
 * Background delivery of episodes: buffered briefly, sent in batches, and spooled when the
 * service cannot take them. While the spool holds anything, new episodes queue behind it, so the
 * service receives episodes in the order they happened. Retries back off exponentially (with
 * jitter) up to a minute. Delivery is at-least-once; the service is idempotent on episode ids,
 * which makes storage exactly-once.
 */
import { MemoryHttpError } from "./client.js";
import type { Episode } from "./episode.js";
import type { Log, Spool } from "./spool.js";

export interface Sender {
  ingestBatch(episodes: Episode[], timeoutMs: number): Promise<void>;
}

export interface ShipperOptions {
  timeoutMs: number;
  /** Delay before a buffered episode is sent, to batch bursts of events. */
  debounceMs?: number;
  batchSize?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export class Shipper {
  private buffer: Episode[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private backoffMs = 0;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  /**
   * Set when a send fails, cleared when the spool drains. While offline, new episodes go straight
   * to the spool file, so an abrupt exit loses nothing captured after the service went away.
   */
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
    if (this.spool.size() > 0) {
      this.log("info", `memory spool: replaying ${this.spool.size()} episode(s) from ${this.spool.file}`);
      void this.flush();
    }
  }

  enqueue(episode: Episode): void {
    if (this.closed || this.offline) {
      this.spool.append([episode]);
      return;
    }
    this.buffer.push(episode);
    if (this.buffer.length >= this.batchSize) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.debounceMs);
      unref(this.timer);
    }
  }

  /** Sends the buffer and then the spool; resolves when this attempt is over (sent or spooled). */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.flushOnce()).catch((err) => this.log("error", String(err)));
    return this.chain;
  }

  /** Stops timers and moves anything unsent to the spool, synchronously. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.retryTimer);
    this.spool.append(this.buffer.splice(0));
  }

  get pending(): number {
    return this.buffer.length + this.spool.size();
  }

  private async flushOnce(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer.splice(0);
    if (batch.length > 0) {
      if (this.spool.size() > 0) this.spool.append(batch);
      else {
        const unsent = await this.sendAll(batch);
        if (unsent.length > 0) {
          this.spool.append(unsent);
          this.scheduleRetry();
          return;
        }
      }
    }
    await this.drainSpool();
  }

  /** Sends in batches; returns what could not be sent because the service is unavailable. */
  private async sendAll(episodes: Episode[]): Promise<Episode[]> {
    for (let i = 0; i < episodes.length; i += this.batchSize) {
      const slice = episodes.slice(i, i + this.batchSize);
      if (!(await this.send(slice))) return episodes.slice(i);
    }
    return [];
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
      this.log("debug", `memory service unavailable (${(err as Error).message}); spooling`);
      this.offline = true;
      return false;
    }
  }

  private async drainSpool(): Promise<void> {
    for (;;) {
      const entries = this.spool.peek(this.batchSize);
      if (entries.length === 0) {
        this.offline = false;
        return;
      }
      if (!(await this.send(entries))) {
        this.scheduleRetry();
        return;
      }
      this.spool.remove(entries.map((e) => e.id));
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
