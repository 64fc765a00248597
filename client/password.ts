/**
 * The OpenCode server password, from the first place that has it: the environment, the stack's
 * secret output, then 1Password (`op read`, the same item the host reads).
 */
import { spawnSync } from "node:child_process";
import { AttachError } from "./stack-outputs.js";

export interface PasswordSources {
  env: NodeJS.ProcessEnv;
  fromOutputs?: string;
  /** op://vault/item/section/field */
  opReference: string;
}

export type PasswordOrigin = "environment" | "stack output" | "1Password";

export function resolvePassword(src: PasswordSources): { password: string; origin: PasswordOrigin } {
  const fromEnv = src.env["OPENCODE_SERVER_PASSWORD"];
  if (fromEnv) return { password: fromEnv, origin: "environment" };
  if (src.fromOutputs) return { password: src.fromOutputs, origin: "stack output" };
  const r = spawnSync("op", ["read", "--no-newline", src.opReference], { env: src.env, encoding: "utf8" });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT") {
    throw new AttachError(
      "no OpenCode password: set OPENCODE_SERVER_PASSWORD, deploy the stack (output opencodePassword), or install the 1Password CLI (op)",
    );
  }
  if (r.status !== 0 || !r.stdout) {
    throw new AttachError(
      `1Password could not read ${src.opReference}: ${r.stderr.trim() || "empty value"} (try \`op signin\`)`,
    );
  }
  return { password: r.stdout.trim(), origin: "1Password" };
}
