/** Runs the real `memory` binary (bin/memory.js) as a child process, as a user would. */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../bin/memory.js", import.meta.url));

export interface Served {
  url: string;
  child: ChildProcess;
  output: () => string;
}

function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  // Only what the CLI needs: a developer's MEMORY_* must not leak into the test.
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    LOG_LEVEL: "warn",
    ...env,
  };
}

/** Start `memory serve ARGS` and resolve once it prints the URL it listens on. */
export async function spawnServe(args: string[], env: Record<string, string>): Promise<Served> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", ...args], {
    env: childEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`memory serve did not start:\n${out}`)), 30_000);
    const check = () => {
      const m = /memory listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`memory serve exited with ${code}:\n${out}`));
    });
  });
  return { url, child, output: () => out };
}

/** Run a CLI command to completion. */
export async function runCli(
  args: string[],
  env: Record<string, string>,
  /** Written to the command's stdin, which is otherwise closed. */
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: childEnv(env),
    stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (input !== undefined) child.stdin?.end(input);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

export async function stop(served: Served, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  if (served.child.exitCode !== null || served.child.signalCode !== null) return served.child.exitCode;
  const exited = once(served.child, "exit");
  served.child.kill(signal);
  const [code] = (await exited) as [number | null];
  return code;
}
