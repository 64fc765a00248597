/** The CI workflows keep their promises: previews with policies on PRs, approved deploys from main. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const dir = join(import.meta.dirname, "..", "..", ".github", "workflows");
// biome-ignore lint/suspicious/noExplicitAny: parsed YAML, checked field by field below.
const load = (f: string): any => parse(readFileSync(join(dir, f), "utf8"));
const pulumiStep = (wf: {
  jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
}) =>
  Object.values(wf.jobs)
    .flatMap((j) => j.steps)
    .find((s) => s.uses?.startsWith("pulumi/actions@"));

describe("workflows", () => {
  it("preview: pull requests get a commented pulumi preview of prod with the policy pack", () => {
    const wf = load("preview.yml");
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    expect(wf.permissions["pull-requests"]).toBe("write");
    expect(pulumiStep(wf)?.with).toMatchObject({
      command: "preview",
      "stack-name": "prod",
      "comment-on-pr": true,
      policyPacks: "policy",
    });
  });

  it("deploy: pulumi up on main only, behind the production environment, never two at once", () => {
    const wf = load("deploy.yml");
    expect(wf.on.push.branches).toEqual(["main"]);
    expect(wf.on.pull_request).toBeUndefined();
    expect(wf.jobs.up.environment).toBe("production");
    expect(wf.concurrency["cancel-in-progress"]).toBe(false);
    expect(pulumiStep(wf)?.with).toMatchObject({
      command: "up",
      "stack-name": "prod",
      policyPacks: "policy",
    });
  });

  it("test: runs the project's CI entry point", () => {
    const wf = load("test.yml");
    const runs = wf.jobs.test.steps.map((s: { run?: string }) => s.run).filter(Boolean);
    expect(runs).toEqual(["bash .ci/run"]);
    // The production Node and the oldest supported one.
    expect(wf.jobs.test.strategy.matrix.node).toEqual([20, 24]);
    expect(
      wf.jobs.test.steps.find((s: { uses?: string }) => s.uses?.startsWith("actions/setup-node@")).with,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, meant literally.
    ).toMatchObject({ "node-version": "${{ matrix.node }}" });
  });

  it("docs/deploy.md documents every secret the workflows read", () => {
    const docs = readFileSync(join(dir, "..", "..", "docs", "deploy.md"), "utf8");
    for (const f of ["preview.yml", "deploy.yml", "test.yml"]) {
      const text = readFileSync(join(dir, f), "utf8");
      for (const [, name] of text.matchAll(/secrets\.([A-Z_]+)/g)) {
        if (name === "GITHUB_TOKEN") continue;
        expect(docs, `${name} (${f})`).toContain(`\`${name}\``);
      }
    }
  });
});
