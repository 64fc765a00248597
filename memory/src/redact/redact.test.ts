import { describe, expect, it } from "vitest";
import { redact, redactValue } from "./index.js";

// Fake credentials with the real shapes (never real ones).
const A36 = "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
const positives: Array<[label: string, input: string, secret: string]> = [
  [
    "openai_key",
    "key sk-abcdEFGH1234ijklMNOP5678qrstUVWX9012yzab done",
    "sk-abcdEFGH1234ijklMNOP5678qrstUVWX9012yzab",
  ],
  [
    "openai_key",
    "OPENAI=sk-proj-Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7",
    "sk-proj-Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7",
  ],
  [
    "anthropic_key",
    "use sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe-AbC_dEf please",
    "sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe-AbC_dEf",
  ],
  ["github_token", `git clone https://x:ghp_${A36}@github.com/o/r`, `ghp_${A36}`],
  ["github_token", `token gho_${A36}`, `gho_${A36}`],
  ["github_token", `ghu_${A36} ghs_${A36} ghr_${A36}`, `ghs_${A36}`],
  [
    "github_token",
    "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ",
    "github_pat_11ABCDEFG0123456789",
  ],
  ["aws_access_key_id", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"],
  ["aws_access_key_id", "ASIAY34FZKBOKMUTVV7A is temporary", "ASIAY34FZKBOKMUTVV7A"],
  [
    "aws_secret_key",
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  ],
  [
    "aws_secret_key",
    "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  ],
  ["slack_token", "SLACK xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "xoxb-123456789012"],
  ["slack_token", "xoxp-1234-5678-90ab-cdef1234", "xoxp-1234-5678"],
  [
    "slack_webhook",
    "POST https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX ok",
    "T00000000/B00000000",
  ],
  ["stripe_key", "stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"],
  [
    "stripe_key",
    "rk_live_51H8abcdEFGHijklMNOP and sk_test_4eC39HqLyjWDarjtT1zdp7dc",
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
  ],
  [
    "jwt",
    "cookie eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U;",
    "eyJzdWIiOiIxMjM0NTY3ODkwIn0",
  ],
  [
    "google_api_key",
    "maps key AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q here",
    "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q",
  ],
  ["bearer_token", "curl -H 'Authorization: Bearer abc123def456ghi789' https://api", "abc123def456ghi789"],
  ["bearer_token", '{"authorization": "Basic dXNlcjpwYXNzd29yZA=="}', "dXNlcjpwYXNzd29yZA=="],
  ["url_password", "DATABASE_URL=postgres://app:s3cr3t-P4ss@db.internal:5432/app", "s3cr3t-P4ss"],
  ["url_password", "redis://default:hunter2@localhost:6379", "hunter2"],
  ["url_secret_param", "GET https://api.example.com/v1?user=1&access_token=abcdef123456&x=2", "abcdef123456"],
  ["secret", "export DB_PASSWORD=correct-horse-battery", "correct-horse-battery"],
  ["secret", "API_KEY=zzz111yyy222", "zzz111yyy222"],
  ["secret", "MY_SERVICE_TOKEN: 'tok_98765abcdef'", "tok_98765abcdef"],
  ["secret", "password: hunter2", "hunter2"],
  ["secret", 'dbPassword := "s3cret-go"', "s3cret-go"],
  ["secret", '{"apiKey": "live-key-0042-xyz", "name": "svc"}', "live-key-0042-xyz"],
  ["secret", "const clientSecret = 'cs_9f8e7d6c5b4a'", "cs_9f8e7d6c5b4a"],
  ["secret", "//registry.npmjs.org/:_authToken=00000000-1111-2222-3333-444444444444", "00000000-1111-2222"],
  ["cli_secret", "mysql --password=hunter22 -h db", "hunter22"],
  ["cli_secret", "vault login --token s.AbCdEf123456", "s.AbCdEf123456"],
  ["cli_secret", "curl -u admin:Sup3rS3cret https://x", "Sup3rS3cret"],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub Actions syntax under test
  ["secret", "GITHUB_TOKEN=${{ secrets.X }} NPM_AUTH_TOKEN=npmtoken1234567", "npmtoken1234567"],
];

describe("redact: positives", () => {
  it.each(positives)("%s in %j", (label, input, secret) => {
    const out = redact(input);
    expect(out.text).not.toContain(secret);
    expect(out.text).toContain(`[REDACTED:${label}]`);
    expect(out.count).toBeGreaterThan(0);
  });

  it("keeps the context around a secret", () => {
    expect(redact("DATABASE_URL=postgres://app:s3cr3t@db:5432/app").text).toBe(
      "DATABASE_URL=postgres://app:[REDACTED:url_password]@db:5432/app",
    );
    expect(redact("export DB_PASSWORD=correct-horse").text).toBe("export DB_PASSWORD=[REDACTED:secret]");
    expect(redact('Authorization: Bearer abc123def456ghi789"').text).toBe(
      'Authorization: Bearer [REDACTED:bearer_token]"',
    );
    expect(redact('{"token": "abc123def456"}').text).toBe('{"token": "[REDACTED:secret]"}');
  });

  it("removes PEM private key blocks whole, closed or truncated", () => {
    const pem = [
      "before",
      "-----BEGIN RSA PRIVATE KEY-----",
      "MIIEowIBAAKCAQEA7bq0Zx1Y2W3",
      "c2VjcmV0a2V5bWF0ZXJpYWw=",
      "-----END RSA PRIVATE KEY-----",
      "after",
    ].join("\n");
    expect(redact(pem)).toEqual({ text: "before\n[REDACTED:private_key]\nafter", count: 1 });
    const openssh =
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA\n-----END OPENSSH PRIVATE KEY-----";
    expect(redact(openssh).text).toBe("[REDACTED:private_key]");
    const truncated = "key:\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n...";
    expect(redact(truncated).text).toBe("key:\n[REDACTED:private_key]");
    const two = `${pem}\nmid\n${pem}`;
    expect(redact(two).text).toBe(
      "before\n[REDACTED:private_key]\nafter\nmid\nbefore\n[REDACTED:private_key]\nafter",
    );
  });

  it("removes <private> blocks, nested, multi-line, any case, and unclosed ones to the end", () => {
    expect(redact("a <private>my address\nline 2</private> b")).toEqual({
      text: "a [REDACTED:private] b",
      count: 1,
    });
    expect(redact("x<PRIVATE>one<private>two</private>three</Private>y").text).toBe("x[REDACTED:private]y");
    expect(redact("keep </private> this").text).toBe("keep </private> this");
    expect(redact("ok <private>never closed sk-secret").text).toBe("ok [REDACTED:private]");
    expect(redact("<private>a</private> and <private>b</private>").count).toBe(2);
  });
});

const negatives: string[] = [
  "const token = getToken();",
  "interface Creds { password: string; token?: string }",
  "password: z.string().min(8),",
  "const API_KEY = process.env.API_KEY;",
  "API_KEY=$API_KEY npm start",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax under test, not a template
  "export GITHUB_TOKEN=${GITHUB_TOKEN}",
  "MAX_TOKENS=4096",
  "PASSWORD_FILE=/run/secrets/db_password",
  "if (token === expected) return;",
  "this.token = token;",
  "const password = newPassword",
  "commit 3f786850e387550fdab836ed7e6dc881de23001b",
  "id 123e4567-e89b-12d3-a456-426614174000",
  "see /home/user/projects/app/src/secret-manager.ts:42",
  "src/auth/token.ts and src/api/keys.ts",
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "the sk-loading-spinner-component-wrapper class",
  "Bearer authentication is described in RFC 6750",
  "Secret: the sauce",
  "http://localhost:3000/api/users?page=2",
  "https://user@example.com/path and ssh://git@github.com:org/repo.git",
  "npm install react@18.2.0 @types/node@20",
  "The token budget is 600 and task-list-item works.",
  "SELECT * FROM users WHERE password_hash = $1",
  "--token-file ./tok.txt --password-stdin",
  "docker login --password-stdin -u $USER",
  "curl -u $USER:$PASS https://x",
  "const cacheKey = 'user:42'; const primaryKey = 'id'; sortKey = 'createdAt'",
  '"tokenizer": "cl100k_base", "max_tokens": 600',
  "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "Authorization header is missing",
  "key: value\nname: test",
  "PASSWORD=\nUSER=bob",
  'if token == "abc123def" {',
];

describe("redact: negatives survive unchanged", () => {
  it.each(negatives)("%j", (input) => {
    expect(redact(input)).toEqual({ text: input, count: 0 });
  });

  it("redacts every secret line of an .env file and keeps the rest", () => {
    const env = [
      "# app",
      "NODE_ENV=production",
      "PORT=3000",
      "DB_PASSWORD=pa55word!",
      "STRIPE_SECRET_KEY=whatever123",
      "LOG_LEVEL=info",
    ].join("\n");
    expect(redact(env)).toEqual({
      text: [
        "# app",
        "NODE_ENV=production",
        "PORT=3000",
        "DB_PASSWORD=[REDACTED:secret]",
        "STRIPE_SECRET_KEY=[REDACTED:secret]",
        "LOG_LEVEL=info",
      ].join("\n"),
      count: 2,
    });
  });

  it("leaves ordinary code untouched", () => {
    const code = [
      "import { readFile } from 'node:fs/promises';",
      "export async function load(path: string): Promise<Config> {",
      "  const raw = JSON.parse(await readFile(path, 'utf8'));",
      "  return { apiUrl: raw.apiUrl, retries: raw.retries ?? 3 };",
      "}",
    ].join("\n");
    expect(redact(code).text).toBe(code);
  });
});

describe("redact: linear time on adversarial input", () => {
  const MB = 1024 * 1024;
  // [name, input, expected text (null: unchanged), expected count]. Lengths, not texts, are compared
  // first so a failure does not print a megabyte.
  const cases: Array<[string, string, string | null, number]> = [
    ["unclosed private tags", "<private>".repeat(MB / 9), "[REDACTED:private]", 1],
    ["unclosed PEM openers", "-----BEGIN PRIVATE KEY-----\n".repeat(MB / 28), "[REDACTED:private_key]", 1],
    ["jwt-like prefixes", "eyJa.".repeat(MB / 5), null, 0],
    ["one huge key", `sk-${"a1".repeat(MB / 2)}`, "[REDACTED:openai_key]", 1],
    ["huge non-key run", `sk-${"a".repeat(MB)}`, null, 0],
    ["url prefixes", "a://b:".repeat(MB / 6), null, 0],
    ["assignments without values", "PASSWORD=\n".repeat(MB / 10), null, 0],
    ["quotes without end", '"token": "'.repeat(MB / 10), null, 0],
    ["dotted letters", "a.".repeat(MB / 2), null, 0],
    ["bearer words", "Bearer ".repeat(MB / 7), null, 0],
    ["slack prefixes", "xoxb-".repeat(MB / 5), null, 0],
    ["authorization headers", "Authorization: Bearer ".repeat(MB / 22), null, 0],
  ];
  it.each(cases)("%s (1 MB)", (_name, input, expected, count) => {
    const out = redact(input);
    const want = expected ?? input;
    expect(out.count).toBe(count);
    expect(out.text.length).toBe(want.length);
    expect(out.text === want).toBe(true);
  });

  it("still finds a secret at the end of 1 MB of noise", () => {
    const out = redact(`${"x= y ".repeat(MB / 5)} sk-proj-Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7`);
    expect(out.count).toBe(1);
    expect(out.text.endsWith("[REDACTED:openai_key]")).toBe(true);
  });
});

describe("redactValue", () => {
  it("redacts nested strings and secret-named keys, keeping everything else", () => {
    const input = {
      tool: "bash",
      args: { command: "curl -H 'Authorization: Bearer abc123def456ghi789' x", env: { GITHUB_TOKEN: "abc" } },
      apiKey: "k-123",
      password: 12345,
      client_secret: { a: 1 },
      tokens: { input: 120, output: 45 },
      maxTokens: 600,
      token: "",
      files: ["src/app.ts"],
      exitCode: 1,
      ok: true,
      nothing: null,
    };
    expect(redactValue(input)).toEqual({
      tool: "bash",
      args: {
        command: "curl -H 'Authorization: Bearer [REDACTED:bearer_token]' x",
        env: { GITHUB_TOKEN: "[REDACTED:secret]" },
      },
      apiKey: "[REDACTED:secret]",
      password: "[REDACTED:secret]",
      client_secret: "[REDACTED:secret]",
      tokens: { input: 120, output: 45 },
      maxTokens: 600,
      token: "",
      files: ["src/app.ts"],
      exitCode: 1,
      ok: true,
      nothing: null,
    });
  });

  it("survives cycles and class instances", () => {
    const a: Record<string, unknown> = { name: "a" };
    a["self"] = a;
    expect(redactValue(a)).toEqual({ name: "a", self: "[Circular]" });
    expect(redactValue(["sk_live_4eC39HqLyjWDarjtT1zdp7dc", 3])).toEqual(["[REDACTED:stripe_key]", 3]);
    expect(redactValue(new URL("https://u:hunter2@h/"))).toBe("https://u:[REDACTED:url_password]@h/");
    expect(redactValue(undefined)).toBeUndefined();
  });
});
