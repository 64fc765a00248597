# Impermanence: / is rolled back to an empty subvolume on every boot; only what is declared here
# (on the /persist subvolume) survives. Anything not listed is lost at reboot, on purpose.
{ config, lib, ... }:
{
  config = lib.mkIf config.services.opencodeMemory.enable {
    # Runs in the initrd before / is mounted: move the old root aside, start from a fresh one, and
    # drop the moved-aside roots after 7 days (a window to recover something forgotten here).
    boot.initrd.postResumeCommands = lib.mkAfter ''
      mkdir -p /btrfs_tmp
      mount -o subvol=/ /dev/disk/by-partlabel/disk-main-root /btrfs_tmp
      if [ -e /btrfs_tmp/root ]; then
        mkdir -p /btrfs_tmp/old_roots
        stamp=$(date --date="@$(stat -c %Y /btrfs_tmp/root)" "+%Y%m%dT%H%M%S")
        mv /btrfs_tmp/root "/btrfs_tmp/old_roots/$stamp"
      fi
      delete_subvolume_recursively() {
        IFS=$'\n'
        for sub in $(btrfs subvolume list -o "$1" | cut -f 9- -d ' '); do
          delete_subvolume_recursively "/btrfs_tmp/$sub"
        done
        btrfs subvolume delete "$1"
      }
      for old in $(find /btrfs_tmp/old_roots/ -maxdepth 1 -mtime +7); do
        delete_subvolume_recursively "$old"
      done
      btrfs subvolume create /btrfs_tmp/root
      umount /btrfs_tmp
    '';

    fileSystems."/persist".neededForBoot = true;
    fileSystems."/var/log".neededForBoot = true;

    environment.persistence."/persist" = {
      hideMounts = true;
      directories = [
        "/var/lib/nixos" # uid/gid map: users keep their ids across boots
        "/var/lib/systemd/timers" # Persistent=true timers remember their last run
        "/var/lib/systemd/coredump"
        "/var/lib/tailscale" # node identity: no re-auth (and no new node) per boot
        "/var/lib/caddy" # certificates and their keys
        "/var/lib/containers" # podman images (the pod's data is under /persist/containers)
        "/etc/nixos-src" # the repository copy the deploy pushes: flake and image sources
      ];
      files = [ "/etc/machine-id" ];
    };
    # Declared directly under /persist (not bind-mounted): containers, backup status, workspace,
    # the OpNix token and the SSH host key.
    systemd.tmpfiles.rules = [
      "d /persist/containers 0750 root root -"
      "d /persist/backup 0755 root root -"
      "d /persist/workspace 0750 root root -"
      "d /persist/etc 0750 root root -"
      "d /persist/etc/ssh 0755 root root -"
    ];
  };
}
