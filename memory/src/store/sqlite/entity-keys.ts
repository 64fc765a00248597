/**
 * Which entities hold each normalised key, per group, remembered between episodes. Every episode
 * resolves its few entity names by key, and a session names the same files and commands again
 * and again: answering those from memory saves an indexed read per name (a tenth of a structured
 * episode's ingest time). Misses are remembered too, since most new names are looked up once
 * before the commit that creates them.
 *
 * Kept exact the way the text and vector indexes are: every committed entity write updates it,
 * and the rare bulk changes (forget, import, group deletion, a rolled-back batch) drop the group.
 */
import type { Entity } from "../../model/types.js";

/** Bound on remembered keys over all groups; past it everything is forgotten and refilled. */
const MAX_KEYS = 100_000;

interface GroupKeys {
  /** Key -> its entities in rowid order (what the SQL lookup returns); [] is a remembered miss. */
  byKey: Map<string, readonly Entity[]>;
  /** Entity id -> the key it is listed under, to move it when its key changes. */
  keyOf: Map<string, string>;
}

export class EntityKeys {
  private groups = new Map<string, GroupKeys>();
  private size = 0;

  constructor(private readonly maxKeys = MAX_KEYS) {}

  /** The remembered entities for `key`, or undefined when it must be read from the store. */
  get(group: string, key: string): readonly Entity[] | undefined {
    return this.groups.get(group)?.byKey.get(key);
  }

  /** Remember what the store returned for `key` (all types, rowid order). */
  remember(group: string, key: string, entities: readonly Entity[]): void {
    if (this.size >= this.maxKeys) this.dropAll();
    const g = this.group(group);
    if (!g.byKey.has(key)) this.size++;
    g.byKey.set(
      key,
      entities.map((e) => Object.freeze({ ...e })),
    );
    for (const e of entities) g.keyOf.set(e.id, key);
  }

  /**
   * A committed entity write. `isNew`: created by this write, so it has the highest rowid and
   * belongs at the end of its key's list; an existing entity keeps its place if its key stayed
   * and otherwise makes its new key be read again (its rowid order among them is not known here).
   */
  written(entity: Entity, isNew: boolean): void {
    const g = this.groups.get(entity.group);
    if (!g) return;
    const frozen = Object.freeze({ ...entity });
    const oldKey = g.keyOf.get(entity.id);
    if (oldKey !== undefined && oldKey !== entity.key) {
      const list = g.byKey.get(oldKey);
      if (list)
        g.byKey.set(
          oldKey,
          list.filter((e) => e.id !== entity.id),
        );
      g.keyOf.delete(entity.id);
    }
    const list = g.byKey.get(entity.key);
    if (!list) return;
    const at = list.findIndex((e) => e.id === entity.id);
    if (at >= 0) {
      g.byKey.set(
        entity.key,
        list.map((e, i) => (i === at ? frozen : e)),
      );
    } else if (isNew) {
      g.byKey.set(entity.key, [...list, frozen]);
      g.keyOf.set(entity.id, entity.key);
    } else {
      g.byKey.delete(entity.key);
      this.size--;
    }
  }

  drop(group: string): void {
    const g = this.groups.get(group);
    if (!g) return;
    this.size -= g.byKey.size;
    this.groups.delete(group);
  }

  dropAll(): void {
    this.groups.clear();
    this.size = 0;
  }

  private group(group: string): GroupKeys {
    let g = this.groups.get(group);
    if (!g) {
      g = { byKey: new Map(), keyOf: new Map() };
      this.groups.set(group, g);
    }
    return g;
  }
}
