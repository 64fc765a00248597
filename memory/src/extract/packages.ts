/**
 * Packages added or removed by a shell command: `npm install zod`, `npm i -D vitest@4`,
 * `pnpm add`, `yarn add`, `bun add`, `pip install`, `uv add`, `poetry add`, `cargo add`, `go get`,
 * and the matching removals. Bare `npm install` (restore from the lockfile) adds nothing.
 */
import { shellSegments, shellWords } from "./command.js";
import { packageKey } from "./normalize.js";

export interface PackageChange {
  name: string;
  action: "add" | "remove";
  dev: boolean;
  /** Installed for the machine (`npm i -g`), not for the project. */
  global: boolean;
  manager: string;
}

const ADD: Record<string, readonly string[]> = {
  npm: ["install", "i", "add", "in", "isntall"],
  pnpm: ["add", "install", "i"],
  yarn: ["add"],
  bun: ["add", "install", "i"],
  pip: ["install"],
  pip3: ["install"],
  uv: ["add"],
  poetry: ["add"],
  cargo: ["add"],
  go: ["get"],
  deno: ["add"],
};
const REMOVE: Record<string, readonly string[]> = {
  npm: ["uninstall", "remove", "rm", "un", "r"],
  pnpm: ["remove", "rm", "uninstall"],
  yarn: ["remove"],
  bun: ["remove", "rm"],
  pip: ["uninstall"],
  pip3: ["uninstall"],
  uv: ["remove"],
  poetry: ["remove"],
  cargo: ["remove"],
  deno: ["remove"],
};
const DEV_FLAGS = new Set(["-D", "--save-dev", "--dev", "--group=dev"]);
/** Flags that take a value, per manager: the next word is not a package. */
const VALUED_FLAGS: Record<string, ReadonlySet<string>> = {
  npm: new Set(["-w", "--workspace", "--prefix", "--registry"]),
  pnpm: new Set(["--filter", "-F", "-C", "--dir"]),
  yarn: new Set(["--cwd"]),
  pip: new Set([
    "-r",
    "--requirement",
    "-e",
    "--editable",
    "-c",
    "--constraint",
    "--index-url",
    "-i",
    "-t",
    "--target",
  ]),
  pip3: new Set([
    "-r",
    "--requirement",
    "-e",
    "--editable",
    "-c",
    "--constraint",
    "--index-url",
    "-i",
    "-t",
    "--target",
  ]),
  uv: new Set([
    "-r",
    "--requirements",
    "-c",
    "--constraints",
    "--group",
    "--optional",
    "--package",
    "--index",
  ]),
  poetry: new Set(["--group", "-G", "--source", "--extras", "-E"]),
  cargo: new Set(["--package", "-p", "--features", "-F", "--rename"]),
};
/** A file named where a package could be: `uv add -r requirements.txt` without its flag. */
const FILE_NAME = /\.(?:txt|in|toml|lock|cfg|ini|json|ya?ml)$/i;

const PACKAGE_NAME = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\[[\w,.-]+\])?(?:[@=<>~^!][\w.^~<>=*-]*)?$/i;
/** Go modules are paths: `github.com/spf13/cobra@v1.8.0`. */
const GO_MODULE = /^[a-z0-9.-]+\.[a-z]+(?:\/[\w.-]+)+(?:@[\w.-]+)?$/i;

export function packageChanges(command: string): PackageChange[] {
  const out: PackageChange[] = [];
  for (const segment of shellSegments(command)) {
    let words = shellWords(segment).filter((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    if (words[0] === "sudo") words = words.slice(1);
    if ((words[0] === "python" || words[0] === "python3") && words[1] === "-m") words = words.slice(2);
    const manager = words[0]?.replace(/^.*\//, "");
    const verb = words[1];
    if (!manager || !verb) continue;
    const action = ADD[manager]?.includes(verb) ? "add" : REMOVE[manager]?.includes(verb) ? "remove" : null;
    if (!action) continue;
    const global = words.some((w) => w === "-g" || w === "--global");
    const dev = words.some(
      (w, j) => DEV_FLAGS.has(w) || (/^(?:--group|-G)$/.test(w) && words[j + 1] === "dev"),
    );
    for (let i = 2; i < words.length; i++) {
      const w = words[i]!;
      if (VALUED_FLAGS[manager]?.has(w)) {
        i++;
        continue;
      }
      const valid = manager === "go" ? GO_MODULE.test(w) : PACKAGE_NAME.test(w);
      if (w.startsWith("-") || !valid || /^\.{0,2}\//.test(w) || FILE_NAME.test(w)) continue;
      const name = packageKey(w);
      if (name && !out.some((p) => p.name === name && p.action === action))
        out.push({ name, action, dev, global, manager });
    }
  }
  return out;
}
