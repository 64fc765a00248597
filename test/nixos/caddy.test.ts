/** The Caddyfile the caddy module writes (lib/caddyfile.nix) passes `caddy validate`. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nixEval, requireTool, run } from "./tools.js";

const dir = mkdtempSync(join(tmpdir(), "nixos-caddy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => {
  requireTool("nix-instantiate", "nix-bin");
  requireTool("caddy", "caddy");
});

function render(args: string): string {
  return nixEval<string>(`import ./lib/caddyfile.nix ${args}`);
}

function validate(text: string, name: string) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return run("caddy", ["validate", "--config", file, "--adapter", "caddyfile"], {
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
  });
}

describe("Caddyfile", () => {
  it("tailnet-only config is valid and proxies OpenCode, memory and the FalkorDB browser", () => {
    const text = render(`{ tailnetHost = "hetzner-vps.tail1234.ts.net"; }`);
    const r = validate(text, "tailnet.Caddyfile");
    expect(r.stdout + r.stderr).toContain("Valid configuration");
    expect(r.status).toBe(0);
    expect(text).toContain("https://hetzner-vps.tail1234.ts.net:443 {");
    expect(text).toContain("reverse_proxy 127.0.0.1:4096");
    expect(text).toContain("reverse_proxy 127.0.0.1:7411");
    expect(text).toContain("reverse_proxy 127.0.0.1:3000");
    expect(text).toContain("get_certificate tailscale");
    expect(text).toContain("admin localhost:2019");
    expect(text).not.toContain("8443");
  });

  it("with a public dashboard name, only /dashboard is served on the public port", () => {
    const text = render(
      `{ tailnetHost = "hetzner-vps.tail1234.ts.net"; publicDashboardHost = "memory.example.com"; }`,
    );
    const r = validate(text, "public.Caddyfile");
    expect(r.status).toBe(0);
    const publicSite = text.slice(text.indexOf("https://memory.example.com:8443"));
    expect(publicSite).toContain("@dashboard path /dashboard /dashboard/*");
    expect(publicSite).toContain('respond "not found" 404');
    expect(publicSite).not.toContain("4096");
  });

  it("caddy rejects a broken config (the check can fail)", () => {
    const r = validate(
      render(`{ tailnetHost = "h.ts.net"; }`).replace("reverse_proxy", "reverse_proxxy"),
      "bad.Caddyfile",
    );
    expect(r.status).not.toBe(0);
  });
});
