import type { Event, Part } from "@opencode-ai/sdk";
import { describe, expect, it } from "vitest";
import { Capture, limitArgs, toolCallEpisode } from "./capture.js";
import type { Episode } from "./episode.js";

type E = Omit<Episode, "group">;
const textPart = (over: Partial<Extract<Part, { type: "text" }>>): Part => ({
  id: "prt_1",
  sessionID: "ses_1",
  messageID: "msg_1",
  type: "text",
  text: "hi",
  ...over,
});

function setup(summary: string | null = null, root?: string) {
  const out: E[] = [];
  const cap = new Capture(
    (e) => out.push(e),
    100,
    async () => summary,
    root,
  );
  return { out, cap };
}

describe("Capture", () => {
  it("turns a user prompt into a user_message with a stable id, skipping synthetic parts", () => {
    const { out, cap } = setup();
    const parts = [
      textPart({ text: "fix the login bug" }),
      textPart({ id: "p2", text: "ctx", synthetic: true }),
    ];
    expect(cap.userMessage("ses_1", "msg_1", parts, "build")).toBe("fix the login bug");
    cap.userMessage("ses_1", "msg_1", parts);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({
      id: "oc:user:ses_1:msg_1",
      kind: "user_message",
      content: "fix the login bug",
    });
    expect(out[1]!.id).toBe(out[0]!.id);
  });

  it("records tool calls with bounded output and the files an edit tool touched", () => {
    const { out, cap } = setup();
    cap.toolAfter(
      {
        tool: "write",
        sessionID: "ses_1",
        callID: "call_9",
        args: { filePath: "/r/a.ts", content: "x".repeat(900) },
      },
      { title: "a.ts", output: "y".repeat(500), metadata: {} },
    );
    expect(out.map((e) => e.kind)).toEqual(["tool_call", "file_edit"]);
    expect(out[0]!.id).toBe("oc:tool:ses_1:call_9");
    expect(out[0]!.content.length).toBeLessThan(300);
    expect(out[0]!.metadata).toMatchObject({ tool: "write", status: "completed", files: ["/r/a.ts"] });
    expect(String((out[0]!.metadata!.args as { content: string }).content).length).toBeLessThan(600);
    expect(out[1]).toMatchObject({ kind: "file_edit", metadata: { file: "/r/a.ts" }, session: "ses_1" });
  });

  it("keeps tool arguments small whatever their shape", () => {
    const edits = Array.from({ length: 50 }, (_, i) => ({ oldString: "a".repeat(400), newString: `${i}` }));
    const limited = limitArgs({ filePath: "/r/a.ts", edits });
    expect(JSON.stringify(limited).length).toBeLessThan(4_200);
    expect(limitArgs({ filePath: "/r/a.ts" })).toEqual({ filePath: "/r/a.ts" });
  });

  it("marks a failing shell command and ignores the plugin's own tools", () => {
    const ep = toolCallEpisode(
      { tool: "bash", sessionID: "s", callID: "c", args: { command: "npm test" } },
      { title: "npm test", output: "1 failed", metadata: { exit: 1 } },
      100,
    );
    expect(ep?.metadata).toMatchObject({ status: "error", exitCode: 1 });
    expect(
      toolCallEpisode(
        { tool: "memory_search", sessionID: "s", callID: "c", args: {} },
        { title: "", output: "", metadata: {} },
        100,
      ),
    ).toBeNull();
  });

  it("captures completed assistant text once, never the user's parts", async () => {
    const { out, cap } = setup();
    const assistant = { id: "msg_a", sessionID: "ses_1", role: "assistant" } as never;
    await cap.event({ type: "message.updated", properties: { info: assistant } } as Event);
    const done = textPart({
      id: "prt_a",
      messageID: "msg_a",
      text: "Done: fixed.",
      time: { start: 1, end: 2 },
    });
    await cap.event({
      type: "message.part.updated",
      properties: { part: textPart({ ...done, time: { start: 1 } } as never) },
    });
    await cap.event({ type: "message.part.updated", properties: { part: done } });
    cap.textComplete("ses_1", "msg_a", "prt_a", "Done: fixed.");
    cap.userMessage("ses_1", "msg_u", [textPart({ id: "prt_u", messageID: "msg_u" })]);
    await cap.event({
      type: "message.part.updated",
      properties: { part: textPart({ id: "prt_u", messageID: "msg_u", time: { start: 1, end: 2 } }) },
    });
    const summary = { id: "msg_s", sessionID: "ses_1", role: "assistant", summary: true } as never;
    await cap.event({ type: "message.updated", properties: { info: summary } } as Event);
    cap.textComplete("ses_1", "msg_s", "prt_s", "Summary of the session.");
    const texts = out.filter((e) => e.kind === "assistant_message");
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ id: "oc:text:ses_1:prt_a", content: "Done: fixed." });
  });

  it("maps file.edited, session.error, todo.updated, session start/end and compaction", async () => {
    const { out, cap } = setup("Summary: we fixed login.");
    cap.userMessage("s", "msg_u1", [textPart({ sessionID: "s", messageID: "msg_u1", text: "edit b" })]);
    out.length = 0;
    // OpenCode publishes file.edited before tool.execute.after: one file_edit id for both.
    await cap.event({ type: "file.edited", properties: { file: "/r/b.ts" } });
    cap.toolAfter(
      { tool: "edit", sessionID: "s", callID: "c1", args: { filePath: "/r/b.ts" } },
      { title: "", output: "", metadata: {} },
    );
    await cap.event({ type: "file.edited", properties: { file: "/r/c.ts" } });
    await cap.event({
      type: "session.error",
      properties: { sessionID: "s", error: { name: "UnknownError", data: { message: "boom" } } },
    });
    await cap.event({
      type: "todo.updated",
      properties: {
        sessionID: "s",
        todos: [{ id: "1", content: "write tests", status: "pending", priority: "high" }],
      },
    });
    const info = { id: "s", title: "Login", directory: "/r", time: { created: 0, updated: 0 } } as never;
    await cap.event({ type: "session.created", properties: { info } } as Event);
    await cap.event({ type: "session.deleted", properties: { info } } as Event);
    await cap.event({ type: "session.compacted", properties: { sessionID: "s" } });
    await new Promise((r) => setTimeout(r, 0)); // the summary is read in the background
    expect(out[0]!.id).toBe(out[2]!.id);
    out.splice(2, 1);
    const kinds = out.map((e) => e.kind);
    expect(kinds).toEqual([
      "file_edit",
      "tool_call",
      "file_edit",
      "error",
      "todo",
      "session_start",
      "session_end",
      "session_summary",
    ]);
    expect(out.filter((e) => e.kind === "file_edit").map((e) => e.metadata?.file)).toEqual([
      "/r/b.ts",
      "/r/c.ts",
    ]);
    expect(out[3]!.content).toBe("UnknownError: boom");
    expect(out[4]!.content).toBe("[pending] write tests");
    expect(out[5]!.id).toBe("oc:session:s:start");
    expect(out[7]!.content).toBe("Summary: we fixed login.");
  });

  it("names an edited file by its path in the project, and keeps the reported path in metadata", async () => {
    const { out, cap } = setup(null, "/home/me/acme");
    cap.userMessage("s", "msg_u1", [textPart({ sessionID: "s", messageID: "msg_u1", text: "edit" })]);
    out.length = 0;
    await cap.event({ type: "file.edited", properties: { file: "/home/me/acme/src/app.ts" } });
    await cap.event({ type: "file.edited", properties: { file: "/etc/hosts" } });
    expect(out.map((e) => [e.content, e.metadata?.file])).toEqual([
      ["edited src/app.ts", "/home/me/acme/src/app.ts"],
      ["edited /etc/hosts", "/etc/hosts"],
    ]);
  });
});
