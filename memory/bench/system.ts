/**
 * What the benchmark drives. Our engine is one System; a peer (e.g. the MCP reference memory
 * server) is another module implementing the same interface and listed in systems.ts, so the same
 * workload and the same measurements run through both.
 */
import type { EpisodeInput } from "../src/model/schemas.js";

export interface System {
  /** Store a batch of episodes (in occurrence order). */
  ingest(batch: EpisodeInput[]): Promise<void>;
  /**
   * One recall. The result is timed and its size measured (outside the timing): a string as the
   * text an agent would read, anything else as its JSON.
   */
  search(group: string, q: string): Promise<unknown>;
  /** The agent-facing context block, when the system has one. */
  context?(group: string, q: string): Promise<unknown>;
  close(): Promise<void>;
}

export interface ColdResult {
  /** Time to open the store in a fresh process. */
  openMs: number;
  /** Latencies of the first queries in that process, in order (no warm-up). */
  searchMs: number[];
  contextMs: number[];
  rssBytes: number;
  /** With `warmUp`: the time to load every group's indexes after opening, before the queries. */
  warmUpMs?: number;
}

export interface SystemFactory {
  /** Short name for the table and for --systems. */
  name: string;
  /** A fresh, empty system keeping its data under dir. */
  open(dir: string): Promise<System>;
  /** Runs in a process of its own: the bench's resident memory is not its memory. */
  outOfProcess?: boolean;
  /**
   * Measure a fresh process opening what open(dir) stored (optional: peers may not persist). With
   * `warmUp`, the process first loads what a server loads when it starts (for systems that can).
   */
  cold?(dir: string, queries: Array<{ group: string; q: string }>, warmUp?: boolean): Promise<ColdResult>;
  /** Whether cold(..., true) means anything: the system has a warm-up its server runs at start. */
  warmsUp?: boolean;
}
