# Firewall: default deny; the tailnet interface is trusted; the public side gets only Tailscale's
# UDP port (and, when configured, the Cloudflare-proxied dashboard port).
{ config, lib, ... }:
let
  cfg = config.services.opencodeMemory;
  ports = import ../lib/ports.nix;
in
{
  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      networking.hostName = cfg.hostName;
      networking.useDHCP = lib.mkDefault true;
      networking.nftables.enable = true;
      networking.firewall = {
        enable = true;
        trustedInterfaces = [ "tailscale0" ];
        allowedUDPPorts = [ ports.tailscale ];
        allowPing = true;
        # Tailscale's exit-node/subnet traffic uses loose reverse-path filtering.
        checkReversePath = "loose";
      };
    }
    (lib.mkIf (cfg.publicDashboardHost != null) {
      networking.firewall.allowedTCPPorts = [ ports.caddyPublicDashboard ];
    })
  ]);
}
