# opencode-backup.service + .timer (every 6 h, catching up after downtime).
# Pure (no nixpkgs): the module passes store paths and packages, the tests pass stub paths.
{ bash, scripts, envFile, path, environment, onCalendar ? "*-*-* 00/6:00:00" }:
{
  services.opencode-backup = {
    description = "Back up /persist (FalkorDB, Valkey) and the memory export to Backblaze B2";
    after = [ "opencode-memory-pod.service" "opencode-env.service" "network-online.target" ];
    requires = [ "opencode-env.service" ];
    wants = [ "network-online.target" ];
    inherit path environment;
    serviceConfig = {
      Type = "oneshot";
      EnvironmentFile = envFile;
      ExecStart = "${bash} ${scripts}/backup.sh";
      UMask = "0077";
      PrivateTmp = true;
      Nice = 10;
      IOSchedulingClass = "idle";
      TimeoutStartSec = "2h";
    };
  };

  timers.opencode-backup = {
    description = "Run opencode-backup.service every 6 hours";
    wantedBy = [ "timers.target" ];
    timerConfig = {
      OnCalendar = onCalendar;
      Persistent = true;
      RandomizedDelaySec = "10min";
      Unit = "opencode-backup.service";
    };
  };
}
