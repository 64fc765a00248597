/**
 * A sha256 over files (paths, executable bits and contents, in a stable order): the trigger that
 * re-runs `nixos-rebuild switch` exactly when something the host builds from has changed.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** Entries that are build, editor or runtime by-products, not sources. */
export const SKIP = new Set([
  ".git",
  "result",
  ".direnv",
  "node_modules",
  "dist",
  "coverage",
  "artifacts",
  ".data",
]);

const posix = (p: string) => p.split(sep).join("/");

/**
 * Files under `root`, limited to the given top-level entries (all when omitted), as sorted
 * root-relative POSIX paths. A missing entry is an error: the deploy would ship an incomplete tree.
 */
export function listFiles(root: string, entries?: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (path: string): void => {
    const st = statSync(path);
    if (st.isFile()) {
      out.push(posix(relative(root, path)));
      return;
    }
    if (!st.isDirectory()) return;
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (SKIP.has(entry.name) || entry.isSymbolicLink()) continue;
      walk(join(path, entry.name));
    }
  };
  for (const entry of entries ?? [""]) {
    const path = join(root, entry);
    if (!statSync(path, { throwIfNoEntry: false })) {
      throw new Error(`cannot hash ${path}: it does not exist (is sourceRoot set right?)`);
    }
    walk(path);
  }
  return [...new Set(out)].sort();
}

export function hashFiles(root: string, files: readonly string[]): string {
  const hash = createHash("sha256");
  for (const rel of files) {
    const file = join(root, rel);
    const body = readFileSync(file);
    // The executable bit matters to scripts the host runs, so it is part of the content.
    const exec = (statSync(file).mode & 0o111) !== 0 ? "x" : "-";
    // Length-prefixed records: moving bytes between a name and a body cannot collide.
    hash.update(`${rel.length}:${rel}\0${exec}${body.length}:`);
    hash.update(body);
  }
  return hash.digest("hex");
}

/** Hash of every file under `root` (or under the given top-level entries of it). */
export function hashDirectory(root: string, entries?: readonly string[]): string {
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`cannot hash ${root}: not a directory (is sourceRoot set right?)`);
  }
  return hashFiles(root, listFiles(root, entries));
}
