import { describe, expect, it } from "vitest";
import { groupForWorktree, resolveConfig } from "./config.js";

describe("resolveConfig", () => {
  it("uses defaults: loopback service, budget 600, 150 ms recall, group from the worktree", () => {
    const cfg = resolveConfig(undefined, "/home/me/src/My Project", { HOME: "/home/me" });
    expect(cfg.url).toBe("http://127.0.0.1:7411");
    expect(cfg.budget).toBe(600);
    expect(cfg.recallTimeoutMs).toBe(150);
    expect(cfg.group).toMatch(/^My-Project-[0-9a-f]{10}$/);
    expect(cfg.spoolFile).toBe(`/home/me/.local/share/opencode/memory-spool/${cfg.group}.jsonl`);
    expect(cfg.exclude).toContain("**/.env");
  });

  it("takes environment variables, and options over them", () => {
    const env = { MEMORY_URL: "http://mem:1/", MEMORY_TOKEN: "t0k", MEMORY_GROUP: "g1", XDG_DATA_HOME: "/x" };
    const fromEnv = resolveConfig({}, "/p", env);
    expect(fromEnv).toMatchObject({ url: "http://mem:1", token: "t0k", group: "g1" });
    expect(fromEnv.spoolFile).toBe("/x/opencode/memory-spool/g1.jsonl");
    const fromOptions = resolveConfig({ url: "http://other:2", group: "g2", budget: 300 }, "/p", env);
    expect(fromOptions).toMatchObject({ url: "http://other:2", group: "g2", budget: 300, token: "t0k" });
  });

  it("adds excludeExtra to the default exclusions", () => {
    const cfg = resolveConfig({ excludeExtra: ["private/**"] }, "/p", {});
    expect(cfg.exclude).toEqual(expect.arrayContaining(["**/.env", "private/**"]));
  });

  it("names the bad option", () => {
    expect(() => resolveConfig({ budget: 5 }, "/p", {})).toThrow(/budget/);
    expect(() => resolveConfig({ bogus: 1 }, "/p", {})).toThrow(/bogus|Unrecognized/);
    expect(() => resolveConfig({ group: "a b" }, "/p", {})).toThrow(/group/);
    expect(() => resolveConfig({}, "/p", { MEMORY_GROUP: "no/slash" })).toThrow(/MEMORY_GROUP/);
    expect(() => resolveConfig({}, "/p", { MEMORY_URL: "localhost:7411" })).toThrow(/http\(s\) URL/);
  });

  it("derives distinct valid groups for same-named directories", () => {
    const a = groupForWorktree("/a/app");
    const b = groupForWorktree("/b/app");
    expect(a).not.toBe(b);
    expect(groupForWorktree("/")).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(groupForWorktree(`/${"x".repeat(200)}`).length).toBeLessThanOrEqual(64);
  });
});
