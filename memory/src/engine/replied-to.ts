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
  // The last turn of each side, one row each: reading back past tool calls would read their output.
  const lastOf = async (kind: "user_message" | "assistant_message") =>
    (await store.listEpisodes(group, { session, kind, before: episode.occurredAt, limit: 1 }))[0];
  const [asked, said] = await Promise.all([lastOf("assistant_message"), lastOf("user_message")]);
  let last = asked && (!said || asked.occurredAt >= said.occurredAt) ? asked : said;
  for (const e of earlier)
    if (e.group === group && e.session === session && isTurn(e) && e.occurredAt <= episode.occurredAt)
      if (!last || e.occurredAt >= last.occurredAt) last = e;
  return last && last.kind !== episode.kind ? last.content : undefined;
}

function couldReply(episode: Episode): boolean {
  if (episode.kind === "user_message") return couldAnswer(episode.content);
  return episode.kind === "assistant_message" && couldAnswerQuestion(episode.content);
}
