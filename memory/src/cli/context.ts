/** `memory context --group G QUERY`: the block the agent would be given for QUERY, as it reads it. */
import type { ContextResult } from "../model/types.js";
import { parse } from "./args.js";
import { call, clientTarget, QUERY_OPTIONS, queryParams } from "./client.js";

export const CONTEXT_USAGE = "memory context --group G [--budget TOKENS] [--json] [--url URL] QUERY";

export async function context(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { ...QUERY_OPTIONS, budget: { type: "string" } }, true);
  const params = queryParams(values.group, positionals, { budget: values.budget });
  const result = (await (
    await call(clientTarget(values.url), `/v1/context?${params}`)
  ).json()) as ContextResult;
  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else if (result.text)
    process.stdout.write(`${result.text}\n(${result.tokens} tokens, ${result.facts.length} facts)\n`);
  else process.stdout.write("nothing recalled for this query\n");
}
