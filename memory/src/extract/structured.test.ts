import { describe, expect, it } from "vitest";
import type { ExtractedFact, Extraction } from "../engine/ports.js";
import type { Episode } from "../model/types.js";
import { normalizeEntityKey } from "./normalize.js";
import { structuredExtractor } from "./structured.js";

function episode(
  kind: Episode["kind"],
  content: string,
  metadata: Record<string, unknown>,
  session: string | null = "ses_1",
): Episode {
  return {
    id: "e1",
    group: "g",
    kind,
    content,
    actor: "assistant",
    session,
    occurredAt: "2026-01-01T00:00:00.000Z",
    createdAt: "2026-01-01T00:00:00.000Z",
    metadata: { directory: "/repo", ...metadata },
  };
}

const run = (e: Episode) => structuredExtractor.extract(e, { knownEntities: [] });
const triples = (x: Extraction) =>
  x.facts.map((f) => `${f.subject} ${f.predicate}${f.functional ? "!" : ""} ${f.object}`);
const fact = (x: Extraction, predicate: string): ExtractedFact | undefined =>
  x.facts.find((f) => f.predicate === predicate);

/** Every fact endpoint is a listed entity, every name is used with one type. */
function expectWellFormed(x: Extraction): void {
  const names = new Set(x.entities.map((e) => e.name));
  expect(names.size).toBe(x.entities.length);
  for (const f of x.facts) {
    expect(names.has(f.subject), f.subject).toBe(true);
    expect(names.has(f.object), f.object).toBe(true);
    expect(f.text.length).toBeGreaterThan(0);
    expect(f.predicate).toMatch(/^[a-z][a-z0-9_]*$/);
  }
}

describe("structured extractor: tool calls", () => {
  it("records a failing test command with its error and the file it points at", async () => {
    const x = await run(
      episode(
        "tool_call",
        "FAIL src/user.test.ts\nTypeError: Cannot read properties of undefined (reading 'id')\n    at getUser (/repo/src/user.ts:12:5)\n    at node_modules/vitest/dist/x.js:1:1",
        { tool: "bash", args: { command: "cd /repo && npm test -- --run" }, exitCode: 1, status: "error" },
      ),
    );
    expectWellFormed(x);
    const err = "TypeError: Cannot read properties of undefined (reading 'id')";
    expect(triples(x)).toEqual([
      "session ses_1 ran npm test",
      "npm test status! failing",
      `npm test failed_with ${err}`,
      `${err} occurs_in src/user.ts`,
    ]);
    expect(fact(x, "ran")?.text).toBe("A session ran `npm test`.");
    expect(fact(x, "status")?.text).toBe("`npm test` is failing (exit 1).");
    expect(x.entities.find((e) => e.type === "error")?.summary).toBe("TypeError error");
    expect(x.entities.some((e) => e.name.includes("node_modules"))).toBe(false);
  });

  it("marks the same command passing later (functional status)", async () => {
    const x = await run(
      episode("tool_call", "ok", { tool: "bash", args: { command: "npm t" }, exitCode: 0 }),
    );
    expect(triples(x)).toEqual(["session ses_1 ran npm test", "npm test status! passing"]);
    expect(x.entities.some((e) => e.type === "project")).toBe(false);
  });

  it("marks every command of a passing && chain as passing, and only the last of a failing one", async () => {
    const chain = (exitCode: number) =>
      run(
        episode("tool_call", "out", {
          tool: "bash",
          args: { command: "dotnet build && dotnet test && curl -s localhost:8080/health" },
          exitCode,
        }),
      );
    const statuses = (x: Awaited<ReturnType<typeof chain>>) =>
      x.facts.filter((f) => f.predicate === "status").map((f) => f.text);
    expect(statuses(await chain(0))).toEqual(["`dotnet build` is passing.", "`dotnet test` is passing."]);
    expect(statuses(await chain(1))).toEqual([]);
    const semi = await run(
      episode("tool_call", "out", { tool: "bash", args: { command: "npm run lint; npm test" }, exitCode: 0 }),
    );
    expect(statuses(semi)).toEqual(["`npm test` is passing."]);
  });

  it("does not track a state for trivial commands", async () => {
    const x = await run(
      episode("tool_call", "a b", { tool: "bash", args: { command: "ls -la src" }, exitCode: 0 }),
    );
    expect(triples(x)).toEqual(["session ses_1 ran ls"]);
  });

  it("records installed and removed packages", async () => {
    const x = await run(
      episode("tool_call", "added 2 packages", {
        tool: "bash",
        args: { command: "npm i -D vitest@4 @types/node && npm uninstall jest" },
        exitCode: 0,
        project: "acme",
      }),
    );
    expectWellFormed(x);
    expect(triples(x)).toEqual([
      "session ses_1 ran npm install",
      "session ses_1 ran npm uninstall",
      "vitest install_status! installed",
      "acme depends_on vitest",
      // A package that is a known tool fills its part of the stack (on the package node); @types/node is not Node.
      "acme uses_test_framework! vitest",
      "@types/node install_status! installed",
      "acme depends_on @types/node",
      "jest install_status! removed",
      "acme removed jest",
      "acme switched_from jest",
    ]);
    expect(x.facts.find((f) => f.predicate === "removed")?.ends).toEqual(["depends_on"]);
    expect(x.facts.find((f) => f.predicate === "switched_from")?.ends).toEqual(
      expect.arrayContaining(["uses", "uses_test_framework", "decided", "has_rule"]),
    );
    expect(x.facts.find((f) => f.object === "vitest")?.text).toContain("dev dependency");
  });

  it("records the symbols an edit tool's new text defines in the file it edits", async () => {
    const x = await run(
      episode("tool_call", "edit: src/auth.ts", {
        tool: "edit",
        args: {
          filePath: "/repo/src/auth.ts",
          oldString: "function old() {}",
          newString:
            "export async function verifyToken(t: string) {\n  return t;\n}\nexport class Session {}",
        },
        exitCode: 0,
      }),
    );
    expectWellFormed(x);
    expect(x.facts.filter((f) => f.predicate === "defines").map((f) => f.text)).toEqual([
      "src/auth.ts defines verifyToken.",
      "src/auth.ts defines Session.",
    ]);
  });

  it("records the settings an edit writes into a config file, and none from code", async () => {
    const edit = (file: string, newString: string) =>
      run(
        episode("tool_call", `edit: ${file}`, {
          tool: "edit",
          args: { filePath: `/repo/${file}`, oldString: "x", newString },
          exitCode: 0,
        }),
      );
    const gradle = await edit("app/build.gradle.kts", 'versionName = "2.4.0"\nversionCode = 43\nminSdk = 26');
    expectWellFormed(gradle);
    expect(gradle.facts.filter((f) => f.predicate === "set_to").map((f) => f.text)).toEqual([
      "versionName is set to 2.4.0.",
      "versionCode is set to 43.",
      "minSdk is set to 26.",
    ]);
    const code = await edit("src/app.ts", "const versionName = '2.4.0';");
    expect(code.facts.filter((f) => f.predicate === "set_to")).toEqual([]);
    // A key is named by where it sits: two `port`s in one YAML file never replace each other.
    const yaml = await edit(
      "src/main/resources/application.yml",
      "server:\n  port: 8085\nmanagement:\n  server:\n    port: 9090",
    );
    expect(yaml.facts.filter((f) => f.predicate === "set_to").map((f) => f.text)).toEqual([
      "server.port is set to 8085.",
      "management.server.port is set to 9090.",
    ]);
    const toml = await edit("Cargo.toml", '[package]\nversion = "0.7.0"\n\n[features]\ndefault = []');
    expect(toml.facts.filter((f) => f.predicate === "set_to").map((f) => f.text)).toEqual([
      "package.version is set to 0.7.0.",
    ]);
  });

  it("tracks whether specs pass, as it does for npm test", async () => {
    const x = await run(
      episode("tool_call", "131 examples, 0 failures", {
        tool: "bash",
        args: { command: "bundle exec rspec" },
        exitCode: 0,
      }),
    );
    expect(x.facts.find((f) => f.predicate === "status")?.text).toBe("`bundle exec rspec` is passing.");
  });

  it("records a file moved with git mv or mv, under its path in the project", async () => {
    const x = await run(
      episode("tool_call", "git mv", {
        tool: "bash",
        args: {
          command: "git mv /repo/src/users.ts src/user-service.ts && mv -f a.ts b.ts && mv x.ts y.ts lib/",
        },
        exitCode: 0,
      }),
    );
    expectWellFormed(x);
    expect(x.facts.filter((f) => f.predicate === "renamed_to").map((f) => f.text)).toEqual([
      "src/users.ts was renamed to src/user-service.ts.",
      "a.ts was renamed to b.ts.",
    ]);
  });

  it("records no packages when the install failed", async () => {
    const x = await run(
      episode("tool_call", "npm ERR! code E404", {
        tool: "bash",
        args: { command: "npm install nope-pkg" },
        exitCode: 1,
      }),
    );
    expect(x.facts.some((f) => f.predicate === "depends_on" || f.predicate === "install_status")).toBe(false);
    expect(x.entities.find((e) => e.type === "error")?.name).toBe("npm ERR! code E404");
  });

  it("records edits with project-relative paths", async () => {
    const x = await run(
      episode("tool_call", "Edit applied", {
        tool: "edit",
        args: { filePath: "/repo/src/app.ts", oldString: "a", newString: "b" },
        status: "completed",
        files: ["/repo/src/app.ts", "./src/app.ts"],
      }),
    );
    expect(triples(x)).toEqual(["session ses_1 edited src/app.ts"]);
    expect(normalizeEntityKey("src/app.ts", "file")).toBe("src/app.ts");
  });

  it("records a failed tool with the error and file, without claiming an edit", async () => {
    const x = await run(
      episode("tool_call", "Error: oldString not found in content", {
        tool: "edit",
        args: { filePath: "/repo/src/a.ts" },
        status: "error",
      }),
    );
    expect(triples(x)).toEqual([
      "edit failed_with Error: oldString not found in content",
      "Error: oldString not found in content occurs_in src/a.ts",
    ]);
  });

  it("does not take a search tool's directory for a file", async () => {
    const x = await run(
      episode("tool_call", "grep: TODO\noutput:\nsrc/a.ts:3: TODO", {
        tool: "grep",
        args: { pattern: "TODO", path: "/repo/src" },
        files: ["/repo/src"],
        status: "completed",
      }),
    );
    expect(x.entities.filter((e) => e.type === "file")).toEqual([]);
    const read = await run(
      episode("tool_call", "x", {
        tool: "read",
        args: { filePath: "/repo/bin/memory" },
        status: "completed",
      }),
    );
    expect(read.entities).toContainEqual({ name: "bin/memory", type: "file" });
  });

  it("falls back to the project as subject without a session", async () => {
    const x = await run(
      episode("tool_call", "", { tool: "write", args: { filePath: "README.md" }, project: "acme" }, null),
    );
    expect(triples(x)).toEqual(["acme edited README.md"]);
    expect(x.entities.find((e) => e.name === "acme")).toEqual({
      name: "acme",
      type: "project",
      summary: "/repo",
    });
  });
});

describe("structured extractor: other kinds", () => {
  it("file_edit: the edit and the top-level symbols a diff adds", async () => {
    const diff =
      "--- a/src/app.ts\n+++ b/src/app.ts\n@@ -1 +1,4 @@\n+export function createApp() {}\n+export class Server {}\n-function old() {}\n+  const local = 1;\n";
    const x = await run(episode("file_edit", diff, { file: "/repo/src/app.ts" }));
    expectWellFormed(x);
    expect(triples(x)).toEqual([
      "session ses_1 edited src/app.ts",
      "src/app.ts defines createApp",
      "src/app.ts defines Server",
    ]);
  });

  it("error: who hit it, which tool, which file", async () => {
    const x = await run(
      episode("error", "TypeError: x is not a function\n    at run (/repo/src/b.ts:3:1)", {
        name: "TypeError",
        message: "x is not a function",
        tool: "bash",
        file: "/repo/src/a.ts",
      }),
    );
    expectWellFormed(x);
    expect(triples(x)).toEqual([
      "session ses_1 encountered TypeError: x is not a function",
      "bash failed_with TypeError: x is not a function",
      "TypeError: x is not a function occurs_in src/a.ts",
      "TypeError: x is not a function occurs_in src/b.ts",
    ]);
    expect(x.facts.find((f) => f.object === "src/a.ts")?.text).toBe(
      "TypeError: x is not a function (in src/a.ts)",
    );
  });

  it("error: a message that names its file is not told the file twice", async () => {
    const x = await run(
      episode("error", "SyntaxError: Unexpected token '}' in src/db/button.json", {
        name: "SyntaxError",
        message: "Unexpected token '}' in src/db/button.json",
        file: "/repo/src/db/button.json",
      }),
    );
    const placed = x.facts.find((f) => f.predicate === "occurs_in");
    expect(placed?.object).toBe("src/db/button.json");
    expect(placed?.text).toBe("SyntaxError: Unexpected token '}' in src/db/button.json");
  });

  it("todo: tasks with a functional status and priority", async () => {
    const x = await run(
      episode("todo", "todos", {
        todos: [
          { content: "Add tests for login", status: "in_progress", priority: "high" },
          { content: "Fix CI", status: "completed" },
          { content: "", status: "pending" },
          "garbage",
        ],
      }),
    );
    expectWellFormed(x);
    expect(triples(x)).toEqual([
      "session ses_1 has_task Add tests for login",
      "Add tests for login task_status! in progress",
      "Add tests for login task_priority! high priority",
      "session ses_1 has_task Fix CI",
      "Fix CI task_status! completed",
    ]);
  });

  it("session events: title and project, and summaries through the free-text rules", async () => {
    const start = await run(episode("session_start", "started", { title: "Fix login bug", project: "acme" }));
    expect(triples(start)).toEqual(["acme has_session session ses_1", "session ses_1 titled! Fix login bug"]);
    expect(start.entities.find((e) => e.name === "session ses_1")?.summary).toBe("Fix login bug");
    const summary = await run(
      episode("session_summary", "We switched from Jest to Vitest. Edited src/app.ts.", {
        title: "Tests",
        project: "acme",
      }),
    );
    expectWellFormed(summary);
    expect(triples(summary)).toEqual([
      "session ses_1 titled! Tests",
      "acme uses_test_framework! Vitest",
      "acme switched_from Jest",
    ]);
    expect(summary.entities.some((e) => e.name === "src/app.ts" && e.type === "file")).toBe(true);
  });

  it("survives missing and malformed metadata", async () => {
    for (const kind of [
      "tool_call",
      "file_edit",
      "error",
      "todo",
      "session_start",
      "session_end",
      "session_summary",
    ] as const) {
      const x = await run(
        episode(kind, "x", { args: "nope", files: [1, null], todos: "no", exitCode: "1" }, null),
      );
      expectWellFormed(x);
    }
  });
});
