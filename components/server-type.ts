/**
 * Hetzner retires server types (cpx51 went in 2025): check the configured type is sold, current and
 * available in the configured location before creating anything, and say so plainly if not.
 */

export interface ServerTypeInfo {
  name: string;
  isDeprecated: boolean;
  cores: number;
  memory: number;
  disk: number;
  locations: { name: string; available: boolean; isDeprecated: boolean }[];
}

/** Returns the type when usable in the location; throws a message naming what is available. */
export function assertServerTypeAvailable(
  types: readonly ServerTypeInfo[],
  wanted: string,
  location: string,
): ServerTypeInfo {
  const found = types.find((t) => t.name === wanted);
  const inLocation = types
    .filter((t) => !t.isDeprecated && t.locations.some((l) => l.name === location && l.available))
    .map((t) => t.name)
    .sort();
  const hint = `available in ${location}: ${inLocation.join(", ") || "none"}`;
  if (!found) throw new Error(`server type ${wanted} does not exist at Hetzner (${hint})`);
  if (found.isDeprecated) throw new Error(`server type ${wanted} is deprecated at Hetzner (${hint})`);
  const loc = found.locations.find((l) => l.name === location);
  if (!loc?.available || loc.isDeprecated) {
    throw new Error(`server type ${wanted} is not available in ${location} (${hint})`);
  }
  return found;
}
