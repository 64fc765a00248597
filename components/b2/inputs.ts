import type { z as Zod } from "zod";
import { B2_DEFAULT_AUTH_URL, type CreateBucketRequest } from "./api.js";
import type { B2BucketInfo, B2LifecycleRule } from "./schemas.js";

/** Capabilities B2 accepts on a key restricted to one bucket (b2_create_key with bucketId). */
export const B2_BUCKET_KEY_CAPABILITIES = [
  "listAllBucketNames",
  "listBuckets",
  "readBuckets",
  "readBucketEncryption",
  "writeBucketEncryption",
  "readBucketRetentions",
  "writeBucketRetentions",
  "readBucketNotifications",
  "writeBucketNotifications",
  "listFiles",
  "readFiles",
  "shareFiles",
  "writeFiles",
  "deleteFiles",
  "readFileLegalHolds",
  "writeFileLegalHolds",
  "readFileRetentions",
  "writeFileRetentions",
  "bypassGovernance",
] as const;
export type B2KeyCapability = (typeof B2_BUCKET_KEY_CAPABILITIES)[number];

/** What the backup job needs: upload, list, restore (read) and prune (delete) in its own bucket. */
export const DEFAULT_KEY_CAPABILITIES: readonly B2KeyCapability[] = [
  "listBuckets",
  "listFiles",
  "readFiles",
  "writeFiles",
  "deleteFiles",
];

export const DEFAULT_LIFECYCLE_DAYS = 30;

/** Pulumi's placeholder for a value not known until apply (`pulumi.runtime.unknownValue`). */
export const PULUMI_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The dynamic resource's inputs once Pulumi has resolved them (check fills the defaults). */
export interface B2BucketInputs {
  bucketName: string;
  bucketType: "allPrivate";
  /** Days a backup is kept: files are hidden this many days after upload and deleted a day later. */
  lifecycleDays: number;
  defaultServerSideEncryption: "SSE-B2";
  keyName: string;
  /** Sorted and de-duplicated by check, so reordering is not a change. */
  capabilities: B2KeyCapability[];
  /** Master application key ID (the account ID works too). */
  accountId: string;
  masterKey: string;
  /** Base URL of b2_authorize_account. */
  apiUrl: string;
}

/**
 * State kept by Pulumi. The credentials stay in it because delete and read get nothing else;
 * masterKey and applicationKey are secret outputs (see bucket.ts). After a refresh the bucket
 * fields hold what B2 reports, which may differ from the inputs (drift that update puts back).
 */
export interface B2BucketOutputs extends Omit<B2BucketInputs, "bucketType" | "defaultServerSideEncryption"> {
  bucketType: string;
  defaultServerSideEncryption: "SSE-B2" | "none";
  bucketId: string;
  keyId: string;
  applicationKey: string;
  /** The account's S3-compatible endpoint, for rclone and other S3 clients. */
  s3Endpoint: string;
}

/** B2 bucket names: 6-63 letters, digits and "-", globally unique, and "b2-" is reserved. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 6 || name.length > 63) return "a B2 bucket name has 6 to 63 characters";
  if (!/^[A-Za-z0-9-]+$/.test(name)) return 'a B2 bucket name holds only letters, digits and "-"';
  if (/^b2-/i.test(name)) return 'B2 reserves bucket names starting with "b2-"';
  return undefined;
}

export function bucketInputsSchema(z: typeof Zod) {
  return z.object({
    bucketName: z.string().superRefine((name, ctx) => {
      const problem = bucketNameProblem(name);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    bucketType: z.literal("allPrivate").default("allPrivate"),
    lifecycleDays: z.number().int().min(1).max(36_500).default(DEFAULT_LIFECYCLE_DAYS),
    defaultServerSideEncryption: z.literal("SSE-B2").default("SSE-B2"),
    keyName: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9-]+$/, 'a B2 key name holds only letters, digits and "-"')
      .optional(),
    capabilities: z
      .array(z.enum(B2_BUCKET_KEY_CAPABILITIES))
      .min(1)
      .default([...DEFAULT_KEY_CAPABILITIES])
      .transform((caps) => [...new Set(caps)].sort()),
    accountId: z.string().min(1, "the B2 key ID is required"),
    masterKey: z.string().min(1, "the B2 application key is required"),
    apiUrl: z.url({ protocol: /^https?$/ }).default(B2_DEFAULT_AUTH_URL),
  });
}

/** The retention rule: hide each file `days` after upload, delete it one day after hiding. */
export function lifecycleRulesFor(days: number): B2LifecycleRule[] {
  // The backup job writes every run under a new name (<dataset>-<timestamp>), so a file's age is
  // its backup's age; a name that is uploaded again has its older version hidden at once.
  return [{ fileNamePrefix: "", daysFromUploadingToHiding: days, daysFromHidingToDeleting: 1 }];
}

export const SSE_B2: CreateBucketRequest["defaultServerSideEncryption"] = {
  mode: "SSE-B2",
  algorithm: "AES256",
};

/** Reads back what the provider manages from a bucket as B2 reports it. */
export function observedBucketFields(
  bucket: B2BucketInfo,
): Pick<B2BucketOutputs, "bucketName" | "bucketType" | "lifecycleDays" | "defaultServerSideEncryption"> {
  const rule = bucket.lifecycleRules.find((r) => r.fileNamePrefix === "");
  const managed =
    bucket.lifecycleRules.length === 1 &&
    rule?.daysFromHidingToDeleting === 1 &&
    rule.daysFromUploadingToHiding;
  const mode = bucket.defaultServerSideEncryption?.value?.mode;
  return {
    bucketName: bucket.bucketName,
    bucketType: bucket.bucketType,
    // Any other rule set is drift; 0 never equals a valid input, so the next diff restores ours.
    lifecycleDays: managed ? managed : 0,
    defaultServerSideEncryption: mode === "SSE-B2" ? "SSE-B2" : "none",
  };
}
