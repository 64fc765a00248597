/**
 * The extractors' output fed through the engine's pure temporal rules, with entities resolved by
 * normalised key as the engine does: what the project "currently" uses, which commands currently
 * pass and which tasks are done must follow the latest statement, history kept.
 */
import { describe, expect, it } from "vitest";
import { decideTemporal } from "../engine/temporal.js";
import type { Episode, Fact } from "../model/types.js";
import { normalizeEntityKey } from "./normalize.js";
import { ruleExtractor } from "./rules.js";
import { structuredExtractor } from "./structured.js";

class MiniGraph {
  private readonly ids = new Map<string, string>();
  private readonly names = new Map<string, string>();
  readonly facts: Fact[] = [];

  async ingest(episode: Episode): Promise<void> {
    const extractor = ["user_message", "assistant_message", "note"].includes(episode.kind)
      ? ruleExtractor
      : structuredExtractor;
    const x = await extractor.extract(episode, { knownEntities: [] });
    const idOf = new Map<string, string>();
    for (const e of x.entities) {
      const key = normalizeEntityKey(e.name, e.type);
      if (!this.ids.has(key)) {
        this.ids.set(key, `n${this.ids.size}`);
        this.names.set(`n${this.ids.size - 1}`, e.name);
      }
      idOf.set(e.name, this.ids.get(key)!);
    }
    for (const f of x.facts) {
      const subjectId = idOf.get(f.subject)!;
      const objectId = idOf.get(f.object)!;
      const existing = this.facts.filter((g) => g.subjectId === subjectId && g.predicate === f.predicate);
      const validAt = f.validAt ?? episode.occurredAt;
      const d = decideTemporal(
        { objectId, validAt, invalidAt: f.invalidAt ?? null, functional: f.functional },
        existing,
      );
      if (d.kind === "duplicate") continue;
      const id = `f${this.facts.length}`;
      for (const inv of d.invalidate) {
        const old = this.facts.find((g) => g.id === inv.factId)!;
        old.invalidAt = inv.invalidAt;
        old.invalidatedBy = id;
      }
      this.facts.push({
        id,
        group: "g",
        subjectId,
        predicate: f.predicate,
        objectId,
        text: f.text,
        validAt,
        invalidAt: d.invalidAt,
        createdAt: validAt,
        expiredAt: null,
        episodeIds: [episode.id],
        invalidatedBy: d.invalidatedBy,
      });
    }
  }

  /** Objects of current facts with this predicate, by name. */
  current(predicate: string): string[] {
    return this.facts
      .filter((f) => f.predicate === predicate && f.invalidAt === null)
      .map((f) => this.names.get(f.objectId)!)
      .sort();
  }

  history(predicate: string): Array<[string, string, string | null]> {
    return this.facts
      .filter((f) => f.predicate === predicate)
      .map((f): [string, string, string | null] => [this.names.get(f.objectId)!, f.validAt, f.invalidAt])
      .sort((a, b) => (a[1] < b[1] ? -1 : 1));
  }
}

let n = 0;
function ep(
  kind: Episode["kind"],
  day: number,
  content: string,
  metadata: Record<string, unknown> = {},
): Episode {
  const at = new Date(Date.UTC(2026, 0, day)).toISOString();
  return {
    id: `e${n++}`,
    group: "g",
    kind,
    content,
    actor: null,
    session: "ses_1",
    occurredAt: at,
    createdAt: at,
    metadata,
  };
}
const day = (d: number) => new Date(Date.UTC(2026, 0, d)).toISOString();

describe("extracted facts under the temporal rules", () => {
  it("the runtime follows the latest statement, even when one arrives out of order", async () => {
    const g = new MiniGraph();
    await g.ingest(ep("user_message", 1, "The project uses Node 18."));
    await g.ingest(ep("note", 10, "We upgraded from Node 18 to Node 22."));
    await g.ingest(ep("assistant_message", 5, "Heads up: the project uses Node 20 now.")); // late
    expect(g.current("uses_runtime")).toEqual(["Node 22"]);
    expect(g.history("uses_runtime")).toEqual([
      ["Node 18", day(1), day(5)],
      ["Node 20", day(5), day(10)],
      ["Node 22", day(10), null],
    ]);
  });

  it("a preference changes; spellings of one choice do not", async () => {
    const g = new MiniGraph();
    await g.ingest(ep("user_message", 1, "Prefer tabs."));
    await g.ingest(ep("user_message", 2, "We use TABS for indentation."));
    await g.ingest(ep("user_message", 3, "Actually, prefer 2 spaces."));
    expect(g.current("prefers_indentation")).toEqual(["2 spaces"]);
    expect(g.history("prefers_indentation").map(([o]) => o)).toEqual(["tabs", "2 spaces"]);
  });

  it("a command's status flips between failing and passing; its errors accumulate", async () => {
    const g = new MiniGraph();
    const call = (d: number, exitCode: number, output: string) =>
      ep("tool_call", d, output, {
        tool: "bash",
        args: { command: d % 2 ? "npm test" : "npm t -- --run" },
        exitCode,
      });
    await g.ingest(call(1, 1, "TypeError: a is undefined"));
    await g.ingest(call(2, 0, "ok"));
    await g.ingest(call(3, 1, "AssertionError: expected 1 to be 2"));
    expect(g.current("status")).toEqual(["failing"]);
    expect(g.current("failed_with")).toEqual([
      "AssertionError: expected 1 to be 2",
      "TypeError: a is undefined",
    ]);
  });

  it("a task's status and a package's presence follow the latest event", async () => {
    const g = new MiniGraph();
    await g.ingest(ep("todo", 1, "todos", { todos: [{ content: "Add login tests", status: "pending" }] }));
    await g.ingest(ep("todo", 2, "todos", { todos: [{ content: "Add login tests", status: "completed" }] }));
    expect(g.current("task_status")).toEqual(["completed"]);
    await g.ingest(
      ep("tool_call", 3, "added", { tool: "bash", args: { command: "npm install jest" }, exitCode: 0 }),
    );
    await g.ingest(
      ep("tool_call", 4, "removed", { tool: "bash", args: { command: "npm rm jest" }, exitCode: 0 }),
    );
    expect(g.current("install_status")).toEqual(["removed"]);
  });
});
