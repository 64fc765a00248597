export {
  B2_DEFAULT_AUTH_URL,
  B2ApiError,
  type B2Client,
  type B2ClientOptions,
  type B2Credentials,
  connectB2,
} from "./api.js";
export { B2Bucket, type B2BucketArgs } from "./bucket.js";
export {
  B2_BUCKET_KEY_CAPABILITIES,
  type B2BucketInputs,
  type B2BucketOutputs,
  type B2KeyCapability,
  bucketNameProblem,
  DEFAULT_KEY_CAPABILITIES,
  DEFAULT_LIFECYCLE_DAYS,
  lifecycleRulesFor,
} from "./inputs.js";
export { type B2BucketProvider, makeB2BucketProvider } from "./provider.js";
