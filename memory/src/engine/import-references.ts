/**
 * An import may only point at what exists: a fact whose subject or object entity is in neither the
 * file nor the store would surface in every recall as a statement about nothing, and a mention of
 * a missing episode or entity links the graph to a hole. Exports never hold such records; a file
 * cut short, edited by hand or merged from two groups can, so they are refused with the record named.
 * Supporting episode ids are not checked: a forgotten episode's id may stay on a fact it shared.
 */
import type { ExportRecord } from "../model/types.js";
import type { Store } from "../store/interface.js";

export class DanglingReferenceError extends Error {
  override name = "DanglingReferenceError";
  constructor(
    /** Where, as the API's error details name it: "record 2: data.subjectId". */
    readonly path: string,
    readonly reason: string,
    /** Records stored before it was found (only when found under the locks, part way through). */
    readonly imported = 0,
  ) {
    super(`${path}: ${reason}`);
  }
}

type Target = "entity" | "episode";
interface Reference {
  target: Target;
  group: string;
  id: string;
  /** 1-based position of the record in the import. */
  record: number;
  /** The field holding the id. */
  field: "subjectId" | "objectId" | "episodeId" | "entityId";
}

const key = (target: Target, group: string, id: string) => `${target}\u0000${group}\u0000${id}`;

function referencesOf(record: ExportRecord, position: number): Reference[] {
  const at = (target: Target, id: string, field: Reference["field"]): Reference => ({
    target,
    group: record.data.group,
    id,
    record: position,
    field,
  });
  switch (record.type) {
    case "fact":
      return [
        at("entity", record.data.subjectId, "subjectId"),
        at("entity", record.data.objectId, "objectId"),
      ];
    case "mention":
      return [
        at("episode", record.data.episodeId, "episodeId"),
        at("entity", record.data.entityId, "entityId"),
      ];
    default:
      return [];
  }
}

/** Checks records in order; ids defined by records it has been shown count, and so do stored ones. */
export class ReferenceCheck {
  private readonly known = new Set<string>();
  /** References the store (not the import) satisfied: a forget or group delete may remove them. */
  private readonly fromStore = new Map<string, Reference>();
  private checked = 0;

  constructor(private readonly store: Store) {}

  /**
   * Throws DanglingReferenceError for the first record pointing at an entity or episode that is
   * neither among the records shown so far (these included) nor stored in the record's group.
   */
  async verify(records: readonly ExportRecord[]): Promise<void> {
    for (const r of records)
      if (r.type === "entity" || r.type === "episode") this.known.add(key(r.type, r.data.group, r.data.id));
    const open = new Map<string, Reference>();
    records.forEach((record, i) => {
      for (const ref of referencesOf(record, this.checked + i + 1)) {
        const k = key(ref.target, ref.group, ref.id);
        if (!this.known.has(k) && !open.has(k)) open.set(k, ref);
      }
    });
    this.checked += records.length;
    if (open.size === 0) return;
    for (const found of await this.stored([...open.values()])) {
      this.known.add(found);
      this.fromStore.set(found, open.get(found)!);
      open.delete(found);
    }
    const first = [...open.values()].sort((a, b) => a.record - b.record)[0];
    if (!first) return;
    throw new DanglingReferenceError(
      `record ${first.record}: data.${first.field}`,
      `${first.target} ${first.id} is neither in the import nor stored in group ${first.group}`,
    );
  }

  /**
   * Call under the groups' write locks, just before `records` are written: throws if an entity or
   * episode they point at, found in the store by `verify`, was deleted since (a forget or a group
   * delete that ran between the check and the write).
   */
  async stillStored(records: readonly ExportRecord[], imported: number): Promise<void> {
    const wanted = new Map<string, Reference>();
    records.forEach((record) => {
      for (const ref of referencesOf(record, 0)) {
        const k = key(ref.target, ref.group, ref.id);
        const first = this.fromStore.get(k);
        if (first) wanted.set(k, first);
      }
    });
    if (wanted.size === 0) return;
    const present = new Set(await this.stored([...wanted.values()]));
    const gone = [...wanted].filter(([k]) => !present.has(k)).map(([, ref]) => ref);
    const first = gone.sort((a, b) => a.record - b.record)[0];
    if (!first) return;
    throw new DanglingReferenceError(
      `record ${first.record}: data.${first.field}`,
      `${first.target} ${first.id} was deleted from group ${first.group} while the import ran`,
      imported,
    );
  }

  /** The keys of the referenced entities and episodes the store holds. */
  private async stored(refs: Reference[]): Promise<string[]> {
    const wanted = new Map<string, { target: Target; group: string; ids: string[] }>();
    for (const ref of refs) {
      const slot = `${ref.target}\u0000${ref.group}`;
      const entry = wanted.get(slot) ?? { target: ref.target, group: ref.group, ids: [] };
      entry.ids.push(ref.id);
      wanted.set(slot, entry);
    }
    const found: string[] = [];
    for (const { target, group, ids } of wanted.values()) {
      const rows =
        target === "entity"
          ? await this.store.getEntities(group, ids)
          : await this.store.getEpisodes(group, ids);
      for (const row of rows) found.push(key(target, group, row.id));
    }
    return found;
  }
}
