/**
 * The project's stack from statements: "we use Vitest", "the project uses Node 22", "switched from
 * MySQL to Postgres", "replaced Jest with Vitest", "use pnpm instead of npm", "we're on Python 3.12".
 * One functional predicate per category (`uses_runtime`, `uses_test_framework`...), so a later
 * statement with another object contradicts the earlier one; `switched_from` keeps what was left.
 * Decisions ("we decided to...", "let's go with...") become decision entities.
 */
import { type ExtractionBuilder, oneLine } from "./builder.js";
import {
  isStatement,
  markers,
  negatedAt,
  notDone,
  PROJECT_SUBJECT,
  saidOfThisProject,
  SWITCH_CUE,
  statesStack,
  USE_CUE,
} from "./markers.js";
import { type FoundTerm, findTerms } from "./text.js";
import { CHOICE_PREDICATES, FUNCTIONAL_CATEGORIES, versionCategory } from "./vocab.js";

/**
 * Right before a term, or before a short list ending in it: the project stopped using it ("we
 * dropped Redis", "got rid of Jest", "dropped black and flake8").
 */
const DROPPED_BEFORE =
  /\b(?:drop(?:ped|ping)?|removed|delet(?:e|ed|ing)|uninstall(?:ed|ing)?|ditch(?:ed|ing)?|got rid of|stopped using|no longer use|yank(?:ed|ing)?|nothing (?:needs|uses)|(?:don't|do not|doesn't|no longer) (?:need|want)|(?:mov|migrat)(?:e|ed|ing) (?:(?:the|our) \w+ )?(?:off(?: of)?|away from)|scrap(?:ped|ping)?|abandon(?:ed|ing)?|decided against|not going with|rip(?:ped|ping)? out|swap(?:s|ped|ping)?|(?:never ?mind|nvm) about|(?:revert(?:ed|ing)?|revers(?:e|ed|ing)|undo|undid|walk(?:ed)? back|back(?:ed)? out of|cancel(?:l?ed|l?ing)?) (?:the |our |that |this )?(?:decision|plan|idea|switch|move|migration|change)(?: to(?: use| go with| switch to| move to)?)?)\s+(?:the\s+|our\s+)?(?:[\w.+-]+\s*(?:,|&|\+|\/|\band\b)\s*){0,3}$/i;
/** A part of a tool's setup named after it: dropping "the jest config file" keeps Jest. */
const PART_OF_IT =
  /^\s*(?:config(?:uration)?s?|files?|presets?|plugins?|snapshots?|mocks?|cache|steps?|flags?|options?|rules?|types|dir(?:ectory)?|folder|settings|warnings?|logs?)\b/i;
/** Right after a term: "Node 18 is no longer supported", "Moment is deprecated", "avro: scratch that". */
const DROPPED_AFTER =
  /^\s*(?:[:,;-]\s*(?:scratch that|never ?mind|nvm)\b|(?:is|are)\s+(?:no longer\b|not (?:used|needed|required|supported)\b|(?:now\s+)?(?:deprecated|gone|unsupported|dead|end[- ]of[- ]life|removed|deleted|uninstalled)\b|off the table|a no-?go|not happening\b|(?:just |way )?overkill\b|not worth it\b))/i;
/** Between two tools of one kind after a switch verb: "switch npm to bun", "migrated jest to vitest". */
const SWITCHED_TO = /^\s+(?:over\s+)?to\s+$/i;

/** The part of the stack a term fills here: its own, or one it can also fill that the sentence names. */
function categoryIn(t: FoundTerm, sentence: string, others: readonly FoundTerm[]): string {
  const also = t.term.also ?? [];
  const named = also.find(
    (c) => sentence.toLowerCase().includes(c.replace(/_/g, " ")) || others.some((o) => o.term.category === c),
  );
  return named ?? t.term.category;
}

/** Terms the sentence says the project stops using. */
function droppedTerms(sentence: string, terms: readonly FoundTerm[]): FoundTerm[] {
  const switching = SWITCH_CUE.test(sentence);
  return terms.filter((t, i) => {
    if (DROPPED_BEFORE.test(sentence.slice(0, t.index)) && !PART_OF_IT.test(sentence.slice(t.end)))
      return true;
    if (DROPPED_AFTER.test(sentence.slice(t.end))) return true;
    const next = terms[i + 1];
    return (
      switching &&
      next !== undefined &&
      SWITCHED_TO.test(sentence.slice(t.end, next.index)) &&
      categoryIn(next, sentence, [t]) === t.term.category
    );
  });
}

/**
 * The tools a sentence takes up rather than leaves: "use Kafka instead of RabbitMQ" takes up Kafka,
 * "move from Jest to Vitest" takes up Vitest, "we decided against Mongo" takes up nothing.
 */
export function adoptedTerms(sentence: string): FoundTerm[] {
  const terms = findTerms(sentence);
  const marks = markers(sentence);
  const stops = droppedTerms(sentence, terms);
  return terms.filter((t) => !stops.includes(t) && !negatedAt(marks, t.index));
}

const CONTRAST = /,?\s+but\s+/i;

export function usageRules(b: ExtractionBuilder, sentence: string, project: string): void {
  if (!isStatement(sentence)) return;
  // The stack only from plain statements; decisions whatever else the sentence says. Each side of
  // a "but" on its own: "the client prefers Java, but we're building it in Kotlin".
  if (statesStack(sentence))
    for (const side of sentence.split(CONTRAST)) if (side) stackRules(b, side, project);
  decision(b, sentence, project);
}

/**
 * A tool as the subject of what it does ("Go uses goroutines", "Swift doesn't have checked
 * exceptions"): general knowledge, not this project's stack, unless the project is named too.
 */
const TOOL_DOES =
  /^\s+(?:uses|supports|has|have|doesn't|does not|provides|ships|comes with|lets|allows|was designed|is designed|compiles|multiplexes|handles|treats)\b/i;

function stackRules(b: ExtractionBuilder, sentence: string, project: string): void {
  const terms = findTerms(sentence);
  const first = terms[0];
  if (first && TOOL_DOES.test(sentence.slice(first.end)) && !/\b(?:we|our|us)\b/i.test(sentence)) return;
  const stops = droppedTerms(sentence, terms);
  const stated = USE_CUE.test(sentence) || stops.length > 0;
  if (terms.length > 0 && stated && PROJECT_SUBJECT.test(sentence)) {
    const marks = markers(sentence);
    const switching = SWITCH_CUE.test(sentence) || stops.length > 0;
    const seen = new Set<string>();
    const adopted: string[] = [];
    const dropped: Array<{ name: string; ends: string[] }> = [];
    const left = terms.filter((t) => negatedAt(marks, t.index) || stops.includes(t));
    for (const t of left) {
      // What a switch leaves ends the project's use of it, in whichever slot it was recorded.
      const slots = [t.term.category, versionCategory(t.term), ...(t.term.also ?? [])];
      // Decisions and rules that took it up end with it ("scratch that, no Kafka").
      const ends = [...new Set(["uses", ...slots.map((c) => `uses_${c}`), ...CHOICE_PREDICATES])];
      dropped.push({ name: b.entity(t.display, t.term.type), ends });
    }
    for (const t of terms) {
      if (left.includes(t)) continue;
      const name = b.entity(t.display, t.term.type);
      adopted.push(name);
      const category = categoryIn(t, sentence, left);
      // One object per functional category per sentence: the first stated wins.
      if (FUNCTIONAL_CATEGORIES.has(category)) {
        if (seen.has(category)) continue;
        seen.add(category);
      }
      if (category === "language") {
        // A project speaks several languages (accumulate); each has one version at a time.
        const lang = b.entity(t.term.name, t.term.type);
        b.fact(project, "uses_language", lang, `${project} uses ${t.term.name} (language).`);
        if (t.version)
          // "(Go version)": the word a question about it uses ("which go version?").
          b.fact(
            project,
            `uses_${versionCategory(t.term)}`,
            name,
            `${project} uses ${name} (${t.term.name} version).`,
            true,
          );
        continue;
      }
      const functional = FUNCTIONAL_CATEGORIES.has(category);
      const label = category.replace(/_/g, " ");
      // Said the way it is asked ("where do we deploy?"), so full text finds it.
      const text =
        category === "hosting" || (category === "orchestration" && DEPLOYS.test(sentence))
          ? `${project} deploys to ${name} (${label}).`
          : `${project} uses ${name} (${label}).`;
      b.fact(project, `uses_${category}`, name, text, functional);
    }
    if (switching) {
      for (const old of dropped) {
        const to = adopted[0];
        // "use `npm ci` instead of `npm install`": one tool, two of its commands.
        if (to === old.name) continue;
        const text = to
          ? `${project} switched from ${old.name} to ${to}.`
          : `${project} stopped using ${old.name}.`;
        b.fact(project, "switched_from", old.name, text, false, old.ends);
      }
    }
  } else if (USE_CUE.test(sentence) && PROJECT_SUBJECT.test(sentence)) {
    genericUse(b, sentence, project);
  }
}

/** "We use Linear for tickets": a capitalised name the vocabulary does not know (backticks are code). */
const GENERIC_USE =
  /\b(?:[Ww]e(?:'re| are)?|[Tt]he project|[Tt]his project|[Oo]ur (?:app|project|team|repo))\s+(?:now\s+)?(?:use|uses|using|rely on|relies on)\s+([A-Z][\w.+#-]{1,40}(?:\s[A-Z][\w.+#-]{1,40}){0,2})/;

function genericUse(b: ExtractionBuilder, sentence: string, project: string): void {
  const m = GENERIC_USE.exec(sentence);
  if (!m || negatedAt(markers(sentence), m.index + m[0].length - m[1]!.length)) return;
  const name = m[1]!.trim();
  if (!name || /^(?:I|It|The|This|That|A|An)$/.test(name)) return;
  const entity = b.entity(name, "concept");
  b.fact(project, "uses", entity, `${project} uses ${name}.`);
}

const DEPLOYS = /\bdeploy(?:s|ed|ing)?\b/i;

const DECISION =
  /(?:(?:\b(?:we|I|the team)\s+(?:have\s+)?|^)(?:decided|agreed|chose|concluded|settled on)|\bdecision(?: is|:)|\b(?:let's|let us|we'll|we will|we're going to|we are going to)\s+(?=go with|use|switch|stick|keep|move|adopt|drop|remove|replace|migrate|split|rename))\s*(?:to|that|on)?\s*(.{4,200})$/i;

/**
 * Decisions about the work at hand or about the day, not the project: "let's use a Map here",
 * "let's move the helper to helpers.ts", "we decided to grab lunch", "we agreed the meeting was useless".
 */
const NOT_A_DECISION =
  /\b(?:here|lunch|coffee|dinner|break|meeting|call|standup|day off|\w+day off|vacation|holiday|skip|tomorrow|today|this (?:file|function|test|one)|the (?:screenshot|helper|button|view|variable))\b/i;
const REFERS_BACK = /\b(?:what|as|like|which)\s*$/i;
/** "Let's use all of them": a let's-decision names a tool, or it is chat. */
const LETS = /\b(?:let's|let us|we'll|we will|we're going to|we are going to)\b/i;

function decision(b: ExtractionBuilder, sentence: string, project: string): void {
  const m = DECISION.exec(sentence);
  if (!m) return;
  const what = m[1]!.replace(/[.!;,\s]+$/, "").trim();
  if (what.split(/\s+/).length < 2 || NOT_A_DECISION.test(what)) return;
  // "that's what we agreed in the retro", "as we decided": it points back, it states nothing.
  if (REFERS_BACK.test(sentence.slice(0, m.index))) return;
  if (!saidOfThisProject(sentence) || notDone(sentence)) return;
  if (LETS.test(sentence.slice(0, m.index + m[0].length - m[1]!.length)) && findTerms(what).length === 0)
    return;
  const d = b.entity(oneLine(what, 120), "decision");
  // "Decision: we deploy to Fly.io" reads "acme decided: we deploy to Fly.io", not "decided: Decision: ...".
  const said = sentence.replace(/^\s*(?:decision|decided)\s*:\s*/i, "");
  // "Decided to use tRPC" reads "acme decided to use tRPC", not "acme decided: decided to...".
  const text = /^decided\b/i.test(said)
    ? `${project} ${oneLine(said, 200).replace(/^decided/i, "decided")}`
    : `${project} decided: ${oneLine(said, 200)}`;
  b.fact(project, "decided", d, text);
}
