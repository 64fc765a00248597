# What this machine is: the modules it uses and its settings. Values the deploy knows (tailnet name,
# admin keys) come from host.json, which the Pulumi program writes next to this file.
{ lib, ... }:
let
  settingsFile = ./host.json;
  settings = if builtins.pathExists settingsFile then builtins.fromJSON (builtins.readFile settingsFile) else { };
in
{
  imports = [
    ./hardware.nix
    ./disko.nix
    ../../modules/options.nix
    ../../modules/users.nix
    ../../modules/ssh.nix
    ../../modules/networking.nix
    ../../modules/impermanence.nix
    ../../modules/secrets.nix
    ../../modules/tailscale.nix
    ../../modules/caddy.nix
    ../../modules/opencode-pod.nix
    ../../modules/backup.nix
  ];

  services.opencodeMemory = {
    enable = true;
    hostName = "hetzner-vps";
    tailnetHost = settings.tailnetHost or "hetzner-vps.example.ts.net";
    publicDashboardHost = settings.publicDashboardHost or null;
    adminSshKeys = settings.adminSshKeys or [ ];
  } // lib.optionalAttrs (settings ? onePasswordVault) { onePassword.vault = settings.onePasswordVault; }
    // lib.optionalAttrs (settings ? onePasswordItem) { onePassword.item = settings.onePasswordItem; };

  nix.settings.experimental-features = [ "nix-command" "flakes" ];
  time.timeZone = "UTC";
  i18n.defaultLocale = "en_US.UTF-8";
  system.stateVersion = "25.05";
}
