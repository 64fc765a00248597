import { describe, expect, it } from "vitest";
import { DEFAULT_EXCLUDE } from "./config.js";
import type { Episode } from "./episode.js";
import { globToRegExp, PathFilter, sanitize } from "./privacy.js";

const ep = (over: Partial<Episode>): Episode => ({
  id: "oc:x:1",
  group: "g",
  kind: "note",
  content: "hello",
  ...over,
});

describe("globToRegExp", () => {
  it("handles **, * and bare names", () => {
    expect(globToRegExp("secrets/**").test("secrets/a/b.txt")).toBe(true);
    expect(globToRegExp("secrets/**").test("src/secrets/a")).toBe(false);
    expect(globToRegExp("**/secrets/**").test("src/secrets/a")).toBe(true);
    expect(globToRegExp(".env").test("deep/dir/.env")).toBe(true);
    expect(globToRegExp("*.pem").test("a/b/key.pem")).toBe(true);
    expect(globToRegExp("src/*.ts").test("src/a/b.ts")).toBe(false);
    expect(globToRegExp("a.b").test("axb")).toBe(false);
  });
});

describe("sanitize", () => {
  const filter = new PathFilter(DEFAULT_EXCLUDE, "/repo");

  it("drops episodes about excluded paths, absolute or relative", () => {
    expect(sanitize(ep({ kind: "file_edit", metadata: { file: "/repo/.env" } }), filter)).toBeNull();
    expect(sanitize(ep({ kind: "file_edit", metadata: { file: "config/.env.local" } }), filter)).toBeNull();
    expect(
      sanitize(ep({ kind: "tool_call", metadata: { args: { filePath: "/repo/secrets/db.txt" } } }), filter),
    ).toBeNull();
    expect(
      sanitize(ep({ kind: "tool_call", metadata: { files: ["/repo/src/a.ts"] } }), filter),
    ).not.toBeNull();
  });

  it("redacts secrets in content and metadata, and private blocks", () => {
    const key = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
    const out = sanitize(
      ep({ content: `token ${key} and <private>my diary</private> ok`, metadata: { password: "hunter22" } }),
      filter,
    )!;
    expect(out.content).not.toContain(key);
    expect(out.content).not.toContain("my diary");
    expect(out.content).toContain("ok");
    expect(JSON.stringify(out.metadata)).not.toContain("hunter22");
  });

  it("drops an episode that is nothing but a private block", () => {
    const out = sanitize(ep({ content: "<private>only this</private>" }), filter);
    expect(out === null || !out.content.includes("only this")).toBe(true);
  });
});
