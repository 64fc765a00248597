/**
 * One term of the technology vocabulary and the helper the vocabulary tables are written with.
 */
import type { EntityType } from "../model/types.js";

export interface Term {
  name: string;
  type: EntityType;
  category: string;
  /**
   * A version follows the name in statements ("Node 22", "Python 3.12", "Postgres 16"): the part
   * kept names the fact's object, so an upgrade contradicts the version it replaces.
   */
  versioned?: "major" | "minor";
  /**
   * Other parts of the stack the same tool can fill: Bun is a runtime and also a package manager.
   * Chosen when the sentence names that part ("package manager is Bun") or replaces a tool that
   * fills it ("switch npm to bun").
   */
  also?: readonly string[];
}

/** Spellings of one tool, all mapped to the same term. */
export const T = (
  names: string[],
  name: string,
  category: string,
  type: EntityType = "tool",
  versioned?: Term["versioned"],
): Array<[string, Term]> =>
  names.map((n) => [n, versioned ? { name, type, category, versioned } : { name, type, category }]);
