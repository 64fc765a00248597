/**
 * Runs the whole Pulumi program (index.ts) under mocks in a child process (run-program.ts) and
 * returns what it registered: resources with inputs, their options (dependsOn, ignoreChanges),
 * invokes, and the stack outputs with their secretness.
 */
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

// biome-ignore lint/suspicious/noExplicitAny: JSON read back from the child process, checked by the tests.
export type Json = any;

export interface Registered {
  type: string;
  name: string;
  inputs: Record<string, Json>;
}
export interface Options {
  dependsOn: string[];
  ignoreChanges: string[];
  additionalSecretOutputs: string[];
  parent?: string;
}
export interface ProgramRun {
  resources: Registered[];
  calls: { token: string; inputs: Record<string, unknown> }[];
  options: Record<string, Options>;
  exports: Record<string, { value: Json; secret: boolean }>;
  errors: string[];
  byType(type: string): Registered[];
  one(type: string, nameIncludes?: string): Registered;
}

export const BASE_CONFIG: Record<string, string> = {
  adminSshKeys: JSON.stringify([
    `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${"x".repeat(43)} dev@hbohlen.systems`,
  ]),
  adminCidrs: JSON.stringify(["198.51.100.7/32"]),
  opnixToken: "ops_test_token",
  sshPrivateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\ntest\n-----END OPENSSH PRIVATE KEY-----",
  datadogApiKey: "dd-api-key-test",
  openaiApiKey: "sk-test",
  b2AccountId: "b2-account-test",
  b2MasterKey: "b2-master-key-test",
};

/**
 * A small stand-in for the repository (nixos/, memory/, plugin/, package files) so the bundle
 * under test is ours, whatever the real tree holds. Returns its root.
 */
export function makeRepoFixture(): string {
  const root = mkdtempSync(join(tmpdir(), "ocm-repo-"));
  const file = (rel: string, body: string, mode = 0o644) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), body);
    chmodSync(join(root, rel), mode);
  };
  file("nixos/flake.nix", "{ outputs = _: { }; }\n");
  file("nixos/hosts/hetzner-vps/default.nix", "{ ... }: { }\n");
  file("nixos/scripts/backup.sh", "#!/bin/sh\n", 0o755);
  file("memory/src/index.ts", "export {};\n");
  file("memory/node_modules/x/index.js", "ignored\n");
  file("plugin/src/index.ts", "export {};\n");
  file("package.json", "{}\n");
  file("package-lock.json", "{}\n");
  return root;
}

export async function runProgram(config: Record<string, string> = {}): Promise<ProgramRun> {
  const sourceRoot = config["sourceRoot"] ?? makeRepoFixture();
  const out = join(mkdtempSync(join(tmpdir(), "ocm-run-")), "run.json");
  try {
    await run(process.execPath, ["--import", "tsx", join(here, "run-program.ts"), out], {
      cwd: root,
      env: {
        ...process.env,
        OCM_DEBUG: "1",
        OCM_TEST_CONFIG: JSON.stringify({ ...BASE_CONFIG, sourceRoot, ...config }),
      },
      timeout: 90_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(
      `program run failed: ${err.message}\n${err.stderr ?? ""}\n${err.stdout ?? ""}`.slice(0, 8000),
    );
  }
  const data = JSON.parse(readFileSync(out, "utf8")) as Omit<ProgramRun, "byType" | "one">;
  return {
    ...data,
    byType: (type) => data.resources.filter((r) => r.type === type),
    one(type, nameIncludes) {
      const found = data.resources.filter(
        (r) => r.type === type && (!nameIncludes || r.name.includes(nameIncludes)),
      );
      if (found.length !== 1)
        throw new Error(`expected one ${type} ${nameIncludes ?? ""}, found ${found.length}`);
      return found[0]!;
    },
  };
}
