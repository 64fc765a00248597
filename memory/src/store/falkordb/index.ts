/**
 * FalkorDB backend of the Store contract (see ./store.ts for the layout and ./schema.ts for why
 * facts are nodes). Use: `await openFalkorStore({ url: "redis://host:6379" })` or
 * `{ host, port, password }`; `graphPrefix` (default "ocm_") namespaces the graphs.
 */
import type { Store } from "../interface.js";
import { connectFalkor, type GraphClient } from "./client.js";
import { connectOptions, FalkorOptionsSchema, type FalkorStoreOptions } from "./options.js";
import { FalkorStore } from "./store.js";

export type { FalkorStoreOptions } from "./options.js";

export async function openFalkorStore(options: FalkorStoreOptions): Promise<Store> {
  const o = FalkorOptionsSchema.parse(options);
  let lastError: string | null = null;
  const client = await connectFalkor(connectOptions(o), o.queryTimeoutMs, (err) => {
    lastError = err.message;
  });
  return new FalkorStore(client, o.graphPrefix, () => lastError);
}

/** For tests and tools that bring their own connection. */
export function falkorStoreWith(client: GraphClient, graphPrefix = "ocm_"): Store {
  return new FalkorStore(client, graphPrefix);
}
