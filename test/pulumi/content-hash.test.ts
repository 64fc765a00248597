import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hashDirectory, listFiles } from "../../components/content-hash.js";
import { makeNixosFixture } from "./harness.js";

describe("hashDirectory (the NixOS switch trigger)", () => {
  it("is stable when nothing changes, including across copies at other paths", () => {
    const a = makeNixosFixture();
    const b = makeNixosFixture();
    expect(hashDirectory(a)).toBe(hashDirectory(a));
    expect(hashDirectory(a)).toBe(hashDirectory(b));
    expect(hashDirectory(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes when a file's content changes, even deep down", () => {
    const dir = makeNixosFixture();
    const before = hashDirectory(dir);
    writeFileSync(
      join(dir, "hosts", "hetzner-vps", "default.nix"),
      '{ ... }: { networking.hostName = "x"; }\n',
    );
    expect(hashDirectory(dir)).not.toBe(before);
  });

  it("changes when a file is added, removed or renamed", () => {
    const dir = makeNixosFixture();
    const h0 = hashDirectory(dir);
    writeFileSync(join(dir, "extra.nix"), "{ }\n");
    const h1 = hashDirectory(dir);
    expect(h1).not.toBe(h0);
    renameSync(join(dir, "extra.nix"), join(dir, "extra2.nix"));
    const h2 = hashDirectory(dir);
    expect(h2).not.toBe(h1);
    rmSync(join(dir, "extra2.nix"));
    expect(hashDirectory(dir)).toBe(h0);
  });

  it("changes when a script loses its executable bit", () => {
    const dir = makeNixosFixture();
    const before = hashDirectory(dir);
    chmodSync(join(dir, "backup.sh"), 0o644);
    expect(hashDirectory(dir)).not.toBe(before);
  });

  it("ignores build results and VCS metadata, and does not confuse names with contents", () => {
    const dir = makeNixosFixture();
    const before = hashDirectory(dir);
    mkdirSync(join(dir, ".git"));
    writeFileSync(join(dir, ".git", "HEAD"), "ref: x\n");
    mkdirSync(join(dir, "result"));
    writeFileSync(join(dir, "result", "x"), "y");
    expect(hashDirectory(dir)).toBe(before);
    expect(listFiles(dir).some((f) => f.includes(".git"))).toBe(false);
  });

  it("says which directory is missing", () => {
    expect(() => hashDirectory("/nonexistent/nixos")).toThrow(/\/nonexistent\/nixos: not a directory/);
  });
});
