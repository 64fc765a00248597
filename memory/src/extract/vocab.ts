/**
 * The technology vocabulary of coding conversations: each term maps to a canonical display name, an
 * entity type and a category. The category names the predicate (`uses_runtime`,
 * `uses_test_framework`...) and decides whether it is functional: a project has one runtime, one
 * package manager, one test framework, one primary database at a time, so a new one contradicts
 * the old; languages and tools in general accumulate.
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
]);

const T = (
  names: string[],
  name: string,
  category: string,
  type: EntityType = "tool",
  versioned?: Term["versioned"],
): Array<[string, Term]> =>
  names.map((n) => [n, versioned ? { name, type, category, versioned } : { name, type, category }]);

/** Lower-case spellings -> term. Multi-word spellings are matched as phrases. */
export const TERMS: ReadonlyMap<string, Term> = new Map<string, Term>([
  ...T(["node", "node.js", "nodejs"], "Node", "runtime", "tool", "major"),
  ...T(["bun"], "Bun", "runtime", "tool", "major").map(([n, t]): [string, Term] => [
    n,
    { ...t, also: ["package_manager", "test_framework"] },
  ]),
  ...T(["deno"], "Deno", "runtime", "tool", "major"),
  ...T(["npm"], "npm", "package_manager", "tool", "major"),
  ...T(["pnpm"], "pnpm", "package_manager", "tool", "major"),
  ...T(["yarn"], "Yarn", "package_manager", "tool", "major"),
  ...T(["poetry"], "Poetry", "package_manager"),
  ...T(["uv"], "uv", "package_manager"),
  ...T(["vitest"], "Vitest", "test_framework", "package", "major"),
  ...T(["jest"], "Jest", "test_framework", "package", "major"),
  ...T(["mocha"], "Mocha", "test_framework", "package"),
  ...T(["ava"], "AVA", "test_framework", "package"),
  ...T(["node:test", "node test runner"], "node:test", "test_framework"),
  ...T(["pytest"], "pytest", "test_framework", "package"),
  ...T(["playwright"], "Playwright", "e2e_framework", "package"),
  ...T(["cypress"], "Cypress", "e2e_framework", "package"),
  ...T(["postgres", "postgresql", "psql"], "PostgreSQL", "database", "tool", "major"),
  ...T(["mysql"], "MySQL", "database", "tool", "major"),
  ...T(["mariadb"], "MariaDB", "database", "tool", "minor"),
  ...T(["sqlite", "sqlite3"], "SQLite", "database"),
  ...T(["mongodb", "mongo"], "MongoDB", "database", "tool", "major"),
  ...T(["dynamodb"], "DynamoDB", "database"),
  ...T(["falkordb"], "FalkorDB", "database"),
  ...T(["neo4j"], "Neo4j", "database", "tool", "major"),
  ...T(["redis"], "Redis", "cache", "tool", "major"),
  ...T(["valkey"], "Valkey", "cache", "tool", "major"),
  ...T(["memcached"], "Memcached", "cache"),
  ...T(["prisma"], "Prisma", "orm", "package", "major"),
  ...T(["drizzle", "drizzle orm"], "Drizzle", "orm", "package"),
  ...T(["typeorm"], "TypeORM", "orm", "package"),
  ...T(["sequelize"], "Sequelize", "orm", "package"),
  ...T(["knex"], "Knex", "orm", "package"),
  ...T(["sqlalchemy"], "SQLAlchemy", "orm", "package"),
  ...T(["express"], "Express", "web_framework", "package", "major"),
  ...T(["fastify"], "Fastify", "web_framework", "package", "major"),
  ...T(["hono"], "Hono", "web_framework", "package"),
  ...T(["koa"], "Koa", "web_framework", "package"),
  ...T(["chi", "go-chi"], "chi", "web_framework", "package"),
  ...T(["gin"], "Gin", "web_framework", "package"),
  ...T(["echo"], "Echo", "web_framework", "package"),
  ...T(["fiber"], "Fiber", "web_framework", "package"),
  ...T(["gorilla/mux", "gorilla mux"], "gorilla/mux", "web_framework", "package"),
  ...T(["nestjs", "nest.js"], "NestJS", "web_framework", "package", "major"),
  ...T(["next.js", "nextjs"], "Next.js", "web_framework", "package", "major"),
  ...T(["django"], "Django", "web_framework", "package", "minor"),
  ...T(["flask"], "Flask", "web_framework", "package"),
  ...T(["fastapi"], "FastAPI", "web_framework", "package"),
  ...T(["rails", "ruby on rails"], "Rails", "web_framework", "package", "minor"),
  ...T(["react"], "React", "ui_framework", "package", "major"),
  // Names that begin with another term's name, so the longer one is matched first.
  ...T(["react query", "tanstack query"], "TanStack Query", "data_fetching", "package", "major"),
  ...T(["react router"], "React Router", "router", "package", "major"),
  ...T(["react native"], "React Native", "mobile_framework", "package"),
  ...T(["swr"], "SWR", "data_fetching", "package"),
  ...T(["vue", "vue.js"], "Vue", "ui_framework", "package", "major"),
  ...T(["svelte", "sveltekit"], "Svelte", "ui_framework", "package", "major"),
  ...T(["angular"], "Angular", "ui_framework", "package", "major"),
  ...T(["solidjs", "solid.js"], "Solid", "ui_framework", "package"),
  ...T(["htmx"], "htmx", "ui_framework", "package"),
  ...T(["vite"], "Vite", "bundler", "package", "major"),
  ...T(["webpack"], "webpack", "bundler", "package", "major"),
  ...T(["esbuild"], "esbuild", "bundler", "package"),
  ...T(["rollup"], "Rollup", "bundler", "package"),
  ...T(["tsup"], "tsup", "bundler", "package"),
  ...T(["eslint"], "ESLint", "linter", "package", "major"),
  ...T(["biome"], "Biome", "linter", "package"),
  ...T(["ruff"], "Ruff", "linter", "package"),
  ...T(["prettier"], "Prettier", "formatter", "package", "major"),
  ...T(["black"], "Black", "formatter", "package"),
  ...T(["zod"], "Zod", "validation", "package", "major"),
  ...T(["yup"], "Yup", "validation", "package"),
  ...T(["joi"], "Joi", "validation", "package"),
  ...T(["valibot"], "Valibot", "validation", "package"),
  ...T(["esm", "es modules", "ecmascript modules"], "ESM", "module_system", "concept"),
  ...T(["commonjs", "cjs"], "CommonJS", "module_system", "concept"),
  ...T(["github actions"], "GitHub Actions", "ci"),
  ...T(["gitlab ci"], "GitLab CI", "ci"),
  ...T(["circleci"], "CircleCI", "ci"),
  ...T(["pulumi"], "Pulumi", "iac"),
  ...T(["terraform", "opentofu"], "Terraform", "iac"),
  // Ruby, Rust and data-pipeline stacks, as often named as the JavaScript ones.
  ...T(["rspec"], "RSpec", "test_framework", "package"),
  ...T(["minitest"], "Minitest", "test_framework", "package"),
  ...T(["rubocop"], "RuboCop", "linter", "package"),
  ...T(["standardrb", "standard ruby"], "Standard", "linter", "package"),
  ...T(["sidekiq"], "Sidekiq", "job_queue", "package"),
  ...T(["solid queue", "solid_queue"], "Solid Queue", "job_queue", "package"),
  ...T(["good_job", "goodjob"], "GoodJob", "job_queue", "package"),
  ...T(["celery"], "Celery", "job_queue", "package"),
  ...T(["bullmq"], "BullMQ", "job_queue", "package"),
  ...T(["rabbitmq"], "RabbitMQ", "message_broker"),
  ...T(["kafka"], "Kafka", "message_broker"),
  ...T(["selenium"], "Selenium", "browser_driver", "package"),
  ...T(["cuprite"], "Cuprite", "browser_driver", "package"),
  ...T(["tokio"], "Tokio", "async_runtime", "package", "major"),
  ...T(["async-std"], "async-std", "async_runtime", "package"),
  ...T(["serde_json", "serde json"], "serde_json", "serialization", "package"),
  ...T(["simd-json", "simd_json"], "simd-json", "serialization", "package"),
  ...T(["chrono"], "chrono", "datetime", "package"),
  ...T(["jiff"], "jiff", "datetime", "package"),
  ...T(["anyhow"], "anyhow", "error_handling", "package"),
  ...T(["thiserror"], "thiserror", "error_handling", "package"),
  ...T(["clap"], "clap", "cli_parser", "package", "major"),
  ...T(["nextest", "cargo-nextest"], "nextest", "test_runner", "package"),
  ...T(["airflow", "apache airflow"], "Airflow", "orchestrator", "tool", "major"),
  ...T(["dagster"], "Dagster", "orchestrator", "tool"),
  ...T(["prefect"], "Prefect", "orchestrator", "tool"),
  ...T(["dbt"], "dbt", "transform", "tool"),
  ...T(["snowflake"], "Snowflake", "warehouse"),
  ...T(["bigquery"], "BigQuery", "warehouse"),
  ...T(["redshift"], "Redshift", "warehouse"),
  ...T(["duckdb"], "DuckDB", "warehouse"),
  ...T(["pandas"], "pandas", "dataframe", "package", "major"),
  ...T(["polars"], "Polars", "dataframe", "package"),
  ...T(["pino"], "pino", "logger", "package"),
  ...T(["winston"], "winston", "logger", "package"),
  ...T(["docker"], "Docker", "container"),
  ...T(["podman"], "Podman", "container"),
  ...T(["kubernetes", "k8s"], "Kubernetes", "orchestration"),
  ...T(["typescript", "ts"], "TypeScript", "language", "concept", "minor"),
  ...T(["javascript"], "JavaScript", "language", "concept"),
  ...T(["python"], "Python", "language", "concept", "minor"),
  ...T(["go", "golang"], "Go", "language", "concept", "minor"),
  ...T(["rust"], "Rust", "language", "concept", "minor"),
  ...T(["java"], "Java", "language", "concept", "major"),
  ...T(["tailwind", "tailwindcss", "tailwind css"], "Tailwind CSS", "css", "package", "major"),
  ...T(["fly.io", "flyio", "fly"], "Fly.io", "hosting"),
  ...T(["vercel"], "Vercel", "hosting"),
  ...T(["netlify"], "Netlify", "hosting"),
  ...T(["heroku"], "Heroku", "hosting"),
  ...T(["render"], "Render", "hosting"),
  ...T(["railway"], "Railway", "hosting"),
  ...T(["cloudflare workers"], "Cloudflare Workers", "hosting"),
  ...T(["cloudflare pages"], "Cloudflare Pages", "hosting"),
  ...T(["github pages"], "GitHub Pages", "hosting"),
  ...T(["aws lambda"], "AWS Lambda", "hosting"),
  ...T(["cloud run", "google cloud run"], "Cloud Run", "hosting"),
  ...T(["aws"], "AWS", "hosting"),
  ...T(["gcp", "google cloud"], "Google Cloud", "hosting"),
  ...T(["azure"], "Azure", "hosting"),
  ...T(["hetzner"], "Hetzner", "hosting"),
  ...T(["digitalocean", "digital ocean"], "DigitalOcean", "hosting"),
  ...T(["graphql"], "GraphQL", "api_style", "concept"),
  ...T(["trpc"], "tRPC", "api_style", "package"),
]);

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
  "cjs",
  "fly",
  "render",
  "railway",
]);

/** Longest spelling first so "node test runner" wins over "node". */
export const TERM_SPELLINGS: readonly string[] = [...TERMS.keys()].sort((a, b) => b.length - a.length);

/** Language versions get their own functional category: "Python 3.12" contradicts "Python 3.11". */
export function versionCategory(term: Term): string {
  if (term.category === "language") return `${term.name.toLowerCase()}_version`;
  return term.category;
}
