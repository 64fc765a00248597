/**
 * Things a message names: files (backticked or path-like), commands and symbols in backticks,
 * scoped packages, errors it quotes, and entities the group already knows. Plus three relations
 * that coding talk states plainly: "X depends on Y", "X is deprecated (in favour of Y)" and
 * "X fails because Y".
 */
import type { EntityType } from "../model/types.js";
import { type ExtractionBuilder, occursInText, oneLine } from "./builder.js";
import { commandKey } from "./command.js";
import { errorClass, findErrorLine, locatedFiles } from "./errors.js";
import { isStatement } from "./markers.js";
import { packageKey } from "./normalize.js";
import { cleanPath, looksLikeFile, relativeToRoot } from "./paths.js";
import { findTerms } from "./text.js";
import { TERMS } from "./vocab.js";

const PROGRAMS =
  /^(?:npm|npx|pnpm|pnpx|yarn|bun|bunx|deno|node|tsx|tsc|git|gh|docker|podman|kubectl|helm|cargo|go|pip|pip3|python|python3|uv|poetry|make|just|terraform|pulumi|systemctl|journalctl|apt|apt-get|brew|nix|curl|wget|ls|cd|cat|grep|rg|find|sed|awk|jq|vitest|jest|pytest|eslint|biome|prettier|prisma|ssh|scp|rsync|chmod|chown|mkdir|rm|cp|mv|sudo|export|echo|opencode|memory)$/;

export interface Mention {
  name: string;
  type: EntityType;
  index: number;
}

/** Classifies a backticked span; null when it is just code, not a thing. */
export function classifySpan(span: string, root: string | null): Omit<Mention, "index"> | null {
  const s = span.trim();
  if (!s || s.length > 200 || /\n/.test(s)) return null;
  const first = s.split(/\s+/)[0]!;
  if (
    PROGRAMS.test(first.replace(/^.*\//, "")) &&
    (/\s/.test(s) || /^(?:tsc|vitest|jest|pytest|make)$/.test(first))
  ) {
    return { name: commandKey(s), type: "command" };
  }
  if (looksLikeFile(s)) return { name: relativeToRoot(s, root), type: "file" };
  if (/^@[a-z0-9][\w.-]*\/[a-z0-9][\w.-]*(?:@[\w.^~-]+)?$/i.test(s))
    return { name: packageKey(s), type: "package" };
  const term = TERMS.get(s.toLowerCase());
  if (term) return { name: term.name, type: term.type };
  if (
    /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:\(\))?$/.test(s) &&
    /[A-Z_.$]|\(\)$/.test(s.slice(1)) &&
    s.length <= 80
  ) {
    return { name: s.replace(/\(\)$/, ""), type: "symbol" };
  }
  return null;
}

const BACKTICK = /`([^`\n]{1,200})`/g;
const SCOPED = /(?<![\w/@])@[a-z0-9][\w.-]*\/[a-z0-9][\w.-]*/g;
const PATHISH =
  /(?<![\w`/.@:-])(?:\.{1,2}\/|~\/|\/)?(?:[\w@.-]+\/)+[\w@.-]+\.[A-Za-z0-9]{1,10}(?![\w/])|(?<![\w`/.@:-])[\w-]+\.(?:ts|tsx|js|jsx|mjs|cjs|json|md|py|go|rs|yml|yaml|toml|nix|sql|css|html|vue|svelte)(?![\w/])/g;

export function mentions(text: string, root: string | null): Mention[] {
  const out: Mention[] = [];
  const add = (m: Mention | null) => {
    if (m?.name && !out.some((o) => o.name === m.name && o.type === m.type)) out.push(m);
  };
  for (const m of text.matchAll(BACKTICK)) {
    const c = classifySpan(m[1]!, root);
    if (c) add({ ...c, index: m.index ?? 0 });
  }
  const prose = text.replace(BACKTICK, (all) => " ".repeat(all.length));
  for (const m of prose.matchAll(SCOPED))
    add({ name: packageKey(m[0].replace(/[.,;:]+$/, "")), type: "package", index: m.index ?? 0 });
  for (const m of prose.matchAll(PATHISH)) {
    const raw = m[0].replace(/[.,;:]+$/, "");
    if (/^https?:|^www\./i.test(raw) || !looksLikeFile(raw)) continue;
    add({ name: relativeToRoot(cleanPath(raw), root), type: "file", index: m.index ?? 0 });
  }
  for (const m of jargon(prose)) add({ ...m, type: "concept" });
  return out.slice(0, 30);
}

/**
 * A project's own names in capitals ("DGIA", "PAYGW2"): three to eight letters and digits starting
 * with a letter, standing alone. Without them the rule extractor, which knows only files, commands,
 * packages, symbols and errors, never made a node of a team's acronyms; once one is a node, later
 * messages that say it in any case ("dgia") resolve to it as a known entity. Generic technology
 * acronyms, errno codes (the error entity carries those) and a shouted message are not names.
 */
const ACRONYM = /(?<![\p{L}\p{N}_$@./\\-])[A-Z][A-Z0-9]{2,7}(?![\p{L}\p{N}_$@/\\-]|\.[\p{L}\p{N}])/gu;
const CAPS_WORD = /(?<![\p{L}\p{N}_])[A-Z]{2,}(?![\p{L}\p{N}_])/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const MAX_JARGON = 5;
const GENERIC = new Set(
  `API APIS URL URLS URI HTTP HTTPS JSON YAML TOML XML HTML CSS SQL CLI SDK GUI TUI IDE CPU GPU RAM SSD
   DNS TLS SSL SSH TCP UDP JWT UUID ULID UTC ISO UTF ASCII EOF TODO FIXME NOTE XXX HACK WIP TBD FYI
   ASAP LGTM IMO IMHO BTW AFAIK PTAL AND THE NOT BUT FOR YOU ALL ANY NEW OLD YES NONE NULL TRUE FALSE
   ENV DEV PROD README LICENSE MIT BSD GPL GET POST PUT PATCH DELETE HEAD CORS CSRF XSS ORM MVP POC
   CRUD REST RPC GRPC SPA SSR CSR PDF PNG JPG JPEG GIF SVG CSV ZIP AWS GCP VPS VPN CDN`.split(/\s+/),
);

function jargon(prose: string): Array<{ name: string; index: number }> {
  const caps = prose.match(CAPS_WORD)?.length ?? 0;
  const words = prose.match(WORD)?.length ?? 0;
  if (caps >= 3 && caps > words * 0.4) return [];
  const out: Array<{ name: string; index: number }> = [];
  for (const m of prose.matchAll(ACRONYM)) {
    const name = m[0];
    if (GENERIC.has(name) || /^E[A-Z]{3,}$/.test(name) || TERMS.has(name.toLowerCase())) continue;
    if (!out.some((o) => o.name === name)) out.push({ name, index: m.index ?? 0 });
    if (out.length === MAX_JARGON) break;
  }
  return out;
}

/** An error the message quotes, linked to the command it mentions and the files it points at. */
export function errorMentions(
  b: ExtractionBuilder,
  text: string,
  found: readonly Mention[],
  root: string | null,
): void {
  const line = findErrorLine(text);
  if (!line) return;
  const cls = errorClass(line);
  const err = b.entity(oneLine(line), "error", cls ? `${cls} error` : undefined);
  const commands = found.filter((m) => m.type === "command");
  if (commands.length === 1) {
    const cmd = b.entity(commands[0]!.name, "command");
    b.fact(cmd, "failed_with", err, `\`${commands[0]!.name}\` failed with: ${err}`);
  }
  const files = [
    ...locatedFiles(text, root, 3),
    ...found.filter((m) => m.type === "file").map((m) => m.name),
  ];
  for (const f of [...new Set(files)].slice(0, 3)) {
    b.fact(err, "occurs_in", b.entity(f, "file"), occursInText(err, f));
  }
}

/** The thing at either side of a relation: a mention, a known term, or a backticked name. */
function thingAt(b: ExtractionBuilder, phrase: string, root: string | null): string | null {
  const p = phrase.trim().replace(/^(?:the|a|an)\s+/i, "");
  const ticked = /^`([^`]+)`/.exec(p);
  if (ticked) {
    const c = classifySpan(ticked[1]!, root);
    return c ? b.entity(c.name, c.type) : b.entity(ticked[1]!, "concept");
  }
  const token = p.split(/\s+/)[0]!.replace(/[.,;:!]+$/, "");
  if (/^@[a-z0-9][\w.-]*\/[\w.-]+$/i.test(token)) return b.entity(packageKey(token), "package");
  if (looksLikeFile(token)) return b.entity(relativeToRoot(token, root), "file");
  const term = findTerms(p).find((t) => t.index === 0);
  if (term) return b.entity(term.display, term.term.type);
  // A capitalised word names a thing, unless it is a pronoun or a quantifier ("Nothing needs Redis").
  if (
    /^[A-Z][\w.+#-]{1,40}$/.test(token) &&
    !/^(?:I|It|This|That|We|They|He|She|Nothing|Everything|Something|Anything|Nobody|Everyone|Someone)$/.test(
      token,
    )
  )
    return b.entity(token, "concept");
  return null;
}

const DEPENDS =
  /(`[^`]+`|[\w@./-]+)\s+(?:now\s+)?(?:depends on|requires|imports|needs|is built on|wraps)\s+(`[^`]+`|[\w@./-]+)/i;
const DEPRECATED =
  /(`[^`]+`|[\w@./-]+(?:\(\))?)\s+(?:is|are|has been|have been|was|got|is now)\s+(?:now\s+)?deprecated(?:\s*(?:,|;|—|-)?\s*(?:in favou?r of|use|replaced by)\s+(`[^`]+`|[\w@./-]+))?/i;

/** "The users route breaks because the session middleware is registered after the routes." */
const CAUSE =
  /^(?:the\s+|our\s+)?(`[^`]+`|(?:[\w@./-]+\s+){0,4}?[\w@./-]+)\s+(?:breaks|broke|fails|failed|crashes|crashed|hangs|hung|times out|timed out|(?:is|was|were|are) (?:failing|broken|crashing|slow|flaky))\s+(?:because(?: of)?|due to|since)\s+(.{5,200}?)[.!]?$/i;

export function relationRules(b: ExtractionBuilder, sentence: string, root: string | null): void {
  if (!isStatement(sentence)) return;
  const cause = CAUSE.exec(sentence);
  const why = cause ? oneLine(cause[2]!.replace(/[.!;,\s]+$/, ""), 160) : "";
  if (cause && !/^(?:it|this|that|they|we|i)$/i.test(cause[1]!.trim()) && why.split(/\s+/).length >= 2) {
    const thing = thingAt(b, cause[1]!, root) ?? b.entity(cause[1]!.trim(), "concept");
    b.fact(thing, "fails_because", b.entity(why, "concept"), oneLine(sentence, 240));
  }
  const dep = DEPENDS.exec(sentence);
  if (dep) {
    const from = thingAt(b, dep[1]!, root);
    const to = thingAt(b, dep[2]!, root);
    if (from && to) b.fact(from, "depends_on", to, `${from} depends on ${to}.`);
  }
  const dead = DEPRECATED.exec(sentence);
  if (dead) {
    const thing = thingAt(b, dead[1]!, root);
    if (thing) {
      b.fact(thing, "lifecycle_status", b.entity("deprecated", "concept"), `${thing} is deprecated.`, true);
      const successor = dead[2] ? thingAt(b, dead[2], root) : null;
      if (successor)
        b.fact(thing, "replaced_by", successor, `${thing} is deprecated in favour of ${successor}.`);
    }
  }
}
