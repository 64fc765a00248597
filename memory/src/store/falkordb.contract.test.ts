/**
 * The shared Store contract against a live FalkorDB, when FALKORDB_URL is set (e.g.
 * redis://127.0.0.1:6379). Each run uses its own graph prefix and deletes its graphs afterwards.
 */
import { FalkorDB } from "falkordb";
import { afterAll } from "vitest";
import { runStoreContract } from "./contract.js";
import { openFalkorStore } from "./falkordb/index.js";
import { redisUrl } from "./falkordb/options.js";

const url = process.env.FALKORDB_URL;
const SKIP =
  "FALKORDB_URL is not set: the FalkorDB contract run is skipped (FalkorDB cannot be installed on this machine)";
const prefix = `ocmtest_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}_`;

if (!url) console.warn(SKIP);

runStoreContract(
  "falkordb",
  async () => openFalkorStore({ url: url ?? "redis://127.0.0.1:6379", graphPrefix: prefix }),
  {
    skip: url ? false : SKIP,
  },
);

if (url) {
  afterAll(async () => {
    const db = await FalkorDB.connect({ url: redisUrl(url) });
    try {
      for (const name of await db.list()) {
        if (name.startsWith(prefix)) await db.selectGraph(name).delete();
      }
    } finally {
      await db.close();
    }
  });
}
