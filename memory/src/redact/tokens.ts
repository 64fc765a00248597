/**
 * Provider tokens recognisable by their shape. Every pattern opens with a lookbehind boundary and a
 * literal prefix and uses single character classes without nesting, so the regex engine does linear
 * work: a start position is only tried where the prefix begins a token, and each token run is
 * scanned once. `plausible` rejects look-alikes (CSS classes, prose) that share a prefix.
 */

export interface TokenRule {
  label: string;
  pattern: RegExp;
  /** Index of the group to replace; 0 = the whole match. */
  group?: number;
  plausible?: (secret: string) => boolean;
  /** A substring (lower case) every match contains: the rule is skipped when it is absent. */
  hint?: string;
}

/** Real keys are random: digits and letters mixed. Words glued with dashes are not. */
const random = (s: string) => /\d/.test(s) && /[A-Za-z]/.test(s);

const B = "(?<![A-Za-z0-9_-])";
const E = "(?![A-Za-z0-9_-])";

export const TOKEN_RULES: readonly TokenRule[] = [
  { label: "anthropic_key", pattern: new RegExp(`${B}sk-ant-[A-Za-z0-9_-]{20,}`, "g"), plausible: random },
  {
    label: "openai_key",
    pattern: new RegExp(`${B}sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}`, "g"),
    plausible: random,
  },
  { label: "github_token", pattern: new RegExp(`${B}gh[pousr]_[A-Za-z0-9]{30,}${E}`, "g") },
  { label: "github_token", pattern: new RegExp(`${B}github_pat_[A-Za-z0-9_]{22,}`, "g") },
  { label: "gitlab_token", pattern: new RegExp(`${B}glpat-[A-Za-z0-9_-]{20,}`, "g") },
  { label: "npm_token", pattern: new RegExp(`${B}npm_[A-Za-z0-9]{36}${E}`, "g"), plausible: random },
  {
    label: "aws_access_key_id",
    pattern: /(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}(?![A-Z0-9])/g,
  },
  {
    label: "aws_secret_key",
    hint: "access",
    pattern:
      /((?<![A-Za-z0-9_])(?:aws_?secret_?access_?key|secret_?access_?key)["']?\s*[:=]\s*["']?)([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    group: 2,
  },
  { label: "slack_token", pattern: new RegExp(`${B}xox[abprs]-[A-Za-z0-9-]{10,}`, "g"), plausible: random },
  { label: "slack_token", pattern: new RegExp(`${B}xapp-[A-Za-z0-9-]{10,}`, "g"), plausible: random },
  {
    label: "slack_webhook",
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]+/g,
  },
  {
    label: "stripe_key",
    pattern: new RegExp(`${B}(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}`, "g"),
  },
  { label: "stripe_webhook_secret", pattern: new RegExp(`${B}whsec_[A-Za-z0-9]{20,}`, "g") },
  { label: "google_api_key", pattern: new RegExp(`${B}AIza[A-Za-z0-9_-]{35}${E}`, "g") },
  {
    label: "jwt",
    pattern: new RegExp(`${B}eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*${E}`, "g"),
  },
  {
    label: "bearer_token",
    pattern:
      /((?<![A-Za-z0-9_-])Authorization["']?\s*[:=]\s*["']?(?:Bearer|Basic|Token|Bot)\s+)([A-Za-z0-9._~+/=-]{8,})/gi,
    group: 2,
    // Placeholders ("Bearer YOUR_TOKEN", "Bearer token") are words; real tokens have digits or length.
    plausible: (s) => /[^A-Za-z_]/.test(s) || s.length >= 24,
  },
  {
    // A bare "Bearer <token>" outside a header: only when the token looks random, not prose.
    label: "bearer_token",
    pattern: /((?<![A-Za-z0-9_-])Bearer\s+)([A-Za-z0-9._~+/=-]{16,})/g,
    group: 2,
    plausible: random,
  },
  {
    // scheme://user:password@host: keep user and host so the URL stays useful.
    label: "url_password",
    hint: "://",
    pattern:
      /((?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\/[^\s:/?#@"'<>]{1,256}:)([^\s/?#@"'<>]{1,256})(@)/g,
    group: 2,
    plausible: (s) => !s.startsWith("[REDACTED") && !/^\$\{?[A-Za-z_]+\}?$/.test(s),
  },
  {
    // `--password=x`, `--token x`, `--api-key=x` on a command line; not `--token-file`, `--password-stdin`.
    label: "cli_secret",
    pattern:
      /((?<![\w-])--?(?:password|passwd|pass|token|api-?key|secret|client-secret|access-token|auth-token)(?:=|[ \t]+)["']?)([^\s"'`]{3,512})/gi,
    group: 2,
    plausible: (s) => !/^(?:-|\$|\[REDACTED)/.test(s),
  },
  {
    // `curl -u user:password`: keep the user.
    label: "cli_secret",
    pattern: /((?<![\w-])(?:-u|--user)[ \t]+["']?[^\s:"'`]{1,128}:)([^\s"'`]{1,512})/g,
    group: 2,
    plausible: (s) => !/^(?:\$|\[REDACTED)/.test(s),
  },
  {
    label: "url_secret_param",
    hint: "=",
    pattern:
      /([?&](?:access_token|auth_token|token|api_key|apikey|key|secret|client_secret|password|passwd|sig|signature|x-amz-signature|x-amz-credential)=)([^&\s#"'<>]{6,})/gi,
    group: 2,
    plausible: (s) => !s.startsWith("[REDACTED"),
  },
];
