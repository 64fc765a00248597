import { describe, expect, it } from "vitest";
import type { Fact } from "../model/types.js";
import { factFixture } from "./fact-fixture.js";
import { decideTemporal, versionOf } from "./temporal.js";

const T = (day: number) => new Date(Date.UTC(2026, 0, day)).toISOString();

const fact = (id: string, objectId: string, validAt: string, invalidAt: string | null = null): Fact =>
  factFixture(id, validAt, { objectId, invalidAt, text: `uses ${objectId}` });

describe("decideTemporal", () => {
  it("invalidates the current fact when a later one contradicts it", () => {
    const d = decideTemporal({ objectId: "node22", validAt: T(5), invalidAt: null, functional: true }, [
      fact("f18", "node18", T(1)),
    ]);
    expect(d).toEqual({
      kind: "new",
      invalidAt: null,
      invalidatedBy: null,
      invalidate: [{ factId: "f18", invalidAt: T(5) }],
    });
  });

  it("closes a late-arriving older fact at the validAt of the newer stored one", () => {
    const d = decideTemporal({ objectId: "node18", validAt: T(1), invalidAt: null, functional: true }, [
      fact("f22", "node22", T(5)),
    ]);
    expect(d).toEqual({ kind: "new", invalidAt: T(5), invalidatedBy: "f22", invalidate: [] });
  });

  it("slots an out-of-order fact between two stored ones", () => {
    const d = decideTemporal({ objectId: "node20", validAt: T(3), invalidAt: null, functional: true }, [
      fact("f18", "node18", T(1), T(5)),
      fact("f22", "node22", T(5)),
    ]);
    expect(d).toEqual({
      kind: "new",
      invalidAt: T(5),
      invalidatedBy: "f22",
      invalidate: [{ factId: "f18", invalidAt: T(3) }],
    });
  });

  it("leaves history that does not overlap alone", () => {
    const d = decideTemporal({ objectId: "node22", validAt: T(9), invalidAt: null, functional: true }, [
      fact("f18", "node18", T(1), T(3)),
    ]);
    expect(d).toEqual({ kind: "new", invalidAt: null, invalidatedBy: null, invalidate: [] });
  });

  it("treats the same object while it holds as a duplicate", () => {
    const d = decideTemporal({ objectId: "node18", validAt: T(2), invalidAt: null, functional: true }, [
      fact("f18", "node18", T(1)),
    ]);
    expect(d).toEqual({ kind: "duplicate", factId: "f18", extendValidAt: null });
  });

  it("extends a stored fact backwards with older evidence, unless a contradiction lies between", () => {
    const stored = [fact("f18", "node18", T(5))];
    expect(
      decideTemporal({ objectId: "node18", validAt: T(2), invalidAt: null, functional: true }, stored),
    ).toEqual({
      kind: "duplicate",
      factId: "f18",
      extendValidAt: T(2),
    });
    const blocked = decideTemporal({ objectId: "node18", validAt: T(2), invalidAt: null, functional: true }, [
      ...stored,
      fact("f20", "node20", T(3), T(5)),
    ]);
    expect(blocked.kind).toBe("new");
  });

  it("re-adopting an object after it was replaced is a new fact that replaces the current one", () => {
    const d = decideTemporal({ objectId: "node18", validAt: T(9), invalidAt: null, functional: true }, [
      fact("f18", "node18", T(1), T(5)),
      fact("f22", "node22", T(5)),
    ]);
    expect(d).toEqual({
      kind: "new",
      invalidAt: null,
      invalidatedBy: null,
      invalidate: [{ factId: "f22", invalidAt: T(9) }],
    });
  });

  it("never invalidates for non-functional predicates", () => {
    const d = decideTemporal({ objectId: "vitest", validAt: T(5), invalidAt: null, functional: false }, [
      fact("fz", "zod", T(1)),
    ]);
    expect(d).toEqual({ kind: "new", invalidAt: null, invalidatedBy: null, invalidate: [] });
  });
});

describe("versionOf", () => {
  it.each([
    ["PostgreSQL", "PostgreSQL 16", true],
    ["node", "Node v22.1", true],
    ["Python", "Python 3.12.1", true],
    ["React", "React Native", false],
    ["React", "React", false],
    ["Node 22", "Node 22", false],
    ["Node", "Node 22 LTS", false],
    ["Post", "PostgreSQL 16", false],
  ])("%s -> %s: %s", (general, specific, expected) => {
    expect(versionOf(general, specific)).toBe(expected);
  });
});

describe("decideTemporal: a restatement without the version", () => {
  it("supports the versioned fact that holds", () => {
    const d = decideTemporal(
      { objectId: "pg", validAt: T(5), invalidAt: null, functional: true, restates: new Set(["pg16"]) },
      [fact("f16", "pg16", T(1))],
    );
    expect(d).toEqual({ kind: "duplicate", factId: "f16", extendValidAt: null });
  });

  it("contradicts as usual when the versioned fact no longer holds", () => {
    const d = decideTemporal(
      { objectId: "pg", validAt: T(5), invalidAt: null, functional: true, restates: new Set(["pg16"]) },
      [fact("f16", "pg16", T(1), T(3)), fact("fmy", "mysql", T(3))],
    );
    expect(d).toEqual({
      kind: "new",
      invalidAt: null,
      invalidatedBy: null,
      invalidate: [{ factId: "fmy", invalidAt: T(5) }],
    });
  });
});
