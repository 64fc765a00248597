import { describe, expect, it } from "vitest";
import { commandKey, keyPrograms } from "./command.js";
import { definedSymbols } from "./diff.js";
import { errorClass, findErrorLine, locatedFiles } from "./errors.js";
import { packageChanges } from "./packages.js";
import { extractRules } from "./rules.js";

describe("packageChanges", () => {
  it.each([
    ["npm install zod", [{ name: "zod", action: "add", dev: false, global: false, manager: "npm" }]],
    [
      "npm i -D vitest@^4 @types/node",
      [
        { name: "vitest", action: "add", dev: true, global: false, manager: "npm" },
        { name: "@types/node", action: "add", dev: true, global: false, manager: "npm" },
      ],
    ],
    ["pnpm add -w hono", [{ name: "hono", action: "add", dev: false, global: false, manager: "pnpm" }]],
    [
      "yarn remove left-pad",
      [{ name: "left-pad", action: "remove", dev: false, global: false, manager: "yarn" }],
    ],
    [
      "python -m pip install 'requests[socks]==2.31'",
      [{ name: "requests", action: "add", dev: false, global: false, manager: "pip" }],
    ],
    [
      "go get github.com/spf13/cobra@v1.8.0",
      [{ name: "github.com/spf13/cobra", action: "add", dev: false, global: false, manager: "go" }],
    ],
    ["uv add --group dev ruff", [{ name: "ruff", action: "add", dev: true, global: false, manager: "uv" }]],
    [
      "cd app && sudo npm uninstall -g typescript",
      [{ name: "typescript", action: "remove", dev: false, global: true, manager: "npm" }],
    ],
  ])("%s", (command, expected) => {
    expect(packageChanges(command)).toEqual(expected);
  });

  it.each([
    "npm install",
    "npm ci",
    "npm install ./local-pkg",
    "pip install -r requirements.txt",
    "uv add -r requirements.txt",
    "uv add requirements-dev.txt",
    "npm test",
    "git add .",
  ])("adds nothing for %s", (command) => {
    expect(packageChanges(command)).toEqual([]);
  });
});

describe("command aliases", () => {
  it("reduces short spellings to one command", () => {
    expect(commandKey("npm i zod")).toBe("npm install");
    expect(commandKey("npm t")).toBe("npm test");
    expect(commandKey("npm rm zod")).toBe("npm uninstall");
    expect(commandKey("pnpm i")).toBe("pnpm install");
  });

  it("keeps the program a runner runs: `uv run pytest` is not `uv run`", () => {
    expect(commandKey("uv run pytest -q")).toBe("uv run pytest");
    expect(commandKey("poetry run pytest tests/")).toBe("poetry run pytest");
    expect(commandKey("bundle exec rspec")).toBe("bundle exec rspec");
    expect(commandKey("pnpm exec vitest run")).toBe("pnpm exec vitest run");
    expect(commandKey("astro dev start")).toBe("astro dev start");
    expect(commandKey("dbt build --target prod")).toBe("dbt build");
  });

  it("keeps the platform a build is for: a failing cross build is not the native one", () => {
    expect(commandKey("cargo build --release --target aarch64-unknown-linux-gnu")).toBe(
      "cargo build --target aarch64-unknown-linux-gnu",
    );
    expect(commandKey("cargo test --target=wasm32-unknown-unknown -- --nocapture")).toBe(
      "cargo test --target wasm32-unknown-unknown",
    );
    expect(commandKey("GOOS=windows GOARCH=amd64 go build ./cmd/app")).toBe(
      "go build GOOS=windows GOARCH=amd64",
    );
    expect(commandKey("docker buildx build --platform linux/arm64 -t app .")).toBe(
      "docker buildx --platform linux/arm64",
    );
    expect(commandKey("dotnet publish -c Release -r linux-arm64")).toBe("dotnet publish -r linux-arm64");
    // Only flags that pick a platform, and only before `--` (after it they are the program's own).
    expect(commandKey("cargo build")).toBe("cargo build");
    expect(commandKey("cargo run -- --target x")).toBe("cargo run");
    expect(commandKey("cargo build --target")).toBe("cargo build");
    expect(commandKey("CGO_ENABLED=0 go build")).toBe("go build");
    expect(commandKey("tsc --target es2020")).toBe("tsc");
  });
});

describe("errors", () => {
  it.each([
    [
      "> build\n\nsrc/a.ts(3,7): error TS2322: Type 'string' is not assignable",
      "error TS2322: Type 'string' is not assignable",
    ],
    [
      'Traceback (most recent call last):\n  File "a.py", line 1\nValueError: bad value',
      "ValueError: bad value",
    ],
    ["error[E0382]: borrow of moved value: `x`", "error[E0382]: borrow of moved value: `x`"],
    [
      "fatal: not a git repository (or any of the parent directories): .git",
      "fatal: not a git repository (or any of the parent directories): .git",
    ],
    ["npm ERR! code ERESOLVE\nnpm ERR! ERESOLVE unable to resolve", "npm ERR! code ERESOLVE"],
    ["bash: pnpm: command not found", "bash: pnpm: command not found"],
    [
      "\u001B[31mError: connect ECONNREFUSED 127.0.0.1:5432\u001B[0m",
      "Error: connect ECONNREFUSED 127.0.0.1:5432",
    ],
    [
      "--- FAIL: TestStore_CreateJob (30.02s)\n    store_test.go:41: container postgres:15-alpine did not become ready\nFAIL\nFAIL\tgithub.com/acme/kiln/internal/store\t30.112s",
      "store_test.go:41: container postgres:15-alpine did not become ready",
    ],
  ])("finds the error line in %j", (text, line) => {
    expect(findErrorLine(text)).toBe(line);
  });

  it("falls back to a failing test line only when no line states an error", () => {
    expect(findErrorLine(" RUN v4\n FAIL  src/login.test.ts > rejects bad password\n Tests  1 failed")).toBe(
      "FAIL  src/login.test.ts > rejects bad password",
    );
    expect(findErrorLine("FAIL src/a.test.ts\nAssertionError: expected 1 to be 2")).toBe(
      "AssertionError: expected 1 to be 2",
    );
  });

  it.each(["all 12 tests passed", "0 errors, 0 warnings", "Compiled successfully", ""])(
    "finds none in %j",
    (text) => {
      expect(findErrorLine(text)).toBeNull();
    },
  );

  it("names the error class", () => {
    expect(errorClass("error TS2322: x")).toBe("TS2322");
    expect(errorClass("TypeError: x")).toBe("TypeError");
    expect(errorClass("Error: ENOENT: no such file")).toBe("ENOENT");
    expect(errorClass("something odd")).toBeNull();
  });

  it("lists project files from traces, not dependencies or internals", () => {
    const trace = [
      "TypeError: x",
      "    at f (/repo/src/a.ts:1:2)",
      "    at g (/repo/node_modules/lib/index.js:3:4)",
      "    at node:internal/process/task_queues:95:5",
      "src/b.tsx(4,2): error TS1005",
      "    at h (/repo/src/a.ts:9:9)",
    ].join("\n");
    expect(locatedFiles(trace, "/repo")).toEqual(["src/a.ts", "src/b.tsx"]);
  });
});

describe("definedSymbols", () => {
  it("reads top-level definitions in several languages", () => {
    const code = [
      "export async function loadConfig(path: string) {}",
      "export default class App {}",
      "export interface Options {}",
      "export type Id = string;",
      "export const DEFAULT_PORT = 8080;",
      "const handler = async (req) => {};",
      "def parse_args(argv):",
      "class Parser(Base):",
      "func (s *Server) Start() error {",
      "pub async fn run_server() {}",
      "  function nested() {}",
    ].join("\n");
    expect(definedSymbols(code)).toEqual([
      "loadConfig",
      "App",
      "Options",
      "Id",
      "DEFAULT_PORT",
      "handler",
      "parse_args",
      "Parser",
      "Start",
      "run_server",
    ]);
  });
});

describe("rule extractor on adversarial input", () => {
  it("handles 1 MB of repetitive text without blowing up", () => {
    const ep = (content: string) => ({
      id: "x",
      group: "g",
      kind: "user_message" as const,
      content,
      actor: null,
      session: null,
      occurredAt: "2026-01-01T00:00:00.000Z",
      createdAt: "2026-01-01T00:00:00.000Z",
      metadata: {},
    });
    const MB = 1024 * 1024;
    for (const content of [
      "we use ".repeat(MB / 7),
      "a/".repeat(MB / 2),
      "`".repeat(MB),
      "Error: ".repeat(MB / 7),
      "src/a.ts:1:".repeat(MB / 11),
      "```\n".repeat(MB / 4),
    ]) {
      const x = extractRules(ep(content));
      expect(x.facts.length).toBeLessThan(1000);
    }
  });
});

describe("structured extractor on adversarial output", () => {
  it("scans 100 KB of hostile tool output in bounded work", async () => {
    const { structuredExtractor } = await import("./structured.js");
    const line = (s: string) => `${s.repeat(Math.floor(1999 / s.length))}\n`;
    for (const chunk of [line("A"), line("(a."), line(" a/"), line("Error"), line("x:1")]) {
      const content = chunk.repeat(Math.floor(100_000 / chunk.length));
      const x = await structuredExtractor.extract(
        {
          id: "x",
          group: "g",
          kind: "tool_call",
          content,
          actor: null,
          session: null,
          occurredAt: "2026-01-01T00:00:00.000Z",
          createdAt: "2026-01-01T00:00:00.000Z",
          metadata: { tool: "bash", args: { command: "npm test" }, exitCode: 1 },
        },
        { knownEntities: [] },
      );
      expect(x.facts.some((f) => f.predicate === "ran")).toBe(true);
    }
  });
});

describe("keyPrograms: the programs a command key runs", () => {
  it.each([
    ["prettier", ["prettier"]],
    ["pnpm exec eslint", ["pnpm", "eslint"]],
    ["uv run black", ["uv", "black"]],
    ["bundle exec rspec", ["bundle", "rspec"]],
    ["python -m pytest", ["python", "pytest"]],
    ["yarn jest", ["yarn", "jest"]],
    ["npm run lint", ["npm"]],
    ["cargo test", ["cargo"]],
  ])("%s", (key, programs) => {
    expect(keyPrograms(key)).toEqual(programs);
  });
});
