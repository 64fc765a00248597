// Child-process helper for serialize.test.ts: serializes the provider exactly as
// pulumi.dynamic.Resource does (serializeFunction(() => provider, { allowSecrets: true })) and
// prints the module text. It runs under plain `node --import tsx`, like a Pulumi ESM program,
// because vitest rewrites imports into helpers that no real deployment would contain.
import { writeFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { b2BucketProvider } from "../../components/b2/bucket.js";

const out = process.argv[2];
if (!out) throw new Error("usage: serialize-provider.ts <output file>");
const serialized = await pulumi.runtime.serializeFunction(() => b2BucketProvider, { allowSecrets: true });
writeFileSync(out, serialized.text);
console.log(
  JSON.stringify({ exportName: serialized.exportName, containsSecrets: serialized.containsSecrets }),
);
