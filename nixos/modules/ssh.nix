# SSH: keys only, no root login. Reachable over the tailnet (and while bootstrapping through the
# provider firewall's admin CIDRs); host keys live under /persist so they survive the root rollback.
{ config, lib, ... }:
{
  config = lib.mkIf config.services.opencodeMemory.enable {
    services.openssh = {
      enable = true;
      openFirewall = false;
      settings = {
        PasswordAuthentication = false;
        KbdInteractiveAuthentication = false;
        PermitRootLogin = "no";
        X11Forwarding = false;
      };
      hostKeys = [{ path = "/persist/etc/ssh/ssh_host_ed25519_key"; type = "ed25519"; }];
    };
    # Port 22 stays open on the public interface until Tailscale is up: the Pulumi firewall limits
    # it to admin CIDRs, and the first nixos-rebuild arrives over it.
    networking.firewall.allowedTCPPorts = [ 22 ];
  };
}
