import { describe, expect, it } from "vitest";
import type { EntityType } from "../../model/types.js";
import type { IngestWrite, Store } from "../interface.js";
import { entity, episode, write } from "../contract.js";
import { EntityCache } from "./entity-cache.js";
import { openSqliteStore } from "./index.js";

const G = "contract-g";
const created = (w: IngestWrite): IngestWrite => ({
  ...w,
  entities: w.entities.map((e) => ({ ...e, isNew: true })),
});
const idsFor = async (store: Store, key: string, type: EntityType | null = null) =>
  (await store.findEntitiesByKey(G, [key], type)).map((e) => e.id);

describe("EntityCache", () => {
  it("appends a new entity to a remembered key and moves one whose key changed", () => {
    const cache = new EntityCache();
    cache.rememberKey(G, "app.ts", [entity("e1", "app.ts", "file")]);
    cache.rememberKey(G, "src/app.ts", []);
    cache.written(entity("e1", "src/app.ts", "file"), false);
    expect(cache.withKey(G, "app.ts")).toEqual([]);
    // Its place among older entities of that key is unknown here: read again.
    expect(cache.withKey(G, "src/app.ts")).toBeUndefined();
    expect(cache.get(G, "e1")?.key).toBe("src/app.ts");
    cache.rememberKey(G, "npm test", []);
    cache.written(entity("e2", "npm test", "command"), true);
    expect(cache.withKey(G, "npm test")?.map((e) => e.id)).toEqual(["e2"]);
  });

  it("hands out entities nobody can change behind its back", () => {
    const cache = new EntityCache();
    const e = cache.remember(entity("e1", "x"));
    expect(() => {
      (e as { name: string }).name = "y";
    }).toThrow(TypeError);
    expect(cache.get(G, "e1")?.name).toBe("x");
  });

  it("forgets everything past its bound rather than grow, never half a key", () => {
    const cache = new EntityCache(2);
    cache.rememberKey(G, "a", [entity("e1", "a")]);
    cache.rememberKey(G, "b", [entity("e2", "b")]);
    expect(cache.withKey(G, "a")).toBeUndefined();
    expect(cache.get(G, "e1")).toBeUndefined();
    expect(cache.withKey(G, "b")?.map((e) => e.id)).toEqual(["e2"]);
  });
});

describe("entity reads of the embedded store stay exact with remembered entities", () => {
  it("finds an entity committed after its key was looked up and missed", async () => {
    const store = openSqliteStore(":memory:");
    expect(await idsFor(store, "pulumi")).toEqual([]);
    await store.commit(created(write(episode("ep1", 1), [[entity("e1", "Pulumi", "package")]], [])));
    expect(await idsFor(store, "pulumi")).toEqual(["e1"]);
    await store.commit(created(write(episode("ep2", 2), [[entity("e2", "Pulumi", "person")]], [])));
    expect(await idsFor(store, "pulumi")).toEqual(["e1", "e2"]);
    expect(await idsFor(store, "pulumi", "person")).toEqual(["e2"]);
    await store.close();
  });

  it("follows an entity whose key changed, and forgets what a rolled-back batch wrote", async () => {
    const store = openSqliteStore(":memory:");
    await store.commit(created(write(episode("ep1", 1), [[entity("e1", "app.ts", "file")]], [])));
    expect(await idsFor(store, "app.ts")).toEqual(["e1"]);
    expect(await idsFor(store, "src/app.ts")).toEqual([]);
    const upgraded = entity("e1", "src/app.ts", "file");
    await store.commit(write(episode("ep2", 2), [[upgraded]], []));
    expect(await idsFor(store, "app.ts")).toEqual([]);
    expect(await idsFor(store, "src/app.ts")).toEqual(["e1"]);

    expect(await idsFor(store, "ghost")).toEqual([]);
    await expect(
      store.batch?.(async () => {
        await store.commit(created(write(episode("ep3", 3), [[entity("e3", "ghost")]], [])));
        expect(await idsFor(store, "ghost")).toEqual(["e3"]);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await idsFor(store, "ghost")).toEqual([]);
    await store.close();
  });

  it("forgets an entity deleted with the only episode that mentioned it", async () => {
    const store = openSqliteStore(":memory:");
    await store.commit(created(write(episode("ep1", 1), [[entity("e1", "lonely")]], [])));
    expect(await idsFor(store, "lonely")).toEqual(["e1"]);
    expect(await store.forgetEpisode(G, "ep1")).toBe(true);
    expect(await idsFor(store, "lonely")).toEqual([]);
    await store.close();
  });
});
