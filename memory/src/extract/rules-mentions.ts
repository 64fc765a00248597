/**
 * Things a message names: files (backticked or path-like), commands and symbols in backticks,
 * scoped packages, errors it quotes, and entities the group already knows. Plus two relations
 * that coding talk states plainly: "X depends on Y" and "X is deprecated (in favour of Y)".
 */
import type { EntityType } from "../model/types.js";
import { type ExtractionBuilder, oneLine } from "./builder.js";
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
  return out.slice(0, 30);
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
    b.fact(err, "occurs_in", b.entity(f, "file"), `${err} (in ${f})`);
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
  if (/^[A-Z][\w.+#-]{1,40}$/.test(token) && !/^(?:I|It|This|That|We|They|He|She)$/.test(token))
    return b.entity(token, "concept");
  return null;
}

const DEPENDS =
  /(`[^`]+`|[\w@./-]+)\s+(?:now\s+)?(?:depends on|requires|imports|needs|is built on|wraps)\s+(`[^`]+`|[\w@./-]+)/i;
const DEPRECATED =
  /(`[^`]+`|[\w@./-]+(?:\(\))?)\s+(?:is|are|has been|have been|was|got|is now)\s+(?:now\s+)?deprecated(?:\s*(?:,|;|—|-)?\s*(?:in favou?r of|use|replaced by)\s+(`[^`]+`|[\w@./-]+))?/i;

export function relationRules(b: ExtractionBuilder, sentence: string, root: string | null): void {
  if (!isStatement(sentence)) return;
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
