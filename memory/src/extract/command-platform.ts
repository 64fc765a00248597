/**
 * The platform a build or test run is for, when the command names one: `cargo build --target
 * aarch64-apple-darwin` failing says nothing of the native `cargo build`, so the two keep separate
 * pass/fail records. Only flags that pick a platform count (not dbt's `--target prod`, an
 * environment, nor tsc's `--target es2020`, a language level), per program, since each spells it.
 */
const PLATFORM_FLAGS: Readonly<Record<string, readonly string[]>> = {
  cargo: ["--target"],
  cross: ["--target"],
  rustc: ["--target"],
  zig: ["-Dtarget", "-target"],
  dotnet: ["-r", "--runtime", "-a", "--arch", "--os"],
  docker: ["--platform"],
  podman: ["--platform"],
  buildah: ["--platform"],
  flutter: ["--target-platform"],
  xcodebuild: ["-sdk", "-destination"],
  swift: ["--triple", "--swift-sdk"],
};

/** Go reads its target from the environment: `GOOS=windows GOARCH=amd64 go build`. */
const PLATFORM_ENV: Readonly<Record<string, readonly string[]>> = { go: ["GOOS", "GOARCH"] };

/**
 * `--target aarch64-apple-darwin`, `GOOS=windows GOARCH=amd64`, or "" when the command names no
 * platform. `env` is the `NAME=value` words before the program; `args` the words after it.
 */
export function platformOf(program: string, env: readonly string[], args: readonly string[]): string {
  const parts: string[] = [];
  for (const name of PLATFORM_ENV[program] ?? []) {
    const set = env.findLast((w) => w.startsWith(`${name}=`));
    if (set && set.length > name.length + 1) parts.push(set);
  }
  const flags = PLATFORM_FLAGS[program] ?? [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word === "--") break;
    const eq = word.indexOf("=");
    const flag = eq > 0 ? word.slice(0, eq) : word;
    if (!flags.includes(flag)) continue;
    const value = eq > 0 ? word.slice(eq + 1) : args[i + 1];
    if (!value || value.startsWith("-")) continue;
    parts.push(`${flag} ${value.toLowerCase()}`);
    if (eq < 0) i++;
  }
  return parts.join(" ");
}
