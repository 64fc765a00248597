# The Caddyfile, as a pure function of the host's names and ports (tested with `caddy validate`).
#
# TLS: the tailnet name (<host>.<tailnet>.ts.net) gets its certificate from the local tailscaled
# (`get_certificate tailscale`), which stock Caddy supports; no DNS plugin, no public ACME port.
# Every tailnet site listens on a port the firewall only opens on tailscale0.
# The optional public dashboard name is served on 8443 (a Cloudflare-proxied origin port) with an
# internal certificate (Cloudflare "Full" mode), and serves the dashboard only.
{ tailnetHost, publicDashboardHost ? null, ports ? import ./ports.nix }:
let
  p = ports;
  # No `encode`: OpenCode streams events (SSE) and compression would hold them back.
  proxy = port: "reverse_proxy 127.0.0.1:${toString port}";
  tailnetSite = port: body: ''
    https://${tailnetHost}:${toString port} {
    	tls {
    		get_certificate tailscale
    	}
    	${body}
    }
  '';
  publicSite = ''
    https://${publicDashboardHost}:${toString p.caddyPublicDashboard} {
    	tls internal
    	@dashboard path /dashboard /dashboard/*
    	handle @dashboard {
    		reverse_proxy 127.0.0.1:${toString p.memory}
    	}
    	handle {
    		respond "not found" 404
    	}
    }
  '';
in
''
  {
  	# The admin API stays on loopback; nothing else on or off the host may reconfigure Caddy.
  	admin localhost:2019
  	# No port 80 redirect listener: nothing is served over plain HTTP.
  	auto_https disable_redirects
  }

''
+ tailnetSite p.caddyOpencode (proxy p.opencode)
+ "\n"
+ tailnetSite p.caddyMemory (proxy p.memory)
+ "\n"
+ tailnetSite p.caddyFalkordbBrowser (proxy p.falkordbBrowser)
+ (if publicDashboardHost == null then "" else "\n" + publicSite)
