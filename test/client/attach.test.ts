/**
 * The attach client end to end: the real client (node --import tsx client/attach.ts) with fake
 * `opencode`, `op` and `pulumi` executables on PATH that record how they were called.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const URL = "https://opencode.hbohlen.systems";

interface Setup {
  dir: string;
  outputs?: Record<string, unknown>;
  /** Fakes to put on PATH. */
  opencode?: boolean;
  op?: string | null;
  pulumi?: Record<string, unknown> | null;
  opencodeExit?: number;
}

function setup(s: Omit<Setup, "dir">): Setup {
  const dir = mkdtempSync(join(tmpdir(), "ocm-attach-"));
  const bin = join(dir, "bin");
  const fake = (name: string, body: string) => {
    const p = join(bin, name);
    writeFileSync(p, `#!/bin/sh\n${body}\n`);
    chmodSync(p, 0o755);
  };
  mkdirSync(bin);
  if (s.opencode !== false) {
    // Records argv (one per line) and the password it received through the environment.
    fake(
      "opencode",
      `for a in "$@"; do printf '%s\\n' "$a"; done > "${dir}/opencode.argv"\nprintf '%s' "$OPENCODE_SERVER_PASSWORD" > "${dir}/opencode.pw"\nexit ${s.opencodeExit ?? 0}`,
    );
  }
  if (s.op !== undefined && s.op !== null)
    fake("op", `printf '%s\\n' "$@" > "${dir}/op.argv"\nprintf '%s' '${s.op}'`);
  if (s.pulumi)
    fake("pulumi", `printf '%s\\n' "$@" > "${dir}/pulumi.argv"\necho '${JSON.stringify(s.pulumi)}'`);
  if (s.outputs) writeFileSync(join(dir, "outputs.json"), JSON.stringify(s.outputs));
  return { dir, ...s };
}

function attach(s: Setup, args: string[] = [], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "client", "attach.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
    env: {
      // Only the fakes: a real op, pulumi or opencode on this machine must not answer.
      PATH: join(s.dir, "bin"),
      HOME: s.dir,
      ...(s.outputs ? { OCM_STACK_OUTPUTS: join(s.dir, "outputs.json") } : {}),
      ...env,
    },
  });
  const read = (f: string) => (existsSync(join(s.dir, f)) ? readFileSync(join(s.dir, f), "utf8") : undefined);
  return {
    status: r.status,
    stderr: r.stderr,
    argv: read("opencode.argv")?.trimEnd().split("\n"),
    password: read("opencode.pw"),
    opArgv: read("op.argv")?.trimEnd().split("\n"),
    pulumiArgv: read("pulumi.argv")?.trimEnd().split("\n"),
  };
}

describe("npm run attach", () => {
  it("runs opencode attach <attachUrl> with the password in its environment, never in argv", () => {
    const s = setup({ outputs: { attachUrl: URL, opencodePassword: "from-outputs" } });
    const r = attach(s, ["--continue"], { OPENCODE_SERVER_PASSWORD: "from-env" });
    expect(r.status).toBe(0);
    expect(r.argv).toEqual(["attach", URL, "--continue"]);
    expect(r.password).toBe("from-env");
    expect(r.stderr).toContain("password from environment");
    expect(r.stderr).not.toContain("from-env");
  });

  it("falls back to the stack's secret output, then to 1Password", () => {
    const s1 = setup({ outputs: { attachUrl: URL, opencodePassword: "from-outputs" } });
    expect(attach(s1).password).toBe("from-outputs");

    const s2 = setup({ outputs: { attachUrl: URL }, op: "from-1password" });
    const r2 = attach(s2, [], { OCM_OP_VAULT: "v", OCM_OP_ITEM: "i" });
    expect(r2.status).toBe(0);
    expect(r2.password).toBe("from-1password");
    expect(r2.opArgv).toEqual(["read", "--no-newline", "op://v/i/env/OPENCODE_SERVER_PASSWORD"]);
  });

  it("asks the Pulumi CLI for the outputs (with secrets) when no file is given", () => {
    const s = setup({ pulumi: { attachUrl: URL, opencodePassword: "pw" } });
    const r = attach(s, ["--stack", "staging"]);
    expect(r.status).toBe(0);
    expect(r.pulumiArgv).toEqual(["stack", "output", "--json", "--show-secrets", "--stack", "staging"]);
    expect(r.argv).toEqual(["attach", URL]);
  });

  it("passes opencode's exit code through", () => {
    const s = setup({ outputs: { attachUrl: URL, opencodePassword: "pw" }, opencodeExit: 3 });
    expect(attach(s).status).toBe(3);
  });

  it("says clearly what is missing", () => {
    const noUrl = attach(setup({ outputs: { serverIpv4: "1.2.3.4" } }));
    expect(noUrl.status).toBe(2);
    expect(noUrl.stderr).toMatch(/lacks a usable attachUrl.*pulumi up/);
    expect(noUrl.argv).toBeUndefined();

    const noPassword = attach(setup({ outputs: { attachUrl: URL } }));
    expect(noPassword.status).toBe(2);
    expect(noPassword.stderr).toMatch(/no OpenCode password: set OPENCODE_SERVER_PASSWORD/);

    const noOpencode = attach(
      setup({ outputs: { attachUrl: URL, opencodePassword: "pw" }, opencode: false }),
    );
    expect(noOpencode.status).toBe(2);
    expect(noOpencode.stderr).toMatch(/opencode is not on PATH/);

    const noPulumi = attach(setup({}));
    expect(noPulumi.status).toBe(2);
    expect(noPulumi.stderr).toMatch(/pulumi CLI is not on PATH.*OCM_STACK_OUTPUTS/);

    const pwArg = attach(setup({ outputs: { attachUrl: URL } }), ["-p", "secret"]);
    expect(pwArg.status).toBe(2);
    expect(pwArg.stderr).toMatch(/not on the command line/);
  });
});
