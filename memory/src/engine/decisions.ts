/**
 * Decisions and rules end with what they chose: "we decided to use Kafka for the order events" no longer
 * holds once the project keeps RabbitMQ instead, or says "scratch that, no Kafka". A decision is a
 * sentence, so whether it chose a thing is read from its words, the way the rule extractor reads
 * a statement: a decision to move *from* a tool is not undone when the tool goes.
 */
import { adoptedTerms } from "../extract/rules-usage.js";
import { escapeRe, findTerms } from "../extract/text.js";

/** Whether `decision` takes up `thing` (a stored entity name: "Kafka", "PostgreSQL 16", "tRPC"). */
export function decisionAdopts(decision: string, thing: string): boolean {
  const wanted = findTerms(thing)[0];
  if (wanted)
    return adoptedTerms(decision).some(
      (t) => t.term.name === wanted.term.name && (wanted.version === null || t.version === wanted.version),
    );
  // A name the vocabulary does not know: said as a word of the decision.
  return new RegExp(`(?<![\\w.-])${escapeRe(thing)}(?![\\w-])`, "i").test(decision);
}
