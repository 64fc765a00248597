{
  description = "The OpenCode memory host (hetzner-vps): Btrfs, impermanence, OpNix, Tailscale, Caddy, the pod, backups";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";
    disko = {
      url = "github:nix-community/disko";
      inputs.nixpkgs.follows = "nixpkgs";
    };
    impermanence.url = "github:nix-community/impermanence";
    opnix = {
      url = "github:brizzbuzz/opnix";
      inputs.nixpkgs.follows = "nixpkgs";
    };
  };

  outputs = { nixpkgs, disko, impermanence, opnix, ... }: {
    nixosConfigurations.hetzner-vps = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [
        disko.nixosModules.disko
        impermanence.nixosModules.impermanence
        opnix.nixosModules.default
        ./hosts/hetzner-vps
      ];
    };
  };
}
