/** `memory search --group G QUERY`: the facts, entities and episodes the service finds. */
import type { SearchResult } from "../model/types.js";
import { parse } from "./args.js";
import { call, clientTarget, QUERY_OPTIONS, queryParams } from "./client.js";

export const SEARCH_USAGE =
  "memory search --group G [--limit N] [--history] [--at ISO-TIME] [--kind KIND] [--json] [--url URL] QUERY";

export async function search(argv: string[]): Promise<void> {
  const { values, positionals } = parse(
    argv,
    {
      ...QUERY_OPTIONS,
      limit: { type: "string" },
      history: { type: "boolean" },
      at: { type: "string" },
      kind: { type: "string" },
    },
    true,
  );
  const { limit, history, at, kind } = values;
  const params = queryParams(values.group, positionals, { limit, history, at, kind });
  const res = await call(clientTarget(values.url), `/v1/search?${params}`);
  const result = (await res.json()) as SearchResult;
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  process.stdout.write(formatSearch(result));
}

export function formatSearch(result: SearchResult): string {
  const lines: string[] = [];
  lines.push(`facts (${result.facts.length})`);
  for (const { item, score } of result.facts) {
    const until = item.invalidAt ? ` until ${item.invalidAt}` : "";
    lines.push(`  ${score.toFixed(3)}  ${item.text}  [since ${item.validAt}${until}]`);
  }
  lines.push(`entities (${result.entities.length})`);
  for (const { item, score } of result.entities)
    lines.push(`  ${score.toFixed(3)}  ${item.name} (${item.type})`);
  lines.push(`episodes (${result.episodes.length})`);
  for (const { item, score } of result.episodes) {
    const text = item.content.replace(/\s+/g, " ");
    lines.push(
      `  ${score.toFixed(3)}  ${item.occurredAt} ${item.kind}: ${text.length > 100 ? `${text.slice(0, 99)}…` : text}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
