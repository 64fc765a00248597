/**
 * The systemd units the flake defines, rendered to files and judged by `systemd-analyze verify`.
 *
 * The modules pass lib/units/*.nix straight to `systemd.services` / `systemd.timers`; here the same
 * files are called with stub paths (the real scripts in nixos/scripts, /bin/bash) and rendered by
 * lib/render-unit.nix, which follows NixOS's rendering rules. Units the host gets from NixOS or
 * OpNix (opnix-secrets.service, podman.socket) are written as labelled stubs so Requires= resolves.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nixEval, requireTool, run, SCRIPTS } from "./tools.js";

const dir = mkdtempSync(join(tmpdir(), "nixos-units-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Renders every unit of lib/units/*.nix with stub arguments: { "<name>.service": text, ... }. */
function renderUnits(): Record<string, string> {
  return nixEval<Record<string, string>>(`
    let
      render = import ./lib/render-unit.nix;
      common = { bash = "/bin/bash"; scripts = "${SCRIPTS}"; envFile = "${dir}/opencode.env"; path = [ "/usr" ]; };
      pod = import ./lib/units/pod.nix (common // { sourceDir = "/work/main"; environment = { POD_NAME = "opencode-memory-pod"; }; });
      backup = import ./lib/units/backup.nix (common // { environment = import ./lib/backup-metrics.nix // { PERSIST_DIR = "/persist"; }; });
      env = import ./lib/units/secrets-env.nix {
        bash = "/bin/bash"; script = "${SCRIPTS}/assemble-env.sh"; secretsDir = "/run/secrets/opnix";
        envFile = "${dir}/opencode.env"; fields = import ./lib/secret-fields.nix;
      };
      services = pod.services // backup.services // env.services;
      named = suffix: f: set: builtins.listToAttrs (map (n: { name = n + suffix; value = f set.\${n}; }) (builtins.attrNames set));
    in named ".service" render.service services // named ".timer" render.timer backup.timers`);
}

let units: Record<string, string>;
beforeAll(() => {
  requireTool("nix-instantiate", "nix-bin");
  requireTool("systemd-analyze", "systemd");
  units = renderUnits();
  for (const [name, text] of Object.entries(units)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, "opencode.env"), "");
  // Stubs for units that NixOS modules (OpNix, podman) provide on the host.
  const stub = (what: string) =>
    `[Unit]\nDescription=stub for ${what}, provided on the host\n\n[Service]\nType=oneshot\nExecStart=/bin/true\n`;
  writeFileSync(join(dir, "opnix-secrets.service"), stub("OpNix"));
  writeFileSync(
    join(dir, "podman.socket"),
    "[Unit]\nDescription=stub for podman.socket\n\n[Socket]\nListenStream=/run/podman/podman.sock\n",
  );
});

function verify(name: string) {
  return run("systemd-analyze", ["verify", "--man=no", join(dir, name)], {
    env: { ...process.env, SYSTEMD_UNIT_PATH: `${dir}:` },
  });
}

describe("systemd units", () => {
  it("the flake defines the pod, image, env and backup units and the backup timer", () => {
    expect(Object.keys(units).sort()).toEqual([
      "opencode-backup.service",
      "opencode-backup.timer",
      "opencode-env.service",
      "opencode-images.service",
      "opencode-memory-pod.service",
    ]);
  });

  it.each([
    "opencode-backup.service",
    "opencode-backup.timer",
    "opencode-env.service",
    "opencode-images.service",
    "opencode-memory-pod.service",
  ])("%s passes systemd-analyze verify", (name) => {
    const r = verify(name);
    expect(r.stderr.trim()).toBe("");
    expect(r.status).toBe(0);
  });

  it("verify rejects a broken unit (the check can fail)", () => {
    writeFileSync(
      join(dir, "broken.service"),
      units["opencode-backup.service"]!.replace("Type=oneshot", "Type=sometimes"),
    );
    const r = verify("broken.service");
    expect(r.stderr).toMatch(/service type/i);
  });

  it("the backup runs every 6 h, catches up after downtime, and runs after the pod", () => {
    const timer = units["opencode-backup.timer"]!;
    expect(timer).toContain("OnCalendar=*-*-* 00/6:00:00");
    expect(timer).toContain("Persistent=true");
    const next = run("systemd-analyze", ["calendar", "--iterations=4", "*-*-* 00/6:00:00"]);
    expect(
      next.stdout
        .match(/(\d\d):00:00/g)
        ?.slice(0, 4)
        .sort(),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^(00|06|12|18):00:00$/)]));
    const service = units["opencode-backup.service"]!;
    expect(service).toMatch(/^After=.*opencode-memory-pod\.service/m);
    expect(service).toContain("Type=oneshot");
    expect(service).toContain(`EnvironmentFile=${dir}/opencode.env`);
    // The metric names reach the script through the unit's environment.
    expect(service).toContain('Environment="OCM_METRIC_BACKUP_LAST_SUCCESS=ocm.backup.last_success"');
  });

  it("the pod restarts on failure, follows the infra conmon, and waits for secrets and images", () => {
    const pod = units["opencode-memory-pod.service"]!;
    expect(pod).toContain("Restart=on-failure");
    expect(pod).toContain("Type=forking");
    expect(pod).toContain("PIDFile=/run/opencode-memory-pod/infra.pid");
    expect(pod).toMatch(/^Requires=opencode-env\.service opencode-images\.service$/m);
    expect(pod).toContain(`ExecStart=/bin/bash ${SCRIPTS}/pod-start.sh`);
  });

  it("the env unit lists every 1Password field, marking the optional ones", () => {
    const env = readFileSync(join(dir, "opencode-env.service"), "utf8");
    expect(env).toContain("TAILSCALE_AUTH_KEY:tailscaleAuthKey:required");
    expect(env).toContain("OPENAI_API_KEY:openaiApiKey:optional");
    expect(env).toMatch(/^Requires=opnix-secrets\.service$/m);
  });
});
