/**
 * `memory groups`: what the service holds, one line per group; `memory forget --group G ID`: an
 * episode and the facts only it supported, gone (the facts it had ended become current again).
 */
import type { GroupStats } from "../model/types.js";
import { parse, requireString, UsageError } from "./args.js";
import { CLIENT_OPTIONS, call, clientTarget } from "./client.js";

export const GROUPS_USAGE = "memory groups [--json] [--url URL]";
export const FORGET_USAGE = "memory forget --group G [--url URL] EPISODE_ID";

export async function groups(argv: string[]): Promise<void> {
  const { values } = parse(argv, { ...CLIENT_OPTIONS, json: { type: "boolean" } }, false);
  const body = (await (await call(clientTarget(values.url), "/v1/groups")).json()) as {
    groups: GroupStats[];
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(body.groups, null, 2)}\n`);
    return;
  }
  process.stdout.write(formatGroups(body.groups));
}

export function formatGroups(list: readonly GroupStats[]): string {
  if (list.length === 0) return "no groups yet\n";
  const rows = [
    ["group", "episodes", "entities", "current facts", "last episode"],
    ...list.map((g) => [
      g.group,
      String(g.episodes),
      String(g.entities),
      String(g.facts - g.invalidatedFacts),
      g.lastEpisodeAt ?? "-",
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return `${rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")}\n`;
}

export async function forget(argv: string[]): Promise<void> {
  const { values, positionals } = parse(
    argv,
    { ...CLIENT_OPTIONS, group: { type: "string", short: "g" } },
    true,
  );
  const group = requireString(values.group, "--group");
  const id = positionals[0];
  if (!id || positionals.length > 1) throw new UsageError("exactly one EPISODE_ID is required");
  const path = `/v1/episodes/${encodeURIComponent(id)}?${new URLSearchParams({ group })}`;
  await call(clientTarget(values.url), path, { method: "DELETE" });
  process.stdout.write(`forgot episode ${id} in ${group}\n`);
}
