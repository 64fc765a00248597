/**
 * Shared helpers for the NixOS tests: where things are, running a real tool, and evaluating the
 * pure Nix files (no nixpkgs here) to JSON.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");
export const NIXOS = join(ROOT, "nixos");
export const SCRIPTS = join(NIXOS, "scripts");

/** True when `tool` is on PATH; tests that need it fail with a clear message otherwise. */
export function hasTool(tool: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" }).status === 0;
}

export function requireTool(tool: string, apt: string): void {
  if (!hasTool(tool)) throw new Error(`${tool} is not installed: apt-get install -y ${apt} (see .ci/run)`);
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function run(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): RunResult {
  const r = spawnSync(cmd, args, {
    encoding: "utf8",
    env: opts.env ?? process.env,
    cwd: opts.cwd ?? ROOT,
    input: opts.input,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The environment for nix-instantiate. The tests only parse and evaluate, never build, so build
 * users are irrelevant; but nix run as root defaults to `build-users-group = nixbld` and warns on
 * every call when that group is missing (it is on some Debian images), which would fail the parse
 * tests' empty-stderr check for a reason that has nothing to do with the files.
 */
export const NIX_ENV: NodeJS.ProcessEnv = { ...process.env, NIX_CONFIG: "build-users-group =" };

/** `nix-instantiate --eval --strict --json` of an expression, evaluated from the nixos/ directory. */
export function nixEval<T = unknown>(expr: string): T {
  const out = execFileSync("nix-instantiate", ["--eval", "--strict", "--json", "-E", expr], {
    cwd: NIXOS,
    encoding: "utf8",
    env: NIX_ENV,
  });
  return JSON.parse(out) as T;
}

/** Every file under dir (recursively) whose name passes the filter. */
export function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, keep));
    else if (keep(name)) out.push(p);
  }
  return out.sort();
}
