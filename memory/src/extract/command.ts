/**
 * Shell commands reduced to what they are, not how they were invoked this time: `cd app && FOO=1
 * npm test -- --watch` is `npm test`, `git commit -m "x"` is `git commit`, `npm run build:prod` is
 * `npm run build:prod`, `./node_modules/.bin/vitest run` is `vitest run`. Also splits a command line
 * into its segments and words for the structured extractor (packages from `npm install`...).
 */

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
const NOT_COMMANDS = new Set(["cd", "export", "set", "source", ".", "pushd", "popd", "true", ":"]);

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
  while (i < words.length && (LAUNCHERS.has(words[i]!) || assignment.test(words[i]!))) {
    i++;
    while (i < words.length && words[i]!.startsWith("-")) i++;
  }
  const first = words[i];
  if (!first) return null;
  const program = first.replace(/^.*\//, "").toLowerCase();
  if (!program || NOT_COMMANDS.has(program) || !PLAIN_WORD.test(program)) return null;
  const parts = [program];
  if (program === "python" || program === "python3") {
    if (words[i + 1] === "-m" && words[i + 2] && PLAIN_WORD.test(words[i + 2]!))
      parts.push("-m", words[i + 2]!);
    return parts.join(" ");
  }
  if (!SUBCOMMANDS.has(program)) return program;
  const sub = words[i + 1];
  if (sub && PLAIN_WORD.test(sub) && !sub.includes(".")) {
    parts.push(ALIASES[`${program} ${sub.toLowerCase()}`] ?? sub.toLowerCase());
    const third = words[i + 2];
    if (RUNNERS.has(parts.join(" ")) && third && PLAIN_WORD.test(third)) parts.push(third.toLowerCase());
  }
  return parts.join(" ");
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
