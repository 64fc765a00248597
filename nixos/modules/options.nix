# The options every module of this project reads, under one namespace.
{ lib, ... }:
let
  inherit (lib) mkOption mkEnableOption types;
in
{
  options.services.opencodeMemory = {
    enable = mkEnableOption "the OpenCode memory stack (pod, backups, secrets, Caddy)";

    hostName = mkOption {
      type = types.str;
      default = "hetzner-vps";
      description = "Host name; also the `host` tag on backup metrics.";
    };

    tailnetHost = mkOption {
      type = types.str;
      example = "hetzner-vps.tail1234.ts.net";
      description = "The machine's MagicDNS name; Caddy gets its TLS certificate from tailscaled.";
    };

    publicDashboardHost = mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "memory.example.com";
      description = ''
        A Cloudflare-proxied name for the dashboard only. When set, Caddy serves it on 8443 and the
        firewall opens 8443 on every interface; restrict the provider firewall to Cloudflare's ranges.
      '';
    };

    adminSshKeys = mkOption {
      type = types.listOf types.str;
      default = [ ];
      description = "SSH public keys of the admin user (the only way in; no passwords anywhere).";
    };

    onePassword = {
      vault = mkOption { type = types.str; default = "opencode-memory"; description = "1Password vault."; };
      item = mkOption { type = types.str; default = "hetzner-vps"; description = "1Password item holding the fields."; };
      tokenFile = mkOption {
        type = types.str;
        default = "/persist/etc/opnix-token";
        description = "The service-account token: the one secret placed on the host by hand or by the installer.";
      };
    };

    envFile = mkOption {
      type = types.str;
      default = "/run/secrets/opencode.env";
      description = "Environment file assembled from the 1Password fields (tmpfs, mode 0600).";
    };

    sourceDir = mkOption {
      type = types.str;
      default = "/etc/nixos-src";
      description = "Where the deploy copies the repository (nixos/, memory/, plugin/, package files).";
    };

    images = {
      valkey = mkOption { type = types.str; default = "docker.io/valkey/valkey:7.2-alpine"; description = "Valkey 7.2 image."; };
      falkordb = mkOption { type = types.str; default = "docker.io/falkordb/falkordb:v4.22.0"; description = "FalkorDB image (server + browser)."; };
      datadog = mkOption { type = types.str; default = "gcr.io/datadoghq/agent:7.64.3"; description = "Datadog agent image."; };
    };

    datadog = {
      enable = mkOption { type = types.bool; default = true; description = "Run the Datadog agent in the pod."; };
      site = mkOption { type = types.str; default = "datadoghq.com"; description = "Datadog site."; };
      env = mkOption { type = types.str; default = "prod"; description = "DD_ENV tag."; };
    };

    backup = {
      enable = mkOption { type = types.bool; default = true; description = "Back up to B2 every 6 hours."; };
      onCalendar = mkOption { type = types.str; default = "*-*-* 00/6:00:00"; description = "systemd OnCalendar of the backup timer."; };
      retentionDays = mkOption { type = types.ints.positive; default = 30; description = "Local snapshots older than this are deleted."; };
      statusFile = mkOption {
        type = types.str;
        default = "/persist/backup/status.json";
        description = "JSON status the dashboard reads ({lastSuccess, duration, bytes, timestamp}).";
      };
    };
  };
}
