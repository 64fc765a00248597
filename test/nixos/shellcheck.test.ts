/** Every shell script under nixos/ passes shellcheck. */
import { relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { filesUnder, NIXOS, requireTool, run, SCRIPTS } from "./tools.js";

beforeAll(() => requireTool("shellcheck", "shellcheck"));

const scripts = filesUnder(NIXOS, (n) => n.endsWith(".sh"));

describe("shell scripts", () => {
  it("are all found", () => {
    expect(scripts.map((s) => relative(SCRIPTS, s))).toEqual([
      "assemble-env.sh",
      "backup.sh",
      "build-images.sh",
      "common.sh",
      "pod-start.sh",
      "pod-stop.sh",
      "prune-snapshots.sh",
      "restore.sh",
    ]);
  });

  it.each(scripts.map((s) => [relative(NIXOS, s), s]))("%s passes shellcheck", (_n, file) => {
    const r = run("shellcheck", ["--external-sources", "--severity=style", file], { cwd: SCRIPTS });
    expect(r.stdout).toBe("");
    expect(r.status).toBe(0);
  });

  it("shellcheck flags an unquoted expansion (the check can fail)", () => {
    const r = run("shellcheck", ["-s", "bash", "-"], { input: "rm -rf $1/*\n" });
    expect(r.status).not.toBe(0);
  });
});
