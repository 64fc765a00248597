/**
 * Provider tokens from a 1Password item, when the stack names one. The lookup result is not
 * marked secret by the 1Password SDK, so every value is wrapped in pulumi.secret here, before
 * anything else can read it.
 */
import * as onepassword from "@1password/pulumi-onepassword";
import * as pulumi from "@pulumi/pulumi";
import { PROVIDER_TOKEN_FIELDS, type ProviderTokenField } from "./fields.js";

export type ProviderTokens = Record<ProviderTokenField, pulumi.Output<string>>;

interface ItemShape {
  sections?: { fields?: { label: string; value: string }[] }[];
}

/** Finds a field by label in any section; throws naming the item and the missing label. */
export function fieldValue(item: ItemShape, label: string, itemTitle: string): string {
  for (const section of item.sections ?? []) {
    for (const field of section.fields ?? []) {
      if (field.label === label && field.value !== "") return field.value;
    }
  }
  throw new Error(`1Password item "${itemTitle}" has no field "${label}"`);
}

/** `vault` is the vault's UUID. */
export function readProviderTokens(
  vault: pulumi.Input<string>,
  title: string,
  opts?: pulumi.InvokeOutputOptions,
): ProviderTokens {
  const item = onepassword.getItemOutput({ vault, title }, opts);
  const tokens = {} as ProviderTokens;
  for (const label of Object.keys(PROVIDER_TOKEN_FIELDS) as ProviderTokenField[]) {
    tokens[label] = pulumi.secret(item.apply((i) => fieldValue(i, label, title)));
  }
  return tokens;
}
