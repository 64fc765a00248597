/**
 * The default free-text extractor (user and assistant messages, notes): deterministic rules for
 * coding conversations, zero LLM calls. Project-level statements attach to the project entity
 * (metadata `project`, else "project"); preferences stated in the first person attach to the user.
 * Assistant messages describe work rather than set policy, so only their stack statements,
 * relations and mentions count, not preferences or rules. Names the group already knows, said in
 * any case, become mentions of those entities: the engine looks them up (one in-memory full-text
 * query per free-text episode, about 10% of mixed batch ingestion) because a message that says
 * "the auth worker" or "dgia" otherwise never reaches the graph leg of recall.
 */
import type { Episode } from "../model/types.js";
import type { Extraction, ExtractionContext, Extractor } from "../engine/ports.js";
import { agentAnswerStatement } from "./agent-answers.js";
import { answeredStatement } from "./answers.js";
import { ExtractionBuilder, metaString, projectEntity } from "./builder.js";
import { normalizeChat } from "./chat-text.js";
import { inJest } from "./markers.js";
import { layoutRules } from "./rules-layout.js";
import { errorMentions, mentions, relationRules } from "./rules-mentions.js";
import { preferenceRules, standingRules } from "./rules-prefs.js";
import { settingRules } from "./rules-settings.js";
import { usageRules } from "./rules-usage.js";
import { sentences, splitCode } from "./text.js";
import { AMBIGUOUS } from "./vocab.js";

const MAX_KNOWN = 500;

export const ruleExtractor: Extractor = {
  name: "rules",
  usesKnownEntities: true,
  async extract(episode: Episode, context: ExtractionContext): Promise<Extraction> {
    return extractRules(episode, context);
  },
};

export function extractRules(
  episode: Episode,
  context: ExtractionContext = { knownEntities: [] },
): Extraction {
  const b = new ExtractionBuilder();
  const root = metaString(episode.metadata, "directory") ?? null;
  const { prose, code } = splitCode(episode.content);
  const policy = episode.kind !== "assistant_message";
  const project = projectEntity(b, episode);

  // "Yeah we use MySQL... said no one ever": a message said in jest states no stack at all.
  const jest = inJest(prose);
  for (const said of sentences(prose)) {
    const sentence = normalizeChat(said);
    if (!jest) usageRules(b, sentence, project);
    relationRules(b, sentence, root);
    layoutRules(b, sentence, root, project);
    settingRules(b, sentence);
    if (policy) {
      preferenceRules(b, sentence, project);
      standingRules(b, sentence, project);
    }
  }

  const named = mentions(prose, root);
  for (const m of named) b.entity(m.name, m.type);
  errorMentions(b, [prose, ...code].join("\n"), named, root);
  knownMentions(b, prose, context.knownEntities);
  // A bare answer to the other side's question, written out as the statement it makes: the
  // developer's pick is a decision, the assistant's answer says what the project uses.
  const answered = !context.answering
    ? null
    : episode.kind === "user_message"
      ? answeredStatement(context.answering, episode.content)
      : agentAnswerStatement(context.answering, episode.content);
  if (answered) b.merge(extractRules({ ...episode, content: answered }));
  const out = leftBehind(b.build());
  // The project node only when something was said about it: chit-chat yields nothing.
  const used = out.facts.some((f) => f.subject === project || f.object === project);
  return used
    ? out
    : { entities: out.entities.filter((e) => e.name !== project || e.type !== "project"), facts: out.facts };
}

/**
 * A message that moves off a tool ("broker -> RabbitMQ ... drop the redis service") says nothing
 * of using it now, whatever another of its sentences read as use ("nothing else touches Redis
 * (cache is the DB table)"): the switch stands, the use goes.
 */
function leftBehind(out: Extraction): Extraction {
  const left = new Set(
    out.facts.filter((f) => f.predicate === "switched_from").map((f) => `${f.subject}\u0000${f.object}`),
  );
  if (left.size === 0) return out;
  const facts = out.facts.filter(
    (f) => !(f.predicate.startsWith("uses_") && left.has(`${f.subject}\u0000${f.object}`)),
  );
  return facts.length === out.facts.length ? out : { ...out, facts };
}

/** Names the group already knows, mentioned verbatim (whole words, any case). */
function knownMentions(b: ExtractionBuilder, text: string, known: readonly string[]): void {
  if (known.length === 0) return;
  const lower = text.toLowerCase();
  for (const name of known.slice(0, MAX_KNOWN)) {
    const n = name.trim();
    if (n.length < 3 || n.length > 100) continue;
    const needle = n.toLowerCase();
    const path = /[/.]/.test(n);
    // A name that is also an English word ("Render", "React") counts only as written.
    const exact = AMBIGUOUS.has(needle);
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
      if (joined(lower, at, at + n.length, path)) continue;
      if (exact && text.slice(at, at + n.length) !== n) continue;
      b.entity(n, "concept");
      break;
    }
  }
}

/**
 * Whether text[from, to) is part of a longer word or path: "dgiax", "src/db/migrations" for
 * "db/migrations", "migrations.ts" for "migrations". A full stop ending the sentence does not join.
 */
function joined(text: string, from: number, to: number, path: boolean): boolean {
  const joins = path ? /[\p{L}\p{N}_/@-]/u : /[\p{L}\p{N}_/]/u;
  const before = text[from - 1] ?? "";
  const after = text[to] ?? "";
  if (joins.test(before) || joins.test(after)) return true;
  const dotted = (c: string) => /[\p{L}\p{N}_]/u.test(c);
  return (before === "." && dotted(text[from - 2] ?? "")) || (after === "." && dotted(text[to + 1] ?? ""));
}
