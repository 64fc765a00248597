/**
 * The group's entities remembered between requests, by id and by normalised key. Every episode
 * resolves its few entity names by key, and a session names the same files and commands again
 * and again; every search names the entities of its facts. Answering those from memory saves an
 * indexed read per name (a tenth of a structured episode's ingest time, as much of a search's).
 * Key misses are remembered too, since most new names are looked up once before the commit that
 * creates them.
 *
 * Kept exact the way the text and vector indexes are: every committed entity write updates it,
 * and the rare bulk changes (forget, import, group deletion, a rolled-back batch) drop the group.
 */
import type { Entity } from "../../model/types.js";

/** Bound on remembered keys and entities over all groups; past it all is forgotten and refilled. */
const MAX_ENTRIES = 200_000;

interface GroupEntities {
  byId: Map<string, Entity>;
  /** Key -> ids of its entities in rowid order (what the SQL lookup returns); [] is a remembered miss. */
  byKey: Map<string, readonly string[]>;
}

export class EntityCache {
  private groups = new Map<string, GroupEntities>();
  private size = 0;

  constructor(private readonly maxEntries = MAX_ENTRIES) {}

  /** A remembered entity, or undefined when it must be read from the store. */
  get(group: string, id: string): Entity | undefined {
    return this.groups.get(group)?.byId.get(id);
  }

  /** The remembered entities holding `key`, or undefined when the store must be asked. */
  withKey(group: string, key: string): Entity[] | undefined {
    const g = this.groups.get(group);
    const ids = g?.byKey.get(key);
    if (!g || !ids) return undefined;
    const entities: Entity[] = [];
    for (const id of ids) {
      const entity = g.byId.get(id);
      if (!entity) return undefined;
      entities.push(entity);
    }
    return entities;
  }

  /** Remember an entity read from the store. */
  remember(entity: Entity): Entity {
    return this.put(this.room(entity.group), entity);
  }

  /** Remember what the store returned for `key` (all types, rowid order). */
  rememberKey(group: string, key: string, entities: readonly Entity[]): Entity[] {
    const g = this.room(group);
    const frozen = entities.map((e) => this.put(g, e));
    if (!g.byKey.has(key)) this.size++;
    g.byKey.set(
      key,
      frozen.map((e) => e.id),
    );
    return frozen;
  }

  /**
   * A committed entity write. `isNew`: created by this write, so it has the highest rowid and
   * belongs at the end of its key's list. An existing entity whose key changed leaves its old
   * key's list, and its new key is read again (its rowid order among those is not known here).
   */
  written(entity: Entity, isNew: boolean): void {
    const g = this.groups.get(entity.group);
    if (!g) return;
    const before = g.byId.get(entity.id);
    if (before && before.key !== entity.key) {
      const list = g.byKey.get(before.key);
      if (list)
        g.byKey.set(
          before.key,
          list.filter((id) => id !== entity.id),
        );
    }
    this.put(g, entity);
    const list = g.byKey.get(entity.key);
    if (!list || list.includes(entity.id)) return;
    if (isNew) g.byKey.set(entity.key, [...list, entity.id]);
    else {
      g.byKey.delete(entity.key);
      this.size--;
    }
  }

  drop(group: string): void {
    const g = this.groups.get(group);
    if (!g) return;
    this.size -= g.byId.size + g.byKey.size;
    this.groups.delete(group);
  }

  dropAll(): void {
    this.groups.clear();
    this.size = 0;
  }

  private put(g: GroupEntities, entity: Entity): Entity {
    const frozen = Object.freeze({ ...entity });
    if (!g.byId.has(entity.id)) this.size++;
    g.byId.set(entity.id, frozen);
    return frozen;
  }

  /** The group's maps, after forgetting everything if the bound is reached. */
  private room(group: string): GroupEntities {
    if (this.size >= this.maxEntries) this.dropAll();
    let g = this.groups.get(group);
    if (!g) {
      g = { byId: new Map(), byKey: new Map() };
      this.groups.set(group, g);
    }
    return g;
  }
}
