/**
 * `npm run attach [-- --stack S] [--outputs FILE] [opencode attach options...]`: connect the OpenCode
 * TUI to the server this stack deployed. The password goes to opencode through its environment
 * (OPENCODE_SERVER_PASSWORD), never on the command line where `ps` would show it.
 */
import { spawn } from "node:child_process";
import { pathToFileURL } from "node:url";
import { resolvePassword } from "./password.js";
import { AttachError, loadStackOutputs } from "./stack-outputs.js";

export interface AttachOptions {
  stack: string;
  outputsFile?: string;
  passthrough: string[];
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): AttachOptions {
  const opts: AttachOptions = {
    stack: env["OCM_STACK"] ?? "prod",
    outputsFile: env["OCM_STACK_OUTPUTS"],
    passthrough: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new AttachError(`${a} needs a value`);
      return v;
    };
    if (a === "--stack") opts.stack = value();
    else if (a === "--outputs") opts.outputsFile = value();
    else if (a === "-p" || a === "--password")
      throw new AttachError("pass the password as OPENCODE_SERVER_PASSWORD, not on the command line");
    else opts.passthrough.push(a);
  }
  return opts;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const opts = parseArgs(argv, env);
  const outputs = loadStackOutputs({ file: opts.outputsFile, stack: opts.stack, env, cwd });
  const vault = env["OCM_OP_VAULT"] ?? "opencode-memory";
  const item = env["OCM_OP_ITEM"] ?? "hetzner-vps";
  const { password, origin } = resolvePassword({
    env,
    fromOutputs: outputs.opencodePassword,
    opReference: `op://${vault}/${item}/env/OPENCODE_SERVER_PASSWORD`,
  });
  process.stderr.write(`attach: ${outputs.attachUrl} (password from ${origin})\n`);
  const bin = env["OPENCODE_BIN"] ?? "opencode";
  return await new Promise<number>((resolve, reject) => {
    const child = spawn(bin, ["attach", outputs.attachUrl, ...opts.passthrough], {
      env: { ...env, OPENCODE_SERVER_PASSWORD: password },
      stdio: "inherit",
      cwd,
    });
    child.on("error", (e: NodeJS.ErrnoException) =>
      reject(
        e.code === "ENOENT"
          ? new AttachError(
              `${bin} is not on PATH: install OpenCode (npm i -g opencode-ai) or set OPENCODE_BIN`,
            )
          : e,
      ),
    );
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2), process.env, process.cwd()).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`attach: ${e instanceof AttachError ? e.message : String(e)}\n`);
      process.exit(e instanceof AttachError ? 2 : 1);
    },
  );
}
