/**
 * What a question asks for beyond its words. Agents open sessions with "what's left to do?" or
 * "where did we leave off?": every word of those is a stopword or names nothing stored, so word
 * and vector matching alone find nothing. Two intents are recognised, both cheap and explicit:
 * open tasks (the query gains the words task facts are written with) and recent work (search adds
 * a recency leg to its fusion, so the latest facts and events rank with the matching ones).
 */
export interface QueryIntent {
  /** The query to match words and vectors with. */
  q: string;
  /** Whether recency is what is asked for. */
  recent: boolean;
}

const TASKS =
  /\b(?:left to do|still to do|to-?dos?|remaining|outstanding|unfinished|pending|next steps?|open (?:tasks?|items?)|what(?:'s| is) next)\b/i;
const RECENT =
  /\b(?:last time|last session|le(?:ft|ave) off|working on|yesterday|recently|lately|latest|where were we|what happened|catch me up)\b/i;

/** The words the structured extractor writes task facts with ("Task "X" is pending."). */
const TASK_WORDS = "pending task";

export function queryIntent(q: string): QueryIntent {
  return { q: TASKS.test(q) ? `${q} ${TASK_WORDS}` : q, recent: RECENT.test(q) };
}
