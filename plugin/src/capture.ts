/**
 * Capture: OpenCode hook inputs and bus events become episodes, with zero LLM calls. Each function
 * is pure (input -> episode or null) so the mapping is tested without OpenCode; `Capture` keeps the
 * little state the events need (which messages are the user's, which files a tool just edited).
 */
import { isAbsolute, relative } from "node:path";
import type { Event, Part } from "@opencode-ai/sdk";
import { cleanText, type Episode, episodeId, shortHash } from "./episode.js";

const TEXT_MAX = 20_000;
const EDIT_TOOLS = new Set(["edit", "write", "patch", "multiedit", "apply_patch"]);
/** The plugin's own tools are not captured as tool calls: that would echo memory into memory. */
const OWN_TOOLS = new Set(["memory_search", "memory_remember", "memory_forget"]);

export type Emit = (episode: Omit<Episode, "group">) => void;

const iso = (ms?: number) => new Date(ms ?? Date.now()).toISOString();

export function userTextOf(parts: Part[]): string {
  return parts
    .filter((p): p is Extract<Part, { type: "text" }> => p.type === "text" && !p.synthetic && !p.ignored)
    .map((p) => p.text)
    .join("\n")
    .trim();
}

/** Paths a tool call touched, from its arguments (edit/write/read use `filePath`). */
export function toolFiles(args: unknown): string[] {
  if (!args || typeof args !== "object") return [];
  const a = args as Record<string, unknown>;
  return [a.filePath, a.path, a.file].filter((v): v is string => typeof v === "string" && v.length > 0);
}

export function toolCallEpisode(
  input: { tool: string; sessionID: string; callID: string; args: unknown },
  output: { title: string; output: string; metadata: unknown },
  maxOutputChars: number,
): Omit<Episode, "group"> | null {
  if (OWN_TOOLS.has(input.tool)) return null;
  const meta = (output.metadata ?? {}) as Record<string, unknown>;
  const exitCode = typeof meta.exit === "number" ? meta.exit : undefined;
  const failed = exitCode !== undefined && exitCode !== 0;
  const files = toolFiles(input.args);
  const argsText = cleanText(JSON.stringify(input.args ?? {}), 2_000);
  const out = cleanText(output.output ?? "", maxOutputChars);
  const content = [`${input.tool}: ${output.title || argsText}`, out ? `output:\n${out}` : ""]
    .filter(Boolean)
    .join("\n");
  return {
    id: episodeId("tool", input.sessionID, input.callID),
    kind: "tool_call",
    content,
    actor: "assistant",
    session: input.sessionID,
    occurredAt: iso(),
    metadata: {
      tool: input.tool,
      args: limitArgs(input.args),
      title: output.title,
      status: failed ? "error" : "completed",
      ...(exitCode !== undefined ? { exitCode } : {}),
      files,
    },
  };
}

/**
 * Large arguments (file contents of `write`, edit lists) are cut: the file itself is the record of
 * them, and the service refuses metadata over 64 KiB.
 */
export function limitArgs(args: unknown, maxJson = 4_000): unknown {
  if (!args || typeof args !== "object") return args;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args as Record<string, unknown>)) {
    out[k] = typeof v === "string" ? cleanText(v, 500) : v;
  }
  const json = JSON.stringify(out) ?? "";
  return json.length <= maxJson ? out : { truncated: cleanText(json, maxJson) };
}

/**
 * One file_edit per file per user turn: OpenCode publishes `file.edited` (no session) before
 * `tool.execute.after` of the edit tool, so both sources key the id by the turn's user message.
 */
export function fileEditEpisode(
  file: string,
  session: string | undefined,
  turn: string,
  root?: string,
): Omit<Episode, "group"> {
  // The text names the file as the project does (it is what recall shows the agent); the
  // metadata keeps the path OpenCode reported.
  const shown = root && isAbsolute(file) ? relative(root, file) : file;
  return {
    id: episodeId("file", session ?? "nosession", turn, shortHash(file)),
    kind: "file_edit",
    content: `edited ${shown && !shown.startsWith("..") ? shown : file}`,
    actor: "assistant",
    ...(session ? { session } : {}),
    occurredAt: iso(),
    metadata: { file },
  };
}

export class Capture {
  /** message id -> role, from message.updated (parts carry no role). */
  private readonly roles = new Map<string, "user" | "assistant">();
  private readonly seenParts = new Set<string>();
  private readonly summaries = new Set<string>();
  /** session -> its current user message, the "turn" file edits are keyed by. */
  private readonly turns = new Map<string, string>();
  /** Each session's last assistant text, until the user speaks: what a short reply answers. */
  private readonly lastSaid = new Map<string, string>();
  /** `file.edited` carries no session: it belongs to the session that last had activity. */
  private busySession: string | undefined;

  constructor(
    private readonly emit: Emit,
    private readonly maxOutputChars: number,
    private readonly fetchSummary: (sessionID: string) => Promise<string | null>,
    /** The project's directory: edited files are named relative to it. */
    private readonly root?: string,
  ) {}

  userMessage(sessionID: string, messageID: string | undefined, parts: Part[], agent?: string): string {
    const text = userTextOf(parts);
    const id = messageID ?? parts[0]?.messageID;
    if (id) {
      this.remember(id, "user");
      this.turns.set(sessionID, id);
      if (this.turns.size > 1_000) this.turns.delete(this.turns.keys().next().value!);
    }
    this.busySession = sessionID;
    this.lastSaid.delete(sessionID);
    if (!text) return text;
    this.emit({
      id: episodeId("user", sessionID, id ?? shortHash(text)),
      kind: "user_message",
      content: cleanText(text, TEXT_MAX),
      actor: "user",
      session: sessionID,
      occurredAt: iso(),
      metadata: agent ? { agent } : {},
    });
    return text;
  }

  toolAfter(
    input: { tool: string; sessionID: string; callID: string; args: unknown },
    output: { title: string; output: string; metadata: unknown },
  ): void {
    this.busySession = input.sessionID;
    const ep = toolCallEpisode(input, output, this.maxOutputChars);
    if (!ep) return;
    this.emit(ep);
    if (EDIT_TOOLS.has(input.tool)) {
      for (const file of toolFiles(input.args)) {
        this.emit(
          fileEditEpisode(file, input.sessionID, this.turnOf(input.sessionID, input.callID), this.root),
        );
      }
    }
  }

  async event(event: Event): Promise<void> {
    switch (event.type) {
      case "message.updated": {
        const info = event.properties.info;
        // A compaction's summary is captured once, as session_summary, not as assistant text.
        if (info.role === "assistant" && (info.summary || info.mode === "compaction")) {
          this.summaries.add(info.id);
          if (this.summaries.size > 1_000) this.summaries.delete(this.summaries.values().next().value!);
        }
        this.remember(info.id, info.role);
        return;
      }
      case "message.part.updated":
        return this.part(event.properties.part);
      case "file.edited": {
        const session = this.busySession;
        const turn = session ? this.turnOf(session, String(Date.now())) : String(Date.now());
        this.emit(fileEditEpisode(event.properties.file, session, turn, this.root));
        return;
      }
      case "session.error": {
        const { sessionID, error } = event.properties;
        if (!error || error.name === "MessageAbortedError") return;
        const message = "message" in error.data ? String(error.data.message) : JSON.stringify(error.data);
        this.emit({
          id: episodeId(
            "error",
            sessionID ?? "nosession",
            shortHash(`${error.name}:${message}:${Date.now()}`),
          ),
          kind: "error",
          content: cleanText(`${error.name}: ${message}`, 4_000),
          actor: "opencode",
          ...(sessionID ? { session: sessionID } : {}),
          occurredAt: iso(),
          metadata: { name: error.name, message: cleanText(message, 1_000) },
        });
        return;
      }
      case "todo.updated": {
        const { sessionID, todos } = event.properties;
        if (todos.length === 0) return;
        const list = todos.map((t) => ({ content: t.content, status: t.status, priority: t.priority }));
        this.emit({
          id: episodeId("todo", sessionID, shortHash(JSON.stringify(list))),
          kind: "todo",
          content: list.map((t) => `[${t.status}] ${t.content}`).join("\n"),
          actor: "assistant",
          session: sessionID,
          occurredAt: iso(),
          metadata: { todos: list },
        });
        return;
      }
      case "session.created":
      case "session.deleted": {
        const info = event.properties.info;
        if (info.parentID) return; // subagent sessions are part of their parent's story
        const start = event.type === "session.created";
        this.emit({
          id: episodeId("session", info.id, start ? "start" : "end"),
          kind: start ? "session_start" : "session_end",
          content: `${start ? "session started" : "session ended"}: ${info.title || info.id}`,
          actor: "opencode",
          session: info.id,
          occurredAt: iso(start ? info.time.created : undefined),
          metadata: { title: info.title, directory: info.directory },
        });
        return;
      }
      case "session.compacted":
        // Not awaited: reading the summary is a request back into OpenCode, and the bus should
        // not wait on it.
        void this.summary(event.properties.sessionID);
        return;
      default:
        return;
    }
  }

  /** The compaction summary becomes a session_summary episode. */
  async summary(sessionID: string): Promise<void> {
    const summary = await this.fetchSummary(sessionID).catch(() => null);
    if (!summary) return;
    this.emit({
      id: episodeId("summary", sessionID, shortHash(summary)),
      kind: "session_summary",
      content: cleanText(summary, TEXT_MAX),
      actor: "assistant",
      session: sessionID,
      occurredAt: iso(),
      metadata: {},
    });
  }

  /** `experimental.text.complete`: an assistant text part is final. */
  textComplete(sessionID: string, messageID: string, partID: string, text: string): void {
    this.assistantText(sessionID, messageID, partID, text);
  }

  /** Completed assistant text parts (not the user's, not synthetic) become assistant messages. */
  private part(part: Part): void {
    if (part.type !== "text" || part.synthetic || part.ignored || !part.time?.end) return;
    if (this.roles.get(part.messageID) !== "assistant") return;
    this.assistantText(part.sessionID, part.messageID, part.id, part.text);
  }

  /** Both sources of a final text use the part id, so a part is captured once. */
  private assistantText(sessionID: string, messageID: string, partID: string, text: string): void {
    if (this.seenParts.has(partID) || this.summaries.has(messageID) || !text.trim()) return;
    this.seenParts.add(partID);
    this.lastSaid.delete(sessionID); // re-inserted last: the oldest session is dropped first
    this.lastSaid.set(sessionID, text.trim());
    if (this.lastSaid.size > 1_000) this.lastSaid.delete(this.lastSaid.keys().next().value!);
    this.emit({
      id: episodeId("text", sessionID, partID),
      kind: "assistant_message",
      content: cleanText(text.trim(), TEXT_MAX),
      actor: "assistant",
      session: sessionID,
      occurredAt: iso(),
      metadata: { message: messageID },
    });
  }

  /** What the assistant said last in the session, if it spoke after the user's last message. */
  lastAssistantText(sessionID: string): string | undefined {
    return this.lastSaid.get(sessionID);
  }

  private turnOf(sessionID: string, fallback: string): string {
    return this.turns.get(sessionID) ?? fallback;
  }

  private remember(messageID: string, role: "user" | "assistant"): void {
    this.roles.set(messageID, role);
    // Bounded: a long-running server must not grow without limit.
    if (this.roles.size > 5_000) this.roles.delete(this.roles.keys().next().value!);
    if (this.seenParts.size > 5_000) this.seenParts.clear();
  }
}
