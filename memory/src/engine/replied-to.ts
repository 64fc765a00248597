/**
 * The assistant message a developer's message answers: the session's last turn of conversation
 * before it, when that turn was the assistant's. Tool calls and edits in between are not turns (the
 * agent often runs a few before asking). Only a message that could be a bare answer ("vitest",
 * "yes", "2") looks back, to be read with the question it answers.
 */
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
  if (episode.kind !== "user_message" || !session || !couldAnswer(episode.content)) return undefined;
  // The last turn of each side, one row each: reading back past tool calls would read their output.
  const lastOf = async (kind: "user_message" | "assistant_message") =>
    (await store.listEpisodes(group, { session, kind, before: episode.occurredAt, limit: 1 }))[0];
  const [asked, said] = await Promise.all([lastOf("assistant_message"), lastOf("user_message")]);
  let last = asked && (!said || asked.occurredAt >= said.occurredAt) ? asked : said;
  for (const e of earlier)
    if (e.group === group && e.session === session && isTurn(e) && e.occurredAt <= episode.occurredAt)
      if (!last || e.occurredAt >= last.occurredAt) last = e;
  return last?.kind === "assistant_message" ? last.content : undefined;
}
