/**
 * Checks that need no external tool: the metric names rendered into the backup unit equal the
 * shared names.ts (so a rename cannot orphan a monitor), the Containerfiles' structure (hadolint is
 * not available here), the secrets documented match the ones OpNix reads, and the env assembler.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BACKUP_METRICS } from "../../memory/src/metrics/names.js";
import { NIXOS, nixEval, ROOT, run, SCRIPTS } from "./tools.js";

const dir = mkdtempSync(join(tmpdir(), "nixos-static-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("backup metric names", () => {
  it("lib/backup-metrics.nix equals BACKUP_METRICS in names.ts", () => {
    const rendered = nixEval<Record<string, string>>("import ./lib/backup-metrics.nix");
    const expected = Object.fromEntries(
      Object.entries(BACKUP_METRICS).map(([key, m]) => [
        `OCM_METRIC_BACKUP_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`,
        m.name,
      ]),
    );
    expect(rendered).toEqual(expected);
  });
});

describe("Containerfiles", () => {
  for (const name of ["opencode", "memory"]) {
    const text = readFileSync(join(NIXOS, "containers", `${name}.Containerfile`), "utf8");
    const instructions = text.split("\n").filter((l) => /^[A-Z]+\s/.test(l));
    it(`${name}: pinned Node LTS base, non-root user, health check, no secrets`, () => {
      const from = instructions.filter((l) => l.startsWith("FROM "));
      expect(from).toHaveLength(1);
      expect(from[0]).toMatch(/^FROM docker\.io\/library\/node:(2[4-9]|[3-9]\d)\.\d+\.\d+-[a-z]+-slim$/);
      const users = instructions.filter((l) => l.startsWith("USER "));
      expect(users.length).toBeGreaterThan(0);
      expect(users.at(-1)).not.toMatch(/USER\s+(root|0)\b/);
      const health = text.slice(text.indexOf("HEALTHCHECK"));
      expect(health).toMatch(/^HEALTHCHECK [^\n]*\\\n\s+CMD /);
      expect(health.split("\n").slice(0, 2).join("\n")).not.toMatch(/\/config\b/);
      // No secret values or secret variables set in the image.
      expect(text).not.toMatch(/^(ENV|ARG)[^\n]*(PASSWORD|TOKEN|API_KEY|SECRET)/m);
    });
  }

  it("opencode: opencode-ai pinned, plugin built in, health on /global/health, pod defaults", () => {
    const text = readFileSync(join(NIXOS, "containers", "opencode.Containerfile"), "utf8");
    expect(text).toContain("opencode-ai@1.18.33");
    expect(text).toContain("COPY plugin/src plugin/src");
    expect(text).toContain("/global/health");
    for (const v of ["FALKORDB_HOST=", "FALKORDB_PORT=", "VALKEY_HOST=", "VALKEY_PORT="])
      expect(text).toContain(v);
    const config = JSON.parse(readFileSync(join(NIXOS, "containers", "opencode.json"), "utf8"));
    expect(config.plugin).toEqual(["file:///opt/ocm/plugin/src/index.ts"]);
  });
});

describe("secrets", () => {
  const fields = nixEval<{ field: string; opnixName: string; required: boolean }[]>(
    "import ./lib/secret-fields.nix",
  );

  it("every 1Password field is documented in docs/nixos.md", () => {
    const doc = readFileSync(join(ROOT, "docs", "nixos.md"), "utf8");
    for (const f of fields) expect(doc).toContain(`\`${f.field}\``);
    for (const f of fields) expect(f.opnixName).toMatch(/^[a-z][A-Za-z0-9]*$/);
  });

  it("assemble-env.sh writes a 0600 env file and names (never prints) missing or unsafe secrets", () => {
    const secrets = join(dir, "opnix");
    run("mkdir", ["-p", secrets]);
    writeFileSync(join(secrets, "memoryToken"), "tok-0123456789abcdef\n");
    writeFileSync(join(secrets, "valkeyPassword"), "pw'quote");
    const out = join(dir, "opencode.env");
    const ok = run("bash", [
      join(SCRIPTS, "assemble-env.sh"),
      secrets,
      out,
      "MEMORY_TOKEN:memoryToken:required",
      "OPENAI_API_KEY:openaiApiKey:optional",
    ]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toBe("MEMORY_TOKEN='tok-0123456789abcdef'\n");
    expect(statSync(out).mode & 0o777).toBe(0o600);
    // The file reads back the same through a shell, as systemd's EnvironmentFile= does.
    expect(run("bash", ["-c", `set -a; . ${out}; printf %s "$MEMORY_TOKEN"`]).stdout).toBe(
      "tok-0123456789abcdef",
    );

    const bad = run("bash", [
      join(SCRIPTS, "assemble-env.sh"),
      secrets,
      out,
      "VALKEY_PASSWORD:valkeyPassword:required",
      "B2_BUCKET:b2Bucket:required",
    ]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("VALKEY_PASSWORD (contains a newline or a single quote)");
    expect(bad.stderr).toContain("B2_BUCKET (no ");
    expect(bad.stderr).not.toContain("pw'quote");
    // The previous good file is left in place.
    expect(readFileSync(out, "utf8")).toBe("MEMORY_TOKEN='tok-0123456789abcdef'\n");
  });
});

describe("pod start script (dry run)", () => {
  const secrets = {
    VALKEY_PASSWORD: "valkey-secret-1234",
    FALKORDB_PASSWORD: "falkor-secret-1234",
    MEMORY_TOKEN: "memory-secret-1234567890",
    OPENCODE_SERVER_PASSWORD: "opencode-secret-1234",
    DD_API_KEY: "dd-secret-1234",
  };
  const r = run("bash", [join(SCRIPTS, "pod-start.sh")], {
    env: {
      ...process.env,
      ...secrets,
      DRY_RUN: "1",
      RUN_DIR: join(dir, "run"),
      VALKEY_IMAGE: "valkey:7.2",
      FALKORDB_IMAGE: "falkordb:x",
      DATADOG_IMAGE: "agent:7",
      MEMORY_IMAGE: "localhost/opencode-memory:current",
      OPENCODE_IMAGE: "localhost/opencode-server:current",
    },
  });
  const lines = r.stdout.split("\n").filter((l) => l.startsWith("podman "));

  it("starts Valkey, FalkorDB, Datadog, memory, OpenCode in that order, each after a health wait", () => {
    expect(r.status, r.stderr).toBe(0);
    const order = lines.filter((l) => l.startsWith("podman run")).map((l) => /--name (\S+)/.exec(l)?.[1]);
    expect(order).toEqual(["valkey", "falkordb", "datadog", "memory", "opencode"]);
    expect(r.stdout.match(/# wait until (\S+) is healthy/g)).toHaveLength(5);
  });

  it("publishes only on 127.0.0.1, never the database ports, and keeps secrets out of argv", () => {
    const create = lines.find((l) => l.startsWith("podman pod create"))!;
    const published = [...create.matchAll(/-p (\S+)/g)].map((m) => m[1]);
    expect(published).toEqual([
      "127.0.0.1:4096:4096",
      "127.0.0.1:7411:7411",
      "127.0.0.1:3000:3000",
      "127.0.0.1:8125:8125/udp",
    ]);
    for (const value of Object.values(secrets)) expect(r.stdout).not.toContain(value);
    expect(r.stdout).toContain("/global/health");
    expect(r.stdout).not.toMatch(/\/config\b/);
    expect(r.stdout).toMatch(/--maxmemory 2gb --maxmemory-policy allkeys-lru --appendonly yes/);
    // The secrets went to per-container 0600 env files instead.
    expect(readFileSync(join(dir, "run", "valkey.env"), "utf8")).toContain(
      `REDISCLI_AUTH=${secrets.VALKEY_PASSWORD}`,
    );
    expect(statSync(join(dir, "run", "memory.env")).mode & 0o777).toBe(0o600);
  });

  it("refuses to start without the secrets", () => {
    const missing = run("bash", [join(SCRIPTS, "pod-start.sh")], {
      env: {
        ...process.env,
        DRY_RUN: "1",
        VALKEY_IMAGE: "v",
        FALKORDB_IMAGE: "f",
        MEMORY_IMAGE: "m",
        OPENCODE_IMAGE: "o",
      },
    });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/VALKEY_PASSWORD is not set/);
  });
});
