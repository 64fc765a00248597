/**
 * The technology vocabulary of coding conversations: each term maps to a canonical display name, an
 * entity type and a category. The category names the predicate (`uses_runtime`,
 * `uses_test_framework`...) and decides whether it is functional: a project has one runtime, one
 * package manager, one test framework, one primary database at a time, so a new one contradicts
 * the old; languages and tools in general accumulate.
 */
import { CORE_TERMS } from "./vocab-core.js";
import { ECOSYSTEM_TERMS } from "./vocab-ecosystems.js";
import { TOOLING_TERMS } from "./vocab-tooling.js";
import type { Term } from "./vocab-term.js";

export type { Term } from "./vocab-term.js";

export const FUNCTIONAL_CATEGORIES: ReadonlySet<string> = new Set([
  "runtime",
  "package_manager",
  "test_framework",
  "e2e_framework",
  "database",
  "orm",
  "web_framework",
  "ui_framework",
  "bundler",
  "linter",
  "formatter",
  "validation",
  "module_system",
  "ci",
  "iac",
  "logger",
  "job_queue",
  "browser_driver",
  "async_runtime",
  "serialization",
  "datetime",
  "cli_parser",
  "test_runner",
  "orchestrator",
  "warehouse",
  "python_version",
  "typescript_version",
  "go_version",
  "rust_version",
  "java_version",
  "kotlin_version",
  "swift_version",
  "ruby_version",
  "php_version",
  "build_tool",
  "dependency_injection",
  "http_client",
  "migrations",
  "mocking",
  "type_checker",
  "feature_flags",
  "error_tracking",
  "auth",
  "database_host",
  "game_engine",
  "ml_framework",
  "monorepo_tool",
  "state_management",
  "desktop_framework",
  "dependency_manager",
  "code_generation",
  "test_environments",
  "sql_linter",
  "database_driver",
  "docs_generator",
  "static_site_generator",
  "scheduler",
  "reverse_proxy",
  "email_provider",
  "graphql_server",
  "forms",
  "i18n",
]);

/** Lower-case spellings -> term. Multi-word spellings are matched as phrases. */
export const TERMS: ReadonlyMap<string, Term> = new Map<string, Term>([
  ...CORE_TERMS,
  ...ECOSYSTEM_TERMS,
  ...TOOLING_TERMS,
]);

/**
 * What the project chose, said as a sentence: "acme decided: use Kafka for the order events",
 * "Rule for acme: always run prettier before committing". Each ends with the tool it took up, so
 * whatever ends the project's use of a tool lists these too.
 */
export const CHOICE_PREDICATES: readonly string[] = ["decided", "has_rule"];

let spellingsByName: Map<string, string[]> | undefined;

/** The spellings the vocabulary knows a tool by, lower case: "Prettier" -> ["prettier"]. */
export function spellingsOf(name: string): readonly string[] {
  if (!spellingsByName) {
    spellingsByName = new Map();
    for (const [spelled, term] of TERMS) {
      const key = term.name.toLowerCase();
      spellingsByName.set(key, [...(spellingsByName.get(key) ?? []), spelled]);
    }
  }
  return spellingsByName.get(name.toLowerCase()) ?? [];
}

/** Words that are also ordinary English: only a term when capitalised, backticked or versioned. */
export const AMBIGUOUS: ReadonlySet<string> = new Set([
  "go",
  "black",
  "express",
  "rollup",
  "rails",
  "node",
  "mocha",
  "ts",
  "react",
  "rust",
  "java",
  "ava",
  "koa",
  "gin",
  "echo",
  "fiber",
  "vault",
  "envoy",
  "cobra",
  "cjs",
  "fly",
  "render",
  "railway",
  "maven",
  "dagger",
  "swift",
  "exposed",
  "espresso",
  "unleash",
  "ruby",
  "lucia",
  "phoenix",
  "stripe",
  "unity",
  "moment",
  "zap",
  "goose",
  "paddle",
  "turbo",
  "ef",
  "expo",
  "spark",
  "travis",
  "alpine",
  "credo",
  "mise",
  "volta",
  "hugo",
  "pest",
  "sphinx",
  // Also what Liquibase calls its migrations.
  "changesets",
  // Chat shorthand for "never mind" far more often than the Node version manager.
  "nvm",
]);

/** Longest spelling first so "node test runner" wins over "node". */
export const TERM_SPELLINGS: readonly string[] = [...TERMS.keys()].sort((a, b) => b.length - a.length);

/** Language versions get their own functional category: "Python 3.12" contradicts "Python 3.11". */
export function versionCategory(term: Term): string {
  if (term.category === "language") return `${term.name.toLowerCase()}_version`;
  return term.category;
}
