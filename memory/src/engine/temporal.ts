/**
 * Graphiti's temporal rules for a new fact against the facts already stored with the same subject
 * and predicate. Pure: it decides, the ingest pipeline writes.
 *
 * - Same object, overlapping validity: the same fact again. It gains the episode as support and,
 *   when the new evidence is older, its validity starts earlier (unless a contradicting fact sits in
 *   between).
 * - Functional predicate, different object (a contradiction):
 *   - a stored fact that became true before the new one and is still open is invalidated at the new
 *     fact's validAt (Graphiti: `edge.invalid_at = resolved_edge.valid_at`);
 *   - a stored fact that became true after the new one (an out-of-order episode arriving late) ends
 *     the new fact instead: the new fact is born invalid at the earliest such validAt;
 *   - facts whose validity does not overlap the new one are left alone (history stays true).
 * - Non-functional predicate, different object: both hold; nothing is invalidated.
 * - A less specific restatement is not a contradiction: "uses PostgreSQL" while "uses PostgreSQL
 *   16" holds supports the versioned fact (an LLM judging contradictions, as Graphiti's does, would
 *   agree), so saying a tool's name without its version never erases the version.
 */
import type { Fact, Iso } from "../model/types.js";

export interface NewFactCandidate {
  objectId: string;
  validAt: Iso;
  invalidAt: Iso | null;
  functional: boolean;
  /** Stored objects that name the candidate's object with a version (see `versionOf`). */
  restates?: ReadonlySet<string>;
}

export type TemporalDecision =
  | {
      kind: "duplicate";
      /** The stored fact that the new evidence supports. */
      factId: string;
      /** Set when the stored fact's validity should start earlier. */
      extendValidAt: Iso | null;
    }
  | {
      kind: "new";
      /** The new fact's invalidAt (null: open), possibly closed by a later stored fact. */
      invalidAt: Iso | null;
      /** The fact that closes the new one, when it is born invalid. */
      invalidatedBy: string | null;
      /** Stored facts to close at `invalidAt`. */
      invalidate: Array<{ factId: string; invalidAt: Iso }>;
    };

const overlaps = (aFrom: Iso, aTo: Iso | null, bFrom: Iso, bTo: Iso | null): boolean =>
  (aTo === null || bFrom < aTo) && (bTo === null || aFrom < bTo);

/** Whether the fact was true at the instant `at`. */
export const holdsAt = (fact: Fact, at: Iso): boolean =>
  fact.validAt <= at && (fact.invalidAt === null || at < fact.invalidAt);

/**
 * True when `specific` is `general` with a version after it: "PostgreSQL 16" of "PostgreSQL",
 * "Node v22.1" of "node". Only a version: "React Native" is not a kind of "React".
 */
export function versionOf(general: string, specific: string): boolean {
  const g = general.trim().toLowerCase();
  const s = specific.trim().toLowerCase();
  return s.startsWith(`${g} `) && /^v?\d{1,4}(?:\.\d{1,4}){0,2}$/.test(s.slice(g.length + 1).trim());
}

export function decideTemporal(candidate: NewFactCandidate, existing: readonly Fact[]): TemporalDecision {
  const same = existing.filter((f) => f.objectId === candidate.objectId);
  const contradicting = candidate.functional ? existing.filter((f) => f.objectId !== candidate.objectId) : [];

  // Prefer the stored fact whose validity contains the new validAt; otherwise a later one that the
  // new evidence can extend backwards without jumping over a contradiction.
  const containing = same.find((f) => holdsAt(f, candidate.validAt));
  if (containing) return { kind: "duplicate", factId: containing.id, extendValidAt: null };
  const versioned = candidate.restates?.size
    ? contradicting.find((f) => candidate.restates?.has(f.objectId) && holdsAt(f, candidate.validAt))
    : undefined;
  if (versioned) return { kind: "duplicate", factId: versioned.id, extendValidAt: null };
  const later = same
    .filter((f) => f.validAt > candidate.validAt)
    .sort((a, b) => (a.validAt < b.validAt ? -1 : 1))[0];
  if (later) {
    const blocked = contradicting.some((c) => c.validAt >= candidate.validAt && c.validAt < later.validAt);
    if (!blocked) return { kind: "duplicate", factId: later.id, extendValidAt: candidate.validAt };
  }

  let invalidAt = candidate.invalidAt;
  let invalidatedBy: string | null = null;
  const invalidate: Array<{ factId: string; invalidAt: Iso }> = [];
  const byValidAt = [...contradicting].sort((a, b) => (a.validAt < b.validAt ? -1 : 1));
  for (const stored of byValidAt) {
    if (stored.validAt > candidate.validAt) {
      // A newer contradicting fact is already known: the new one ended when that one began.
      if (invalidAt === null || stored.validAt < invalidAt) {
        invalidAt = stored.validAt;
        invalidatedBy = stored.id;
      }
    }
  }
  for (const stored of byValidAt) {
    // Equal validAt counts as earlier: of two claims for the same instant, the newest received wins.
    if (
      stored.validAt <= candidate.validAt &&
      overlaps(stored.validAt, stored.invalidAt, candidate.validAt, invalidAt)
    ) {
      invalidate.push({ factId: stored.id, invalidAt: candidate.validAt });
    }
  }
  return { kind: "new", invalidAt, invalidatedBy, invalidate };
}
