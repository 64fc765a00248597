/** Shared CLI plumbing: parseArgs with friendly errors, and the exit-code convention. */
import { type ParseArgsConfig, parseArgs } from "node:util";

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The command was called right but could not do its work (a file that is not there): exit code 1. */
export class CommandFailed extends Error {
  override name = "CommandFailed";
}

export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(
  argv: string[],
  options: T,
  allowPositionals: boolean,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    // node's messages are good ("Unknown option '--prot'"); drop the error-code prefix noise.
    throw new UsageError((err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ""));
  }
}

export function requireString(value: string | boolean | undefined, flag: string): string {
  if (typeof value !== "string" || value === "") throw new UsageError(`${flag} is required`);
  return value;
}
