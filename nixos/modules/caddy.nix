# Caddy: TLS front for OpenCode, the memory service/dashboard and the FalkorDB browser, tailnet only.
{ config, lib, pkgs, ... }:
let
  cfg = config.services.opencodeMemory;
in
{
  config = lib.mkIf cfg.enable {
    services.caddy = {
      enable = true;
      # The same pure renderer the tests feed to `caddy validate`.
      configFile = pkgs.writeText "Caddyfile" (import ../lib/caddyfile.nix {
        inherit (cfg) tailnetHost publicDashboardHost;
      });
    };
    systemd.services.caddy = {
      after = [ "tailscaled.service" ];
      wants = [ "tailscaled.service" ];
    };
  };
}
