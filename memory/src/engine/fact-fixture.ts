/** A stored fact for tests of the pure temporal and context logic: current, one episode, by id. */
import type { Fact } from "../model/types.js";

export function factFixture(id: string, validAt: string, fields: Partial<Fact> = {}): Fact {
  return {
    id,
    group: "g",
    subjectId: "project",
    predicate: "uses_runtime",
    objectId: "object",
    text: `fact ${id}`,
    validAt,
    invalidAt: null,
    createdAt: validAt,
    expiredAt: fields.invalidAt ?? null,
    episodeIds: ["e"],
    invalidatedBy: null,
    ...fields,
  };
}
