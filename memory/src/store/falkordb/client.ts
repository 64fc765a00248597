/**
 * The only code that talks to the `falkordb` client. Every call names its graph explicitly (a new
 * `Graph` handle per call is just a name and the shared connection), so concurrent requests for
 * different groups never share or swap per-graph state.
 */
import { FalkorDB, type FalkorDBOptions } from "falkordb";
import type { Cypher } from "./cypher.js";
import type { ConnectOptions } from "./options.js";
import { withParams } from "./params.js";
import { isMissingGraph } from "./schema.js";

export type Row = Record<string, unknown>;

/** What the store needs from a graph database connection. */
export interface GraphClient {
  /** Rows as objects keyed by column alias. `readOnly` uses GRAPH.RO_QUERY. */
  query(graph: string, q: Cypher, options: { readOnly: boolean }): Promise<Row[]>;
  /** false when there was no such graph. */
  deleteGraph(graph: string): Promise<boolean>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function connectFalkor(
  options: ConnectOptions,
  queryTimeoutMs: number,
  onError: (err: Error) => void,
): Promise<GraphClient> {
  // The options go to node-redis' createClient unchanged; FalkorDBOptions only declares a subset
  // (not reconnectStrategy / disableOfflineQueue). A fresh object: connect() rewrites `url` in place.
  const db = await FalkorDB.connect({
    ...options,
    socket: { ...options.socket },
  } as unknown as FalkorDBOptions);
  // Without a listener, a later connection error emitted on this EventEmitter would throw and
  // take the process down; with it, commands fail (offline queue disabled) and health says why.
  db.on("error", onError);
  return new FalkorClient(db, queryTimeoutMs);
}

class FalkorClient implements GraphClient {
  private closed = false;
  constructor(
    private readonly db: FalkorDB,
    private readonly timeoutMs: number,
  ) {}

  async query(graph: string, q: Cypher, { readOnly }: { readOnly: boolean }): Promise<Row[]> {
    const g = this.db.selectGraph(graph);
    // Parameters are printed by us (see renderParams), never by the client's own serialiser.
    const text = withParams(q.text, q.params);
    const options = { TIMEOUT: this.timeoutMs };
    const reply = readOnly ? await g.roQuery<Row>(text, options) : await g.query<Row>(text, options);
    return reply.data ?? [];
  }

  async deleteGraph(graph: string): Promise<boolean> {
    try {
      await this.db.selectGraph(graph).delete();
      return true;
    } catch (err) {
      if (isMissingGraph(err)) return false;
      throw err;
    }
  }

  async ping(): Promise<void> {
    await this.db.list();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.close();
  }
}
