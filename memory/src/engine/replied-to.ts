/**
 * The message of the other side that a message replies to: the session's last turn of conversation
 * before it, when that turn was the other side's. Tool calls and edits in between are not turns (the
 * agent often runs a few before asking or answering). Only a message that could be a bare answer
 * looks back: the developer's "vitest", "yes", "2" to the assistant's question, or the assistant's
 * "Sidekiq 7." to the developer's "what runs background jobs here?".
 */
import { couldAnswerQuestion } from "../extract/agent-answers.js";
import { couldAnswer } from "../extract/answers.js";
import type { Episode } from "../model/types.js";
import type { Store } from "../store/interface.js";

const isTurn = (e: Episode) => e.kind === "user_message" || e.kind === "assistant_message";

/**
 * The assistant's own turns an answer may follow: an agent says "Let me check the Gemfile.", runs a
 * tool, then answers "Sidekiq 7." in a part of its own. The developer's reply follows none.
 */
const PREAMBLE_TURNS = 2;

/**
 * `earlier`: episodes of the same batch prepared before this one, not stored yet (a question and
 * its answer arrive together when a client replays its spool).
 */
export async function repliedTo(
  store: Store,
  episode: Episode,
  earlier: readonly Episode[],
): Promise<string | undefined> {
  const { group, session } = episode;
  if (!session || !couldReply(episode)) return undefined;
  // The last turns of each side, a row or a few: reading back past tool calls would read their output.
  const own = episode.kind === "assistant_message" ? PREAMBLE_TURNS : 0;
  const lastOf = (kind: "user_message" | "assistant_message", limit: number) =>
    store.listEpisodes(group, { session, kind, before: episode.occurredAt, limit });
  const [assistant, developer] = await Promise.all([
    lastOf("assistant_message", own + 1),
    lastOf("user_message", 1),
  ]);
  const batch = earlier.filter(
    (e) => e.group === group && e.session === session && isTurn(e) && e.occurredAt <= episode.occurredAt,
  );
  // Latest first; at one time, the batch's later episodes before stored ones.
  const turns = [...batch.reverse(), ...assistant, ...developer].sort((x, y) =>
    y.occurredAt.localeCompare(x.occurredAt),
  );
  let skipped = 0;
  for (const turn of turns) {
    if (turn.kind !== episode.kind) return turn.content;
    if (++skipped > own) return undefined;
  }
  return undefined;
}

function couldReply(episode: Episode): boolean {
  if (episode.kind === "user_message") return couldAnswer(episode.content);
  return episode.kind === "assistant_message" && couldAnswerQuestion(episode.content);
}
