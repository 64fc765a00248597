import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";

// B2Bucket as the Pulumi program sees it, under the runtime's mocks (no engine, no B2).
const registered: pulumi.runtime.MockResourceArgs[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push(args);
        return {
          id: "bucket-id-1",
          state: { ...args.inputs, bucketId: "bucket-id-1", keyId: "key-1", applicationKey: "secret-1" },
        };
      },
      call: (args) => args.inputs,
    },
    "project",
    "stack",
    false,
  );
});

function value<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

describe("B2Bucket", () => {
  it("registers a dynamic b2:Bucket with its inputs, a credential-free provider and typed outputs", async () => {
    const { B2Bucket } = await import("../../components/b2/index.js");
    const bucket = new B2Bucket("backups", {
      bucketName: "ocm-backups",
      lifecycleDays: 30,
      accountId: "key-id",
      masterKey: "master-secret",
    });
    expect(await value(bucket.bucketId)).toBe("bucket-id-1");
    expect(await value(bucket.keyId)).toBe("key-1");
    expect(await value(bucket.bucketName)).toBe("ocm-backups");
    const args = registered.find((r) => r.name === "backups")!;
    expect(args.type).toBe("pulumi-nodejs:dynamic/b2:Bucket");
    expect(args.inputs).toMatchObject({ bucketName: "ocm-backups", lifecycleDays: 30, accountId: "key-id" });
    // The serialized provider is stored in the state in clear: it must hold no credential.
    expect(typeof args.inputs.__provider).toBe("string");
    expect(args.inputs.__provider).not.toContain("master-secret");
    expect(args.inputs.__provider).toContain("exports.handler");
  });
});
