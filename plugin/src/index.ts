/**
 * Entry point OpenCode loads (`"plugin": ["@ocm/opencode-memory-plugin"]`, a path to this file,
 * or a copy in `.opencode/plugin/`). Only function exports: OpenCode refuses a plugin file with any
 * non-function named export.
 */
import type { Plugin } from "@opencode-ai/plugin";
import { createMemoryHooks } from "./plugin.js";

export const MemoryPlugin: Plugin = async (input, options) =>
  (await createMemoryHooks(input, options, process.env)).hooks;
