/** Extraction: structured coding events and free text -> entities and facts, zero LLM calls. */
export { ExtractionBuilder } from "./builder.js";
export { commandKey, commandKeys, shellSegments, shellWords } from "./command.js";
export { definedSymbols } from "./diff.js";
export { errorClass, findErrorLine, locatedFiles } from "./errors.js";
export {
  basenameKey,
  errorKey,
  fileKey,
  generalKey,
  type NormalizeOptions,
  normalizeEntityKey,
  packageKey,
  symbolKey,
} from "./normalize.js";
export { type PackageChange, packageChanges } from "./packages.js";
export { cleanPath, fileKeyCandidates, looksLikeFile, relativeToRoot } from "./paths.js";
export { extractRules, ruleExtractor } from "./rules.js";
export { structuredExtractor } from "./structured.js";
