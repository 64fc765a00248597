import { describe, expect, it } from "vitest";
import { HashedEmbedder } from "../embed/hashed.js";
import { openSqliteStore } from "../store/sqlite/index.js";
import { createMemoryEngine } from "./engine.js";
import type { Extractor } from "./ports.js";
import { resolveEntities } from "./resolve-entities.js";

const named: Extractor = {
  name: "named",
  async extract(episode) {
    return { entities: [{ name: String(episode.metadata.entity), type: "concept" }], facts: [] };
  },
};

describe("entity resolution", () => {
  it("matches near spellings for free text only; structured names resolve by exact key", async () => {
    const store = openSqliteStore(":memory:");
    const engine = createMemoryEngine({ store, embedder: new HashedEmbedder(), extractor: named });
    const stored = await engine.ingest({
      group: "g",
      kind: "note",
      content: "the reconciliation worker for payments",
      metadata: { entity: "payments reconciliation worker" },
    });
    const [entity] = stored.entities;
    const near = [{ name: "payments reconciliation workers", type: "concept" as const }];
    const now = new Date().toISOString();

    const loose = await resolveEntities(store, "g", near, now);
    expect(loose.get(near[0]!.name)?.entity.id).toBe(entity?.id);
    const strict = await resolveEntities(store, "g", near, now, { fuzzy: false });
    expect(strict.get(near[0]!.name)).toMatchObject({ isNew: true });
    // An exact key still resolves without fuzzy matching.
    const exact = await resolveEntities(
      store,
      "g",
      [{ name: "Payments Reconciliation Worker", type: "concept" }],
      now,
      {
        fuzzy: false,
      },
    );
    expect(exact.get("Payments Reconciliation Worker")?.entity.id).toBe(entity?.id);
    await engine.close();
  });

  it("makes one node of an acronym however a conversation writes it", async () => {
    const engine = createMemoryEngine({ store: openSqliteStore(":memory:"), embedder: new HashedEmbedder() });
    for (const content of [
      "How is the DGIA migration going?",
      "the dgia migration is blocked by their API",
      "Ask the DGIA team; DGIA owns the gateway.",
    ]) {
      const stored = await engine.ingest({ group: "g", kind: "user_message", content });
      expect(stored.entities.map((e) => e.name)).toContain("DGIA");
    }
    const found = await engine.search({ group: "g", q: "dgia", limit: 10, history: false });
    expect(found.entities.filter((e) => e.item.name.toLowerCase() === "dgia")).toHaveLength(1);
    await engine.close();
  });
});
