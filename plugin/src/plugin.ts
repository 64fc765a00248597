/**
 * Wires one plugin instance (OpenCode creates one per project directory, several can live in one
 * process): config, client, spool, capture, recall and tools. Every hook is guarded so a fault in
 * memory never breaks or slows a turn beyond the recall timeout.
 */
import type { Hooks, PluginInput, PluginOptions } from "@opencode-ai/plugin";
import { Capture } from "./capture.js";
import { MemoryClient } from "./client.js";
import { type Env, resolveConfig } from "./config.js";
import { type Episode, withDirectory } from "./episode.js";
import { PathFilter, redactQuery, sanitize } from "./privacy.js";
import { Recall, recallQuery } from "./recall.js";
import { Shipper } from "./shipper.js";
import { type Log, Spool } from "./spool.js";
import { memoryTools } from "./tools.js";

const SERVICE = "opencode-memory";

export interface PluginRuntime {
  hooks: Hooks;
  shipper: Shipper;
  recall: Recall;
}

export async function createMemoryHooks(
  input: Pick<PluginInput, "client" | "directory" | "worktree">,
  options: PluginOptions | undefined,
  env: Env,
): Promise<PluginRuntime> {
  const worktree = input.worktree && input.worktree !== "/" ? input.worktree : input.directory;
  const cfg = resolveConfig(options, worktree, env);
  const log = makeLog(input.client, env);
  const client = new MemoryClient({ url: cfg.url, token: cfg.token, group: cfg.group });
  const spool = new Spool(cfg.spoolFile, cfg.spoolMaxEntries, log);
  const shipper = new Shipper(client, spool, log, { timeoutMs: cfg.requestTimeoutMs });
  const filter = new PathFilter(cfg.exclude, worktree);
  const clean = (ep: Episode) => {
    const kept = sanitize(ep, filter);
    return kept && withDirectory(kept, worktree);
  };

  const capture = new Capture(
    (partial) => {
      if (!cfg.capture) return;
      const ep = clean({ ...partial, group: cfg.group });
      if (ep) shipper.enqueue(ep);
    },
    cfg.maxOutputChars,
    (sessionID) => compactionSummary(input.client, sessionID),
    worktree,
  );
  const recall = new Recall(
    (q, session, signal) => client.context(redactQuery(q), cfg.budget, session, signal),
    cfg.recallTimeoutMs,
    log,
  );
  shipper.start();
  log("info", `memory plugin ready: group ${cfg.group} at ${cfg.url}`);

  const guard =
    <A extends unknown[]>(name: string, fn: (...args: A) => Promise<void> | void) =>
    async (...args: A): Promise<void> => {
      try {
        await fn(...args);
      } catch (err) {
        log("error", `memory ${name} hook failed: ${(err as Error).message}`);
      }
    };

  const hooks: Hooks = {
    event: guard("event", async ({ event }) => {
      if (event.type === "session.compacted" || event.type === "session.idle") {
        recall.compactionEnded(event.properties.sessionID);
      } else if (event.type === "session.error" && event.properties.sessionID) {
        recall.compactionEnded(event.properties.sessionID);
      }
      await capture.event(event);
    }),
    "experimental.session.compacting": guard("session.compacting", (i) =>
      recall.compactionStarted(i.sessionID),
    ),
    "chat.message": guard("chat.message", (i, o) => {
      const asked = capture.lastAssistantText(i.sessionID);
      const text = capture.userMessage(i.sessionID, i.messageID ?? o.message.id, o.parts, i.agent);
      if (cfg.recall && text) recall.prefetch(i.sessionID, o.message.id, recallQuery(text, asked));
    }),
    "tool.execute.after": guard("tool.execute.after", (i, o) => capture.toolAfter(i, o)),
    "experimental.text.complete": guard("text.complete", (i, o) =>
      capture.textComplete(i.sessionID, i.messageID, i.partID, o.text),
    ),
    "experimental.chat.messages.transform": guard("messages.transform", async (_i, o) => {
      if (cfg.recall) await recall.inject(o.messages);
    }),
    tool: memoryTools({
      client,
      group: cfg.group,
      timeoutMs: Math.min(cfg.requestTimeoutMs, 3_000),
      sanitize: clean,
      spool: (ep) => shipper.enqueue(ep),
    }),
    dispose: async () => {
      shipper.close();
    },
  };
  return { hooks, shipper, recall };
}

/** The summary a compaction wrote: the text of the session's last `summary` assistant message. */
async function compactionSummary(client: PluginInput["client"], sessionID: string): Promise<string | null> {
  const res = await client.session.messages({ path: { id: sessionID } });
  const messages = res.data ?? [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.info.role === "assistant" && m.info.summary) {
      const text = m.parts
        .map((p) => (p.type === "text" ? p.text : ""))
        .join("\n")
        .trim();
      if (text) return text;
    }
  }
  return null;
}

/** Logs go to OpenCode's log (never the terminal UI); OCM_MEMORY_DEBUG=1 mirrors them to stderr. */
function makeLog(client: PluginInput["client"], env: Env): Log {
  const debug = env.OCM_MEMORY_DEBUG === "1";
  return (level, message) => {
    if (debug) console.error(`[${SERVICE}] ${level}: ${message}`);
    if (level === "debug" && !debug) return;
    try {
      void client.app.log({ body: { service: SERVICE, level, message } }).catch(() => {});
    } catch {
      // logging must never throw into a hook
    }
  };
}
