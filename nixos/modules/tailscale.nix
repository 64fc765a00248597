# Tailscale: joins with the pre-authorized key from 1Password (via OpNix), and lets Caddy fetch
# the machine's ts.net certificate.
{ config, lib, ... }:
let
  cfg = config.services.opencodeMemory;
in
{
  config = lib.mkIf cfg.enable {
    services.tailscale = {
      enable = true;
      port = (import ../lib/ports.nix).tailscale;
      authKeyFile = "/run/secrets/opnix/tailscaleAuthKey";
      extraUpFlags = [ "--hostname=${cfg.hostName}" ];
      permitCertUid = "caddy";
    };
    # The auth key file exists only once OpNix has run.
    systemd.services.tailscaled-autoconnect = {
      after = [ "opnix-secrets.service" ];
      requires = [ "opnix-secrets.service" ];
    };
  };
}
