import { describe, expect, it } from "vitest";
import {
  basenameKey,
  commandKey,
  commandKeys,
  errorKey,
  fileKeyCandidates,
  looksLikeFile,
  normalizeEntityKey,
  packageKey,
} from "./normalize.js";

describe("file keys", () => {
  it.each([
    ["src/app.ts", "src/app.ts"],
    ["./src/app.ts", "src/app.ts"],
    ["src\\app.ts", "src/app.ts"],
    ["src/lib/../app.ts", "src/app.ts"],
    ["src//./app.ts", "src/app.ts"],
    ["`src/app.ts`", "src/app.ts"],
    ["src/app.ts:12:5", "src/app.ts"],
    ["src/app.ts(12,5)", "src/app.ts"],
    ["src/app.ts.", "src/app.ts"],
    ["../other/x.ts", "../other/x.ts"],
    ["/etc/hosts", "/etc/hosts"],
    ["/a/../../b", "/b"],
    ["C:\\Users\\me\\repo\\x.ts", "c:/Users/me/repo/x.ts"],
    ["file:///home/me/x.ts", "/home/me/x.ts"],
    ["README.md", "README.md"],
  ])("%s -> %s", (input, key) => {
    expect(normalizeEntityKey(input, "file")).toBe(key);
  });

  it("makes paths under the project root relative, and only those", () => {
    const root = { root: "/home/me/repo/" };
    expect(normalizeEntityKey("/home/me/repo/src/app.ts", "file", root)).toBe("src/app.ts");
    expect(normalizeEntityKey("/home/me/repo2/src/app.ts", "file", root)).toBe("/home/me/repo2/src/app.ts");
    expect(normalizeEntityKey("./src/app.ts", "file", root)).toBe("src/app.ts");
    expect(normalizeEntityKey("C:\\repo\\src\\a.ts", "file", { root: "C:\\repo" })).toBe("src/a.ts");
  });

  it("offers the bare name as a candidate for resolution", () => {
    expect(basenameKey("src/app.ts")).toBe("app.ts");
    expect(basenameKey("app.ts")).toBe("app.ts");
    expect(fileKeyCandidates("/r/src/app.ts", "/r")).toEqual(["src/app.ts", "app.ts"]);
    expect(fileKeyCandidates("app.ts")).toEqual(["app.ts"]);
  });

  it("recognises file-like tokens", () => {
    for (const f of [
      "src/app.ts",
      "package.json",
      "Dockerfile",
      ".env.local",
      "a/b/c.test.tsx",
      "flake.nix",
    ]) {
      expect(looksLikeFile(f), f).toBe(true);
    }
    for (const f of ["1.2.3", "node.js is", "https://x.com/a.js", "hello", "e.g.", "v22.1"]) {
      expect(looksLikeFile(f), f).toBe(false);
    }
  });
});

describe("command keys", () => {
  it.each([
    ["npm test", "npm test"],
    ["npm test -- --watch", "npm test"],
    ["npm run build:prod --silent", "npm run build:prod"],
    ["git commit -m 'fix: x'", "git commit"],
    ["cd app && FOO=1 npm test", "npm test"],
    ["npx vitest run src/a.test.ts", "vitest run"],
    ["npx tsc --noEmit -p memory/tsconfig.json", "tsc"],
    ["./node_modules/.bin/eslint src", "eslint src"],
    ["ls -la src", "ls"],
    ["python -m pytest -k foo", "python -m pytest"],
    ["docker compose up -d", "docker compose up"],
    ["sudo apt-get install -y jq", "apt-get install"],
    ["cat package.json | jq .scripts", "cat"],
    ["NODE_ENV=test   node dist/index.js", "node"],
  ])("%s -> %s", (input, key) => {
    expect(commandKey(input)).toBe(key);
    expect(normalizeEntityKey(`\`${input}\``, "command")).toBe(key);
  });

  it("lists every segment's command once", () => {
    expect(commandKeys("npm ci && npm test; npm test | tee log && cd x")).toEqual([
      "npm ci",
      "npm test",
      "tee",
    ]);
    expect(commandKeys('echo "a && b" && git push')).toEqual(["git push"]);
  });

  it("reads through shell grammar: loops and conditions run programs, they are not ones", () => {
    expect(commandKeys("for i in 1 2 3; do npm test; done")).toEqual(["npm test"]);
    expect(commandKeys("if make lint; then echo ok; else exit 1; fi")).toEqual(["make lint"]);
    expect(commandKeys("while true; do sleep 1; break; done")).toEqual([]);
  });

  it("keeps a build tool's task and a runner's program with its subcommand", () => {
    expect(commandKeys("./gradlew assembleDebug testDebugUnitTest")).toEqual(["gradlew assembleDebug"]);
    expect(commandKeys("./gradlew :app:connectedDebugAndroidTest")).toEqual([
      "gradlew :app:connectedDebugAndroidTest",
    ]);
    expect(commandKeys("./mvnw clean verify")).toEqual(["mvnw clean"]);
    expect(commandKeys("fly deploy --remote-only")).toEqual(["fly deploy"]);
    expect(commandKeys("bundle exec fastlane android internal")).toEqual([
      "bundle exec fastlane android internal",
    ]);
    expect(commandKeys("uv run alembic revision --autogenerate -m 'add invoices'")).toEqual([
      "uv run alembic revision",
    ]);
  });
});

describe("package keys", () => {
  it.each([
    ["react", "react"],
    ["React@18.2.0", "react"],
    ["@types/node@^20", "@types/node"],
    ["@Scope/Pkg", "@scope/pkg"],
    ["npm:lodash.debounce", "lodash.debounce"],
    ["requests[security]==2.31", "requests"],
    ["zod>=4", "zod"],
  ])("%s -> %s", (input, key) => {
    expect(packageKey(input)).toBe(key);
  });
});

describe("error keys", () => {
  it("masks paths, numbers and ids but keeps the error's identity", () => {
    expect(
      errorKey("TypeError: Cannot read properties of undefined (reading 'x')\n    at f (/a/b.ts:1:2)"),
    ).toBe("typeerror: cannot read properties of undefined (reading 'x')");
    expect(errorKey("Error: ENOENT: no such file or directory, open '/home/me/repo/a.json'")).toBe(
      "error: enoent: no such file or directory, open '<path>'",
    );
    expect(errorKey("src/a.ts(12,5): error TS2345: Argument of type 'string'")).toBe(
      errorKey("src/b/c.ts(3,1): error TS2345: Argument of type 'string'"),
    );
    expect(errorKey("error TS2345: x")).not.toBe(errorKey("error TS2322: x"));
    expect(errorKey("listen EADDRINUSE: address already in use :::3000")).toBe(
      errorKey("listen EADDRINUSE: address already in use :::8080"),
    );
  });

  it("stays cheap and bounded on a huge single line", () => {
    const key = errorKey(`Error: ${"a/".repeat(200_000)}`);
    expect(key.length).toBeLessThanOrEqual(160);
  });
});

describe("general keys", () => {
  it("keeps an acronym one word", () => {
    expect(normalizeEntityKey("DGIA", "concept")).toBe("dgia");
    expect(normalizeEntityKey("dgia", "project")).toBe("dgia");
    expect(normalizeEntityKey("D.G.I.A.", "concept")).toBe("dgia");
    expect(normalizeEntityKey("  the  DGIA ", "concept")).toBe("dgia");
  });

  it("folds case, quotes, spacing and surrounding punctuation; keeps meaningful symbols", () => {
    expect(normalizeEntityKey("  Node   22 ", "tool")).toBe("node 22");
    expect(normalizeEntityKey("“PostgreSQL”,", "tool")).toBe("postgresql");
    expect(normalizeEntityKey("C++", "concept")).toBe("c++");
    expect(normalizeEntityKey("C#", "concept")).toBe("c#");
    expect(normalizeEntityKey("Node.js", "tool")).toBe("node.js");
    expect(normalizeEntityKey(".NET", "tool")).toBe(".net");
    expect(normalizeEntityKey("tabs_over_spaces", "preference")).toBe("tabs over spaces");
    expect(normalizeEntityKey("Ａｃｍｅ", "project")).toBe("acme");
  });

  it("keeps symbols case-sensitive", () => {
    expect(normalizeEntityKey("User", "symbol")).not.toBe(normalizeEntityKey("user", "symbol"));
    expect(normalizeEntityKey("`createApp()`", "symbol")).toBe("createApp");
  });
});

describe("task keys", () => {
  it("are the same for a todo reworded by an aside added or dropped", () => {
    const key = (name: string) => normalizeEntityKey(name, "task");
    expect(key("fix flaky test_invoice_pdf_render (naive date vs UTC)")).toBe(
      key("Fix flaky test_invoice_pdf_render"),
    );
    expect(key("(optional)")).toBe(key("(optional)"));
    expect(key("add rate limiting")).not.toBe(key("add rate limiting to login"));
  });
});
