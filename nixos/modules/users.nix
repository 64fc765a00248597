# Users: declared only (no `passwd` drift across the root rollback), keys only, sudo without a
# password because no account has one.
{ config, lib, ... }:
let
  cfg = config.services.opencodeMemory;
in
{
  config = lib.mkIf cfg.enable {
    users.mutableUsers = false;
    users.users.admin = {
      isNormalUser = true;
      extraGroups = [ "wheel" ];
      openssh.authorizedKeys.keys = cfg.adminSshKeys;
      hashedPassword = "!";
    };
    users.users.root.hashedPassword = "!";
    security.sudo.wheelNeedsPassword = false;
    assertions = [{
      assertion = cfg.adminSshKeys != [ ];
      message = "services.opencodeMemory.adminSshKeys is empty: nobody could log in.";
    }];
  };
}
