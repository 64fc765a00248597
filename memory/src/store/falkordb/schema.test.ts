import { describe, expect, it } from "vitest";
import {
  fulltextIndexStatement,
  graphIndexStatements,
  isAlreadyIndexed,
  isServerReply,
  isMissingGraph,
  metaIndexStatements,
  rangeIndexStatement,
  vectorIndexStatement,
} from "./schema.js";

describe("index statements", () => {
  it("create range indexes on every looked-up property and full-text on the searched text", () => {
    const all = graphIndexStatements();
    for (const s of [
      "CREATE INDEX FOR (n:Episode) ON (n.uuid)",
      "CREATE INDEX FOR (n:Entity) ON (n.key)",
      "CREATE INDEX FOR (n:Fact) ON (n.subjectId)",
      "CREATE INDEX FOR (n:Fact) ON (n.validAt)",
      "CALL db.idx.fulltext.createNodeIndex('Entity', 'name', 'summary')",
      "CALL db.idx.fulltext.createNodeIndex('Fact', 'text')",
      "CALL db.idx.fulltext.createNodeIndex('Episode', 'content')",
    ]) {
      expect(all).toContain(s);
    }
    expect(new Set(all).size).toBe(all.length);
    expect(metaIndexStatements()).toEqual([
      "CREATE INDEX FOR (n:Meta) ON (n.key)",
      "CREATE INDEX FOR (n:Group) ON (n.name)",
    ]);
    expect(rangeIndexStatement("A", "b")).toBe("CREATE INDEX FOR (n:A) ON (n.b)");
    expect(fulltextIndexStatement("A", ["b", "c"])).toBe(
      "CALL db.idx.fulltext.createNodeIndex('A', 'b', 'c')",
    );
  });

  it("create cosine HNSW indexes with a validated integer dimension", () => {
    expect(vectorIndexStatement("Fact", 1536)).toBe(
      "CREATE VECTOR INDEX FOR (n:Fact) ON (n.embedding) OPTIONS {dimension: 1536, similarityFunction: 'cosine'}",
    );
    for (const bad of [0, -3, 1.5, Number.NaN, 100_000])
      expect(() => vectorIndexStatement("Entity", bad)).toThrow(RangeError);
  });
});

describe("error classification", () => {
  it("treats an existing index as done", () => {
    expect(isAlreadyIndexed(new Error("Attribute 'uuid' is already indexed"))).toBe(true);
    expect(isAlreadyIndexed(new Error("Index already exists"))).toBe(true);
    expect(isAlreadyIndexed(new Error("Syntax error at offset 3"))).toBe(false);
  });

  it("tells an error the server answered from one where it did not answer", () => {
    class ErrorReply extends Error {}
    class SimpleError extends ErrorReply {}
    expect(isServerReply(new SimpleError("ERR unknown"))).toBe(true);
    expect(isServerReply(new ErrorReply("ERR unknown"))).toBe(true);
    expect(isServerReply(new Error("connect ECONNREFUSED"))).toBe(false);
    expect(isServerReply("ERR unknown")).toBe(false);
  });

  it("treats a graph with no key yet as empty, nothing else", () => {
    expect(isMissingGraph(new Error("ERR Invalid graph operation on empty key"))).toBe(true);
    expect(isMissingGraph("Graph g does not exist")).toBe(true);
    expect(isMissingGraph(new Error("Query timed out"))).toBe(false);
    expect(isMissingGraph(new Error("Type mismatch: expected Vectorf32 but was List"))).toBe(false);
  });
});
