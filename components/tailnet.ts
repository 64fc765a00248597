/**
 * The tailnet side: the policy (taken over from whatever was there) and the host's one-time,
 * pre-authorized, tagged join key.
 */
import * as pulumi from "@pulumi/pulumi";
import * as tailscale from "@pulumi/tailscale";
import { renderPolicy, tailnetPolicy } from "./tailnet-policy.js";

export interface TailnetArgs {
  adminEmails: string[];
  serverTag: string;
  adminTag: string;
  ciTag: string;
  /** Seconds the join key stays valid. */
  keyExpirySeconds: number;
}

export class Tailnet extends pulumi.ComponentResource {
  readonly acl: tailscale.Acl;
  readonly key: tailscale.TailnetKey;
  /** The join key (secret). */
  readonly authKey: pulumi.Output<string>;

  constructor(name: string, args: TailnetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ocm:tailnet:Tailnet", name, {}, opts);
    this.acl = new tailscale.Acl(
      `${name}-acl`,
      { acl: renderPolicy(tailnetPolicy(args)), overwriteExistingContent: true },
      { parent: this },
    );
    // The tag must exist in the policy before a key can carry it.
    this.key = new tailscale.TailnetKey(
      `${name}-host-key`,
      {
        reusable: false,
        ephemeral: false,
        preauthorized: true,
        tags: [args.serverTag],
        expiry: args.keyExpirySeconds,
        description: "opencode host first boot",
      },
      { parent: this, dependsOn: [this.acl] },
    );
    this.authKey = pulumi.secret(this.key.key);
    this.registerOutputs({ authKey: this.authKey });
  }
}
