/**
 * End to end with the real OpenCode binary: a fake OpenAI-compatible LLM, the real memory
 * service, and `opencode serve` loading the plugin from plugin/src/index.ts.
 *
 * 1. Session 1 asks for a note; the fake model calls `write` -> the memory service holds the
 *    prompt, the tool call and the edited file as episodes, and facts about the file.
 * 2. Session 2 asks a related question -> the request the fake LLM receives carries the recalled
 *    memory (session 1's port number), within the budget. Tokens injected and the size of the
 *    memory tools' schemas are measured from that request and printed.
 * 3. Session "choice": the model asks "Vitest or Jest?" and the developer answers "vitest" -> the
 *    memory holds the decision the answer makes.
 * 4. The memory service stops; a session runs; OpenCode stops too (the spool must survive it);
 *    the service and OpenCode start again -> the spooled episodes arrive, each exactly once.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MEMORY_METRICS, prometheusName } from "../../memory/src/metrics/names.js";
import { startFakeOpenAI } from "../support/fake-openai.js";
import { type MemoryService, startMemoryService } from "../support/memory-service.js";
import {
  makeProject,
  type NetworkTrap,
  type OpencodeServer,
  opencodeConfig,
  PLUGIN_ENTRY,
  seedPluginDeps,
  startNetworkTrap,
  startOpencode,
} from "../support/opencode-server.js";

const GROUP = "e2e";
const TOKEN = "e2e-memory-token-0123456789";
const PASSWORD = "e2e-opencode-password";
const BUDGET = 600;

type ChatRequest = {
  messages: { role: string; content: unknown; tool_calls?: unknown[] }[];
  tools?: { type: string; function: { name: string } }[];
};
type Reply = { content: string } | { toolCalls: { name: string; arguments: Record<string, unknown> }[] };

let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
let network: NetworkTrap;
let memory: MemoryService;
let opencode: OpencodeServer;
let project: string;
let store: string;
const ports: { memory?: number } = {};

const textOf = (content: unknown): string =>
  typeof content === "string"
    ? content
    : Array.isArray(content)
      ? content
          .map((c) => (typeof c === "string" ? c : String((c as { text?: string }).text ?? "")))
          .join("\n")
      : "";
const lastUserText = (req: ChatRequest) =>
  textOf(req.messages.filter((m) => m.role === "user").at(-1)?.content);

/** The fake model: a title for title calls, a `write` tool call when asked to create a file. */
function respond(req: ChatRequest): Reply {
  if (!req.tools?.length) return { content: "Deploy notes" };
  const last = req.messages.at(-1);
  if (last?.role === "tool") return { content: "Done: I wrote the file." };
  // The prompt itself, not the recalled memory in front of it (which quotes session 1's prompt).
  const user = lastUserText(req).replace(/<memory>[\s\S]*?<\/memory>/g, "");
  const create = /create (\S+) /i.exec(user);
  if (create) {
    return {
      toolCalls: [
        {
          name: "write",
          arguments: { filePath: join(project, create[1]!), content: "We deploy with Caddy on port 8443.\n" },
        },
      ],
    };
  }
  if (/set up the tests/i.test(user))
    return { content: "The suite is ready to port. Should we use Vitest or Jest for the tests?" };
  if (/^\s*vitest\s*$/i.test(user)) return { content: "Vitest it is: I'll port the suite." };
  return { content: "We deploy with Caddy on port 8443." };
}

/** Chat requests the fake received (bodies), oldest first. */
const chatRequests = (): ChatRequest[] =>
  fake.requests
    .filter((r: { path?: string; url?: string }) =>
      String(r.path ?? r.url ?? "").endsWith("/chat/completions"),
    )
    .map((r: { body: unknown }) => (typeof r.body === "string" ? JSON.parse(r.body) : r.body) as ChatRequest);

async function memoryGet<T>(path: string): Promise<T> {
  const res = await fetch(`${memory.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  if (!res.ok) throw new Error(`memory GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Sum of a Prometheus counter's samples (0 when it was never incremented). */
function counter(text: string, name: string): number {
  return text
    .split("\n")
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((sum, l) => sum + Number(l.trim().split(/\s+/).at(-1)), 0);
}

type ExportRecord = { type: string; data: Record<string, unknown> };
async function exportGroup(): Promise<ExportRecord[]> {
  const res = await fetch(`${memory.url}/v1/export?group=${GROUP}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  if (res.status === 404) return [];
  if (!res.ok) throw new Error(`export: ${res.status}`);
  return (await res.text())
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ExportRecord);
}

async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  explain: () => string = () => "",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}\n${explain()}`);
}

const openTheStack = async (home?: string) =>
  startOpencode({
    password: PASSWORD,
    home,
    network,
    env: { MEMORY_TOKEN: TOKEN, OCM_MEMORY_DEBUG: "1" },
  });

/** The memory block of a model call (in its last user message), or "" when none was injected. */
const memoryBlock = (req: ChatRequest) => /<memory>[\s\S]*?<\/memory>/.exec(lastUserText(req))?.[0] ?? "";

beforeAll(async () => {
  network = await startNetworkTrap();
  fake = await startFakeOpenAI();
  fake.script((req: ChatRequest) => respond(req));
  store = `sqlite:${join(mkdtempSync(join(tmpdir(), "ocm-e2e-store-")), "memory.db")}`;
  memory = await startMemoryService({ store, token: TOKEN });
  ports.memory = memory.port;
  project = makeProject(
    // The default recall timeout (150 ms): the real OpenCode must get its memory within it.
    opencodeConfig(fake.url, { url: memory.url, group: GROUP, budget: BUDGET }),
  );
  opencode = await openTheStack();
}, 120_000);

// Nothing may leave the machine: no models.dev, no npm registry, no ripgrep download, no update check.
afterEach(() => {
  expect(network.attempts).toEqual([]);
});

afterAll(async () => {
  await opencode?.stop();
  await memory?.stop();
  await fake?.close();
  await network?.close();
});

describe("OpenCode + memory plugin + memory service", () => {
  it("session 1: the prompt, the tool call and the edited file become episodes and facts", async () => {
    const session = await opencode.createSession(project, "session one");
    await opencode.prompt(
      session,
      project,
      "Please create deploy-notes.md saying we deploy with Caddy on port 8443 " +
        "<private>(the admin PIN is 91234)</private>",
    );
    expect(readFileSync(join(project, "deploy-notes.md"), "utf8")).toContain("8443");

    let kinds = new Set<unknown>();
    const records = await until(
      "session 1's user_message, tool_call, file_edit and assistant_message",
      async () => {
        const all = await exportGroup();
        kinds = new Set(
          all.filter((r) => r.type === "episode" && r.data.session === session).map((r) => r.data.kind),
        );
        return (
          ["user_message", "tool_call", "file_edit", "assistant_message"].every((k) => kinds.has(k)) && all
        );
      },
      30_000,
      () => `stored kinds: ${[...kinds].join(", ")}\nopencode:\n${opencode.child.output().slice(-3000)}`,
    );
    const episodes = records.filter((r) => r.type === "episode" && r.data.session === session);
    const user = episodes.find((r) => r.data.kind === "user_message")!;
    expect(user.data.content).toContain("port 8443");
    expect(JSON.stringify(records)).not.toContain("91234"); // <private> never leaves OpenCode
    const tool = episodes.find((r) => r.data.kind === "tool_call")!;
    expect(tool.data.metadata).toMatchObject({ tool: "write", status: "completed" });
    expect(episodes.filter((r) => r.data.kind === "file_edit")).toHaveLength(1);
    const fileFacts = records.filter(
      (r) => (r.type === "fact" || r.type === "entity") && JSON.stringify(r.data).includes("deploy-notes.md"),
    );
    expect(fileFacts.length).toBeGreaterThan(0);
    // Stored under its path in the project, as the agent and the user name it.
    const file = records.find((r) => r.type === "entity" && r.data.type === "file");
    expect(file?.data.name).toBe("deploy-notes.md");
  }, 60_000);

  it("session 2: the model receives the recalled memory within the budget; tool schemas are small", async () => {
    const before = chatRequests().length;
    const session = await opencode.createSession(project, "session two");
    await opencode.prompt(session, project, "Which port do we deploy on with Caddy?");
    const requests = chatRequests().slice(before);
    const main = requests.find((r) => r.tools?.length && lastUserText(r).includes("Which port"));
    expect(main, "the main model call of session 2").toBeDefined();
    const userText = lastUserText(main!);
    const block = /<memory>[\s\S]*?<\/memory>/.exec(userText)?.[0];
    expect(block, `memory block in:\n${userText}`).toBeDefined();
    expect(block).toContain("8443");
    const injectedTokens = Math.ceil(block!.length / 4);

    const memoryTools = (main!.tools ?? []).filter((t) => t.function.name.startsWith("memory_"));
    expect(memoryTools.map((t) => t.function.name).sort()).toEqual([
      "memory_forget",
      "memory_remember",
      "memory_search",
    ]);
    const toolTokens = Math.ceil(JSON.stringify(memoryTools).length / 4);
    const reported =
      /memory recalled (\d+) fact\(s\), (\d+) tokens; fetched in (\d+) ms, the turn waited (\d+) ms/.exec(
        opencode.child.output(),
      );
    expect(reported, "the plugin's recall log line").not.toBeNull();
    expect(Number(reported![4])).toBeLessThanOrEqual(150 + 50); // what recall added to the turn
    // Every main-model call so far (session 1's two calls around the tool call, then session 2's).
    const perCall = chatRequests()
      .filter((r) => r.tools?.length)
      .map((r, i) => {
        const b = memoryBlock(r);
        return `  call ${i + 1} [${r.messages.map((m) => m.role).join(",")}] ("${lastUserText(r)
          .replace(/<memory>[\s\S]*?<\/memory>\s*/, "")
          .slice(0, 40)}..."): ${b.length} chars, ~${Math.ceil(b.length / 4)} tokens of memory`;
      });
    console.log(
      [
        "[e2e] memory injected per model call:",
        ...perCall,
        `[e2e] session 2's block: ${block!.length} chars (~${injectedTokens} tokens); the service counted ` +
          `${reported![2]} tokens for ${reported![1]} fact(s); fetched in ${reported![3]} ms, the turn waited ` +
          `${reported![4]} ms for it; budget ${BUDGET}`,
        `[e2e] session 2's block as the model received it:\n${block}`,
        `[e2e] memory tool schemas as the model receives them: ${JSON.stringify(memoryTools).length} chars ` +
          `(~${toolTokens} tokens), of ${JSON.stringify(main!.tools).length} chars for all ${main!.tools!.length} tools`,
      ].join("\n"),
    );
    expect(injectedTokens).toBeLessThanOrEqual(BUDGET + 40); // + the short framing lines
    expect(toolTokens).toBeLessThanOrEqual(300);
  }, 60_000);

  it("a one-word answer to the model's question is stored as the decision it makes", async () => {
    const session = await opencode.createSession(project, "session choice");
    await opencode.prompt(session, project, "Please set up the tests for the API.");
    await opencode.prompt(session, project, "vitest");
    const decided = await until(
      "the decision read from the answer",
      async () =>
        (await exportGroup()).find(
          (r) => r.type === "fact" && String(r.data.text).includes("We decided to use Vitest for the tests."),
        ),
      30_000,
      () => `opencode:\n${opencode.child.output().slice(-2000)}`,
    );
    const reply = (await exportGroup()).find(
      (r) => r.type === "episode" && r.data.session === session && r.data.content === "vitest",
    );
    expect(decided.data.episodeIds).toEqual([reply?.data.id]);
    const search = await memoryGet<{ facts: { item: { text: string } }[] }>(
      `/v1/search?group=${GROUP}&q=${encodeURIComponent("which test framework")}`,
    );
    expect(search.facts.map((f) => f.item.text)).toContain("project uses Vitest (test framework).");
  }, 60_000);

  it("with the service down, episodes are spooled, survive an OpenCode restart, and arrive exactly once", async () => {
    await memory.stop();
    const session = await opencode.createSession(project, "session three");
    await opencode.prompt(session, project, "Remember that the staging database is called stagedb-7");
    await opencode.stop();
    const spoolFile = join(opencode.home, ".local", "share", "opencode", "memory-spool", `${GROUP}.jsonl`);
    expect(existsSync(spoolFile)).toBe(true);
    const spooled = readFileSync(spoolFile, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; session?: string });
    const ids = spooled.filter((e) => e.session === session).map((e) => e.id);
    expect(ids.length).toBeGreaterThanOrEqual(3); // session start, user message, assistant text
    expect(new Set(spooled.map((e) => e.id)).size).toBe(spooled.length);
    // The turn itself ran normally, without memory (there was none to be had).
    const last = chatRequests().filter((r) => r.tools?.length && lastUserText(r).includes("stagedb-7"));
    expect(last).toHaveLength(1);
    expect(memoryBlock(last[0]!)).toBe("");

    memory = await startMemoryService({ store, token: TOKEN, port: ports.memory });
    opencode = await openTheStack(opencode.home);
    // OpenCode creates a project's instance (and so the plugin) on the first request for it.
    await opencode.request("GET", `/session?directory=${encodeURIComponent(project)}`);
    await until("spool replay", async () => !existsSync(spoolFile) && (await exportGroup()));
    const stored = (await exportGroup()).filter((r) => r.type === "episode" && r.data.session === session);
    expect(stored.map((r) => r.data.id).sort()).toEqual([...ids].sort());
    expect(stored.find((r) => r.data.kind === "user_message")?.data.content).toContain("stagedb-7");
    const search = await memoryGet<{ episodes: unknown[] }>(`/v1/search?group=${GROUP}&q=stagedb-7`);
    expect(search.episodes.length).toBeGreaterThan(0);
    // Exactly once, not just "stored once": the restarted service (fresh counters, and only this
    // OpenCode talks to it) took every spooled episode and was sent none of them twice.
    const metrics = await (await fetch(`${memory.url}/metrics`)).text();
    expect(counter(metrics, prometheusName(MEMORY_METRICS.episodesIngested))).toBe(spooled.length);
    expect(counter(metrics, prometheusName(MEMORY_METRICS.episodesDuplicate))).toBe(0);
  }, 120_000);

  it("loads from a project's .opencode/plugin/ directory too", async () => {
    const { plugin: _omit, ...withoutPlugin } = opencodeConfig(fake.url, {});
    const dotdir = makeProject(withoutPlugin);
    mkdirSync(join(dotdir, ".opencode", "plugin"), { recursive: true });
    seedPluginDeps(join(dotdir, ".opencode"));
    // A wrapper file: OpenCode passes no options to directory plugins, so the file supplies them.
    writeFileSync(
      join(dotdir, ".opencode", "plugin", "memory.ts"),
      `import { MemoryPlugin as Memory } from ${JSON.stringify(PLUGIN_ENTRY)};\n` +
        `export const MemoryPlugin = (input, options) =>\n` +
        `  Memory(input, { ...options, url: ${JSON.stringify(memory.url)}, group: "dotdir" });\n`,
    );
    const session = await opencode.createSession(dotdir, "dot dir");
    await opencode.prompt(session, dotdir, "Hello from a directory plugin");
    const found = await until("an episode in group dotdir", async () => {
      const res = await memoryGet<{ episodes: { item: { session: string } }[] }>(
        "/v1/search?group=dotdir&q=directory%20plugin",
      );
      return res.episodes.some((e) => e.item.session === session);
    });
    expect(found).toBe(true);
  }, 60_000);
});
