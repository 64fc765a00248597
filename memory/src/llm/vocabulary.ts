/**
 * The predicate vocabulary the LLM extractor shares with the rule-based one (memory/src/extract),
 * so facts from either meet on the same relations and contradict each other correctly: a project's
 * `uses_test_framework` from a rule and one from the model are the same functional slot.
 *
 * Where a predicate is in the shared vocabulary, its functional flag is decided here, not by the
 * model: a model calling `uses_language` functional would make every new language erase the last.
 */
import { LAYOUT_VERBS } from "../extract/rules-layout.js";
import { FUNCTIONAL_CATEGORIES, TERMS } from "../extract/vocab.js";

/** Preference topics of the rules (`prefers_<topic>`, functional). */
export const PREFERENCE_TOPICS = [
  "indentation",
  "quotes",
  "semicolons",
  "naming",
  "exports",
  "functions",
  "async_style",
  "type_declarations",
  "line_width",
  "commits",
  "responses",
] as const;

/**
 * Topics that are the developer's own taste, held by "user" when said in the first person. Every
 * other topic is a convention of the codebase and held by the project whoever states it.
 */
export const PERSONAL_TOPICS: ReadonlySet<string> = new Set(["responses"]);

/** Whether a `prefers_<topic>` fact belongs to the project even when the model gave it to "user". */
export function isCodeConvention(predicate: string): boolean {
  const topic = predicate.startsWith("prefers_") ? predicate.slice("prefers_".length) : null;
  return (
    topic !== null && (PREFERENCE_TOPICS as readonly string[]).includes(topic) && !PERSONAL_TOPICS.has(topic)
  );
}

/** Technology categories from the rules' vocabulary, split by whether one choice excludes another. */
export const USAGE_CATEGORIES: { functional: readonly string[]; accumulating: readonly string[] } = (() => {
  const all = new Set<string>();
  for (const term of TERMS.values()) if (term.category !== "language") all.add(term.category);
  return {
    functional: [...all].filter((c) => FUNCTIONAL_CATEGORIES.has(c)).sort(),
    accumulating: [...all].filter((c) => !FUNCTIONAL_CATEGORIES.has(c)).sort(),
  };
})();

/**
 * Every predicate that says the project uses something: what a `switched_from` fact ends, as the
 * rules do (a model stating "switched_from Redis" means "uses_cache Redis" no longer holds).
 */
export const USAGE_PREDICATES: readonly string[] = [
  "uses",
  "uses_language",
  ...[...USAGE_CATEGORIES.functional, ...USAGE_CATEGORIES.accumulating].map((c) => `uses_${c}`),
];

/** Fixed relations of the rule-based extractors, with their functional flag. */
export const FIXED_PREDICATES: Readonly<Record<string, boolean>> = {
  uses: false,
  uses_language: false,
  switched_from: false,
  prefers: false,
  has_rule: false,
  decided: false,
  depends_on: false,
  replaced_by: false,
  lifecycle_status: true,
  failed_with: false,
  occurs_in: false,
  defines: false,
  edited: false,
  status: true,
  task_status: true,
  install_status: true,
  fails_because: false,
  located_in: true,
  listens_on: true,
  reachable_at: true,
  set_to: true,
  runs: true,
  renamed_to: true,
  ...Object.fromEntries(LAYOUT_VERBS.map((v) => [`${v}_with`, true])),
};

/**
 * The functional flag to store: the shared vocabulary's when the predicate is in it, else the
 * model's (default false: accumulating is the safe mistake, since it never invalidates anything).
 */
export function functionalFlag(predicate: string, modelSays: boolean | null | undefined): boolean {
  if (predicate in FIXED_PREDICATES) return FIXED_PREDICATES[predicate] as boolean;
  if (predicate.startsWith("uses_")) {
    const category = predicate.slice("uses_".length);
    if (FUNCTIONAL_CATEGORIES.has(category) || category.endsWith("_version")) return true;
    if (USAGE_CATEGORIES.accumulating.includes(category)) return false;
  }
  if (predicate.startsWith("prefers_")) return true;
  return modelSays ?? false;
}
