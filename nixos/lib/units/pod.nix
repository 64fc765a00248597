# opencode-images.service (build the local images) and opencode-memory-pod.service (the pod).
# Pure (no nixpkgs): the module passes store paths and packages, the tests pass stub paths.
{ bash, scripts, sourceDir, envFile, path, environment }:
{
  services.opencode-images = {
    description = "Build the OpenCode and memory service images from ${sourceDir}";
    after = [ "network-online.target" ];
    wants = [ "network-online.target" ];
    inherit path;
    serviceConfig = {
      Type = "oneshot";
      RemainAfterExit = true;
      ExecStart = "${bash} ${scripts}/build-images.sh ${sourceDir}";
      # First boot pulls the base image and runs npm ci: minutes, not seconds.
      TimeoutStartSec = "30min";
    };
  };

  services.opencode-memory-pod = {
    description = "OpenCode memory pod (Valkey, FalkorDB, Datadog agent, memory service, OpenCode)";
    after = [ "network-online.target" "opencode-env.service" "opencode-images.service" "podman.socket" ];
    requires = [ "opencode-env.service" "opencode-images.service" ];
    wants = [ "network-online.target" "podman.socket" ];
    wantedBy = [ "multi-user.target" ];
    inherit path environment;
    serviceConfig = {
      # podman detaches; systemd follows the pod's infra conmon through its pid file, and restarts
      # the whole pod (in order, with health checks) if it dies.
      Type = "forking";
      PIDFile = "/run/opencode-memory-pod/infra.pid";
      EnvironmentFile = envFile;
      ExecStart = "${bash} ${scripts}/pod-start.sh";
      ExecStop = "${bash} ${scripts}/pod-stop.sh";
      ExecStopPost = "${bash} ${scripts}/pod-stop.sh";
      RuntimeDirectory = "opencode-memory-pod";
      RuntimeDirectoryMode = "0700";
      Restart = "on-failure";
      RestartSec = "15s";
      TimeoutStartSec = "15min";
      TimeoutStopSec = "90s";
      # podman's conmon processes must outlive ExecStart: let systemd kill only what ExecStop misses.
      KillMode = "mixed";
    };
  };
}
