# Renders a unit in the NixOS module shape (description, after, wants, environment, path,
# serviceConfig, timerConfig, wantedBy, ...) to systemd INI text, without nixpkgs.
#
# Why: the modules hand these same attribute sets to `systemd.services` / `systemd.timers`, and
# NixOS renders them to unit files on the host. nixpkgs is not available where the tests run, so this
# renderer follows NixOS's rules (lists become repeated keys, booleans true/false, `environment`
# becomes quoted Environment= lines, `path` becomes PATH of <pkg>/bin) closely enough for
# `systemd-analyze verify` to judge the same directives. One difference: NixOS turns wantedBy into
# .wants symlinks, we write an [Install] section instead.
let
  inherit (builtins) attrNames concatStringsSep concatMap isBool isList map toString;

  value = v: if isBool v then (if v then "true" else "false") else toString v;
  # A list value becomes one line per element, as NixOS does.
  lines = key: v: if isList v then map (x: "${key}=${value x}") v else [ "${key}=${value v}" ];
  section = name: attrs:
    let body = concatMap (k: lines k attrs.${k}) (attrNames attrs);
    in if body == [ ] then [ ] else [ "[${name}]" ] ++ body ++ [ "" ];
  joined = key: list: if list == [ ] then { } else { ${key} = concatStringsSep " " list; };
  get = u: k: u.${k} or [ ];
  quoteEnv = k: v: ''"${k}=${value v}"'';

  unitSection = u:
    (if u ? description then { Description = u.description; } else { })
    // joined "After" (get u "after")
    // joined "Before" (get u "before")
    // joined "Requires" (get u "requires")
    // joined "Wants" (get u "wants")
    // joined "BindsTo" (get u "bindsTo")
    // joined "PartOf" (get u "partOf")
    // (u.unitConfig or { });

  serviceSection = u:
    let
      env = (u.environment or { })
        // (if (u.path or [ ]) == [ ] then { } else {
          PATH = concatStringsSep ":" (map (p: "${p}/bin") u.path);
        });
      envLines = map (k: quoteEnv k env.${k}) (attrNames env);
    in
    (if envLines == [ ] then { } else { Environment = envLines; }) // (u.serviceConfig or { });

  installSection = u: joined "WantedBy" (get u "wantedBy") // joined "RequiredBy" (get u "requiredBy");
in
{
  service = u: concatStringsSep "\n" (
    section "Unit" (unitSection u) ++ section "Service" (serviceSection u) ++ section "Install" (installSection u)
  );
  timer = u: concatStringsSep "\n" (
    section "Unit" (unitSection u) ++ section "Timer" (u.timerConfig or { }) ++ section "Install" (installSection u)
  );
}
