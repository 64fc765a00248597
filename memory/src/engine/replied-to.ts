/**
 * The assistant message a developer's message answers: the session's last turn of conversation
 * before it, when that turn was the assistant's. Tool calls and edits in between are not turns (the
 * agent often runs a few before asking). Only a message that could be a bare answer ("vitest",
 * "yes", "2") looks back, to be read with the question it answers.
 */
import { couldAnswer } from "../extract/answers.js";
import type { Episode } from "../model/types.js";
import type { Store } from "../store/interface.js";

/** Episodes read back through the session for its last turn. */
const LOOK_BACK = 10;

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
  const [stored] = (
    await store.listEpisodes(group, { session, before: episode.occurredAt, limit: LOOK_BACK })
  ).filter(isTurn);
  let last = stored;
  for (const e of earlier)
    if (e.group === group && e.session === session && isTurn(e) && e.occurredAt <= episode.occurredAt)
      if (!last || e.occurredAt >= last.occurredAt) last = e;
  return last?.kind === "assistant_message" ? last.content : undefined;
}
