import { describe, expect, it } from "vitest";
import { EXTRACTION_JSON_SCHEMA, isoOrNull, snakeCase, validateAnswer } from "./schema.js";
import { ENTITY_TYPES, toEntityType } from "./types.js";
import { functionalFlag, isCodeConvention } from "./vocabulary.js";

describe("snakeCase", () => {
  it("normalises relation spellings to snake_case", () => {
    expect(snakeCase("uses_runtime")).toBe("uses_runtime");
    expect(snakeCase("usesRuntime")).toBe("uses_runtime");
    expect(snakeCase("Uses Runtime")).toBe("uses_runtime");
    expect(snakeCase("deployed-with")).toBe("deployed_with");
    expect(snakeCase("  listens on port ")).toBe("listens_on_port");
  });
  it("refuses what cannot be a relation", () => {
    expect(snakeCase("")).toBeNull();
    expect(snakeCase("!!!")).toBeNull();
    expect(snakeCase("42_things")).toBeNull();
    expect(snakeCase("x".repeat(80))).toBeNull();
  });
});

describe("isoOrNull", () => {
  it("normalises ISO dates and date-times to toISOString form", () => {
    expect(isoOrNull("2026-11-19")).toBe("2026-11-19T00:00:00.000Z");
    expect(isoOrNull("2026-11-19T10:00:00Z")).toBe("2026-11-19T10:00:00.000Z");
    expect(isoOrNull("2026-11-19T12:00:00+02:00")).toBe("2026-11-19T10:00:00.000Z");
    expect(isoOrNull("2026-11-19 10:00Z")).toBe("2026-11-19T10:00:00.000Z");
  });
  it("gives null for anything else, rather than a guessed date", () => {
    for (const v of [null, undefined, 5, "yesterday", "2026-11-19T10:00:00", "2026-13-45", "19/11/2026"]) {
      expect(isoOrNull(v)).toBeNull();
    }
  });
});

describe("validateAnswer", () => {
  it("accepts a valid answer and camelCase date keys", () => {
    const out = validateAnswer({
      entities: [{ name: "  Vitest  ", type: "package", summary: null }],
      facts: [
        {
          subject: "p",
          predicate: "uses_test_framework",
          object: "Vitest",
          text: "t",
          validAt: "2026-01-02",
        },
      ],
    });
    expect(out.entities[0]?.name).toBe("Vitest");
    expect(out.facts[0]).toMatchObject({ valid_at: "2026-01-02T00:00:00.000Z", invalid_at: null });
    expect(out.dropped).toBe(0);
  });
  it("drops bad items but keeps the good ones", () => {
    const out = validateAnswer({
      entities: [{ name: "" }, { name: "ok", type: "tool" }],
      facts: [
        { subject: "a", predicate: "x", object: "a" },
        { subject: "a", predicate: "rel", object: "b" },
      ],
    });
    expect(out.entities.map((e) => e.name)).toEqual(["ok"]);
    expect(out.facts.map((f) => f.predicate)).toEqual(["rel"]);
    expect(out.dropped).toBe(2);
    expect(out.problems.join(" ")).toMatch(/same/);
  });
  it("rejects a wrong shape, and an answer whose every item is unusable", () => {
    expect(() => validateAnswer({ facts: "none" })).toThrow(/does not match the schema/);
    expect(() => validateAnswer([])).toThrow(/does not match the schema/);
    expect(() => validateAnswer({ entities: [{}], facts: [{ subject: "a" }] })).toThrow(/no usable/);
  });
  it("accepts an empty answer (nothing worth remembering)", () => {
    expect(validateAnswer({ entities: [], facts: [] })).toMatchObject({
      entities: [],
      facts: [],
      dropped: 0,
    });
  });
});

describe("the JSON schema sent to the model", () => {
  it("is strict-mode compatible: every property required, no extra properties", () => {
    const check = (node: Record<string, unknown>) => {
      if (node.type === "object") {
        expect(node.additionalProperties).toBe(false);
        expect(Object.keys(node.properties as object).sort()).toEqual(
          [...(node.required as string[])].sort(),
        );
        for (const child of Object.values(node.properties as Record<string, Record<string, unknown>>))
          check(child);
      }
      if (node.type === "array") check(node.items as Record<string, unknown>);
    };
    check(EXTRACTION_JSON_SCHEMA);
  });
});

describe("toEntityType", () => {
  it("keeps the project's types and maps common model words onto them", () => {
    for (const t of ENTITY_TYPES) expect(toEntityType(t)).toBe(t);
    expect(toEntityType("Library")).toBe("package");
    expect(toEntityType("frameworks")).toBe("package");
    expect(toEntityType("Function")).toBe("symbol");
    expect(toEntityType("programming language")).toBe("concept");
    expect(toEntityType("Database")).toBe("tool");
    expect(toEntityType("exception")).toBe("error");
    expect(toEntityType("files")).toBe("file");
    expect(toEntityType("spaceship")).toBe("concept");
    expect(toEntityType(null)).toBe("concept");
  });
});

describe("functionalFlag", () => {
  it("follows the shared vocabulary where it applies, the model elsewhere", () => {
    expect(functionalFlag("uses_test_framework", false)).toBe(true);
    expect(functionalFlag("uses_python_version", false)).toBe(true);
    expect(functionalFlag("uses_language", true)).toBe(false);
    expect(functionalFlag("uses_cache", true)).toBe(false);
    expect(functionalFlag("prefers_quotes", false)).toBe(true);
    expect(functionalFlag("prefers", true)).toBe(false);
    expect(functionalFlag("lifecycle_status", false)).toBe(true);
    expect(functionalFlag("replaced_by", true)).toBe(false);
    expect(functionalFlag("listens_on_port", true)).toBe(true);
    expect(functionalFlag("listens_on_port", null)).toBe(false);
    // The rules' layout relations: one place, one port, one command at a time.
    expect(functionalFlag("located_in", false)).toBe(true);
    expect(functionalFlag("listens_on", null)).toBe(true);
    expect(functionalFlag("reachable_at", false)).toBe(true);
    expect(functionalFlag("run_with", false)).toBe(true);
    expect(functionalFlag("typecheck_with", false)).toBe(true);
  });
});

describe("isCodeConvention", () => {
  it("gives the codebase's conventions to the project and the developer's tastes to the user", () => {
    expect(isCodeConvention("prefers_indentation")).toBe(true);
    expect(isCodeConvention("prefers_commits")).toBe(true);
    expect(isCodeConvention("prefers_responses")).toBe(false);
    expect(isCodeConvention("prefers_package_manager")).toBe(false);
    expect(isCodeConvention("uses_runtime")).toBe(false);
  });
});
