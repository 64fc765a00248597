# Secrets: OpNix reads the 1Password item's fields with the service-account token (the one
# bootstrap secret) into /run/secrets/opnix/ (tmpfs), and opencode-env.service assembles them into
# the environment file the pod and the backup job load.
{ config, lib, pkgs, ... }:
let
  cfg = config.services.opencodeMemory;
  fields = import ../lib/secret-fields.nix;
  secretsDir = "/run/secrets/opnix";
  units = import ../lib/units/secrets-env.nix {
    bash = "${pkgs.bash}/bin/bash";
    script = ../scripts/assemble-env.sh;
    inherit secretsDir fields;
    inherit (cfg) envFile;
  };
in
{
  config = lib.mkIf cfg.enable {
    services.onepassword-secrets = {
      enable = true;
      inherit (cfg.onePassword) tokenFile;
      secrets = lib.listToAttrs (map (f: {
        name = f.opnixName;
        value = {
          reference = "op://${cfg.onePassword.vault}/${cfg.onePassword.item}/${f.field}";
          path = "${secretsDir}/${f.opnixName}";
          mode = "0600";
        };
      }) fields);
    };
    systemd.services = units.services;
  };
}
