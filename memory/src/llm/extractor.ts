/**
 * Free-text extraction with an LLM, at most two calls per episode: one that extracts entities and
 * facts together, and one repair request only when the first answer is unusable. Anything else
 * (a second bad answer, the endpoint down after retries) falls back to the rule-based extractor:
 * the episode is always stored, with the facts the rules can find.
 */
import type { Extraction, ExtractionContext, Extractor } from "../engine/ports.js";
import { ExtractionBuilder, metaString, projectEntity } from "../extract/builder.js";
import { ruleExtractor } from "../extract/index.js";
import type { Episode } from "../model/types.js";
import type { ChatClient, ChatMessage } from "./chat.js";
import { parseJsonAnswer } from "./json.js";
import { DEFAULT_LIMITS, type PromptLimits, repairMessages, systemPrompt, userPrompt } from "./prompts.js";
import {
  EXTRACTION_JSON_SCHEMA,
  EXTRACTION_SCHEMA_NAME,
  type ModelAnswer,
  validateAnswer,
} from "./schema.js";
import { CHOICE_PREDICATES } from "../extract/vocab.js";
import { toEntityType } from "./types.js";
import { functionalFlag, isCodeConvention, USAGE_PREDICATES } from "./vocabulary.js";

/** The subset of a pino logger used here. */
export interface WarnLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface LlmExtractorOptions {
  chat: ChatClient;
  /** Used when the model gives no usable answer; default: the rule-based extractor. */
  fallback?: Extractor;
  limits?: Partial<PromptLimits>;
  logger?: WarnLogger;
}

const FORMAT = { name: EXTRACTION_SCHEMA_NAME, schema: EXTRACTION_JSON_SCHEMA };

export class LlmExtractor implements Extractor {
  readonly name: string;
  readonly usesKnownEntities = true;
  private readonly limits: PromptLimits;
  private readonly fallback: Extractor;

  constructor(private readonly options: LlmExtractorOptions) {
    this.name = `llm:${options.chat.model}`;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.fallback = options.fallback ?? ruleExtractor;
  }

  async extract(episode: Episode, context: ExtractionContext): Promise<Extraction> {
    if (!episode.content.trim()) return this.fallback.extract(episode, context);
    const project = metaString(episode.metadata, "project") ?? "project";
    const messages: ChatMessage[] = [
      { role: "system", content: systemPrompt(this.limits) },
      {
        role: "user",
        content: userPrompt(episode, project, context.knownEntities, this.limits, context.answering),
      },
    ];
    const parse = (content: string) => validateAnswer(parseJsonAnswer(content));
    let problem: string;
    try {
      const first = await this.options.chat.complete(messages, parse, FORMAT);
      if (first.ok) return this.toExtraction(episode, first.value);
      const second = await this.options.chat.complete(
        repairMessages(messages, first.content, first.problem),
        parse,
        FORMAT,
      );
      if (second.ok) return this.toExtraction(episode, second.value);
      problem = `two unusable answers (${first.problem}; then ${second.problem})`;
    } catch (err) {
      problem = (err as Error).message;
    }
    this.options.logger?.warn(
      { episode: episode.id, group: episode.group, extractor: this.name, problem },
      "LLM extraction failed; using the rule-based extractor",
    );
    return this.fallback.extract(episode, context);
  }

  /** Model answer -> the engine's Extraction: types mapped, names resolved, vocabulary applied. */
  private toExtraction(episode: Episode, answer: ModelAnswer): Extraction {
    if (answer.dropped > 0) {
      this.options.logger?.warn(
        { episode: episode.id, extractor: this.name, dropped: answer.dropped, problems: answer.problems },
        "LLM extraction: unusable items dropped",
      );
    }
    const b = new ExtractionBuilder();
    const project = metaString(episode.metadata, "project") ?? "project";
    const byName = new Map<string, string>();
    const remember = (raw: string, built: string) => byName.set(raw.toLowerCase(), built);

    for (const e of answer.entities.slice(0, this.limits.maxEntities)) {
      const isProject = e.name.toLowerCase() === project.toLowerCase();
      const built = isProject
        ? projectEntity(b, episode)
        : b.entity(
            e.name,
            e.name.toLowerCase() === "user" ? "person" : toEntityType(e.type),
            e.summary ?? undefined,
          );
      remember(e.name, built);
    }
    const endpoint = (raw: string): string => {
      const found = byName.get(raw.toLowerCase());
      if (found) return found;
      // A fact about an entity the model forgot to list: the project, the user, or a concept.
      const built =
        raw.toLowerCase() === project.toLowerCase()
          ? projectEntity(b, episode)
          : b.entity(raw, raw.toLowerCase() === "user" ? "person" : "concept");
      remember(raw, built);
      return built;
    };

    const facts: Extraction["facts"] = [];
    const seen = new Set<string>();
    for (const f of answer.facts.slice(0, this.limits.maxFacts)) {
      // A code convention is the project's whoever states it, as the rules have it.
      const holder =
        f.subject.toLowerCase() === "user" && isCodeConvention(f.predicate) ? project : f.subject;
      const subject = endpoint(holder);
      const object = endpoint(f.object);
      if (subject === object) continue;
      const key = `${subject}\u0000${f.predicate}\u0000${object}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const validAt = f.valid_at ?? undefined;
      // An end before the start is a model slip: keep the fact, drop the impossible end.
      const invalidAt = f.invalid_at && (!validAt || f.invalid_at > validAt) ? f.invalid_at : undefined;
      facts.push({
        subject,
        predicate: f.predicate,
        object,
        text: f.text?.trim() || `${subject} ${f.predicate.replace(/_/g, " ")} ${object}.`,
        functional: functionalFlag(f.predicate, f.functional),
        ...(validAt ? { validAt } : {}),
        ...(invalidAt ? { invalidAt } : {}),
        ...(f.predicate === "switched_from" ? { ends: [...USAGE_PREDICATES, ...CHOICE_PREDICATES] } : {}),
      });
    }
    b.merge({ entities: [], facts });
    return b.build();
  }
}
