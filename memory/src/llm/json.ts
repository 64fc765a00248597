/**
 * The JSON object in a model's answer, whatever is wrapped around it: reasoning models put
 * `<think>...</think>` first (some servers drop the opening tag), others add a ```json fence or a
 * sentence before and after. Parsing stays strict JSON: nothing is "fixed" here, since a guessed
 * repair could invent facts; an answer without a parseable object is reported as such, and the
 * caller decides (one repair request, then the rule-based extractor).
 */

export class JsonAnswerError extends Error {
  override name = "JsonAnswerError";
}

const THINK_BLOCK = /<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi;
const UNCLOSED_THINK = /<(?:think|thinking|reasoning)>[\s\S]*$/i;
const FENCE = /```[a-zA-Z0-9_-]*[ \t]*\r?\n?([\s\S]*?)```/g;
/** Bounds the brace scan on hostile or huge answers. */
const MAX_CANDIDATES = 20;

/** The answer without reasoning blocks. */
export function stripReasoning(text: string): string {
  let out = text.replace(THINK_BLOCK, "");
  // A closing tag with no opening one: the server stripped `<think>`; the reasoning is before it.
  const close = /<\/(?:think|thinking|reasoning)>/gi;
  let last = -1;
  for (let m = close.exec(out); m; m = close.exec(out)) last = m.index + m[0].length;
  if (last >= 0) out = out.slice(last);
  return out.replace(UNCLOSED_THINK, "").trim();
}

/** The first balanced `{...}` starting at `from`, string-aware; null when none closes. */
function balancedObject(text: string, from: number): { start: number; end: number } | null {
  const start = text.indexOf("{", from);
  if (start < 0) return null;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return { start, end: i + 1 };
  }
  return null;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/** The first JSON object in `answer`; throws JsonAnswerError saying why there is none. */
export function parseJsonAnswer(answer: string): Record<string, unknown> {
  const text = stripReasoning(answer);
  if (!text) throw new JsonAnswerError("the answer is empty (after removing reasoning blocks)");
  const candidates: string[] = [text];
  for (const m of text.matchAll(FENCE)) candidates.push((m[1] ?? "").trim());
  for (let from = 0, n = 0; n < MAX_CANDIDATES; n++) {
    const span = balancedObject(text, from);
    if (!span) break;
    candidates.push(text.slice(span.start, span.end));
    from = span.start + 1;
  }
  let firstError: string | null = null;
  for (const candidate of candidates) {
    const parsed = tryParse(candidate);
    if (
      parsed.ok &&
      parsed.value !== null &&
      typeof parsed.value === "object" &&
      !Array.isArray(parsed.value)
    ) {
      return parsed.value as Record<string, unknown>;
    }
    if (!parsed.ok) firstError ??= parsed.error;
  }
  throw new JsonAnswerError(
    text.includes("{")
      ? `the answer holds no valid JSON object (${firstError ?? "not an object"})`
      : "the answer holds no JSON object",
  );
}
