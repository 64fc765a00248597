/**
 * What the model receives for the plugin's tools: name, description and JSON Schema of the args,
 * as OpenCode sends them (zod 4 -> JSON Schema). Used to measure their token cost.
 */
import type { ToolDefinition } from "@opencode-ai/plugin";
import { z } from "zod";

export function toolSchemasJson(tools: Record<string, ToolDefinition>): string {
  const defs = Object.entries(tools).map(([name, t]) => ({
    type: "function",
    function: { name, description: t.description, parameters: z.toJSONSchema(z.object(t.args)) },
  }));
  return JSON.stringify(defs);
}

/** The usual rough estimate: about 4 characters per token. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);
