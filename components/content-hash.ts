/**
 * A sha256 over every file under a directory (paths and contents, in a stable order): the trigger
 * that re-runs `nixos-rebuild switch` exactly when the flake or its units change.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** Entries that are build or editor by-products, not configuration. */
const SKIP = new Set([".git", "result", ".direnv", "node_modules"]);

export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(full);
    }
  };
  walk(root);
  // Sort by the portable relative path so the hash is the same on every machine.
  return out
    .map((f) => relative(root, f).split(sep).join("/"))
    .sort()
    .map((r) => join(root, r));
}

export function hashDirectory(root: string): string {
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`cannot hash ${root}: not a directory (is nixosDir set right?)`);
  }
  const hash = createHash("sha256");
  for (const file of listFiles(root)) {
    const rel = relative(root, file).split(sep).join("/");
    const body = readFileSync(file);
    // The executable bit matters to scripts the host runs, so it is part of the content.
    const exec = (statSync(file).mode & 0o111) !== 0 ? "x" : "-";
    // Length-prefixed records: moving bytes between a name and a body cannot collide.
    hash.update(`${rel.length}:${rel}\0${exec}${body.length}:`);
    hash.update(body);
  }
  return hash.digest("hex");
}
