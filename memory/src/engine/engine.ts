/**
 * `createMemoryEngine`: the one MemoryEngine implementation. It composes a store, an embedder and
 * the extractors, validates its inputs (callers other than the HTTP API use it directly), checks
 * once that the store's vectors were made by the same embedder, and records metrics.
 */
import { ruleExtractor, structuredExtractor } from "../extract/index.js";
import type { Metrics } from "../metrics/registry.js";
import { MEMORY_METRICS } from "../metrics/names.js";
import {
  ContextQuerySchema,
  EpisodeBatchSchema,
  EpisodeInputSchema,
  GroupSchema,
  type ContextQuery,
  type EpisodeInput,
  type SearchQuery,
  SearchQuerySchema,
} from "../model/schemas.js";
import type { EntityTimeline, Episode, ExportRecord, GroupStats, IngestResult } from "../model/types.js";
import type { RecallCache } from "../cache/interface.js";
import type { Store } from "../store/interface.js";
import { buildContext } from "./context.js";
import { GroupLock } from "./group-lock.js";
import { applyEpisode, type PreparedEpisode, prepareEpisode } from "./ingest.js";
import type { HealthReport, MemoryEngine } from "./interface.js";
import type { Embedder, Extractor } from "./ports.js";
import { factView, hybridSearch } from "./search.js";
import { importRecords } from "./transfer.js";

export interface EngineOptions {
  store: Store;
  embedder: Embedder;
  /** Free-text extractor; default: the rule-based one (zero LLM calls). */
  extractor?: Extractor;
  metrics?: Metrics;
  /** Cache-first recall (Valkey); every write in a group makes its cached answers unreachable. */
  cache?: RecallCache;
  /** Cosine below which a vector hit is ignored; default suits the hashed embedder. */
  minSimilarity?: number;
  now?: () => Date;
}

const groupsOf = (episodes: EpisodeInput[]) => [...new Set(episodes.map((e) => e.group))];

export class EmbedderMismatchError extends Error {
  override name = "EmbedderMismatchError";
}

const EMBEDDER_META_KEY = "embedder";
const TIMELINE_LIMIT = 1000;

/** Newest first; canonical ISO text orders as time does, and a group with no episode goes last. */
const byLastEpisodeDesc = (a: GroupStats, b: GroupStats) => {
  const [x, y] = [a.lastEpisodeAt ?? "", b.lastEpisodeAt ?? ""];
  return x < y ? 1 : x > y ? -1 : 0;
};

/** What the warm-up recalls: ordinary words, so every leg of the search runs. */
const WARM_UP_QUERY = "recent changes to the project and the errors seen";

export function createMemoryEngine(options: EngineOptions): MemoryEngine {
  const { store, embedder, metrics } = options;
  const now = options.now ?? (() => new Date());
  const lock = new GroupLock();
  const ingestDeps = {
    store,
    embedder,
    structured: structuredExtractor,
    freeText: options.extractor ?? ruleExtractor,
    now,
  };
  const searchDeps = { store, embedder, minSimilarity: options.minSimilarity ?? 0.25 };
  let ready: Promise<void> | null = null;
  let closed = false;
  const ensureReady = () => {
    ready ??= checkEmbedder(store, embedder).catch((err: unknown) => {
      // Another embedder's store stays refused; anything else (a store still loading after a
      // reboot, a dropped connection) is tried again by the next call instead of failing forever.
      if (!(err instanceof EmbedderMismatchError)) ready = null;
      throw err;
    });
    return ready;
  };

  interface Pending {
    input: EpisodeInput;
    started: number;
    stored: IngestResult | null;
    prepared: PreparedEpisode | null;
  }
  // Outside any lock: a replay costs one lookup and never an extraction; the apply checks again.
  const prepareOne = async (input: EpisodeInput, earlier: readonly Episode[] = []): Promise<Pending> => {
    const started = performance.now();
    const stored = input.id ? await store.getIngestResult(input.group, input.id) : null;
    return {
      input,
      started,
      stored,
      prepared: stored ? null : await prepareEpisode(ingestDeps, input, earlier),
    };
  };
  // Under the group's lock.
  const applyOne = async ({ input, started, stored, prepared }: Pending): Promise<IngestResult> => {
    const result = prepared
      ? await applyEpisode(ingestDeps, prepared)
      : ({ ...(stored as IngestResult), created: false } satisfies IngestResult);
    if (result.created) {
      metrics?.inc(MEMORY_METRICS.episodesIngested, 1, { group: input.group, kind: input.kind });
      metrics?.observe(MEMORY_METRICS.ingestLatency, performance.now() - started);
      if (result.invalidated.length) metrics?.inc(MEMORY_METRICS.factsInvalidated, result.invalidated.length);
    } else {
      metrics?.inc(MEMORY_METRICS.episodesDuplicate, 1);
    }
    return result;
  };

  // The no-op cache (no MEMORY_CACHE) would still cost a JSON round trip per recall: skip it.
  const cache = options.cache && options.cache.backend !== "none" ? options.cache : null;
  const written = async (groups: string[]) => {
    if (cache) await Promise.all(groups.map((g) => cache.invalidate(g)));
  };
  const recall = async <T>(
    route: "search" | "context",
    group: string,
    key: string,
    fn: () => Promise<T>,
  ): Promise<T> => {
    await ensureReady();
    const started = performance.now();
    try {
      const hit = cache ? await cache.get(group, key) : null;
      if (hit?.value != null) return JSON.parse(hit.value) as T;
      const answer = await fn();
      if (cache && hit?.token) await cache.set(group, key, JSON.stringify(answer), hit.token);
      return answer;
    } finally {
      metrics?.observe(MEMORY_METRICS.recallLatency, performance.now() - started, { route });
    }
  };

  return {
    async ingest(input) {
      await ensureReady();
      const parsed = EpisodeInputSchema.parse(input);
      const pending = await prepareOne(parsed);
      const result = await lock.run(parsed.group, () => applyOne(pending));
      if (result.created) await written([input.group]);
      return result;
    },
    async ingestBatch(inputs) {
      await ensureReady();
      const { episodes } = EpisodeBatchSchema.parse({ episodes: inputs });
      const pending: Pending[] = [];
      // The batch's episodes prepared so far: a reply reads the question sent with it.
      const earlier: Episode[] = [];
      for (const input of episodes) {
        const p = await prepareOne(input, earlier);
        pending.push(p);
        if (p.prepared) earlier.push(p.prepared.episode);
      }
      const ingestAll = async () => {
        const results: IngestResult[] = [];
        for (const p of pending) results.push(await applyOne(p));
        return results;
      };
      const groups = groupsOf(episodes);
      // One durable commit for the whole batch; group locks first, then the store's writer, the
      // same order single ingests take them, so the two can never wait on each other.
      const batch = embedder.remote ? undefined : store.batch?.bind(store);
      try {
        return await lock.runMany(groups, () => (batch ? batch(ingestAll) : ingestAll()));
      } finally {
        // Also after a failure: a store without batches kept the episodes before the failing one,
        // and a rolled-back batch may have been read (and cached) by a search while it was open.
        await written(groups);
      }
    },
    search(query: SearchQuery) {
      const q = SearchQuerySchema.parse(query);
      return recall("search", q.group, `search:${JSON.stringify(q)}`, () => hybridSearch(searchDeps, q));
    },
    context(query: ContextQuery) {
      const q = ContextQuerySchema.parse(query);
      return recall("context", q.group, `context:${JSON.stringify(q)}`, () => buildContext(searchDeps, q));
    },
    async entity(group, id): Promise<EntityTimeline | null> {
      GroupSchema.parse(group);
      const [entity] = await store.getEntities(group, [id]);
      if (!entity) return null;
      const facts = await store.factsTouching(group, [id], { history: true }, TIMELINE_LIMIT);
      const [others, episodes] = await Promise.all([
        store.getEntities(group, [...new Set(facts.flatMap((f) => [f.subjectId, f.objectId]))]),
        store.getEpisodes(group, [...new Set(facts.flatMap((f) => f.episodeIds))]),
      ]);
      const names = new Map(others.map((e) => [e.id, e.name]));
      const byId = new Map(episodes.map((e) => [e.id, e]));
      const timeline = facts
        .sort((a, b) =>
          a.validAt < b.validAt ? -1 : a.validAt > b.validAt ? 1 : a.createdAt < b.createdAt ? -1 : 1,
        )
        .map((f) => ({
          ...factView(f, names),
          episodes: f.episodeIds.flatMap((eid) => {
            const e = byId.get(eid);
            return e ? [{ id: e.id, kind: e.kind, occurredAt: e.occurredAt, session: e.session }] : [];
          }),
        }));
      return { entity, facts: timeline };
    },
    forgetEpisode(group, id) {
      GroupSchema.parse(group);
      return lock.run(group, async () => {
        const done = await store.forgetEpisode(group, id);
        if (done) await written([group]);
        return done;
      });
    },
    deleteGroup(group) {
      GroupSchema.parse(group);
      return lock.run(group, async () => {
        const done = await store.deleteGroup(group);
        await written([group]);
        return done;
      });
    },
    async episode(group, id) {
      GroupSchema.parse(group);
      const [[episode], result] = await Promise.all([
        store.getEpisodes(group, [id]),
        store.getIngestResult(group, id),
      ]);
      return episode && result ? { episode, result } : null;
    },
    listEpisodes(group, opts) {
      GroupSchema.parse(group);
      return store.listEpisodes(group, opts);
    },
    groups() {
      return store.groups();
    },
    export(group): AsyncIterable<ExportRecord> {
      GroupSchema.parse(group);
      return store.export(group);
    },
    async import(records) {
      await ensureReady();
      // Each chunk reads the stored facts it merges with and writes them back: under the groups'
      // locks, so an ingest cannot end a fact in between and have the import revive it.
      return importRecords(store, embedder, records, written, (groups, write) => lock.runMany(groups, write));
    },
    async warm() {
      const started = performance.now();
      await ensureReady();
      let groups = 0;
      // The most recently active group first: after a restart, that is the one a query asks for.
      const order = closed ? [] : (await store.groups()).sort(byLastEpisodeDesc);
      for (const { group } of order) {
        if (closed) break;
        await store.warm?.(group, embedder.dimension);
        // One throwaway recall per group, past the cache and the metrics: it compiles the recall
        // path and reads the pages a first answer needs, which otherwise cost the first real
        // queries after a restart 10-25 ms each (bench "then search p99").
        await buildContext(searchDeps, ContextQuerySchema.parse({ group, q: WARM_UP_QUERY }));
        groups++;
        // A big group takes a moment to load: let requests that arrived meanwhile through.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return { groups, ms: performance.now() - started };
    },
    async health(): Promise<HealthReport> {
      const [s, c] = await Promise.all([
        // Ready only once the store answers the embedder check writes depend on.
        store
          .health()
          .then((h) => (h.ok ? ensureReady().then(() => h) : h))
          .catch((err: unknown) => ({ ok: false, error: err instanceof Error ? err.message : String(err) })),
        cache ? cache.health().catch((err: unknown) => ({ ok: false, error: String(err) })) : { ok: true },
      ]);
      return {
        // A cache outage degrades recall to the store; the service is still ready.
        ok: s.ok,
        store: { ok: s.ok, backend: store.backend, ...(s.error ? { error: s.error } : {}) },
        cache: {
          ok: c.ok,
          backend: cache && cache.backend !== "none" ? cache.backend : null,
          ...("error" in c && c.error ? { error: c.error } : {}),
        },
      };
    },
    async close() {
      closed = true;
      await Promise.all([store.close(), cache?.close()]);
    },
  };
}

/** Vectors from two embedders are not comparable: refuse to mix them rather than search garbage. */
async function checkEmbedder(store: Store, embedder: Embedder): Promise<void> {
  const want = `${embedder.name};dim=${embedder.dimension}`;
  const have = await store.getMeta(EMBEDDER_META_KEY);
  if (have === null) {
    await store.setMeta(EMBEDDER_META_KEY, want);
    return;
  }
  if (have !== want) {
    throw new EmbedderMismatchError(
      `the store's vectors were made by "${have}" but the configured embedder is "${want}": ` +
        "use the same embedding model and dimension, or export and import into a new store",
    );
  }
}
