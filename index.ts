/**
 * The whole system on stack `prod`: the Hetzner host, NixOS on it, the tailnet, the host's
 * secrets in 1Password, DNS, B2 backups and Datadog monitors. Config is read here, once; the
 * components get plain values. Settings and secrets: docs/deploy.md.
 */
import { resolve } from "node:path";
import * as onepassword from "@1password/pulumi-onepassword";
import * as cloudflare from "@pulumi/cloudflare";
import * as datadog from "@pulumi/datadog";
import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import * as tailscale from "@pulumi/tailscale";
import { Backups } from "./components/backups.js";
import { decodeConfigValue, parseStackConfig, StackConfigSchema } from "./components/config.js";
import { stageBundle } from "./components/deploy-bundle.js";
import { Dns } from "./components/dns.js";
import { Host } from "./components/host.js";
import { renderHostSettings } from "./components/host-settings.js";
import { Monitors } from "./components/monitors/index.js";
import { NixosInstall, NixosSwitch } from "./components/nixos-deploy.js";
import { HostSecrets, OPNIX_TOKEN_PATH } from "./components/secrets/index.js";
import { type ProviderTokens, readProviderTokens } from "./components/secrets/provider-tokens.js";
import { Tailnet } from "./components/tailnet.js";

const config = new pulumi.Config();
const raw: Record<string, unknown> = {};
for (const key of Object.keys(StackConfigSchema.shape)) {
  const value = config.get(key);
  if (value !== undefined) raw[key] = decodeConfigValue(value);
}
const cfg = parseStackConfig(raw);

// Provider tokens: from a 1Password item when the stack names one, else each provider's own config.
const vault = onepassword.getVaultOutput({ name: cfg.opVault });
const tokens: ProviderTokens | undefined = cfg.opProviderItem
  ? readProviderTokens(vault.uuid, cfg.opProviderItem)
  : undefined;
const tailscaleProvider = tokens && new tailscale.Provider("tailscale", { apiKey: tokens.TAILSCALE_API_KEY });
const providers: pulumi.ProviderResource[] =
  tokens && tailscaleProvider
    ? [
        new hcloud.Provider("hcloud", { token: tokens.HCLOUD_TOKEN }),
        new cloudflare.Provider("cloudflare", { apiToken: tokens.CLOUDFLARE_API_TOKEN }),
        tailscaleProvider,
        new datadog.Provider("datadog", { apiKey: tokens.DATADOG_API_KEY, appKey: tokens.DATADOG_APP_KEY }),
      ]
    : [];
const withProviders = { providers };
const secret = (fromItem: pulumi.Output<string> | undefined, key: string) =>
  fromItem ?? config.requireSecret(key);

const labels = { project: "opencode-memory", stack: pulumi.getStack(), "managed-by": "pulumi" };
const edge = cloudflare.getIpRangesOutput(
  {},
  { provider: providers.find((p) => p instanceof cloudflare.Provider) },
);

const host = new Host(
  "host",
  {
    name: cfg.serverName,
    serverType: cfg.serverType,
    location: cfg.location,
    bootImage: cfg.bootImage,
    adminSshKeys: cfg.adminSshKeys,
    adminCidrs: cfg.adminCidrs,
    bootstrap: cfg.bootstrap,
    backups: cfg.hetznerBackups,
    cloudflareCidrs: pulumi.all([edge.ipv4Cidrs, edge.ipv6Cidrs]).apply(([v4, v6]) => [...v4, ...v6]),
    labels,
  },
  withProviders,
);

const tailnet = new Tailnet(
  "tailnet",
  {
    adminEmails: cfg.adminEmails,
    serverTag: cfg.serverTag,
    adminTag: cfg.adminTag,
    ciTag: cfg.ciTag,
    keyExpirySeconds: cfg.tailnetKeyExpirySeconds,
  },
  withProviders,
);

const backups = new Backups("backups", {
  bucketName: cfg.backupBucket,
  retentionDays: cfg.backupRetentionDays,
  accountId: secret(tokens?.B2_ACCOUNT_ID, "b2AccountId"),
  masterKey: secret(tokens?.B2_MASTER_KEY, "b2MasterKey"),
});

const hostSecrets = new HostSecrets(
  "host-secrets",
  {
    vault: vault.uuid,
    title: cfg.opHostItem,
    supplied: {
      TAILSCALE_AUTH_KEY: tailnet.authKey,
      B2_KEY_ID: backups.keyId,
      B2_APPLICATION_KEY: backups.applicationKey,
      B2_BUCKET: backups.bucketName,
      B2_S3_ENDPOINT: backups.s3Endpoint,
      DD_API_KEY: secret(tokens?.DATADOG_API_KEY, "datadogApiKey"),
      OPENAI_API_KEY: config.getSecret("openaiApiKey") ?? pulumi.secret(""),
    },
  },
  withProviders,
);

// What the host builds from, staged under a content-addressed directory (see deploy-bundle.ts).
const bundle = stageBundle(resolve(cfg.sourceRoot));
const dashboardHost = `${cfg.dashboardSubdomain}.${cfg.domain}`;
const hostSettings = (tailnetHost?: string) =>
  renderHostSettings({
    tailnetHost,
    adminSshKeys: cfg.adminSshKeys,
    publicDashboardHost: dashboardHost,
    onePasswordVault: cfg.opVault,
    onePasswordItem: cfg.opHostItem,
  });
const sshPrivateKey = config.requireSecret("sshPrivateKey");
const install = new NixosInstall(
  "nixos-install",
  {
    serverId: host.serverId,
    publicIpv4: host.ipv4,
    bundle,
    flakeHost: cfg.flakeHost,
    hostSettingsJson: hostSettings(),
    sshPrivateKey,
    opnixToken: config.requireSecret("opnixToken"),
    opnixTokenPath: OPNIX_TOKEN_PATH,
    // The host joins the tailnet at first boot with the key OpNix reads from this item.
    after: [hostSecrets, tailnet],
  },
  withProviders,
);

// The host's tailnet identity exists once the installed system has booted and joined.
const device = tailscale.getDeviceOutput(
  { hostname: cfg.serverName, waitFor: "20m" },
  { dependsOn: [install], provider: tailscaleProvider },
);
const tailnetAddresses = device.addresses;
const tailnetName = device.apply((d) => d.name ?? cfg.serverName);

new NixosSwitch(
  "nixos-switch",
  {
    host: cfg.bootstrap
      ? host.ipv4
      : tailnetAddresses.apply((a) => a.find((x) => !x.includes(":")) ?? a[0] ?? ""),
    user: cfg.deployUser,
    bundle,
    hostSettingsJson: tailnetName.apply((n) => hostSettings(n)),
    flakeHost: cfg.flakeHost,
    sshPrivateKey,
    install,
  },
  withProviders,
);

const dns = new Dns(
  "dns",
  {
    domain: cfg.domain,
    opencodeSubdomain: cfg.opencodeSubdomain,
    memorySubdomain: cfg.memorySubdomain,
    dashboardSubdomain: cfg.dashboardSubdomain,
    tailnetAddresses,
    publicIpv4: host.ipv4,
    publicIpv6: host.ipv6,
    adminEmails: cfg.adminEmails,
  },
  { ...withProviders, dependsOn: [host, install] },
);

new Monitors(
  "monitors",
  {
    host: cfg.serverName,
    containers: cfg.podContainers,
    recallP99Ms: cfg.recallP99Ms,
    backupMaxAgeHours: cfg.backupMaxAgeHours,
    diskUsageMax: cfg.diskUsageMax,
    falkordbMemoryMaxBytes: cfg.falkordbMemoryMaxBytes,
    notify: cfg.datadogNotify,
    tags: cfg.datadogTags,
  },
  withProviders,
);

// Caddy serves the tailnet sites under the MagicDNS name, with tailscaled's certificate.
export const attachUrl = pulumi.interpolate`https://${tailnetName}`;
export const memoryUrl = pulumi.interpolate`https://${tailnetName}:7443`;
export const dashboardUrl = `https://${dns.dashboardHost}/dashboard`;
/** The zone's names for the tailnet sites (resolve to the tailnet address). */
export const opencodeName = dns.opencodeHost;
export const serverIpv4 = host.ipv4;
export const serverIpv6 = host.ipv6;
export const tailnetHost = tailnetName;
export const backupBucket = backups.bucketName;
/** Secret: the OpenCode server's HTTP password (`npm run attach` reads it). */
export const opencodePassword = hostSecrets.opencodePassword;
/** Secret: the memory service's bearer token. */
export const memoryToken = hostSecrets.memoryToken;
