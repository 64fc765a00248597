/**
 * The stack's outputs as the attach client needs them: from a JSON file (OCM_STACK_OUTPUTS, or
 * --outputs) or from `pulumi stack output --json --show-secrets`.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { z } from "zod";

export const StackOutputsSchema = z.object({
  attachUrl: z.url({ protocol: /^https?$/ }),
  opencodePassword: z.string().min(1).optional(),
  tailnetHost: z.string().optional(),
});
export type StackOutputs = z.infer<typeof StackOutputsSchema>;

export class AttachError extends Error {}

export function parseStackOutputs(json: string, source: string): StackOutputs {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new AttachError(`${source} is not JSON`);
  }
  const result = StackOutputsSchema.safeParse(data);
  if (!result.success) {
    const keys = result.error.issues.map((i) => i.path.join(".") || "(root)").join(", ");
    throw new AttachError(
      `${source} lacks a usable ${keys} (has the stack been deployed with \`pulumi up\`?)`,
    );
  }
  return result.data;
}

export interface OutputSource {
  /** A file with `pulumi stack output --json` content. */
  file?: string;
  /** Stack to ask the Pulumi CLI about. */
  stack: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function loadStackOutputs(src: OutputSource): StackOutputs {
  if (src.file) {
    let text: string;
    try {
      text = readFileSync(src.file, "utf8");
    } catch (e) {
      throw new AttachError(`cannot read stack outputs from ${src.file}: ${(e as Error).message}`);
    }
    return parseStackOutputs(text, src.file);
  }
  const r = spawnSync("pulumi", ["stack", "output", "--json", "--show-secrets", "--stack", src.stack], {
    env: src.env,
    cwd: src.cwd,
    encoding: "utf8",
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT") {
    throw new AttachError(
      "the pulumi CLI is not on PATH: install it, or pass the outputs as a file (OCM_STACK_OUTPUTS=out.json or --outputs out.json)",
    );
  }
  if (r.status !== 0) {
    throw new AttachError(
      `pulumi stack output failed (stack ${src.stack}): ${r.stderr.trim().split("\n").pop() ?? ""}`,
    );
  }
  return parseStackOutputs(r.stdout, `pulumi stack output (stack ${src.stack})`);
}
