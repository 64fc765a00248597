/**
 * Child-process entry (node --import tsx, as Pulumi.yaml runs the program): runs index.ts under
 * pulumi.runtime.setMocks and writes what it registered to the JSON file named by argv[2].
 * A separate process because dynamic providers (B2) are serialized from their source, which
 * vitest's module transform would rewrite; and each run needs fresh Pulumi runtime state.
 * Config comes as JSON in OCM_TEST_CONFIG.
 */
import { writeFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { callResult, computedState, PROJECT, SECRET_KEYS } from "./mock-cloud.js";

interface Options {
  dependsOn: string[];
  ignoreChanges: string[];
  additionalSecretOutputs: string[];
  parent?: string;
}

const dbg = (m: string) => process.env["OCM_DEBUG"] && process.stderr.write(`[dbg] ${m}\n`);
const out = process.argv[2];
if (!out) throw new Error("usage: run-program.ts OUT.json");
const config = JSON.parse(process.env["OCM_TEST_CONFIG"] ?? "{}") as Record<string, string>;

const resources: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
const calls: { token: string; inputs: Record<string, unknown> }[] = [];
const options: Record<string, Promise<Options>> = {};
const errors: string[] = [];

const resolvedValue = <T>(o: pulumi.Input<T>): Promise<T> =>
  new Promise((resolve) => pulumi.output(o).apply((v) => resolve(v as T)));
const nameOfUrn = (urn: string) => urn.split("::").pop() ?? urn;

async function describeOptions(opts: pulumi.ResourceOptions): Promise<Options> {
  const deps = opts.dependsOn ? await resolvedValue(opts.dependsOn as pulumi.Input<pulumi.Resource[]>) : [];
  const list = (Array.isArray(deps) ? deps : [deps]) as pulumi.Resource[];
  return {
    dependsOn: await Promise.all(list.map(async (r) => nameOfUrn(await resolvedValue(r.urn)))),
    ignoreChanges: opts.ignoreChanges ?? [],
    additionalSecretOutputs: (opts as pulumi.CustomResourceOptions).additionalSecretOutputs ?? [],
    parent: opts.parent ? nameOfUrn(await resolvedValue(opts.parent.urn)) : undefined,
  };
}

process.on("unhandledRejection", (e) => errors.push(String(e instanceof Error ? e.message : e)));

await pulumi.runtime.setMocks(
  {
    newResource(args) {
      resources.push({ type: args.type, name: args.name, inputs: args.inputs });
      const id = args.type === "hcloud:index/firewall:Firewall" ? "4242" : `${args.name}-id`;
      return { id, state: computedState(args.type, args.name, args.inputs) };
    },
    call(args) {
      calls.push({ token: args.token, inputs: args.inputs });
      return callResult(args.token);
    },
  },
  PROJECT,
  "prod",
  false,
);
pulumi.runtime.setAllConfig(
  Object.fromEntries(Object.entries(config).map(([k, v]) => [k.includes(":") ? k : `${PROJECT}:${k}`, v])),
  SECRET_KEYS.map((k) => `${PROJECT}:${k}`),
);

dbg("mocks set");
let program: Record<string, unknown> = {};
// Inside a root stack, as under the CLI, so a stack transformation can record resource options.
await pulumi.runtime.runInPulumiStack(async () => {
  pulumi.runtime.registerStackTransformation((args) => {
    options[args.name] = describeOptions(args.opts);
    return undefined;
  });
  dbg("importing");
  program = { ...((await import("../../index.js")) as Record<string, unknown>) };
  dbg("imported");
  return undefined;
});

dbg("stack done");
const exportsOut: Record<string, { value: unknown; secret: boolean }> = {};
for (const [k, v] of Object.entries(program)) {
  const o = pulumi.output(v as pulumi.Input<unknown>);
  exportsOut[k] = { value: await resolvedValue(o), secret: await pulumi.isSecret(o) };
}
dbg("exports done");
// Registrations finish asynchronously: wait until none has arrived for a while.
for (let last = -1; last !== resources.length; ) {
  last = resources.length;
  await new Promise((r) => setTimeout(r, 200));
}
// Assets and archives arrive as SDK objects with promised fields: write them as plain data.
async function plainAssets(v: unknown): Promise<unknown> {
  if (v instanceof pulumi.asset.StringAsset)
    return { asset: "string", text: await (v as { text: Promise<string> }).text };
  if (v instanceof pulumi.asset.FileArchive)
    return { archive: "file", path: await (v as { path: Promise<string> }).path };
  if (Array.isArray(v)) return Promise.all(v.map(plainAssets));
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = await plainAssets(x);
    return out;
  }
  return v;
}
for (const r of resources) r.inputs = (await plainAssets(r.inputs)) as Record<string, unknown>;

const resolvedOptions: Record<string, Options> = {};
for (const [name, p] of Object.entries(options)) resolvedOptions[name] = await p;

writeFileSync(
  out,
  JSON.stringify({ resources, calls, options: resolvedOptions, exports: exportsOut, errors }, null, 1),
);
process.exit(0);
