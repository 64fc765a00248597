/** The stack settings: schema, Pulumi.prod.yaml and docs/deploy.md agree. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import {
  decodeConfigValue,
  parseStackConfig,
  SECRET_CONFIG_KEYS,
  StackConfigSchema,
  stackDefault,
} from "../../components/config.js";
import { BASE_CONFIG } from "./harness.js";

const root = join(import.meta.dirname, "..", "..");
const NS = "opencode-memory:";
const stackFile = parse(readFileSync(join(root, "Pulumi.prod.yaml"), "utf8")) as {
  config: Record<string, unknown>;
};
const ours = Object.fromEntries(
  Object.entries(stackFile.config)
    .filter(([k]) => k.startsWith(NS))
    .map(([k, v]) => [k.slice(NS.length), v]),
);
const docs = readFileSync(join(root, "docs", "deploy.md"), "utf8");
const keys = Object.keys(StackConfigSchema.shape);

describe("stack configuration", () => {
  it("Pulumi.prod.yaml sets every non-secret key except the optional provider item, and nothing unknown", () => {
    expect(Object.keys(ours).sort()).toEqual(keys.filter((k) => k !== "opProviderItem").sort());
  });

  it("Pulumi.prod.yaml's values equal the schema defaults (one truth)", () => {
    for (const [k, v] of Object.entries(ours)) {
      if (k === "adminSshKeys" || k === "adminCidrs") continue;
      expect(v, k).toEqual(stackDefault(k as keyof typeof StackConfigSchema.shape));
    }
  });

  it("refuses the placeholders with a message naming each key", () => {
    expect(() => parseStackConfig(ours)).toThrow(
      /adminSshKeys\.0: expected an OpenSSH public key[\s\S]*adminCidrs\.0/,
    );
  });

  it("accepts the stack file once the placeholders are replaced", () => {
    const real = {
      ...ours,
      adminSshKeys: JSON.parse(BASE_CONFIG["adminSshKeys"]!),
      adminCidrs: ["198.51.100.7/32"],
    };
    const cfg = parseStackConfig(real);
    expect(cfg.serverType).toBe("cpx52");
    expect(cfg.domain).toBe("hbohlen.systems");
  });

  it("refuses SSH from the whole internet and unsellable server types", () => {
    const base = { adminSshKeys: JSON.parse(BASE_CONFIG["adminSshKeys"]!) };
    expect(() => parseStackConfig({ ...base, adminCidrs: ["0.0.0.0/0"] })).toThrow(/whole internet/);
    expect(() => parseStackConfig({ ...base, adminCidrs: ["::/0"] })).toThrow(/whole internet/);
    expect(() => parseStackConfig({ ...base, adminCidrs: ["1.2.3.4/32"], serverType: "cpx51" })).toThrow(
      /serverType/,
    );
  });

  it("docs/deploy.md has a row for every key and every secret", () => {
    for (const k of keys) expect(docs, k).toContain(`| \`${k}\` |`);
    for (const k of SECRET_CONFIG_KEYS) expect(docs, k).toContain(`| \`opencode-memory:${k}\` |`);
  });

  it("decodes config strings the way the stack file writes them", () => {
    expect(decodeConfigValue("true")).toBe(true);
    expect(decodeConfigValue("30")).toBe(30);
    expect(decodeConfigValue('["a","b"]')).toEqual(["a", "b"]);
    expect(decodeConfigValue("nbg1")).toBe("nbg1");
    expect(decodeConfigValue("[not json")).toBe("[not json");
  });
});
