import type { z as Zod } from "zod";

/**
 * Response schemas of the B2 native API v3 calls this module makes.
 *
 * They are built from a `z` handed in at run time rather than from a module-level `import { z }`,
 * because the dynamic provider is serialized by Pulumi's closure serializer: a captured zod
 * module would be serialized by value (under ESM it is not in `require.cache`), so the provider
 * loads zod at run time (`loadZod` in api.ts) and passes it here.
 * Unknown fields are stripped; only what the provider relies on is required.
 */
export function b2Schemas(z: typeof Zod) {
  const lifecycleRule = z.object({
    fileNamePrefix: z.string(),
    daysFromUploadingToHiding: z.number().int().nullable().optional(),
    daysFromHidingToDeleting: z.number().int().nullable().optional(),
  });

  const bucket = z.object({
    accountId: z.string(),
    bucketId: z.string().min(1),
    bucketName: z.string(),
    bucketType: z.string(),
    lifecycleRules: z.array(lifecycleRule).default([]),
    defaultServerSideEncryption: z
      .object({
        isClientAuthorizedToRead: z.boolean().optional(),
        value: z
          .object({
            mode: z.string().nullable().optional(),
            algorithm: z.string().nullable().optional(),
          })
          .nullable()
          .optional(),
      })
      .optional(),
    revision: z.number().int(),
  });

  const key = z.object({
    applicationKeyId: z.string().min(1),
    keyName: z.string(),
    accountId: z.string(),
    capabilities: z.array(z.string()),
    bucketId: z.string().nullable().optional(),
    namePrefix: z.string().nullable().optional(),
    expirationTimestamp: z.number().nullable().optional(),
  });

  return {
    lifecycleRule,
    bucket,
    key,
    authorize: z.object({
      accountId: z.string().min(1),
      authorizationToken: z.string().min(1),
      apiInfo: z.object({
        storageApi: z.object({
          apiUrl: z.url(),
          s3ApiUrl: z.string().optional(),
        }),
      }),
    }),
    listBuckets: z.object({ buckets: z.array(bucket) }),
    // b2_create_key is the only call that ever returns the secret half of a key.
    createdKey: key.extend({ applicationKey: z.string().min(1) }),
    listKeys: z.object({
      keys: z.array(key),
      nextApplicationKeyId: z.string().nullable().optional(),
    }),
    error: z.object({
      status: z.number().int().optional(),
      code: z.string().optional(),
      message: z.string().optional(),
    }),
  };
}

export type B2Schemas = ReturnType<typeof b2Schemas>;
export type B2BucketInfo = Zod.infer<B2Schemas["bucket"]>;
export type B2LifecycleRule = Zod.infer<B2Schemas["lifecycleRule"]>;
export type B2KeyInfo = Zod.infer<B2Schemas["key"]>;
export type B2CreatedKey = Zod.infer<B2Schemas["createdKey"]>;
export type B2Authorization = Zod.infer<B2Schemas["authorize"]>;
