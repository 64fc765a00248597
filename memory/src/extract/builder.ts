/**
 * Collects one episode's entities and facts without duplicates, and names the subjects every
 * extractor shares: the project (metadata `project`, else "project") and the session, so facts
 * from different kinds of episode meet on the same nodes.
 */
import type { EntityType, Episode } from "../model/types.js";
import type { ExtractedEntity, ExtractedFact, Extraction } from "../engine/ports.js";
import { normalizeEntityKey } from "./normalize.js";

/** An error's place: "X (in src/a.ts)", unless the message already names the file. */
export function occursInText(error: string, file: string): string {
  return error.includes(file) ? error : `${error} (in ${file})`;
}

export class ExtractionBuilder {
  private readonly entities = new Map<string, ExtractedEntity>();
  private readonly facts = new Map<string, ExtractedFact>();

  /** Adds (or finds) an entity and returns the name to use in facts. */
  entity(name: string, type: EntityType, summary?: string): string {
    const clean = name.trim();
    const key = `${type}\u0000${normalizeEntityKey(clean, type)}`;
    // One name, one node within an episode: the engine resolves fact endpoints by name.
    const existing = this.entities.get(key) ?? [...this.entities.values()].find((e) => e.name === clean);
    if (existing) {
      if (summary && !existing.summary) existing.summary = summary;
      return existing.name;
    }
    this.entities.set(key, summary ? { name: clean, type, summary } : { name: clean, type });
    return clean;
  }

  fact(
    subject: string,
    predicate: string,
    object: string,
    text: string,
    functional = false,
    ends?: readonly string[],
    closes?: readonly string[],
  ): void {
    if (!subject || !object || subject === object) return;
    const key = `${subject}\u0000${predicate}\u0000${object}`;
    if (!this.facts.has(key))
      this.facts.set(key, {
        subject,
        predicate,
        object,
        text,
        functional,
        ...(ends?.length ? { ends } : {}),
        ...(closes?.length ? { closes } : {}),
      });
  }

  merge(other: Extraction): void {
    for (const e of other.entities) this.entity(e.name, e.type, e.summary);
    for (const f of other.facts) {
      const key = `${f.subject}\u0000${f.predicate}\u0000${f.object}`;
      if (!this.facts.has(key)) this.facts.set(key, f);
    }
  }

  build(): Extraction {
    return { entities: [...this.entities.values()], facts: [...this.facts.values()] };
  }
}

export function metaString(metadata: Record<string, unknown>, key: string): string | undefined {
  const v = metadata[key];
  return typeof v === "string" && v.trim() ? v.trim() : undefined;
}

/** The project node: metadata `project`, else the generic "project" (one group = one project). */
export function projectEntity(b: ExtractionBuilder, episode: Episode): string {
  const name = metaString(episode.metadata, "project") ?? "project";
  return b.entity(name, "project", metaString(episode.metadata, "directory"));
}

/** The session node when the episode has one, else the project: who did the thing. */
export function actorSubject(b: ExtractionBuilder, episode: Episode, summary?: string): string {
  if (episode.session) return b.entity(`session ${episode.session}`, "concept", summary);
  return projectEntity(b, episode);
}

/** One line, bounded, for names and fact sentences. */
export function oneLine(text: string, max = 160): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
