/**
 * Shell commands reduced to what they are, not how they were invoked this time: `cd app && FOO=1
 * npm test -- --watch` is `npm test`, `git commit -m "x"` is `git commit`, `npm run build:prod` is
 * `npm run build:prod`, `./node_modules/.bin/vitest run` is `vitest run`. Also splits a command line
 * into its segments and words for the structured extractor (packages from `npm install`...).
 */
import { platformOf } from "./command-platform.js";

/** Programs whose first argument is a subcommand worth keeping. */
const SUBCOMMANDS = new Set([
  "npm",
  "pnpm",
  "yarn",
  "bun",
  "deno",
  "git",
  "gh",
  "docker",
  "podman",
  "kubectl",
  "helm",
  "cargo",
  "go",
  "pip",
  "pip3",
  "poetry",
  "uv",
  "make",
  "just",
  "terraform",
  "tofu",
  "pulumi",
  "systemctl",
  "journalctl",
  "apt",
  "apt-get",
  "brew",
  "nix",
  "dotnet",
  "mvn",
  "gradle",
  "rails",
  "bundle",
  "mix",
  "vitest",
  "jest",
  "prisma",
  "drizzle-kit",
  "turbo",
  "nx",
  "tsx",
  "biome",
  "eslint",
  "opencode",
  "memory",
  "astro",
  "dbt",
  "airflow",
  "kamal",
  "cross",
  "rustup",
  "gradlew",
  "mvnw",
  "sbt",
  "fly",
  "flyctl",
  "fastlane",
  "alembic",
  "flutter",
  "dart",
  "expo",
  "eas",
  "firebase",
  "wrangler",
  "vercel",
  "netlify",
  "heroku",
  "supabase",
  "gcloud",
  "aws",
  "az",
  "composer",
  "artisan",
  "swift",
  "django-admin",
  "celery",
  "ruff",
  "mkdocs",
  "migrate",
  "stripe",
  "sqlc",
  "goose",
  "buf",
  "atlas",
  "ng",
  "nest",
  "hugo",
]);

/** Runners whose next word is a program with its own subcommand: `uv run alembic upgrade`. */
const PROGRAM_RUNNERS = new Set([
  "npm exec",
  "pnpm exec",
  "pnpm dlx",
  "yarn dlx",
  "uv run",
  "poetry run",
  "bundle exec",
]);

/** `<tool> run <script>`-style pairs where the third word is the real identity. */
const RUNNERS = new Set([
  "npm run",
  "pnpm run",
  "yarn run",
  "bun run",
  "npm exec",
  "pnpm exec",
  "pnpm dlx",
  "yarn dlx",
  "uv run",
  "uv tool",
  "poetry run",
  "bundle exec",
  "docker compose",
  "podman compose",
  "git stash",
  "git remote",
  "go mod",
  "cargo add",
  "nix flake",
  "gh pr",
  "gh issue",
  "gh run",
  "kubectl get",
  "kubectl describe",
  "kubectl rollout",
  "astro dev",
  "cargo insta",
  "fastlane android",
  "fastlane ios",
  "aws s3",
  "gcloud run",
  "php artisan",
  "dotnet ef",
  "prisma migrate",
  "prisma db",
  "supabase db",
]);

/** Short spellings of one subcommand: `npm i` is `npm install`. */
const ALIASES: Record<string, string> = {
  "npm i": "install",
  "npm in": "install",
  "npm add": "install",
  "npm isntall": "install",
  "npm t": "test",
  "npm tst": "test",
  "npm rm": "uninstall",
  "npm r": "uninstall",
  "npm un": "uninstall",
  "npm remove": "uninstall",
  "npm run-script": "run",
  "npm x": "exec",
  "pnpm i": "install",
  "pnpm rm": "remove",
  "pnpm t": "test",
  "bun i": "install",
  "bun rm": "remove",
};

/** Launchers whose next word is the program that matters. */
const LAUNCHERS = new Set([
  "npx",
  "bunx",
  "pnpx",
  "sudo",
  "time",
  "nohup",
  "exec",
  "env",
  "command",
  "xargs",
]);
const NOT_COMMANDS = new Set([
  "cd",
  "export",
  "set",
  "unset",
  "source",
  ".",
  "pushd",
  "popd",
  "true",
  "false",
  ":",
  "echo",
  "printf",
  "sleep",
  "test",
  "[",
  "[[",
  "read",
  "local",
  "declare",
  "eval",
  "exit",
  "wait",
  "shift",
  "trap",
  "alias",
  // Shell grammar: the head of a loop or case names no program, and its end is not one.
  "for",
  "case",
  "select",
  "function",
  "done",
  "fi",
  "esac",
  "break",
  "continue",
  "return",
  "}",
  "{",
]);
/** Shell words that come before the program they run: `do npm test`, `if make lint`. */
const KEYWORD_PREFIXES = new Set(["do", "then", "else", "elif", "if", "while", "until", "!"]);

/** Words of a shell segment, honouring simple quotes; good enough for identity, not for execution. */
export function shellWords(segment: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of segment.matchAll(re)) words.push(m[1] ?? m[2] ?? m[3] ?? "");
  return words;
}

/** Top-level segments split on `&&`, `||`, `;`, `|` and newlines (quotes respected). */
export function shellSegments(command: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quote: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      cur += ch;
    } else if (ch === ";" || ch === "|" || ch === "\n" || (ch === "&" && command[i + 1] === "&")) {
      if (cur.trim()) out.push(cur.trim());
      cur = "";
      if ((ch === "&" || ch === "|") && command[i + 1] === ch) i++;
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

const PLAIN_WORD = /^[a-z][a-z0-9:._-]*$/i;

/** The program and subcommand of one segment, or null when it is only `cd dir` and the like. */
function segmentKey(segment: string): string | null {
  const words = shellWords(segment);
  const assignment = /^[A-Za-z_][A-Za-z0-9_]*=/;
  let i = 0;
  // Skip `FOO=1`, `sudo -E`, `npx --yes`: the program that matters comes after them.
  while (
    i < words.length &&
    (LAUNCHERS.has(words[i]!) || KEYWORD_PREFIXES.has(words[i]!) || assignment.test(words[i]!))
  ) {
    i++;
    while (i < words.length && words[i]!.startsWith("-")) i++;
  }
  const key = wordsKey(words.slice(i));
  if (!key) return null;
  const platform = platformOf(
    key.split(" ", 1)[0]!,
    words.slice(0, i).filter((w) => assignment.test(w)),
    words.slice(i + 1),
  );
  return platform ? `${key} ${platform}` : key;
}

/** The identity of a program's words: `gradlew assembleDebug`, `uv run alembic upgrade`. */
function wordsKey(words: readonly string[]): string | null {
  const [first, sub, third] = words;
  if (!first) return null;
  const program = first.replace(/^.*\//, "").toLowerCase();
  if (!program || NOT_COMMANDS.has(program) || !PLAIN_WORD.test(program)) return null;
  const parts = [program];
  if (program === "python" || program === "python3") {
    if (sub === "-m" && third && PLAIN_WORD.test(third)) parts.push("-m", third);
    return parts.join(" ");
  }
  if (!SUBCOMMANDS.has(program)) return program;
  if (sub && SUBCOMMAND.test(sub) && !sub.includes(".")) {
    parts.push(ALIASES[`${program} ${sub.toLowerCase()}`] ?? caseOf(sub));
    if (PROGRAM_RUNNERS.has(parts.join(" "))) {
      const inner = wordsKey(words.slice(2));
      if (inner) parts.push(inner);
    } else if (RUNNERS.has(parts.join(" ")) && third && PLAIN_WORD.test(third)) parts.push(caseOf(third));
  }
  return parts.join(" ");
}

/** Gradle's `:app:assembleDebug` and other task names start with a colon. */
const SUBCOMMAND = /^:?[a-z][a-z0-9:._-]*$/i;

/** Lower case, except a camelCase task name (`assembleDebug`), which reads worse folded. */
const caseOf = (word: string) => (/[a-z][A-Z]/.test(word) ? word : word.toLowerCase());

/** Package managers whose next word may be a tool's own binary: `yarn jest`, `pnpm eslint`. */
const BIN_RUNNERS = new Set(["npx", "pnpx", "bunx", "yarn", "pnpm", "bun"]);

/**
 * The programs a command key runs, the runner and what it launches: `uv run black` runs uv and
 * black, `yarn jest` yarn and jest, `python -m pytest` python and pytest.
 */
export function keyPrograms(key: string): string[] {
  const [first, second, third] = key.split(" ");
  if (!first) return [];
  const launched =
    PROGRAM_RUNNERS.has(`${first} ${second}`) || (first.startsWith("python") && second === "-m")
      ? third
      : BIN_RUNNERS.has(first)
        ? second
        : undefined;
  return launched ? [first, launched] : [first];
}

/** The identity of a command line: its first real segment's program and subcommand. */
export function commandKey(command: string): string {
  for (const segment of shellSegments(command)) {
    const key = segmentKey(segment);
    if (key) return key;
  }
  return command.trim().toLowerCase().replace(/\s+/g, " ").slice(0, 80);
}

/** Every real segment's identity, in order, without repeats (`npm ci && npm test`). */
export function commandKeys(command: string): string[] {
  const keys: string[] = [];
  for (const segment of shellSegments(command)) {
    const key = segmentKey(segment);
    if (key && !keys.includes(key)) keys.push(key);
  }
  return keys;
}
