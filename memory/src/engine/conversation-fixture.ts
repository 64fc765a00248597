/**
 * For tests that tell the engine a project's history in messages and read back what is current:
 * a fresh embedded engine per test (rule extractor, hashed embedder, in-memory SQLite).
 */
import { afterEach, beforeEach } from "vitest";
import { HashedEmbedder } from "../embed/hashed.js";
import { openSqliteStore } from "../store/sqlite/index.js";
import { createMemoryEngine } from "./engine.js";
import type { MemoryEngine } from "./interface.js";

/** Midnight UTC of a day in January 2026. */
export const day = (d: number) => new Date(Date.UTC(2026, 0, d)).toISOString();

export function conversation() {
  let engine: MemoryEngine;
  beforeEach(() => {
    engine = createMemoryEngine({ store: openSqliteStore(":memory:"), embedder: new HashedEmbedder() });
  });
  afterEach(async () => {
    await engine.close();
  });
  return {
    get engine(): MemoryEngine {
      return engine;
    },
    /** The user says `content` on day `d` of group "g". */
    say: (id: string, d: number, content: string) =>
      engine.ingest({ id, group: "g", kind: "user_message", content, occurredAt: day(d) }),
    /** The texts of the facts holding now (or at `at`) that a search for `q` finds, sorted. */
    async current(q: string, at?: string): Promise<string[]> {
      const res = await engine.search({ group: "g", q, limit: 20, history: false, ...(at ? { at } : {}) });
      return res.facts.map((f) => f.item.text).sort();
    },
  };
}
