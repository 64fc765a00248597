import * as pulumi from "@pulumi/pulumi";
import type { B2KeyCapability } from "./inputs.js";
import { makeB2BucketProvider } from "./provider.js";

/** A private, SSE-B2 encrypted B2 bucket with a lifecycle rule and one application key scoped to it. */
export interface B2BucketArgs {
  /** Globally unique: 6-63 letters, digits and "-", not starting with "b2-". Changing it replaces the bucket. */
  bucketName: pulumi.Input<string>;
  /** Days each backup file is kept (hidden after this many days, deleted one day later). Default 30. */
  lifecycleDays?: pulumi.Input<number>;
  /** Name of the scoped application key. Default: the bucket name. */
  keyName?: pulumi.Input<string>;
  /** Capabilities of the scoped key. Default: listBuckets, listFiles, readFiles, writeFiles, deleteFiles. */
  capabilities?: pulumi.Input<pulumi.Input<B2KeyCapability>[]>;
  /** Master application key ID (the B2 account ID works too). */
  accountId: pulumi.Input<string>;
  /** Master application key (needs listBuckets, writeBuckets, deleteBuckets, listKeys, writeKeys, deleteKeys). */
  masterKey: pulumi.Input<string>;
  /** Base URL of b2_authorize_account; only tests change it. Default https://api.backblazeb2.com. */
  apiUrl?: pulumi.Input<string>;
}

/** The one provider instance every B2Bucket uses: Pulumi caches its serialized text per object. */
export const b2BucketProvider = makeB2BucketProvider();

export class B2Bucket extends pulumi.dynamic.Resource {
  // `declare` matters: a plain field would be re-initialised to undefined after super() sets it.
  declare public readonly bucketName: pulumi.Output<string>;
  declare public readonly bucketId: pulumi.Output<string>;
  /** ID of the key scoped to this bucket (what S3 clients call the access key ID). */
  declare public readonly keyId: pulumi.Output<string>;
  /** The key's secret half; a secret output. */
  declare public readonly applicationKey: pulumi.Output<string>;
  /** The account's S3-compatible endpoint (https://s3.<region>.backblazeb2.com). */
  declare public readonly s3Endpoint: pulumi.Output<string>;

  constructor(name: string, args: B2BucketArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      b2BucketProvider,
      name,
      {
        bucketName: args.bucketName,
        lifecycleDays: args.lifecycleDays,
        keyName: args.keyName,
        capabilities: args.capabilities,
        accountId: args.accountId,
        masterKey: pulumi.secret(args.masterKey),
        apiUrl: args.apiUrl,
        // Outputs the provider computes; listed so they appear on the resource.
        bucketId: undefined,
        keyId: undefined,
        applicationKey: undefined,
        s3Endpoint: undefined,
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["applicationKey", "masterKey"] }),
      "b2",
      "Bucket",
    );
  }
}
