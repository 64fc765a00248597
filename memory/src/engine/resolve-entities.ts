/**
 * Entity resolution: map the names an extractor produced onto the group's existing entities, so the
 * graph grows one node per real thing. In order: exact normalised key; for files, the unique path
 * that ends with a bare file name (and a bare name upgraded to the full path when it appears);
 * then fuzzy candidates from full-text search, accepted only above Graphiti's trigram-Jaccard
 * threshold and for names long and varied enough that a near match means the same thing.
 */
import { uuidv7 } from "./ids.js";
import { normalizeEntityKey } from "../extract/normalize.js";
import type { Entity, EntityType, Iso } from "../model/types.js";
import type { Store } from "../store/interface.js";
import type { ExtractedEntity } from "./ports.js";
import { FUZZY_THRESHOLD, fuzzyEligible, nameSimilarity } from "./similarity.js";

export interface ResolvedEntity {
  entity: Entity;
  /** New, or changed (name upgraded, summary filled): must be written and re-embedded. */
  dirty: boolean;
  isNew: boolean;
}

const FUZZY_CANDIDATES = 5;

function compatible(a: EntityType, b: EntityType): boolean {
  return a === b || a === "concept" || b === "concept";
}

// A session names the same few hundred files, commands and people over and over: normalise each
// (name, type) once. Bounded so unusual input cannot grow it without end.
const keyCache = new Map<string, string>();
const KEY_CACHE = 50_000;

function keyOf(name: string, type: EntityType): string {
  const cacheKey = `${type}\u0000${name}`;
  let key = keyCache.get(cacheKey);
  if (key === undefined) {
    key = normalizeEntityKey(name, type);
    if (keyCache.size >= KEY_CACHE) keyCache.clear();
    keyCache.set(cacheKey, key);
  }
  return key;
}

export interface ResolveOptions {
  /**
   * Try near spellings when no key matches exactly. Free text needs it ("DGIA Service" then
   * "DGIA service"); structured events already name things by their normalised key, so for them
   * a near match could only merge two different commands or errors, and the lookup is wasted.
   */
  fuzzy?: boolean;
}

export async function resolveEntities(
  store: Store,
  group: string,
  extracted: readonly ExtractedEntity[],
  now: Iso,
  options: ResolveOptions = {},
): Promise<Map<string, ResolvedEntity>> {
  const fuzzy = options.fuzzy ?? true;
  // One entry per key within the episode: "src/app.ts" and "./src/app.ts" are one mention.
  const wanted = new Map<string, ExtractedEntity & { key: string }>();
  const keys = extracted.map((e) => keyOf(e.name, e.type));
  extracted.forEach((e, i) => {
    const key = keys[i] as string;
    if (key && !wanted.has(key)) wanted.set(key, { ...e, key });
  });
  const byKey = new Map<string, Entity[]>();
  for (const entity of await store.findEntitiesByKey(group, [...wanted.keys()], null)) {
    byKey.set(entity.key, [...(byKey.get(entity.key) ?? []), entity]);
  }

  const resolvedByKey = new Map<string, ResolvedEntity>();
  for (const want of wanted.values()) {
    const exact = (byKey.get(want.key) ?? []).sort(
      (a, b) => Number(b.type === want.type) - Number(a.type === want.type),
    );
    const hit = exact.find((e) => compatible(e.type, want.type));
    const found = hit
      ? { entity: hit, dirty: false, isNew: false }
      : await resolveLoosely(store, group, want, now, fuzzy);
    const resolved = found ?? { entity: newEntity(group, want, now), dirty: true, isNew: true };
    if (want.summary && !resolved.entity.summary) {
      resolved.entity = { ...resolved.entity, summary: want.summary, updatedAt: now };
      resolved.dirty = true;
    }
    resolvedByKey.set(want.key, resolved);
  }

  const byName = new Map<string, ResolvedEntity>();
  extracted.forEach((e, i) => {
    const resolved = resolvedByKey.get(keys[i] as string);
    if (resolved) byName.set(e.name, resolved);
  });
  return byName;
}

async function resolveLoosely(
  store: Store,
  group: string,
  want: ExtractedEntity & { key: string },
  now: Iso,
  fuzzy: boolean,
): Promise<ResolvedEntity | null> {
  if (want.type === "file") return resolveFile(store, group, want, now);
  if (!fuzzy || !fuzzyEligible(want.key)) return null;
  const candidates = store.entitiesNearKey
    ? await store.entitiesNearKey(group, want.key, FUZZY_CANDIDATES * 4)
    : await fullTextCandidates(store, group, want.name);
  let best: { entity: Entity; score: number } | null = null;
  for (const candidate of candidates) {
    if (!compatible(candidate.type, want.type)) continue;
    const score = nameSimilarity(candidate.key, want.key);
    if (score >= FUZZY_THRESHOLD && (!best || score > best.score)) best = { entity: candidate, score };
  }
  return best ? { entity: best.entity, dirty: false, isNew: false } : null;
}

async function fullTextCandidates(store: Store, group: string, name: string): Promise<Entity[]> {
  const hits = await store.searchEntities(group, name, FUZZY_CANDIDATES);
  return hits.length
    ? store.getEntities(
        group,
        hits.map((h) => h.id),
      )
    : [];
}

async function resolveFile(
  store: Store,
  group: string,
  want: ExtractedEntity & { key: string },
  now: Iso,
): Promise<ResolvedEntity | null> {
  const slash = want.key.lastIndexOf("/");
  if (slash < 0) {
    // A bare "app.ts": the one known path ending in it, if exactly one exists.
    const matches = await store.findEntitiesByKeySuffix(group, want.key, "file", 2);
    return matches.length === 1 && matches[0] ? { entity: matches[0], dirty: false, isNew: false } : null;
  }
  // A full path where only the bare name was known: same file, now with its real path.
  const bare = await store.findEntitiesByKey(group, [want.key.slice(slash + 1)], "file");
  const entity = bare[0];
  if (bare.length !== 1 || !entity) return null;
  const siblings = await store.findEntitiesByKeySuffix(group, entity.key, "file", 3);
  if (siblings.some((s) => s.id !== entity.id)) return null;
  return { entity: { ...entity, name: want.name, key: want.key, updatedAt: now }, dirty: true, isNew: false };
}

function newEntity(group: string, want: ExtractedEntity & { key: string }, now: Iso): Entity {
  return {
    id: uuidv7(),
    group,
    name: want.name,
    key: want.key,
    type: want.type,
    summary: want.summary ?? "",
    createdAt: now,
    updatedAt: now,
  };
}
