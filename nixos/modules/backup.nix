# Backups: opencode-backup.service + timer, and the `opencode-restore` command for the runbook.
{ config, lib, pkgs, ... }:
let
  cfg = config.services.opencodeMemory;
  ports = import ../lib/ports.nix;
  # Metric names come from lib/backup-metrics.nix, which a test keeps equal to names.ts.
  environment = import ../lib/backup-metrics.nix // {
    PERSIST_DIR = "/persist";
    SNAPSHOT_DIR = "/snapshots";
    STATUS_FILE = cfg.backup.statusFile;
    RETENTION_DAYS = toString cfg.backup.retentionDays;
    MEMORY_URL = "http://127.0.0.1:${toString ports.memory}";
    BACKUP_HOST = cfg.hostName;
    DD_AGENT_HOST = "127.0.0.1";
    DD_DOGSTATSD_PORT = toString ports.dogstatsd;
    STAGING_DIR = "/var/tmp";
  };
  path = with pkgs; [ btrfs-progs rclone curl jq coreutils findutils gawk gnused gnugrep hostname systemd ];
  units = import ../lib/units/backup.nix {
    bash = "${pkgs.bash}/bin/bash";
    scripts = ../scripts;
    inherit (cfg) envFile;
    inherit path environment;
    inherit (cfg.backup) onCalendar;
  };
  # The restore runs by hand (docs/runbook-restore.md) with the backup job's settings and secrets.
  restore = pkgs.writeShellScriptBin "opencode-restore" ''
    set -euo pipefail
    export PATH=${lib.makeBinPath path}:$PATH
    ${lib.concatStringsSep "\n" (lib.mapAttrsToList (k: v: "export ${k}=${lib.escapeShellArg v}") environment)}
    export POD_STOP_CMD="systemctl stop opencode-memory-pod.service"
    export POD_START_CMD="systemctl start opencode-memory-pod.service"
    set -a
    . ${cfg.envFile}
    set +a
    exec ${pkgs.bash}/bin/bash ${../scripts}/restore.sh "$@"
  '';
in
{
  config = lib.mkIf (cfg.enable && cfg.backup.enable) {
    systemd.services = units.services;
    systemd.timers = units.timers;
    environment.systemPackages = [ restore ];
  };
}
