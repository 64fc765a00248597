// Child-process helper for serialize.test.ts: loads a serialized provider the way Pulumi's
// dynamic provider host does (require-from-string, then `.handler()`), in plain CommonJS Node with
// no TypeScript loader, and drives it through its lifecycle against the fake B2 given in the env.
"use strict";
const { readFileSync } = require("node:fs");
const path = require("node:path");

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const requireFromString = require(require.resolve("require-from-string", { paths: [pulumiDir] }));

async function main() {
  const text = readFileSync(process.argv[2], "utf8");
  const provider = requireFromString(text).handler();
  const env = process.env;
  const news = {
    bucketName: env.B2_BUCKET_NAME,
    accountId: env.B2_KEY_ID,
    masterKey: env.B2_MASTER_KEY,
    apiUrl: env.B2_URL,
    __provider: text,
  };
  const checked = await provider.check({}, news);
  if (checked.failures) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
  const created = await provider.create(checked.inputs);
  const changed = { ...checked.inputs, lifecycleDays: 14 };
  const diff = await provider.diff(created.id, created.outs, changed);
  const updated = await provider.update(created.id, created.outs, changed);
  const read = await provider.read(created.id, updated.outs);
  await provider.delete(created.id, read.props);
  await provider.delete(created.id, read.props);
  const badCheck = await provider.check({}, { ...news, bucketName: "b2-nope" });
  process.stdout.write(
    JSON.stringify({
      id: created.id,
      keyId: created.outs.keyId,
      diff,
      lifecycleDays: read.props.lifecycleDays,
      badCheck: badCheck.failures,
    }),
  );
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err));
  process.exit(1);
});
