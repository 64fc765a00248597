import type { Hooks, PluginInput } from "@opencode-ai/plugin";
import type { Message, Part } from "@opencode-ai/sdk";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeMemory, startFakeMemory } from "../test/fake-memory.js";
import * as entry from "./index.js";
import { createMemoryHooks } from "./plugin.js";
import { frameMemory, MEMORY_PART_PREFIX } from "./recall.js";
import { estimateTokens, toolSchemasJson } from "./tool-schemas.js";

let fake: FakeMemory;
afterEach(() => fake?.close());

const logs: string[] = [];
const client = {
  app: { log: async (o: { body: { message: string } }) => void logs.push(o.body.message) },
  session: { messages: async () => ({ data: [] }) },
} as unknown as PluginInput["client"];

async function setup(options: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "plug-"));
  return createMemoryHooks(
    { client, directory: "/repo", worktree: "/repo" },
    { url: fake.url, group: "g", spoolDir: dir, ...options },
    {},
  );
}

const userTurn = (id: string, text: string) => ({
  info: { id, sessionID: "ses_1", role: "user" } as Message,
  parts: [{ id: `prt_${id}`, sessionID: "ses_1", messageID: id, type: "text", text } as Part],
});

const ctx = {
  sessionID: "ses_1",
  messageID: "m",
  agent: "build",
  directory: "/repo",
  worktree: "/repo",
} as never;

describe("frameMemory", () => {
  it("frames a bare block once and leaves a framed one alone", () => {
    const framed = frameMemory("- a fact");
    expect(framed).toMatch(/^<memory>\n.*not instructions.*\n- a fact\n<\/memory>$/s);
    expect(frameMemory(framed)).toBe(framed);
  });
});

describe("plugin entry", () => {
  it("exports only functions (OpenCode refuses anything else)", () => {
    for (const value of Object.values(entry)) expect(typeof value).toBe("function");
  });
});

describe("memory plugin hooks", () => {
  it("captures a turn, then recalls it into the next turn's last user message", async () => {
    fake = await startFakeMemory();
    const { hooks, shipper, recall } = await setup({ recallTimeoutMs: 2_000 });
    const first = userTurn("msg_1", "We deploy with Caddy on port 8443");
    await hooks["chat.message"]!(
      { sessionID: "ses_1", messageID: "msg_1" },
      {
        message: first.info as never,
        parts: first.parts,
      },
    );
    await hooks["tool.execute.after"]!(
      { tool: "write", sessionID: "ses_1", callID: "call_1", args: { filePath: "/repo/Caddyfile" } },
      { title: "Caddyfile", output: "written", metadata: {} },
    );
    await shipper.flush();
    expect([...fake.episodes.keys()]).toEqual([
      "oc:user:ses_1:msg_1",
      "oc:tool:ses_1:call_1",
      expect.stringMatching(/^oc:file:ses_1:msg_1:/),
    ]);
    // Every episode names the project's directory, so the service stores `Caddyfile`, not `/repo/Caddyfile`.
    for (const ep of fake.episodes.values()) expect(ep.metadata).toMatchObject({ directory: "/repo" });

    const second = userTurn("msg_2", "Which port does Caddy deploy on?");
    await hooks["chat.message"]!(
      { sessionID: "ses_1", messageID: "msg_2" },
      {
        message: second.info as never,
        parts: second.parts,
      },
    );
    const messages = [first, second].map((m) => ({ info: m.info, parts: [...m.parts] }));
    await hooks["experimental.chat.messages.transform"]!({}, { messages });
    const injected = messages[1]!.parts[0] as Extract<Part, { type: "text" }>;
    expect(injected.id).toBe(`${MEMORY_PART_PREFIX}msg_2`);
    expect(injected.text).toMatch(/^<memory>[\s\S]*port 8443[\s\S]*<\/memory>$/);
    expect(messages[0]!.parts).toHaveLength(1);
    // A later model call of the same turn (OpenCode rebuilds the messages each time) gets the
    // same block, without another fetch: one context request per user message.
    const again = [first, second].map((m) => ({ info: m.info, parts: [...m.parts] }));
    await hooks["experimental.chat.messages.transform"]!({}, { messages: again });
    await hooks["experimental.chat.messages.transform"]!({}, { messages: again });
    expect(again[1]!.parts.filter((p) => p.id.startsWith(MEMORY_PART_PREFIX))).toHaveLength(1);
    expect((again[1]!.parts[0] as { text: string }).text).toBe(injected.text);
    expect(fake.requests.filter((r) => r.path === "/v1/context")).toHaveLength(2);
    expect(recall.injections.at(-1)?.tokens).toBeGreaterThan(0);
  });

  it("a short reply to the assistant recalls with the question it answers; a longer message with itself", async () => {
    fake = await startFakeMemory();
    const { hooks } = await setup({ recallTimeoutMs: 2_000 });
    const say = async (id: string, text: string) => {
      const turn = userTurn(id, text);
      await hooks["chat.message"]!(
        { sessionID: "ses_1", messageID: id },
        { message: turn.info as never, parts: turn.parts },
      );
    };
    await say("msg_1", "Please set up the tests for the API.");
    await hooks["experimental.text.complete"]!(
      { sessionID: "ses_1", messageID: "msg_a", partID: "prt_a" },
      { text: "The suite is ready to port. Should we use Vitest or Jest for the tests?" },
    );
    await say("msg_2", "vitest");
    await say("msg_3", "2"); // the user spoke last: nothing to answer
    await hooks["experimental.text.complete"]!(
      { sessionID: "ses_1", messageID: "msg_b", partID: "prt_b" },
      { text: "Ported. Anything else?" },
    );
    await say(
      "msg_4",
      "Yes: also set up coverage reporting with c8 and fail the build below eighty percent please",
    );
    const queries = () => fake.requests.filter((r) => r.path === "/v1/context").map((r) => r.q);
    for (let i = 0; i < 100 && queries().length < 4; i++) await new Promise((r) => setTimeout(r, 20));
    // Sorted: the four fetches run at once and may reach the service in any order.
    expect(queries().sort()).toEqual([
      "2",
      "Please set up the tests for the API.",
      "The suite is ready to port. Should we use Vitest or Jest for the tests?\nvitest",
      "Yes: also set up coverage reporting with c8 and fail the build below eighty percent please",
    ]);
  });

  it("never injects into a compaction call, and injects again after it", async () => {
    fake = await startFakeMemory();
    const { hooks, shipper } = await setup({ recallTimeoutMs: 2_000 });
    const first = userTurn("msg_1", "We deploy with Caddy on port 8443");
    await hooks["chat.message"]!(
      { sessionID: "ses_1" },
      { message: first.info as never, parts: first.parts },
    );
    await shipper.flush();
    const compaction = {
      info: { id: "msg_c", sessionID: "ses_1", role: "user" } as Message,
      parts: [
        { id: "prt_c", sessionID: "ses_1", messageID: "msg_c", type: "compaction", auto: false } as Part,
      ],
    };
    const injected = (ms: { parts: Part[] }[]) =>
      ms.flatMap((m) => m.parts).some((p) => p.id.startsWith(MEMORY_PART_PREFIX));
    const messages = [first, compaction].map((m) => ({ info: m.info, parts: [...m.parts] }));
    await hooks["experimental.chat.messages.transform"]!({}, { messages });
    expect(injected(messages)).toBe(false);

    // A /summarize renders the existing messages: the compacting hook marks the session.
    const second = userTurn("msg_2", "Which port does Caddy use?");
    await hooks["experimental.session.compacting"]!({ sessionID: "ses_1" }, { context: [] });
    const during = [first, second].map((m) => ({ info: m.info, parts: [...m.parts] }));
    await hooks["experimental.chat.messages.transform"]!({}, { messages: during });
    expect(injected(during)).toBe(false);
    await hooks.event!({ event: { type: "session.compacted", properties: { sessionID: "ses_1" } } });
    const after = [first, second].map((m) => ({ info: m.info, parts: [...m.parts] }));
    await hooks["experimental.chat.messages.transform"]!({}, { messages: after });
    expect(injected(after)).toBe(true);
  });

  // The default recall timeout (150 ms) is what a turn may lose; the slack is for a loaded machine.
  const TURN_BOUND_MS = 150 + 250;

  /** A whole user turn as OpenCode runs it: chat.message, then the model call's transform. */
  async function timedTurn(hooks: Hooks, id: string, text: string) {
    const turn = userTurn(id, text);
    const started = performance.now();
    await hooks["chat.message"]!({ sessionID: "ses_1" }, { message: turn.info as never, parts: turn.parts });
    const messages = [{ info: turn.info, parts: [...turn.parts] }];
    await hooks["experimental.chat.messages.transform"]!({}, { messages });
    return { ms: performance.now() - started, parts: messages[0]!.parts };
  }

  it("a stalled memory service costs a turn at most the 150 ms recall timeout, and no error", async () => {
    fake = await startFakeMemory();
    fake.mode = "slow";
    fake.slowMs = 3_000;
    const { hooks, shipper } = await setup();
    const { ms, parts } = await timedTurn(hooks, "msg_9", "anything about deploys?");
    expect(parts).toHaveLength(1);
    expect(ms).toBeGreaterThanOrEqual(140); // it did wait for memory, up to the timeout
    expect(ms).toBeLessThan(TURN_BOUND_MS);
    expect(logs.some((l) => /hook failed/.test(l))).toBe(false);
    shipper.close();
  });

  it("the wait starts at the model call: a block fetched during OpenCode's own work is used", async () => {
    fake = await startFakeMemory();
    const { hooks, shipper, recall } = await setup();
    const first = userTurn("msg_a", "We deploy with Caddy on port 8443");
    await hooks["chat.message"]!(
      { sessionID: "ses_1" },
      { message: first.info as never, parts: first.parts },
    );
    await shipper.flush();
    fake.mode = "slow";
    fake.slowMs = 250; // slower than the 150 ms timeout...
    const second = userTurn("msg_b", "Which port does Caddy deploy on?");
    await hooks["chat.message"]!(
      { sessionID: "ses_1" },
      { message: second.info as never, parts: second.parts },
    );
    await new Promise((r) => setTimeout(r, 400)); // ...but OpenCode's work before the call is longer
    const messages = [{ info: second.info, parts: [...second.parts] }];
    const started = performance.now();
    await hooks["experimental.chat.messages.transform"]!({}, { messages });
    expect(performance.now() - started).toBeLessThan(50);
    expect((messages[0]!.parts[0] as { text: string }).text).toContain("8443");
    expect(recall.injections.at(-1)).toMatchObject({ messageID: "msg_b" });
    expect(recall.injections.at(-1)!.fetchMs).toBeGreaterThanOrEqual(250);
    shipper.close();
  });

  it("a turn that timed out stays without memory on its later model calls, without waiting again", async () => {
    fake = await startFakeMemory();
    fake.mode = "slow";
    fake.slowMs = 3_000;
    const { hooks, shipper } = await setup();
    const first = await timedTurn(hooks, "msg_c", "anything about deploys?");
    expect(first.ms).toBeGreaterThanOrEqual(140);
    const turn = userTurn("msg_c", "anything about deploys?");
    const messages = [{ info: turn.info, parts: [...turn.parts] }];
    const started = performance.now();
    await hooks["experimental.chat.messages.transform"]!({}, { messages });
    expect(performance.now() - started).toBeLessThan(50);
    expect(messages[0]!.parts).toHaveLength(1);
    shipper.close();
  });

  it("an absent memory service (connection refused) costs a turn less than the timeout", async () => {
    fake = await startFakeMemory();
    await fake.close();
    const { hooks, shipper } = await setup();
    const { ms, parts } = await timedTurn(hooks, "msg_8", "anything about deploys?");
    expect(parts).toHaveLength(1);
    expect(ms).toBeLessThan(TURN_BOUND_MS);
    shipper.close();
  });

  it("an answer of the wrong shape skips recall instead of failing the hook", async () => {
    fake = await startFakeMemory();
    fake.mode = "garbage";
    logs.length = 0;
    const { hooks, shipper } = await setup();
    const { parts } = await timedTurn(hooks, "msg_7", "anything about deploys?");
    expect(parts).toHaveLength(1);
    expect(logs.filter((l) => /hook failed/.test(l))).toEqual([]);
    shipper.close();
  });

  it("capture never waits for the service: hooks return at once and delivery happens later", async () => {
    fake = await startFakeMemory();
    fake.mode = "slow";
    fake.slowMs = 1_000;
    const { hooks, shipper } = await setup({ recall: false });
    const turn = userTurn("msg_6", "We use Valkey for the cache");
    const started = performance.now();
    await hooks["chat.message"]!({ sessionID: "ses_1" }, { message: turn.info as never, parts: turn.parts });
    await hooks["tool.execute.after"]!(
      { tool: "bash", sessionID: "ses_1", callID: "call_6", args: { command: "ls" } },
      { title: "ls", output: "a b", metadata: { exit: 0 } },
    );
    await hooks.event!({ event: { type: "file.edited", properties: { file: "/repo/cache.ts" } } });
    expect(performance.now() - started).toBeLessThan(50);
    expect(fake.episodes.size).toBe(0);
    expect(shipper.pending).toBe(3); // written ahead to the spool
    await shipper.flush();
    expect(fake.episodes.size).toBe(3);
    expect(shipper.pending).toBe(0);
  });

  it("works with no memory service at all: episodes are spooled", async () => {
    fake = await startFakeMemory();
    await fake.close();
    const { hooks, shipper } = await setup({ recallTimeoutMs: 50 });
    const turn = userTurn("msg_3", "hello there");
    await hooks["chat.message"]!({ sessionID: "ses_1" }, { message: turn.info as never, parts: turn.parts });
    const messages = [{ info: turn.info, parts: [...turn.parts] }];
    await hooks["experimental.chat.messages.transform"]!({}, { messages });
    await shipper.flush();
    expect(shipper.pending).toBe(1);
    shipper.close();
  });

  it("does not capture excluded files", async () => {
    fake = await startFakeMemory();
    const { hooks, shipper } = await setup();
    await hooks["tool.execute.after"]!(
      { tool: "read", sessionID: "s", callID: "c", args: { filePath: "/repo/.env" } },
      { title: ".env", output: "API_KEY=abc", metadata: {} },
    );
    await hooks.event!({ event: { type: "file.edited", properties: { file: "/repo/secrets/x.json" } } });
    await shipper.flush();
    expect(fake.episodes.size).toBe(0);
  });

  it("tools: remember, search, forget over HTTP", async () => {
    fake = await startFakeMemory();
    const { hooks } = await setup();
    const tools = hooks.tool!;
    const saved = await tools.memory_remember!.execute({ text: "Decision: use Valkey for the cache" }, ctx);
    const id = /saved as (\S+)/.exec(String(saved))![1]!;
    expect(fake.episodes.get(id)?.kind).toBe("note");
    expect(String(await tools.memory_search!.execute({ query: "valkey cache" }, ctx))).toContain(id);
    expect(await tools.memory_forget!.execute({ id }, ctx)).toBe(`forgot ${id}`);
    expect(await tools.memory_forget!.execute({ id }, ctx)).toBe(`no episode ${id}`);
    expect(String(await tools.memory_search!.execute({ query: "valkey" }, ctx))).toBe("no memory matches");
  });

  it("tool schemas stay within 300 tokens all together", async () => {
    fake = await startFakeMemory();
    const { hooks } = await setup();
    const json = toolSchemasJson(hooks.tool!);
    const tokens = estimateTokens(json);
    console.log(`memory tool schemas: ${json.length} chars, ~${tokens} tokens`);
    expect(Object.keys(hooks.tool!)).toEqual(["memory_search", "memory_remember", "memory_forget"]);
    expect(tokens).toBeLessThanOrEqual(300);
  });
});
