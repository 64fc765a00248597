# The fields of the one 1Password item OpNix reads (op://<vault>/<item>/<field>). The field name is
# also the variable name in /run/secrets/opencode.env. The Pulumi program writes these fields; keep
# docs/nixos.md in step (test/nixos/secrets.test.ts checks it).
#
# opnixName: OpNix wants camelCase secret names; `required`: the host cannot work without it.
[
  { field = "TAILSCALE_AUTH_KEY"; opnixName = "tailscaleAuthKey"; required = true; }
  { field = "B2_KEY_ID"; opnixName = "b2KeyId"; required = true; }
  { field = "B2_APPLICATION_KEY"; opnixName = "b2ApplicationKey"; required = true; }
  { field = "B2_BUCKET"; opnixName = "b2Bucket"; required = true; }
  { field = "B2_S3_ENDPOINT"; opnixName = "b2S3Endpoint"; required = true; }
  { field = "DD_API_KEY"; opnixName = "ddApiKey"; required = true; }
  { field = "MEMORY_TOKEN"; opnixName = "memoryToken"; required = true; }
  { field = "MEMORY_READONLY_TOKEN"; opnixName = "memoryReadonlyToken"; required = false; }
  { field = "OPENCODE_SERVER_PASSWORD"; opnixName = "opencodeServerPassword"; required = true; }
  { field = "VALKEY_PASSWORD"; opnixName = "valkeyPassword"; required = true; }
  { field = "FALKORDB_PASSWORD"; opnixName = "falkordbPassword"; required = true; }
  { field = "OPENAI_API_KEY"; opnixName = "openaiApiKey"; required = false; }
]
