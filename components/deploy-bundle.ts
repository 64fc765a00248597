/**
 * What the host builds from (docs/nixos.md, "Deploy contract"): the flake and the sources of the
 * images it builds, without node_modules. Staged into a directory named by its content hash, so an
 * unchanged tree is the same archive on every run and a changed one is a new copy.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { hashFiles, listFiles } from "./content-hash.js";

/** Top-level entries of the repository the host needs. */
export const BUNDLE_ENTRIES = ["nixos", "memory", "plugin", "package.json", "package-lock.json"] as const;
/** Where the flake sits inside the bundle. */
export const FLAKE_SUBDIR = "nixos";

export interface Bundle {
  /** Local directory holding exactly the bundle's files. */
  dir: string;
  /** sha256 of the bundle (the switch trigger). */
  hash: string;
  files: string[];
}

export function stageBundle(
  root: string,
  entries: readonly string[] = BUNDLE_ENTRIES,
  base = tmpdir(),
): Bundle {
  const files = listFiles(root, entries);
  const hash = hashFiles(root, files);
  const dir = join(base, `ocm-deploy-${hash}`);
  if (!existsSync(dir)) {
    // Build beside, then rename: a crashed run never leaves a half-copied directory under the final name.
    const partial = `${dir}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    for (const rel of files) {
      const to = join(partial, rel);
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(join(root, rel), to);
      chmodSync(to, statSync(join(root, rel)).mode & 0o777);
    }
    renameSync(partial, dir);
  }
  return { dir, hash, files };
}
