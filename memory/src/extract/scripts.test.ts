import { describe, expect, it } from "vitest";
import { scriptsIn } from "./scripts.js";

describe("scriptsIn", () => {
  it("reads Makefile targets and their first recipe line", () => {
    const text =
      '.PHONY: test\ninstall:\n\tuv sync\n\ntest: install\n\t@uv run pytest -m "not slow"\n\nCC := gcc\n';
    expect(scriptsIn("Makefile", text)).toEqual([
      { command: "make install", runs: "uv sync" },
      { command: "make test", runs: 'uv run pytest -m "not slow"' },
    ]);
    expect(scriptsIn("justfile", "lint:\n    cargo clippy")).toEqual([
      { command: "just lint", runs: "cargo clippy" },
    ]);
  });

  it("reads package.json scripts from a whole file or an edited fragment, and nothing else", () => {
    const whole = JSON.stringify(
      { name: "acme", version: "1.0.0", scripts: { test: "vitest run", build: "tsc -b" } },
      null,
      2,
    );
    expect(scriptsIn("package.json", whole)).toEqual([
      { command: "package.json script test", runs: "vitest run" },
      { command: "package.json script build", runs: "tsc -b" },
    ]);
    expect(scriptsIn("package.json", '    "test": "vitest run --coverage",')).toEqual([
      { command: "package.json script test", runs: "vitest run --coverage" },
    ]);
    expect(scriptsIn("package.json", '    "zod": "^3.23.8",')).toEqual([]);
  });

  it("gives each package.json script its own node, so one script's recipe never replaces another's", async () => {
    const { ExtractionBuilder } = await import("./builder.js");
    const { scriptFacts } = await import("./scripts.js");
    const { normalizeEntityKey } = await import("./normalize.js");
    const b = new ExtractionBuilder();
    scriptFacts(b, "package.json", '"scripts": {\n  "test": "vitest run",\n  "build": "tsc -b"\n}');
    const subjects = b.build().entities.filter((e) => e.name.startsWith("package.json script"));
    expect(new Set(subjects.map((e) => normalizeEntityKey(e.name, e.type))).size).toBe(2);
  });
});
