/** The switch trigger: the bundle's content hash changes exactly when something the host builds from does. */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hashDirectory, listFiles } from "../../components/content-hash.js";
import { BUNDLE_ENTRIES, stageBundle } from "../../components/deploy-bundle.js";
import { makeRepoFixture } from "./harness.js";

const bundleHash = (root: string) => hashDirectory(root, BUNDLE_ENTRIES);

describe("bundle hash", () => {
  it("is stable when nothing changes, including across copies at other paths", () => {
    const a = makeRepoFixture();
    const b = makeRepoFixture();
    expect(bundleHash(a)).toBe(bundleHash(a));
    expect(bundleHash(a)).toBe(bundleHash(b));
    expect(bundleHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes when a file under nixos/ changes, even deep down, and when the image sources change", () => {
    const dir = makeRepoFixture();
    const before = bundleHash(dir);
    writeFileSync(join(dir, "nixos", "hosts", "hetzner-vps", "default.nix"), "{ ... }: { x = 1; }\n");
    const afterNixos = bundleHash(dir);
    expect(afterNixos).not.toBe(before);
    writeFileSync(join(dir, "plugin", "src", "index.ts"), "export const x = 1;\n");
    expect(bundleHash(dir)).not.toBe(afterNixos);
  });

  it("changes when a file is added, removed or renamed, and comes back when undone", () => {
    const dir = makeRepoFixture();
    const h0 = bundleHash(dir);
    writeFileSync(join(dir, "nixos", "extra.nix"), "{ }\n");
    const h1 = bundleHash(dir);
    expect(h1).not.toBe(h0);
    renameSync(join(dir, "nixos", "extra.nix"), join(dir, "nixos", "extra2.nix"));
    expect(bundleHash(dir)).not.toBe(h1);
    rmSync(join(dir, "nixos", "extra2.nix"));
    expect(bundleHash(dir)).toBe(h0);
  });

  it("changes when a script loses its executable bit", () => {
    const dir = makeRepoFixture();
    const before = bundleHash(dir);
    chmodSync(join(dir, "nixos", "scripts", "backup.sh"), 0o644);
    expect(bundleHash(dir)).not.toBe(before);
  });

  it("ignores node_modules, build results, VCS metadata and files outside the bundle", () => {
    const dir = makeRepoFixture();
    const before = bundleHash(dir);
    mkdirSync(join(dir, "nixos", ".git"));
    writeFileSync(join(dir, "nixos", ".git", "HEAD"), "ref: x\n");
    mkdirSync(join(dir, "nixos", "result"));
    writeFileSync(join(dir, "nixos", "result", "x"), "y");
    writeFileSync(join(dir, "memory", "node_modules", "x", "index.js"), "changed\n");
    writeFileSync(join(dir, "README.md"), "not shipped\n");
    expect(bundleHash(dir)).toBe(before);
    expect(listFiles(dir, BUNDLE_ENTRIES).some((f) => f.includes("node_modules"))).toBe(false);
  });

  it("says which entry is missing", () => {
    const dir = makeRepoFixture();
    rmSync(join(dir, "plugin"), { recursive: true });
    expect(() => bundleHash(dir)).toThrow(/plugin: it does not exist/);
    expect(() => hashDirectory("/nonexistent/repo")).toThrow(/not a directory/);
  });
});

describe("stageBundle", () => {
  it("copies exactly the bundle, modes kept, into a directory named by the hash", () => {
    const dir = makeRepoFixture();
    const base = mkdtempSync(join(tmpdir(), "ocm-stage-"));
    const b = stageBundle(dir, BUNDLE_ENTRIES, base);
    expect(b.hash).toBe(bundleHash(dir));
    expect(b.dir).toBe(join(base, `ocm-deploy-${b.hash}`));
    expect(listFiles(b.dir)).toEqual(b.files);
    expect(existsSync(join(b.dir, "memory", "node_modules"))).toBe(false);
    expect(hashDirectory(b.dir)).toBe(b.hash);
    expect(readFileSync(join(b.dir, "nixos", "flake.nix"), "utf8")).toContain("outputs");
    // Unchanged tree: the same directory again (so the archive does not change between runs).
    expect(stageBundle(dir, BUNDLE_ENTRIES, base).dir).toBe(b.dir);
  });
});
