/**
 * Free text prepared for the rules: fenced code blocks set aside (code is not a statement), the
 * rest split into sentences, and technology terms found with their versions.
 */
import { AMBIGUOUS, TERMS, TERM_SPELLINGS, type Term } from "./vocab.js";

export const MAX_TEXT = 20_000;
const MAX_SENTENCE = 400;

/** Prose without fenced code blocks, and the code blocks separately (bounded). */
export function splitCode(text: string): { prose: string; code: string[] } {
  const code: string[] = [];
  const prose = text
    .slice(0, MAX_TEXT)
    .replace(/```[^\n`]{0,100}\n([\s\S]*?)(?:```|$)/g, (_m, body: string) => {
      code.push(body);
      return "\n";
    });
  return { prose, code };
}

/** A period that ends a short form, not a sentence: "e.g. vitest", "jest vs. vitest". */
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|cf|approx|incl|esp|resp|viz|min|max|no|ca)\.$/i;

/** Sentences: split on line breaks, bullets and sentence punctuation followed by a space. */
export function sentences(prose: string): string[] {
  const out: string[] = [];
  for (const line of prose.split(/\r?\n+/)) {
    const body = line.replace(/^\s*(?:[-*+•>]|\d+[.)])\s+/, "").trim();
    if (!body) continue;
    // `.` ends a sentence only before whitespace and not inside "v1.2" / "node.js"; chat starts
    // sentences in lower case too ("ok. kafka is overkill"), so only an abbreviation joins them.
    const parts: string[] = [];
    // "two things: 1) swap logrus for slog 2) bump go", "rules: 1. never push. 2. pnpm only": a
    // numbered list typed on one line (a "2." numbers an item only after a sentence has ended).
    const items = body.split(/(?<=\S)\s+\d{1,2}\)\s+|(?<=[.!?:;])\s+\d{1,2}\.\s+(?=[A-Za-z`"'(])/);
    for (const s of items.flatMap((item) => item.split(/(?<=[.!?;])\s+(?=[A-Za-z`"'(])/))) {
      const last = parts.length - 1;
      if (last >= 0 && ABBREVIATION.test(parts[last]!) && !/^[A-Z]/.test(s)) parts[last] += ` ${s}`;
      else parts.push(s);
    }
    for (const s of parts) {
      const t = s.trim();
      if (t && t.length <= MAX_SENTENCE) out.push(t);
    }
  }
  return out;
}

export interface FoundTerm {
  term: Term;
  /** Display name with version when stated: "Node 22", "Python 3.12". */
  display: string;
  version: string | null;
  index: number;
  end: number;
}

/** A literal string as a pattern. */
export const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const TERM_RE = new RegExp(
  `(?<![\\w.@/-])(\`?)(${TERM_SPELLINGS.map(escapeRe).join("|")})\\1(?![\\w@/]|[.-]\\w)(?:[ \\t]*(?:v(?:ersion)?[ \\t]*|@|>=?[ \\t]*|\\^|~)?(\\d{1,3}(?:\\.\\d{1,4}){0,2})(?:\\.x)?(?![\\w.]*\\w))?`,
  "gi",
);

/** What a word names when it is the tool it is built with: "a go service", "our rust cli". */
const BUILT_THING =
  /^\s+(?:service|microservice|app|api|backend|server|cli|module|monorepo|project|codebase|library|lib|router|version|stack|code)\b/i;

export function findTerms(sentence: string): FoundTerm[] {
  const out: FoundTerm[] = [];
  for (const m of sentence.matchAll(TERM_RE)) {
    const spelled = m[2]!;
    const term = TERMS.get(spelled.toLowerCase());
    if (!term) continue;
    const version = m[3] ?? null;
    const ticked = m[1] === "`";
    // "go", "node", "react": English words unless capitalised, backticked, versioned or naming
    // what is built with them ("a go service", "the react app").
    if (
      AMBIGUOUS.has(spelled.toLowerCase()) &&
      !ticked &&
      !version &&
      spelled[0] === spelled[0]!.toLowerCase() &&
      !BUILT_THING.test(sentence.slice((m.index ?? 0) + m[0].length))
    )
      continue;
    const v = version && term.versioned ? trimVersion(version, term.versioned) : null;
    out.push({
      term,
      display: v ? `${term.name} ${v}` : term.name,
      version: v,
      index: m.index ?? 0,
      end: (m.index ?? 0) + m[0].length,
    });
  }
  return out;
}

function trimVersion(version: string, keep: "major" | "minor"): string {
  const parts = version.split(".");
  return keep === "major" ? parts[0]! : parts.slice(0, 2).join(".");
}
