/**
 * The Hetzner machine: admin SSH keys, a default-deny firewall, and the server itself. The server
 * boots a stock image; NixosDeploy replaces it with NixOS.
 */
import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import { firewallRules } from "./firewall-rules.js";
import { assertServerTypeAvailable } from "./server-type.js";

export interface HostArgs {
  /** Server name and hostname. */
  name: string;
  /** Hetzner server type, checked against Hetzner's current list. */
  serverType: string;
  /** Hetzner location (nbg1, fsn1, hel1). */
  location: string;
  /** Image booted before nixos-anywhere takes over. */
  bootImage: string;
  /** OpenSSH public keys for root. */
  adminSshKeys: string[];
  /** Networks allowed to SSH while bootstrapping. */
  adminCidrs: string[];
  /** Whether public SSH is open (first install) or closed (deploys over the tailnet). */
  bootstrap: boolean;
  /** Hetzner's daily backups. */
  backups: boolean;
  /** Cloudflare edge ranges allowed to the dashboard origin port. */
  cloudflareCidrs: pulumi.Input<string[]>;
  /** Labels on every Hetzner resource. */
  labels: Record<string, string>;
}

export class Host extends pulumi.ComponentResource {
  readonly server: hcloud.Server;
  readonly firewall: hcloud.Firewall;
  readonly ipv4: pulumi.Output<string>;
  readonly ipv6: pulumi.Output<string>;
  readonly serverId: pulumi.Output<string>;

  constructor(name: string, args: HostArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ocm:host:Host", name, {}, opts);
    const child = { parent: this };

    // Fails the preview with a clear message when Hetzner no longer sells the type here.
    const checkedType = hcloud
      .getServerTypesOutput(child)
      .apply((r) => assertServerTypeAvailable(r.serverTypes, args.serverType, args.location).name);

    const keys = args.adminSshKeys.map(
      (publicKey, i) =>
        new hcloud.SshKey(
          `${name}-admin-${i}`,
          { name: `${args.name}-admin-${i}`, publicKey, labels: args.labels },
          child,
        ),
    );

    this.firewall = new hcloud.Firewall(
      `${name}-fw`,
      {
        name: `${args.name}-fw`,
        labels: args.labels,
        rules: pulumi
          .output(args.cloudflareCidrs)
          .apply((cloudflareCidrs) =>
            firewallRules({ adminCidrs: args.adminCidrs, bootstrap: args.bootstrap, cloudflareCidrs }),
          ),
      },
      child,
    );

    this.server = new hcloud.Server(
      `${name}-server`,
      {
        name: args.name,
        serverType: checkedType,
        image: args.bootImage,
        location: args.location,
        sshKeys: keys.map((k) => k.id),
        firewallIds: [this.firewall.id.apply(Number)],
        publicNets: [{ ipv4Enabled: true, ipv6Enabled: true }],
        backups: args.backups,
        labels: args.labels,
      },
      // The image and keys only matter for the first boot (nixos-anywhere rewrites the disk and NixOS
      // owns authorized_keys); Hetzner would replace the server, wiping it, if either changed.
      { ...child, ignoreChanges: ["image", "sshKeys"] },
    );

    this.ipv4 = this.server.ipv4Address;
    this.ipv6 = this.server.ipv6Address;
    this.serverId = this.server.id;
    this.registerOutputs({ ipv4: this.ipv4, ipv6: this.ipv6, serverId: this.serverId });
  }
}
