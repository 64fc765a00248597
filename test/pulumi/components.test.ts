/** The pure parts of the components: firewall, server-type check, tailnet policy, deploy scripts. */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { firewallRules } from "../../components/firewall-rules.js";
import { asRoot, INSTALL_NOOP_UPDATE, installScript, rebuildScript } from "../../components/nixos-scripts.js";
import { assertServerTypeAvailable, type ServerTypeInfo } from "../../components/server-type.js";
import { ADMIN_PORTS, tailnetPolicy } from "../../components/tailnet-policy.js";

const WORLD = ["0.0.0.0/0", "::/0"];

describe("firewallRules", () => {
  const base = { adminCidrs: ["198.51.100.7/32"], cloudflareCidrs: ["173.245.48.0/20"] };
  it("opens SSH to admins only while bootstrapping, and never to the world", () => {
    const during = firewallRules({ ...base, bootstrap: true });
    expect(during.filter((r) => r.port === "22").map((r) => r.sourceIps)).toEqual([["198.51.100.7/32"]]);
    const after = firewallRules({ ...base, bootstrap: false });
    expect(after.some((r) => r.port === "22")).toBe(false);
    for (const r of [...during, ...after].filter((r) => r.protocol === "tcp")) {
      expect(r.sourceIps.some((s) => WORLD.includes(s))).toBe(false);
    }
  });
  it("leaves the dashboard port closed when Cloudflare ranges are unknown", () => {
    expect(
      firewallRules({ ...base, cloudflareCidrs: [], bootstrap: false }).filter((r) => r.protocol === "tcp"),
    ).toEqual([]);
  });
});

describe("assertServerTypeAvailable", () => {
  const loc = (name: string, available = true) => ({ name, available, isDeprecated: false });
  const types: ServerTypeInfo[] = [
    {
      name: "cpx52",
      isDeprecated: false,
      cores: 12,
      memory: 24,
      disk: 480,
      locations: [loc("nbg1"), loc("fsn1", false)],
    },
    { name: "cpx51", isDeprecated: true, cores: 16, memory: 32, disk: 360, locations: [loc("nbg1")] },
    { name: "cpx62", isDeprecated: false, cores: 16, memory: 32, disk: 640, locations: [loc("fsn1")] },
  ];
  it("accepts a current type in a location that has it", () => {
    expect(assertServerTypeAvailable(types, "cpx52", "nbg1").cores).toBe(12);
  });
  it("names retired, unknown and unavailable types with what is available instead", () => {
    expect(() => assertServerTypeAvailable(types, "cpx51", "nbg1")).toThrow(
      /cpx51 is deprecated.*available in nbg1: cpx52/,
    );
    expect(() => assertServerTypeAvailable(types, "cx99", "nbg1")).toThrow(/cx99 does not exist/);
    expect(() => assertServerTypeAvailable(types, "cpx52", "fsn1")).toThrow(
      /cpx52 is not available in fsn1 \(available in fsn1: cpx62\)/,
    );
  });
});

describe("tailnetPolicy", () => {
  const policy = tailnetPolicy({
    adminEmails: ["dev@hbohlen.systems"],
    serverTag: "tag:opencode",
    adminTag: "tag:admin",
    ciTag: "tag:ci",
  });
  it("grants only named sources, and the server's ports only to admins (CI: SSH)", () => {
    for (const rule of policy.acls)
      expect(rule.src.every((s) => s !== "*" && !s.startsWith("autogroup:member"))).toBe(true);
    const toServer = policy.acls.filter((r) => r.dst.some((d) => d.startsWith("tag:opencode:")));
    const sources = new Set(toServer.flatMap((r) => r.src));
    expect([...sources].sort()).toEqual(["group:ocm-admins", "tag:admin", "tag:ci"]);
    const ci = toServer.find((r) => r.src.includes("tag:ci"));
    expect(ci?.dst).toEqual(["tag:opencode:22"]);
  });
  it("carries tests that accept admins on every admin port and deny CI the rest", () => {
    const admin = policy.tests.find((t) => t.src === "dev@hbohlen.systems");
    expect(admin?.accept).toEqual(ADMIN_PORTS.map((p) => `tag:opencode:${p}`));
    expect(policy.tests.find((t) => t.src === "tag:ci")?.deny).toContain("tag:opencode:4096");
    expect(policy.tagOwners["tag:opencode"]).toEqual(["group:ocm-admins"]);
  });
  it("refuses an empty admin list", () => {
    expect(() =>
      tailnetPolicy({ adminEmails: [], serverTag: "tag:a", adminTag: "tag:b", ciTag: "tag:c" }),
    ).toThrow();
  });
});

const rebuild = (o: Partial<Parameters<typeof rebuildScript>[0]> = {}) => ({
  bundleHash: "a".repeat(64),
  settingsFile: "/home/admin/.ocm-deploy/host-1.json",
  flakeHost: "hetzner-vps",
  staging: "/home/admin/.ocm-deploy",
  ...o,
});

describe("deploy scripts", () => {
  const shellcheck = (script: string) =>
    execFileSync("shellcheck", ["-s", "bash", "-"], { input: script, encoding: "utf8" });
  it("are shellcheck-clean", () => {
    expect(shellcheck(installScript())).toBe("");
    expect(shellcheck(rebuildScript(rebuild()))).toBe("");
    expect(shellcheck(asRoot("echo hi"))).toBe("");
    expect(shellcheck(INSTALL_NOOP_UPDATE)).toBe("");
  });
  it("never embed secrets: the install reads them from its environment", () => {
    const s = installScript();
    expect(s).toContain('"$OPNIX_TOKEN"');
    expect(s).toContain('"$SSH_PRIVATE_KEY"');
    expect(s).not.toMatch(/set -x/);
  });
  it("refuse values that would break out of the quoted rebuild command", () => {
    expect(() => rebuildScript(rebuild({ bundleHash: "abc" }))).toThrow(/sha256/);
    expect(() => rebuildScript(rebuild({ flakeHost: "x'; rm -rf /" }))).toThrow(/not a plain path/);
    expect(() => rebuildScript(rebuild({ settingsFile: "/tmp/$(id)" }))).toThrow(/not a plain path/);
  });
  it("rebuild switches to the copied flake and keeps only the current staging copy", () => {
    const s = rebuildScript(rebuild({ bundleHash: "b".repeat(64) }));
    expect(s).toContain("nixos-rebuild switch --flake '/etc/nixos-src/nixos#hetzner-vps'");
    expect(s).toContain(`! -name '${"b".repeat(64)}'`);
  });
  it("asRoot hands the exact script to sudo bash", () => {
    const script = rebuildScript(rebuild());
    const b64 = /'([A-Za-z0-9+/=]+)'/.exec(asRoot(script))?.[1] ?? "";
    expect(Buffer.from(b64, "base64").toString()).toBe(script);
    expect(asRoot(script)).toMatch(/\| base64 -d \| sudo bash$/);
  });
});
