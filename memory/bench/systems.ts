/** The systems the benchmark can run; peers are added here (see system.ts). */
import { mcpMemory } from "./mcp-memory.js";
import { ours } from "./ours.js";
import type { SystemFactory } from "./system.js";

export const SYSTEMS: SystemFactory[] = [ours, mcpMemory];
