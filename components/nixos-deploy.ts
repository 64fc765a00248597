/**
 * NixOS on the server: nixos-anywhere once per server (keyed on the server id, nothing else), then
 * on each change to the bundle (nixos/, memory/, plugin/, package files) or to host.json a copy to
 * the host and `nixos-rebuild switch` there. Two components, because the tailnet address later
 * deploys use only exists after the install.
 */
import { createHash } from "node:crypto";
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import type { Bundle } from "./deploy-bundle.js";
import { asRoot, INSTALL_NOOP_UPDATE, installScript, rebuildScript, stagingDir } from "./nixos-scripts.js";

export interface NixosInstallArgs {
  /** The server's id: the install's only trigger. */
  serverId: pulumi.Input<string>;
  /** Public IPv4 the installer connects to (as root on the stock image). */
  publicIpv4: pulumi.Input<string>;
  /** The staged bundle (its flake is installed). */
  bundle: Bundle;
  /** nixosConfigurations attribute. */
  flakeHost: string;
  /** host.json for the first boot (admin keys, 1Password item). */
  hostSettingsJson: pulumi.Input<string>;
  /** SSH private key (secret); its public half is one of the admin keys. */
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
          BUNDLE_DIR: args.bundle.dir,
          FLAKE_HOST: args.flakeHost,
          HOST_SETTINGS_JSON: args.hostSettingsJson,
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
  /** User with passwordless sudo on the installed host. */
  user: string;
  /** The staged bundle; its hash is the main trigger. */
  bundle: Bundle;
  /** host.json as the host should see it now (tailnet name known). */
  hostSettingsJson: pulumi.Input<string>;
  flakeHost: string;
  /** Secret. */
  sshPrivateKey: pulumi.Input<string>;
  /** The install this switch follows. */
  install: NixosInstall;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** Copy the bundle and host.json to the host and switch to them, each time either changes. */
export class NixosSwitch extends pulumi.ComponentResource {
  readonly copy: command.remote.CopyToRemote;
  readonly settings: command.remote.CopyToRemote;
  readonly rebuild: command.remote.Command;

  constructor(name: string, args: NixosSwitchArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ocm:nixos:NixosSwitch", name, {}, opts);
    const connection = {
      host: args.host,
      user: args.user,
      privateKey: pulumi.secret(args.sshPrivateKey),
      dialErrorLimit: 30,
    };
    const staging = stagingDir(args.user);
    const after = [args.install.command];
    const settingsHash = pulumi.output(args.hostSettingsJson).apply(sha256);
    const settingsFile = settingsHash.apply((h) => `${staging}/host-${h}.json`);

    this.copy = new command.remote.CopyToRemote(
      `${name}-copy`,
      {
        connection,
        source: new pulumi.asset.FileArchive(args.bundle.dir),
        remotePath: `${staging}/${args.bundle.hash}`,
        triggers: [args.bundle.hash],
      },
      { parent: this, dependsOn: after },
    );
    this.settings = new command.remote.CopyToRemote(
      `${name}-host-json`,
      {
        connection,
        source: pulumi.output(args.hostSettingsJson).apply((json) => new pulumi.asset.StringAsset(json)),
        remotePath: settingsFile,
        triggers: [settingsHash],
      },
      { parent: this, dependsOn: after },
    );

    this.rebuild = new command.remote.Command(
      `${name}-rebuild`,
      {
        connection,
        create: settingsFile.apply((file) =>
          asRoot(
            rebuildScript({
              bundleHash: args.bundle.hash,
              settingsFile: file,
              flakeHost: args.flakeHost,
              staging,
            }),
          ),
        ),
        triggers: [args.bundle.hash, settingsHash],
        logging: "stdoutAndStderr",
      },
      { parent: this, dependsOn: [...after, this.copy, this.settings] },
    );
    this.registerOutputs({ rebuildId: this.rebuild.id });
  }
}
