/** Every .nix file parses, and the pure files (no nixpkgs needed) evaluate to what the modules expect. */
import { relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { filesUnder, NIX_ENV, NIXOS, nixEval, requireTool, run } from "./tools.js";

beforeAll(() => requireTool("nix-instantiate", "nix-bin"));

describe("nix files", () => {
  const files = filesUnder(NIXOS, (n) => n.endsWith(".nix"));

  it("finds the flake, the host and one module per concern", () => {
    const rel = files.map((f) => relative(NIXOS, f));
    for (const want of [
      "flake.nix",
      "hosts/hetzner-vps/default.nix",
      "hosts/hetzner-vps/disko.nix",
      "hosts/hetzner-vps/hardware.nix",
      "modules/impermanence.nix",
      "modules/networking.nix",
      "modules/ssh.nix",
      "modules/tailscale.nix",
      "modules/caddy.nix",
      "modules/secrets.nix",
      "modules/opencode-pod.nix",
      "modules/backup.nix",
      "modules/users.nix",
    ]) {
      expect(rel).toContain(want);
    }
  });

  it.each(filesUnder(NIXOS, (n) => n.endsWith(".nix")).map((f) => [relative(NIXOS, f), f]))(
    "%s parses",
    (_name, file) => {
      const r = run("nix-instantiate", ["--parse", file], { env: NIX_ENV });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    },
  );

  it("a broken file is rejected (the parse check can fail)", () => {
    const r = run("nix-instantiate", ["--parse", "-E", "{ a = ; }"], { env: NIX_ENV });
    expect(r.status).not.toBe(0);
  });

  it("the flake's inputs are nixos-25.05, disko, impermanence and opnix, and it defines hetzner-vps", () => {
    // A flake's `inputs` is plain data: evaluate it without fetching anything.
    const inputs = nixEval<Record<string, { url: string }>>("(import ./flake.nix).inputs");
    expect(inputs.nixpkgs?.url).toBe("github:NixOS/nixpkgs/nixos-25.05");
    expect(Object.keys(inputs).sort()).toEqual(["disko", "impermanence", "nixpkgs", "opnix"]);
    // Call outputs with stand-in inputs that record what the host is built from.
    const host = nixEval<{ system: string; modules: unknown[] }>(`
      let
        flake = import ./flake.nix;
        out = flake.outputs {
          nixpkgs.lib.nixosSystem = args: args;
          disko.nixosModules.disko = "disko";
          impermanence.nixosModules.impermanence = "impermanence";
          opnix.nixosModules.default = "opnix";
        };
      in { inherit (out.nixosConfigurations.hetzner-vps) system; modules = map (m: if builtins.isString m then m else toString m) out.nixosConfigurations.hetzner-vps.modules; }`);
    expect(host.system).toBe("x86_64-linux");
    expect(host.modules.slice(0, 3)).toEqual(["disko", "impermanence", "opnix"]);
    expect(String(host.modules[3])).toMatch(/hosts\/hetzner-vps$/);
  });

  it("ports are distinct where they share a namespace", () => {
    const ports = nixEval<Record<string, number>>("import ./lib/ports.nix");
    const pod = [ports.opencode, ports.memory, ports.valkey, ports.falkordb, ports.falkordbBrowser];
    expect(new Set(pod).size).toBe(pod.length);
    expect(ports).toMatchObject({ opencode: 4096, valkey: 6380, falkordb: 6379, falkordbBrowser: 3000 });
    const caddy = [
      ports.caddyOpencode,
      ports.caddyMemory,
      ports.caddyFalkordbBrowser,
      ports.caddyPublicDashboard,
    ];
    expect(new Set(caddy).size).toBe(caddy.length);
  });

  it("the disko layout has the five subvolumes, all zstd-compressed", () => {
    const subvolumes = nixEval<Record<string, { mountpoint: string; mountOptions: string[] }>>(
      `((import ./hosts/hetzner-vps/disko.nix {}).disko.devices.disk.main.content.partitions.root.content.subvolumes)`,
    );
    expect(Object.fromEntries(Object.entries(subvolumes).map(([k, v]) => [k, v.mountpoint]))).toEqual({
      "/root": "/",
      "/nix": "/nix",
      "/persist": "/persist",
      "/log": "/var/log",
      "/snapshots": "/snapshots",
    });
    for (const v of Object.values(subvolumes)) expect(v.mountOptions).toContain("compress=zstd");
    const rules = nixEval<string[]>("(import ./hosts/hetzner-vps/disko.nix {}).systemd.tmpfiles.rules");
    expect(rules).toContain("h /persist/containers/falkordb - - - - +C");
    expect(rules).toContain("h /persist/containers/valkey - - - - +C");
  });
});
