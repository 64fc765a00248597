/**
 * NixOS on the server: nixos-anywhere once per server (keyed on the server id, nothing else), then
 * on each change to nixos/ a copy of it to the host and `nixos-rebuild switch` there. Two
 * components, because the tailnet address later deploys use only exists after the install.
 */
import { basename } from "node:path";
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { HOST_STAGING_DIR, INSTALL_NOOP_UPDATE, installScript, rebuildScript } from "./nixos-scripts.js";

export interface NixosInstallArgs {
  /** The server's id: the install's only trigger. */
  serverId: pulumi.Input<string>;
  /** Public IPv4 the installer connects to. */
  publicIpv4: pulumi.Input<string>;
  /** Absolute path of the flake directory (nixos/). */
  nixosDir: string;
  /** nixosConfigurations attribute. */
  flakeHost: string;
  /** Root's SSH private key (secret); its public half is one of the admin keys. */
  sshPrivateKey: pulumi.Input<string>;
  /** 1Password service-account token OpNix uses on the host (secret). */
  opnixToken: pulumi.Input<string>;
  /** Where OpNix expects that token on the host. */
  opnixTokenPath: string;
  /** Resources the install must wait for (the secrets item OpNix reads at first boot). */
  after: pulumi.Input<pulumi.Resource>[];
}

/** Every install input but the trigger: an edited script or environment must not re-install. */
export const INSTALL_IGNORED_INPUTS = [
  "create",
  "update",
  "delete",
  "environment",
  "interpreter",
  "dir",
  "logging",
];

/** nixos-anywhere, once per server: it wipes the disk. */
export class NixosInstall extends pulumi.ComponentResource {
  readonly command: command.local.Command;

  constructor(name: string, args: NixosInstallArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ocm:nixos:NixosInstall", name, {}, opts);
    this.command = new command.local.Command(
      `${name}-anywhere`,
      {
        triggers: [args.serverId],
        interpreter: ["/usr/bin/env", "bash", "-c"],
        create: installScript(),
        // Belt and braces with ignoreChanges: without an update command, the provider re-runs create.
        update: INSTALL_NOOP_UPDATE,
        environment: {
          HOST_IP: args.publicIpv4,
          FLAKE_DIR: args.nixosDir,
          FLAKE_HOST: args.flakeHost,
          OPNIX_TOKEN_PATH: args.opnixTokenPath,
          SSH_PRIVATE_KEY: pulumi.secret(args.sshPrivateKey),
          OPNIX_TOKEN: pulumi.secret(args.opnixToken),
        },
        logging: "stdoutAndStderr",
      },
      { parent: this, dependsOn: args.after, ignoreChanges: INSTALL_IGNORED_INPUTS },
    );
    this.registerOutputs({ installId: this.command.id });
  }
}

export interface NixosSwitchArgs {
  /** Address to SSH to: the public IPv4 while bootstrapping, the tailnet address after. */
  host: pulumi.Input<string>;
  /** Absolute path of the flake directory (nixos/). */
  nixosDir: string;
  /** Its content hash (hashDirectory): the only trigger. */
  nixosHash: string;
  flakeHost: string;
  /** Secret. */
  sshPrivateKey: pulumi.Input<string>;
  /** The install this switch follows. */
  install: NixosInstall;
}

/** Copy nixos/ to the host and switch to it, each time its content hash changes. */
export class NixosSwitch extends pulumi.ComponentResource {
  readonly copy: command.remote.CopyToRemote;
  readonly rebuild: command.remote.Command;

  constructor(name: string, args: NixosSwitchArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ocm:nixos:NixosSwitch", name, {}, opts);
    const connection = {
      host: args.host,
      user: "root",
      privateKey: pulumi.secret(args.sshPrivateKey),
      dialErrorLimit: 30,
    };
    const after = [args.install.command];

    this.copy = new command.remote.CopyToRemote(
      `${name}-copy`,
      {
        connection,
        source: new pulumi.asset.FileArchive(args.nixosDir),
        remotePath: `${HOST_STAGING_DIR}/${args.nixosHash}`,
        triggers: [args.nixosHash],
      },
      { parent: this, dependsOn: after },
    );

    this.rebuild = new command.remote.Command(
      `${name}-rebuild`,
      {
        connection,
        create: rebuildScript(args.nixosHash, args.flakeHost, basename(args.nixosDir)),
        triggers: [args.nixosHash],
        logging: "stdoutAndStderr",
      },
      { parent: this, dependsOn: [...after, this.copy] },
    );
    this.registerOutputs({ rebuildId: this.rebuild.id });
  }
}
