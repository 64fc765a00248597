/**
 * The options an assistant's question offers, and which one a reply picks: by name ("vitest",
 * "postgres pls", "turbo" for Turborepo), by number or letter ("2", "option B", "the second one"),
 * from a list under the question or named in its sentences.
 */
import { escapeRe, findTerms } from "./text.js";

export interface Option {
  /** Names the reply may use: the tool the vocabulary knows, `code` and **bold** spans, a short head. */
  terms: string[];
  names: string[];
  /** How the option reads in the statement. */
  display: string;
  /** Where it sits in its sentence (inline options), for the verb before it and the purpose after. */
  sentence: string | null;
  index: number;
  end: number;
  category: string | null;
  /** "1", "b": the label of a listed option. */
  label: string | null;
  /** Named only as `code` the vocabulary does not know: a library, or a detail of the code. */
  code: boolean;
}

/** A name a package goes by: `thiserror`, `@tanstack/query`, `date-fns`, not `slugify()`. */
export const PACKAGE_NAME = /^(?:--?)?[@a-z0-9][\w@/.-]*$/i;
/** A file, not a choice: `app/login.tsx`, `pyproject.toml`, `uv.lock`. */
const PATH_LIKE =
  /\/|\.(?:[jt]sx?|py|rb|go|rs|java|kt|swift|json|ya?ml|toml|md|lock|sh|sql|css|html|cfg|ini|env)$/i;

/** Said before a name, it turns the name down: "not jest", "instead of Jest", "over Jest". */
const TURNED_DOWN =
  /\b(?:not|no|never|avoid|without|skip|drop|ditch|delete|remove|kill|than|over|instead\s+of|rather\s+than|except)\s+(?:the\s+|with\s+)?$/i;

const CODE_OR_BOLD = /`([^`\n]{1,60})`|\*\*([^*\n]{1,60})\*\*/g;

/** The named alternatives of one sentence: tools the vocabulary knows, `code` and **bold** spans. */
export function inlineOptions(sentence: string): Option[] {
  const out: Option[] = [];
  for (const t of findTerms(sentence))
    if (!out.some((o) => o.terms.includes(t.term.name)))
      out.push({
        terms: [t.term.name],
        names: [],
        display: t.display,
        sentence,
        index: t.index,
        end: t.end,
        category: t.term.category,
        label: null,
        code: false,
      });
  for (const m of sentence.matchAll(CODE_OR_BOLD)) {
    const inside = out.find((o) => m.index < o.end && m.index + m[0].length > o.index);
    const name = (m[1] ?? m[2]!).trim();
    if (m[1] && !inside && PATH_LIKE.test(name)) continue;
    if (inside) {
      // The span is how the message names it: **Expo Router** rather than the Expo inside it.
      inside.names.push(name.toLowerCase());
      Object.assign(inside, { display: m[1] ? m[0] : name, index: m.index, end: m.index + m[0].length });
    } else
      out.push({
        terms: [],
        names: [name.toLowerCase()],
        display: m[1] ? m[0] : name,
        sentence,
        index: m.index,
        end: m.index + m[0].length,
        category: null,
        label: null,
        code: Boolean(m[1]),
      });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** A listed option: its names come from its head, the part before a dash, colon or aside. */
export function listedOption(label: string | null, text: string): Option {
  const head =
    text
      .split(/\s[\u2014\u2013]\s|\s-\s|:\s|\s\(|,\s/)[0]!
      .replace(/[.!]+$/, "")
      .trim() || text;
  const inline = inlineOptions(head);
  const plain = head.replace(/\*\*|`/g, "");
  const short = plain.split(/\s+/).length <= 3 && !ACTS_FIRST.test(plain);
  return {
    terms: inline.flatMap((o) => o.terms),
    names: [...inline.flatMap((o) => o.names), ...(short ? [plain.toLowerCase()] : [])],
    // Bold kept: the statement reads from it whether the option starts with its name.
    display: head,
    sentence: null,
    index: 0,
    end: 0,
    category: inline.find((o) => o.category)?.category ?? null,
    label,
    code: inline.length > 0 && inline.every((o) => o.code),
  };
}

/** A listed option that starts with what to do ("Move to Hono") rather than a name. */
const ACTS_FIRST =
  /^(?:use|keep|switch|move|migrate|go|stay|stick|adopt|add|drop|replace|rewrite|roll|build|write)\b/i;

/** Reply words too common to name an option by their first letters ("sure" is not "SurrealDB"). */
const COMMON =
  /^(?:with|that|this|then|them|they|sure|yeah|please|okay|good|just|like|want|think|fine|sounds|would|should|could|from|into|over|less|more|fewer|moving|parts|lets|the|dont|because|since|already|also|only|first|second|third|last|option|one)$/;

/** Whether the reply names the option (and does not turn it down). */
export function names(answer: string, option: Option): boolean {
  const said = answer.toLowerCase();
  for (const t of findTerms(answer))
    if (option.terms.includes(t.term.name) && !TURNED_DOWN.test(answer.slice(0, t.index))) return true;
  for (const n of option.names) {
    const at = said.search(new RegExp(`(?<![\\w-])\`?${escapeRe(n)}\`?(?![\\w-])`));
    if (at >= 0 && !TURNED_DOWN.test(answer.slice(0, at))) return true;
  }
  // "turbo" for Turborepo, "kotlinx" for kotlinx.serialization, "nix" for a Nix flake, "spm"
  // for Swift Package Manager: a word the option's name starts with, or its initials.
  const whole = [...option.names, ...option.terms.map((t) => t.toLowerCase())];
  for (const m of said.matchAll(/[a-z][a-z0-9]{1,}/g)) {
    const w = m[0];
    if (COMMON.test(w) || TURNED_DOWN.test(answer.slice(0, m.index))) continue;
    if (whole.some((n) => (w.length >= 4 && n.startsWith(w) && n !== w) || abbreviates(w, n))) return true;
  }
  return false;
}

/** "spm" for "swift package manager", "nix" for "nix flake". */
function abbreviates(word: string, name: string): boolean {
  const parts = name.split(/[\s-]+/).filter(Boolean);
  if (parts.length < 2) return false;
  return (
    (word.length >= 2 && parts.map((p) => p[0]).join("") === word) || (word.length >= 3 && parts[0] === word)
  );
}

const ORDINALS: Record<string, number> = { first: 0, second: 1, third: 2, fourth: 3 };

/** "2", "option b", "the second one", "let's go with 1": which option the reply picks by place. */
const PICKS_PLACE =
  /^(?<lead>(?:let'?s|i'?ll|we'?ll|i'?d)\s+(?:go\s+with|do|take|pick|say)\s+|go(?:ing)?\s+with\s+|option\s+|number\s+|#)?(?<the>the\s+)?(?<said>\d{1,2}|[a-d]|first|second|third|fourth|last|former|latter)(?:\s+(?<noun>one|option|approach|way|plan))?(?:\s+please)?\s*(?:[.!,;)\u2014\u2013-]|\s+(?:but|with|though)\b|\s+and\b(?!\s+(?:\d|[a-d]\b|the\s+\w+\s+one|option))|$)/i;

/** Whether a reply can be read alone as picking by place. */
export const picksByPlace = (answer: string) => PICKS_PLACE.test(answer);

export function pickedByPlace(options: Option[], answer: string): Option | null {
  const m = PICKS_PLACE.exec(answer);
  if (!m) return null;
  const { lead, the, noun } = m.groups!;
  const said = m.groups!.said!.toLowerCase();
  // "First, fix the build.": an ordinal word picks only when it is plainly one ("the first one").
  const word = /^[a-z]{3,}$/.test(said);
  if (word && !the && !noun && !lead && answer.replace(/[.!\s]+$/, "").length > said.length) return null;
  if (said === "last" || said === "latter") return options.at(-1) ?? null;
  if (said === "former") return options[0] ?? null;
  if (word) return options[ORDINALS[said]!] ?? null;
  // Numbers and letters pick by label from a list, by place from options named in a sentence.
  if (options.some((o) => o.label !== null)) return options.find((o) => o.label === said) ?? null;
  return /^\d+$/.test(said) ? (options[Number(said) - 1] ?? null) : null;
}

/** The one option the reply names, or null when it names none or several. */
export function pickedByName(options: Option[], answer: string): Option | null {
  const named = options.filter((o) => names(answer, o));
  // "expo router" names **Expo Router**, not also the Expo it is part of.
  const widest = named.filter((a) => !named.some((b) => b !== a && within(a, b)));
  return widest.length === 1 ? widest[0]! : null;
}

/** Whether option `a`'s names are all part of `b`'s longer one ("Expo" in "expo router"). */
const within = (a: Option, b: Option) =>
  [...a.names, ...a.terms.map((t) => t.toLowerCase())].every((n) =>
    b.names.some((m) => m !== n && m.includes(n)),
  );
