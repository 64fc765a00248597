# opencode-env.service: builds /run/secrets/opencode.env from OpNix's per-field files.
# Pure (no nixpkgs): the module passes store paths, the tests pass stub paths.
{ bash, script, secretsDir, envFile, fields }:
let
  spec = f: "${f.field}:${f.opnixName}:${if f.required then "required" else "optional"}";
in
{
  services.opencode-env = {
    description = "Assemble ${envFile} from the OpNix secret files";
    after = [ "opnix-secrets.service" ];
    requires = [ "opnix-secrets.service" ];
    wantedBy = [ "multi-user.target" ];
    serviceConfig = {
      Type = "oneshot";
      RemainAfterExit = true;
      UMask = "0077";
      ExecStart = builtins.concatStringsSep " " ([ bash script secretsDir envFile ] ++ map spec fields);
    };
  };
}
