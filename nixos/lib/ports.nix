# Every port the host uses, in one place, so the pod, Caddy and the firewall cannot drift apart.
# Pure data: evaluated by the tests without nixpkgs.
{
  # Inside the pod (all containers share the pod's network namespace, so they talk over 127.0.0.1).
  opencode = 4096;
  memory = 7411;
  # Valkey moves off 6379 because FalkorDB (a Redis module) already holds it in the same namespace.
  valkey = 6380;
  falkordb = 6379;
  falkordbBrowser = 3000;
  dogstatsd = 8125;
  apm = 8126;

  # Caddy, reached over the tailnet only (the firewall trusts tailscale0 and nothing else).
  caddyOpencode = 443;
  caddyMemory = 7443;
  caddyFalkordbBrowser = 3443;
  # The one public port, opened only when a Cloudflare-proxied dashboard name is configured:
  # 8443 is one of the origin ports Cloudflare proxies, and keeping it apart from 443 means the
  # public listener never serves the tailnet sites.
  caddyPublicDashboard = 8443;

  ssh = 22;
  tailscale = 41641;
}
