import { describe, expect, it } from "vitest";
import { entity, episode, fact, write } from "../contract.js";
import { GroupAdjacency } from "./adjacency.js";
import { Database } from "./driver.js";
import { SCHEMA } from "./schema.js";
import { Statements } from "./statements.js";
import { writeIngest } from "./writes.js";

const G = "contract-g";

describe("GroupAdjacency", () => {
  it("rebuilds a group from SQLite when told of a stored fact it does not hold", () => {
    const db = new Database(":memory:");
    db.exec(SCHEMA);
    const s = new Statements(db);
    const graphs = new GroupAdjacency(db);
    const [p, a, b] = [entity("p", "acme"), entity("a", "dep a"), entity("b", "dep b")];
    writeIngest(s, write(episode("ep1", 1), [[p], [a]], [[fact("f1", "p", "uses", "a", 1)]]));
    expect(graphs.get(G).size).toBe(1);
    // Written behind the loaded graph's back, at f1's time, then reported without its rowid:
    // only a rebuild can order it after f1 (the later row), so the group is read again.
    const f2 = fact("f2", "p", "uses", "b", 1);
    writeIngest(s, write(episode("ep2", 2), [[p], [b]], [[f2]]));
    graphs.written({ ...f2, group: G }, undefined);
    expect(
      graphs
        .get(G)
        .newest(["p"], {}, 10)
        .map((e) => e.id),
    ).toEqual(["f2", "f1"]);
    db.close();
  });
});
