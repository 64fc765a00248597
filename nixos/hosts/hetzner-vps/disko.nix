# Disk layout (disko, used by nixos-anywhere at install): GPT, a 1 MiB BIOS boot partition (Hetzner
# cloud boots legacy BIOS), an EFI system partition, and one Btrfs filesystem with subvolumes.
# zstd compression everywhere; the database directories are made nodatacow below.
{ ... }:
let
  opts = [ "compress=zstd" "noatime" ];
in
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/sda";
    content = {
      type = "gpt";
      partitions = {
        boot = { size = "1M"; type = "EF02"; priority = 1; };
        ESP = {
          size = "512M";
          type = "EF00";
          content = { type = "filesystem"; format = "vfat"; mountpoint = "/boot"; mountOptions = [ "umask=0077" ]; };
        };
        # The partition label is disk-main-root: the impermanence rollback mounts it by that name.
        root = {
          size = "100%";
          content = {
            type = "btrfs";
            extraArgs = [ "-f" ];
            subvolumes = {
              "/root" = { mountpoint = "/"; mountOptions = opts; };
              "/nix" = { mountpoint = "/nix"; mountOptions = opts; };
              "/persist" = { mountpoint = "/persist"; mountOptions = opts; };
              "/log" = { mountpoint = "/var/log"; mountOptions = opts; };
              # Backup snapshots of /persist; same filesystem, so snapshots are instant.
              "/snapshots" = { mountpoint = "/snapshots"; mountOptions = opts; };
            };
          };
        };
      };
    };
  };

  # nodatacow for database files (Valkey AOF/RDB, FalkorDB): rewriting them in place under CoW
  # fragments them badly. +C only takes effect on empty directories, so it is set when they are
  # created; new files inherit it. (They lose Btrfs checksums and compression; snapshots still work.)
  systemd.tmpfiles.rules = [
    "d /persist/containers/valkey 0750 root root -"
    "d /persist/containers/falkordb 0750 root root -"
    "h /persist/containers/valkey - - - - +C"
    "h /persist/containers/falkordb - - - - +C"
  ];
}
