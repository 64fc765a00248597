# The pod: Podman with the socket the Datadog agent reads, the image build, and the pod service.
{ config, lib, pkgs, ... }:
let
  cfg = config.services.opencodeMemory;
  ports = import ../lib/ports.nix;
  units = import ../lib/units/pod.nix {
    bash = "${pkgs.bash}/bin/bash";
    scripts = ../scripts;
    inherit (cfg) sourceDir envFile;
    path = with pkgs; [ podman coreutils findutils gnugrep gnused hostname ];
    environment = {
      POD_NAME = "opencode-memory-pod";
      DATA_DIR = "/persist/containers";
      STATUS_DIR = builtins.dirOf cfg.backup.statusFile;
      WORKSPACE_DIR = "/persist/workspace";
      PUBLISH_ADDR = "127.0.0.1";
      VALKEY_IMAGE = cfg.images.valkey;
      FALKORDB_IMAGE = cfg.images.falkordb;
      DATADOG_IMAGE = if cfg.datadog.enable then cfg.images.datadog else "";
      MEMORY_IMAGE = "localhost/opencode-memory:current";
      OPENCODE_IMAGE = "localhost/opencode-server:current";
      PLUGIN_DIR = "${cfg.sourceDir}/plugin";
      DD_SITE = cfg.datadog.site;
      DD_ENV = cfg.datadog.env;
      DD_HOSTNAME = cfg.hostName;
      OPENCODE_PORT = toString ports.opencode;
      MEMORY_PORT = toString ports.memory;
      VALKEY_PORT = toString ports.valkey;
      FALKORDB_PORT = toString ports.falkordb;
      FALKORDB_BROWSER_PORT = toString ports.falkordbBrowser;
      DD_DOGSTATSD_PORT = toString ports.dogstatsd;
    };
  };
in
{
  config = lib.mkIf cfg.enable {
    virtualisation.podman = {
      enable = true;
      # The Datadog agent lists containers through the Docker-compatible socket (mounted read-only).
      dockerSocket.enable = false;
      autoPrune.enable = true;
    };
    virtualisation.containers.enable = true;
    systemd.sockets.podman.wantedBy = [ "sockets.target" ];
    systemd.services = units.services;
  };
}
