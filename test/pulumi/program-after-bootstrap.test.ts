/** The program once bootstrap is over: public SSH closed, deploys over the tailnet. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { hashDirectory } from "../../components/content-hash.js";
import { BUNDLE_ENTRIES } from "../../components/deploy-bundle.js";
import { makeRepoFixture, type ProgramRun, runProgram } from "./harness.js";
import { TAILNET_ADDRESSES } from "./mock-cloud.js";

let run: ProgramRun;
let edited: string;
beforeAll(async () => {
  // The same tree as the bootstrap run's fixture, with one unit edited.
  edited = makeRepoFixture();
  writeFileSync(
    join(edited, "nixos", "hosts", "hetzner-vps", "default.nix"),
    "{ ... }: { services.x.enable = true; }\n",
  );
  run = await runProgram({ bootstrap: "false", location: "fsn1", sourceRoot: edited });
}, 120_000);

describe("the program after bootstrap", () => {
  it("opens no SSH on the public firewall at all", () => {
    expect(run.errors).toEqual([]);
    const rules = run.one("hcloud:index/firewall:Firewall").inputs.rules as {
      port?: string;
      protocol: string;
    }[];
    expect(rules.filter((r) => r.port === "22")).toEqual([]);
    expect(rules.filter((r) => r.protocol === "tcp").map((r) => r.port)).toEqual(["8443"]);
  });

  it("deploys to the tailnet address", () => {
    const rebuild = run.one("command:remote:Command", "rebuild").inputs;
    expect(rebuild.connection.value.host).toBe(TAILNET_ADDRESSES[0]);
    const copy = run.one("command:remote:CopyToRemote", "copy").inputs;
    expect(copy.connection.value.host).toBe(TAILNET_ADDRESSES[0]);
  });

  it("honours the configured location", () => {
    expect(run.one("hcloud:index/server:Server").inputs.location).toBe("fsn1");
  });
});

describe("the switch trigger", () => {
  it("follows the edited tree, and differs from the unedited one", () => {
    const [bundleTrigger] = run.one("command:remote:Command", "rebuild").inputs.triggers;
    expect(bundleTrigger).toBe(hashDirectory(edited, BUNDLE_ENTRIES));
    expect(bundleTrigger).not.toBe(hashDirectory(makeRepoFixture(), BUNDLE_ENTRIES));
    // The install is still keyed on the server alone.
    expect(run.one("command:local:Command", "nixos-install").inputs.triggers).toEqual(["host-server-id"]);
  });
});
