/**
 * One episode in: redact, extract (structured kinds deterministically, free text through the
 * configured extractor), resolve entities, apply the temporal rules to every fact, embed what is
 * new, and commit it all in one store transaction. Replaying a stored episode id returns the first
 * result without touching the store.
 */
import { uuidv7 } from "./ids.js";
import { type EpisodeInput, FREE_TEXT_KINDS, MAX_CLOCK_AHEAD_MS } from "../model/schemas.js";
import type { Episode, Fact, IngestResult } from "../model/types.js";
import { redact, redactValue } from "../redact/index.js";
import type { FactInvalidation, IngestWrite, Store } from "../store/interface.js";
import type { Embedder, ExtractedEntity, ExtractedFact, Extraction, Extractor } from "./ports.js";
import { type ResolvedEntity, resolveEntities } from "./resolve-entities.js";
import { keyPrograms } from "../extract/command.js";
import { CHOICE_PREDICATES, spellingsOf } from "../extract/vocab.js";
import { decisionAdopts } from "./decisions.js";
import { repliedTo } from "./replied-to.js";
import { decideTemporal, holdsAt, versionOf } from "./temporal.js";

/** Commands named like a tool the project left, read to end their state: a handful in practice. */
const COMMANDS_SEARCHED = 25;

export interface IngestDeps {
  store: Store;
  embedder: Embedder;
  /** Structured coding events: deterministic, zero LLM calls. */
  structured: Extractor;
  /** Free text: rule-based by default, an LLM extractor when configured. */
  freeText: Extractor;
  now: () => Date;
}

/** An episode redacted and extracted, ready to apply: no store access, so no lock needed. */
export interface PreparedEpisode {
  episode: Episode;
  extraction: Extraction;
}

/**
 * Redaction and extraction. An LLM extractor takes seconds: doing this before the group's write
 * lock keeps one slow extraction from holding up every other write of the group.
 */
export async function prepareEpisode(
  deps: IngestDeps,
  input: EpisodeInput,
  earlier: readonly Episode[] = [],
): Promise<PreparedEpisode> {
  const now = deps.now().toISOString();
  const episode: Episode = {
    id: input.id ?? uuidv7(),
    group: input.group,
    kind: input.kind,
    content: redact(input.content).text,
    actor: input.actor ?? null,
    session: input.session ?? null,
    occurredAt: input.occurredAt ?? now,
    createdAt: now,
    metadata: (redactValue(input.metadata ?? {}) ?? {}) as Record<string, unknown>,
  };
  const extractor = FREE_TEXT_KINDS.has(episode.kind) ? deps.freeText : deps.structured;
  const knownEntities = extractor.usesKnownEntities ? await relatedEntityNames(deps.store, episode) : [];
  const answering = await repliedTo(deps.store, episode, earlier);
  const extraction = withKnowableDates(
    withFactEndpoints(await extractor.extract(episode, { knownEntities, answering })),
    episode.occurredAt,
  );
  return { episode, extraction };
}

/** Resolve, apply the temporal rules, embed and commit; call under the group's write lock. */
export async function applyEpisode(deps: IngestDeps, prepared: PreparedEpisode): Promise<IngestResult> {
  const { episode, extraction } = prepared;
  const { id } = episode;
  const stored = await deps.store.getIngestResult(episode.group, id);
  if (stored) return { ...stored, created: false };
  const now = episode.createdAt;
  const resolved = await resolveEntities(deps.store, episode.group, extraction.entities, now, {
    fuzzy: FREE_TEXT_KINDS.has(episode.kind),
  });
  const facts = await applyFacts(deps.store, episode, extraction.facts, resolved, now);

  const dirty = uniqueById(
    [...resolved.values()].filter((r) => r.dirty).map((r) => ({ ...r, id: r.entity.id })),
  );
  const dirtyEntities = dirty.map((r) => r.entity);
  const vectors = await deps.embedder.embed([
    ...dirtyEntities.map((e) => e.name),
    ...facts.fresh.map((f) => f.text),
  ]);
  const mentioned = uniqueById([...resolved.values()].map((r) => r.entity));

  const result: IngestResult = {
    id,
    created: true,
    entities: mentioned.map((e) => ({ id: e.id, name: e.name, type: e.type })),
    facts: facts.touched.map((f) => ({ id: f.id, text: f.text, validAt: f.validAt, invalidAt: f.invalidAt })),
    invalidated: facts.invalidations.map((i) => i.factId),
  };
  const write: IngestWrite = {
    episode,
    result,
    entities: dirty.map(({ entity, isNew }, i) => ({ entity, embedding: vectors[i], isNew })),
    facts: [
      ...facts.fresh.map((fact, i) => ({ fact, embedding: vectors[dirtyEntities.length + i], isNew: true })),
      ...facts.supported.map((fact) => ({ fact })),
    ],
    invalidations: facts.invalidations,
    mentions: mentioned.map((e) => ({ episodeId: id, entityId: e.id, group: episode.group })),
  };
  await deps.store.commit(write);
  return result;
}

/** How many existing names an extractor is shown, so it reuses their spelling. */
const KNOWN_ENTITIES = 50;

/** The group's entities the text itself points at (full-text over names and summaries). */
async function relatedEntityNames(store: Store, episode: Episode): Promise<string[]> {
  const hits = await store.searchEntities(episode.group, episode.content.slice(0, 2000), KNOWN_ENTITIES);
  if (hits.length === 0) return [];
  const entities = await store.getEntities(
    episode.group,
    hits.map((h) => h.id),
  );
  return entities.map((e) => e.name);
}

/** Every fact endpoint must be an entity; an extractor that forgot one gets a generic concept. */
function withFactEndpoints(extraction: Extraction): Extraction {
  const names = new Set(extraction.entities.map((e) => e.name));
  const extra: ExtractedEntity[] = [];
  for (const fact of extraction.facts) {
    for (const name of [fact.subject, fact.object]) {
      if (!names.has(name)) {
        names.add(name);
        extra.push({ name, type: "concept" });
      }
    }
  }
  return { entities: [...extraction.entities, ...extra], facts: extraction.facts };
}

/**
 * An extractor's dates (a model's `valid_at`) are kept only when the episode could know them: a
 * slip to 2099 would otherwise hold a fact "current" against every later correction. The same
 * hour of clock skew as an episode's own time is allowed; an end before the start is dropped.
 */
function withKnowableDates(extraction: Extraction, occurredAt: string): Extraction {
  const latest = Date.parse(occurredAt) + MAX_CLOCK_AHEAD_MS;
  const knowable = (iso: string | undefined) => (iso && Date.parse(iso) <= latest ? iso : undefined);
  if (extraction.facts.every((f) => !f.validAt && !f.invalidAt)) return extraction;
  const facts = extraction.facts.map(({ validAt: v, invalidAt: i, ...rest }) => {
    const validAt = knowable(v);
    const invalidAt = knowable(i);
    const ordered =
      invalidAt && Date.parse(invalidAt) < Date.parse(validAt ?? occurredAt) ? undefined : invalidAt;
    return { ...rest, ...(validAt ? { validAt } : {}), ...(ordered ? { invalidAt: ordered } : {}) };
  });
  return { ...extraction, facts };
}

interface AppliedFacts {
  /** Facts created by this episode (to insert and embed). */
  fresh: Fact[];
  /** Stored facts this episode supports again (episodeIds grew, maybe validAt moved earlier). */
  supported: Fact[];
  /** Every fact the episode asserted, new or existing, for the result. */
  touched: Fact[];
  invalidations: FactInvalidation[];
}

async function applyFacts(
  store: Store,
  episode: Episode,
  extracted: readonly ExtractedFact[],
  resolved: Map<string, ResolvedEntity>,
  now: string,
): Promise<AppliedFacts> {
  const out: AppliedFacts = { fresh: [], supported: [], touched: [], invalidations: [] };
  // Facts of this episode are visible to its later facts: "from Node 18 to Node 22" in one message.
  const known = new Map<string, Fact[]>();
  // Facts that ended before the earliest of this episode's facts began cannot bear on any of them.
  const since = extracted.reduce((min, x) => {
    const v = x.validAt ?? episode.occurredAt;
    return v < min ? v : min;
  }, episode.occurredAt);
  // A functional predicate needs every fact of the subject (any may be contradicted); any other
  // only the ones with the same object (duplicates), whatever else the subject relates to.
  const load = async (subjectId: string, predicate: string, objectId: string | null): Promise<Fact[]> => {
    // A list of every object serves any one object too (decisions look only at their object's
    // facts when the predicate accumulates), and one list per slot keeps this episode's changes
    // in one place.
    const all = known.get(`${subjectId}\u0000${predicate}\u0000*`);
    if (all) return all;
    const key = `${subjectId}\u0000${predicate}\u0000${objectId ?? "*"}`;
    let list = known.get(key);
    if (!list) {
      const facts = await store.factsBySubjectPredicate(
        episode.group,
        subjectId,
        predicate,
        since,
        objectId ?? undefined,
      );
      list = objectId === null ? facts : facts.filter((f) => f.objectId === objectId);
      known.set(key, list);
    }
    return list;
  };
  const replace = (list: Fact[], fact: Fact) => {
    const i = list.findIndex((f) => f.id === fact.id);
    if (i >= 0) list[i] = fact;
  };

  for (const x of extracted) {
    const subject = resolved.get(x.subject)?.entity;
    const object = resolved.get(x.object)?.entity;
    if (!subject || !object) continue;
    const list = await load(subject.id, x.predicate, x.functional ? null : object.id);
    const validAt = x.validAt ?? episode.occurredAt;
    const restates = x.functional
      ? await objectsNamed(store, episode.group, object.name, list, validAt, false)
      : undefined;
    const decision = decideTemporal(
      { objectId: object.id, validAt, invalidAt: x.invalidAt ?? null, functional: x.functional, restates },
      list,
    );
    if (decision.kind === "duplicate") {
      const existing = list.find((f) => f.id === decision.factId);
      if (!existing) continue;
      // A restated fact ended what it closes when it first began: only `ends` can be news here.
      if (x.ends?.length) await endFor(x.ends, [], subject.id, object.name, validAt, existing.id);
      const updated: Fact = {
        ...existing,
        validAt: decision.extendValidAt ?? existing.validAt,
        episodeIds: existing.episodeIds.includes(episode.id)
          ? existing.episodeIds
          : [...existing.episodeIds, episode.id],
      };
      replace(list, updated);
      upsertInto(out.fresh.some((f) => f.id === updated.id) ? out.fresh : out.supported, updated);
      upsertInto(out.touched, updated);
      continue;
    }
    const fact: Fact = {
      id: uuidv7(),
      group: episode.group,
      subjectId: subject.id,
      predicate: x.predicate,
      objectId: object.id,
      text: x.text,
      validAt,
      invalidAt: decision.invalidAt,
      createdAt: now,
      expiredAt: decision.invalidAt === null ? null : now,
      episodeIds: [episode.id],
      invalidatedBy: decision.invalidatedBy,
    };
    const replaced: Fact[] = [];
    for (const inv of decision.invalidate) {
      const target = list.find((f) => f.id === inv.factId);
      if (target) close(list, target, inv.invalidAt, fact.id);
      if (target && target.validAt < validAt) replaced.push(target);
    }
    list.push(fact);
    out.fresh.push(fact);
    out.touched.push(fact);
    // A tool the project no longer uses takes down the decisions and rules that chose it.
    if (replaced.length && x.predicate.startsWith("uses")) {
      const gone = await store.getEntities(episode.group, [...new Set(replaced.map((f) => f.objectId))]);
      const names = gone.map((e) => e.name);
      for (const predicate of CHOICE_PREDICATES)
        await endChoices(predicate, subject.id, names, validAt, fact.id);
    }
    if (x.ends?.length || x.closes?.length)
      await endFor(x.ends ?? [], x.closes ?? [], subject.id, object.name, validAt, fact.id);
    if (x.predicate === "switched_from") await endCommandsOf(object.name, validAt, fact.id);
  }
  return out;

  /**
   * A tool the project left takes down the state of the commands that run it: "`prettier` is
   * failing" is no failure to fix once the project moved to Biome. Its runs stay as history.
   */
  async function endCommandsOf(tool: string, at: string, by: string): Promise<void> {
    const spellings = spellingsOf(tool);
    if (spellings.length === 0) return;
    const hits = await store.searchEntities(episode.group, spellings.join(" "), COMMANDS_SEARCHED);
    const entities = await store.getEntities(
      episode.group,
      hits.map((h) => h.id),
    );
    const commands = entities.filter(
      (e) => e.type === "command" && keyPrograms(e.name).some((p) => spellings.includes(p)),
    );
    for (const command of commands) await endFor([], ["status"], command.id, command.name, at, by);
  }

  function close(list: Fact[], target: Fact, invalidAt: string, by: string): void {
    const closed: Fact = { ...target, invalidAt, expiredAt: now, invalidatedBy: by };
    replace(list, closed);
    const pending = out.fresh.find((f) => f.id === closed.id);
    if (pending) upsertInto(out.fresh, closed);
    else out.invalidations.push({ factId: closed.id, invalidAt, expiredAt: now, invalidatedBy: by });
    upsertInto(out.touched, closed, false);
  }

  /**
   * What a fact ends where it begins: the subject's facts under `ends` to `objectName` (or a
   * version of it), and under `closes` to any object, that hold at `at`.
   */
  async function endFor(
    ends: readonly string[],
    closes: readonly string[],
    subjectId: string,
    objectName: string,
    at: string,
    by: string,
  ): Promise<void> {
    for (const predicate of new Set(ends)) {
      if (CHOICE_PREDICATES.includes(predicate)) {
        await endChoices(predicate, subjectId, [objectName], at, by);
        continue;
      }
      const list = await load(subjectId, predicate, null);
      const ending = await objectsNamed(store, episode.group, objectName, list, at, true);
      if (!ending) continue;
      for (const f of list.filter((g) => ending.has(g.objectId) && holdsAt(g, at))) close(list, f, at, by);
    }
    for (const predicate of new Set(closes)) {
      const list = await load(subjectId, predicate, null);
      for (const f of list.filter((g) => holdsAt(g, at) && g.validAt < at)) close(list, f, at, by);
    }
  }

  /**
   * Ends the subject's earlier decisions or rules, holding at `at`, that took up any of `things`:
   * one read of the choices' entities for all of them.
   */
  async function endChoices(
    predicate: string,
    subjectId: string,
    things: readonly string[],
    at: string,
    by: string,
  ): Promise<void> {
    const list = await load(subjectId, predicate, null);
    const open = list.filter((f) => holdsAt(f, at) && f.validAt < at);
    if (open.length === 0) return;
    const chosen = await store.getEntities(episode.group, [...new Set(open.map((f) => f.objectId))]);
    const ids = new Set(
      chosen.filter((e) => things.some((thing) => decisionAdopts(e.name, thing))).map((e) => e.id),
    );
    for (const f of open.filter((g) => ids.has(g.objectId))) close(list, f, at, by);
  }
}

/**
 * Objects of the facts holding at `at` that are `name` with a version ("PostgreSQL 16" for
 * "PostgreSQL"), and `name` itself when `same`: at `at`, not now, so a late "we use Node" from
 * before an upgrade meets the Node 18 of its time. One entity read, only when such facts exist: a
 * slot holds one or a few at a time, so this is a small lookup on an uncommon path.
 */
async function objectsNamed(
  store: Store,
  group: string,
  name: string,
  facts: readonly Fact[],
  at: string,
  same: boolean,
): Promise<Set<string> | undefined> {
  const objects = [...new Set(facts.filter((f) => holdsAt(f, at)).map((f) => f.objectId))];
  if (objects.length === 0) return undefined;
  const entities = await store.getEntities(group, objects);
  const lower = name.toLowerCase();
  const ids = entities
    .filter((e) => (same && e.name.toLowerCase() === lower) || versionOf(name, e.name))
    .map((e) => e.id);
  return ids.length ? new Set(ids) : undefined;
}

function upsertInto(list: Fact[], fact: Fact, append = true): void {
  const i = list.findIndex((f) => f.id === fact.id);
  if (i >= 0) list[i] = fact;
  else if (append) list.push(fact);
}

function uniqueById<T extends { id: string }>(items: T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) seen.set(item.id, item);
  return [...seen.values()];
}
