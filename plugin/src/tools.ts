/**
 * The agent's three memory tools. Schemas and descriptions are deliberately tiny: they are sent
 * with every model call, so they cost tokens on every turn (measured by the tests: <= 300 tokens).
 */
import { type ToolDefinition, tool } from "@opencode-ai/plugin";
import type { MemoryClient, SearchResult } from "./client.js";
import { type Episode, episodeId, shortHash } from "./episode.js";

export interface ToolDeps {
  client: Pick<MemoryClient, "search" | "forget" | "ingestBatch">;
  group: string;
  timeoutMs: number;
  /** Redacts and applies path exclusion; null means the note must not be stored. */
  sanitize: (episode: Episode) => Episode | null;
  /** Fallback when the service is unreachable: the spool. */
  spool: (episode: Episode) => void;
}

const z = tool.schema;

export function memoryTools(deps: ToolDeps): Record<string, ToolDefinition> {
  return {
    memory_search: tool({
      description: "Search project memory (facts and events from past sessions).",
      args: {
        query: z.string(),
        at: z.string().optional().describe("ISO time: facts true then"),
        history: z.boolean().optional().describe("include superseded facts"),
      },
      async execute(args) {
        try {
          const res = await deps.client.search(
            args.query,
            { at: args.at, history: args.history, limit: 8 },
            deps.timeoutMs,
          );
          return formatSearch(res);
        } catch (err) {
          return `memory unavailable: ${(err as Error).message}`;
        }
      },
    }),
    memory_remember: tool({
      description: "Save a note or decision to project memory.",
      args: { text: z.string().min(1) },
      async execute(args, ctx) {
        const ep = deps.sanitize({
          id: episodeId("note", ctx.sessionID, shortHash(args.text)),
          group: deps.group,
          kind: "note",
          content: args.text,
          actor: "assistant",
          session: ctx.sessionID,
          occurredAt: new Date().toISOString(),
          metadata: {},
        });
        if (!ep) return "not saved: the note is empty after redaction or names an excluded path";
        try {
          await deps.client.ingestBatch([ep], deps.timeoutMs);
          return `saved as ${ep.id}`;
        } catch {
          deps.spool(ep);
          return `saved offline as ${ep.id}; it syncs when memory is reachable`;
        }
      },
    }),
    memory_forget: tool({
      description: "Forget a memory episode by id.",
      args: { id: z.string() },
      async execute(args) {
        try {
          return (await deps.client.forget(args.id, deps.timeoutMs))
            ? `forgot ${args.id}`
            : `no episode ${args.id}`;
        } catch (err) {
          return `memory unavailable: ${(err as Error).message}`;
        }
      },
    }),
  };
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** Compact text: facts with their validity and source episode ids (what memory_forget takes). */
export function formatSearch(res: SearchResult): string {
  const lines: string[] = [];
  for (const { item } of res.facts) {
    const until = str(item.invalidAt) ? ` until ${str(item.invalidAt)}` : "";
    const eps = Array.isArray(item.episodeIds) ? (item.episodeIds as string[]).join(",") : "";
    lines.push(`- ${str(item.text)} (since ${str(item.validAt)}${until}; episodes ${eps})`);
  }
  for (const { item } of res.episodes) {
    lines.push(
      `- [${str(item.kind)} ${str(item.id)}] ${str(item.content).slice(0, 200).replace(/\s+/g, " ")}`,
    );
  }
  return lines.length ? lines.join("\n") : "no memory matches";
}
