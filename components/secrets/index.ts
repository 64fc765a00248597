/**
 * The host's secrets: generated passwords (random) plus what other components made (tailnet key,
 * B2 key) and what config holds (Datadog, OpenAI), written as one 1Password item for OpNix.
 */
import * as onepassword from "@1password/pulumi-onepassword";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import {
  GENERATED_FIELDS,
  type GeneratedField,
  HOST_SECRET_FIELDS,
  HOST_SECRET_SECTION,
  type HostSecretField,
} from "./fields.js";

export * from "./fields.js";

/** Values the caller supplies; the rest are generated here. */
export type SuppliedSecrets = Record<Exclude<HostSecretField, GeneratedField>, pulumi.Input<string>>;

export interface HostSecretsArgs {
  /** 1Password vault UUID (resolve a name with onepassword.getVaultOutput). */
  vault: pulumi.Input<string>;
  title: string;
  supplied: SuppliedSecrets;
  tags?: string[];
}

export class HostSecrets extends pulumi.ComponentResource {
  readonly item: onepassword.Item;
  /** Generated values, all secret. */
  readonly memoryToken: pulumi.Output<string>;
  readonly opencodePassword: pulumi.Output<string>;

  constructor(name: string, args: HostSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ocm:secrets:HostSecrets", name, {}, opts);
    // Letters and digits only: the host's env file forbids quotes and newlines.
    const generated = {} as Record<GeneratedField, pulumi.Output<string>>;
    for (const field of GENERATED_FIELDS) {
      const resName = `${name}-${field.toLowerCase().replace(/_/g, "-")}`;
      generated[field] = pulumi.secret(
        new random.RandomPassword(resName, { length: 40, special: false }, { parent: this }).result,
      );
    }
    this.memoryToken = generated.MEMORY_TOKEN;
    this.opencodePassword = generated.OPENCODE_SERVER_PASSWORD;
    const values: Record<HostSecretField, pulumi.Input<string>> = { ...args.supplied, ...generated };

    this.item = new onepassword.Item(
      `${name}-item`,
      {
        vault: args.vault,
        title: args.title,
        category: "secureNote",
        tags: args.tags ?? ["opencode", "pulumi"],
        sections: [
          {
            label: HOST_SECRET_SECTION,
            fields: HOST_SECRET_FIELDS.map((label) => ({
              label,
              type: "CONCEALED",
              value: pulumi.secret(values[label]),
            })),
          },
        ],
      },
      { parent: this },
    );
    this.registerOutputs({ itemId: this.item.id });
  }
}
