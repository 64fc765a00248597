/**
 * Off-site backups: a private, SSE-B2 encrypted B2 bucket whose lifecycle keeps 30 days, and an
 * application key that can touch only that bucket (the host's backup job uses it).
 */
import * as pulumi from "@pulumi/pulumi";
import { B2Bucket } from "./b2/index.js";

export interface BackupsArgs {
  /** Globally unique bucket name. */
  bucketName: string;
  /** Days a backup is kept. */
  retentionDays: number;
  /** B2 master key id and key (secrets): only used to manage the bucket and its key. */
  accountId: pulumi.Input<string>;
  masterKey: pulumi.Input<string>;
}

export class Backups extends pulumi.ComponentResource {
  readonly bucket: B2Bucket;
  readonly bucketName: pulumi.Output<string>;
  readonly keyId: pulumi.Output<string>;
  /** Secret. */
  readonly applicationKey: pulumi.Output<string>;
  readonly s3Endpoint: pulumi.Output<string>;

  constructor(name: string, args: BackupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ocm:backups:Backups", name, {}, opts);
    this.bucket = new B2Bucket(
      `${name}-bucket`,
      {
        bucketName: args.bucketName,
        lifecycleDays: args.retentionDays,
        keyName: `${args.bucketName}-host`,
        accountId: pulumi.secret(args.accountId),
        masterKey: pulumi.secret(args.masterKey),
      },
      { parent: this },
    );
    this.bucketName = this.bucket.bucketName;
    this.keyId = this.bucket.keyId;
    this.applicationKey = pulumi.secret(this.bucket.applicationKey);
    this.s3Endpoint = this.bucket.s3Endpoint;
    this.registerOutputs({ bucketName: this.bucketName, keyId: this.keyId });
  }
}
