/**
 * Hybrid search, Graphiti-style: BM25 full-text, vector similarity and a graph leg (facts around
 * the best-matching entities), fused by reciprocal rank. Facts default to the current ones; `at`
 * asks what was true at an instant, `history` includes everything ever stored.
 */
import type { SearchQuery } from "../model/schemas.js";
import type { Episode, Fact, FactView, Scored, SearchResult } from "../model/types.js";
import type { FactFilter, Hit, Store } from "../store/interface.js";
import type { Embedder } from "./ports.js";
import { type QueryIntent, queryIntent } from "./query-intent.js";
import { rankFused, reciprocalRankFusion } from "./rrf.js";

export interface SearchDeps {
  store: Store;
  embedder: Embedder;
  /** Vector hits below this cosine are noise, not evidence (hashed n-grams share stray buckets). */
  minSimilarity: number;
}

/** How many entities seed the graph leg. */
const GRAPH_SEEDS = 5;

export function factFilter(query: Pick<SearchQuery, "at" | "history">): FactFilter {
  if (query.at) return { at: query.at };
  return query.history ? { history: true } : {};
}

export async function hybridSearch(
  deps: SearchDeps,
  query: SearchQuery,
  /** What the question asks for; the context builder reads it too, so it passes the one it has. */
  intent: QueryIntent = queryIntent(query.q),
): Promise<SearchResult> {
  const { store } = deps;
  const filter = factFilter(query);
  const limit = query.limit;
  const pool = Math.max(limit * 3, 20);
  if (!query.q.trim()) return recent(store, query, filter);

  const q = intent.q;
  const [vector] = await deps.embedder.embed([q]);
  const similar = (hits: Hit[]) => hits.filter((h) => h.score >= deps.minSimilarity).map((h) => h.id);
  const [factText, factVec, entityText, entityVec, episodeText, latest] = await Promise.all([
    store.searchFacts(query.group, q, filter, pool),
    vector ? store.nearestFacts(query.group, vector, filter, pool) : Promise.resolve([]),
    store.searchEntities(query.group, q, pool),
    vector ? store.nearestEntities(query.group, vector, pool) : Promise.resolve([]),
    store.searchEpisodes(query.group, q, query.kind ?? null, pool),
    intent.recent ? latestOf(store, query, filter, pool) : Promise.resolve({ facts: [], episodes: [] }),
  ]);

  const entityRank = rankFused(reciprocalRankFusion([ids(entityText), similar(entityVec)]), pool);
  const seeds = entityRank.slice(0, GRAPH_SEEDS).map((r) => r.id);
  const around = seeds.length ? await store.factsTouching(query.group, seeds, filter, pool) : [];
  const graph = graphOrder(around, seeds);
  const factRank = rankFused(
    reciprocalRankFusion([ids(factText), similar(factVec), graph, latest.facts]),
    limit,
  );
  const episodeRank = rankFused(reciprocalRankFusion([ids(episodeText), latest.episodes]), limit);

  // The graph leg already read whole facts: fetch only the ranked ones it did not.
  const read = new Map(around.map((f) => [f.id, f]));
  const [fetched, episodes] = await Promise.all([
    store.getFacts(
      query.group,
      factRank.filter((r) => !read.has(r.id)).map((r) => r.id),
    ),
    store.getEpisodes(
      query.group,
      episodeRank.map((r) => r.id),
    ),
  ]);
  const facts = [...fetched, ...factRank.flatMap((r) => read.get(r.id) ?? [])];
  const entityIds = new Set(entityRank.slice(0, limit).map((r) => r.id));
  for (const f of facts) entityIds.add(f.subjectId).add(f.objectId);
  const entities = await store.getEntities(query.group, [...entityIds]);
  const names = new Map(entities.map((e) => [e.id, e.name]));

  return {
    facts: inRankOrder(factRank, facts).map(({ item, score }) => ({ item: factView(item, names), score })),
    entities: inRankOrder(entityRank.slice(0, limit), entities),
    episodes: inRankOrder(episodeRank, episodes),
  };
}

async function recent(store: Store, query: SearchQuery, filter: FactFilter): Promise<SearchResult> {
  const [facts, episodes] = await Promise.all([
    store.recentFacts(query.group, filter, query.limit),
    store.listEpisodes(query.group, { limit: query.limit, ...(query.kind ? { kind: query.kind } : {}) }),
  ]);
  const entities = await store.getEntities(
    query.group,
    facts.flatMap((f) => [f.subjectId, f.objectId]),
  );
  const names = new Map(entities.map((e) => [e.id, e.name]));
  return {
    facts: facts.map((f, i) => ({ item: factView(f, names), score: 1 / (i + 1) })),
    entities: [],
    episodes: episodes.map((e: Episode, i) => ({ item: e, score: 1 / (i + 1) })),
  };
}

const ids = (hits: Hit[]) => hits.map((h) => h.id);

/** The recency leg: the group's latest facts and episodes, newest first. */
async function latestOf(
  store: Store,
  query: SearchQuery,
  filter: FactFilter,
  pool: number,
): Promise<{ facts: string[]; episodes: string[] }> {
  const [facts, episodes] = await Promise.all([
    store.recentFacts(query.group, filter, pool),
    store.listEpisodes(query.group, { limit: pool, ...(query.kind ? { kind: query.kind } : {}) }),
  ]);
  return { facts: facts.map((f) => f.id), episodes: episodes.map((e) => e.id) };
}

/** Facts around the seed entities: the best seed's facts first, newest first within a seed. */
function graphOrder(facts: Fact[], seeds: string[]): string[] {
  const seedRank = new Map(seeds.map((id, i) => [id, i]));
  const rankOf = (f: Fact) =>
    Math.min(seedRank.get(f.subjectId) ?? seeds.length, seedRank.get(f.objectId) ?? seeds.length);
  return [...facts]
    .sort((a, b) => rankOf(a) - rankOf(b) || (a.validAt < b.validAt ? 1 : a.validAt > b.validAt ? -1 : 0))
    .map((f) => f.id);
}

function inRankOrder<T extends { id: string }>(
  rank: Array<{ id: string; score: number }>,
  items: T[],
): Array<Scored<T>> {
  const byId = new Map(items.map((i) => [i.id, i]));
  const out: Array<Scored<T>> = [];
  for (const { id, score } of rank) {
    const item = byId.get(id);
    if (item) out.push({ item, score });
  }
  return out;
}

export function factView(fact: Fact, names: Map<string, string>): FactView {
  return { ...fact, subject: names.get(fact.subjectId) ?? "?", object: names.get(fact.objectId) ?? "?" };
}
