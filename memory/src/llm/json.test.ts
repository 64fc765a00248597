import { describe, expect, it } from "vitest";
import { JsonAnswerError, parseJsonAnswer, stripReasoning } from "./json.js";

const OBJ = { entities: [{ name: "a" }], facts: [] };
const TEXT = JSON.stringify(OBJ);

describe("parseJsonAnswer", () => {
  it("parses a bare JSON object", () => {
    expect(parseJsonAnswer(TEXT)).toEqual(OBJ);
    expect(parseJsonAnswer(`  \n${JSON.stringify(OBJ, null, 2)}\n`)).toEqual(OBJ);
  });

  it("drops <think> blocks, including ones holding braces", () => {
    expect(parseJsonAnswer(`<think>maybe {"x": 1} or {</think>\n${TEXT}`)).toEqual(OBJ);
    expect(parseJsonAnswer(`<THINKING>\nhmm\n</THINKING>${TEXT}`)).toEqual(OBJ);
  });

  it("drops reasoning before a closing tag whose opening tag the server removed", () => {
    expect(parseJsonAnswer(`I should list entities {\n</think>\n${TEXT}`)).toEqual(OBJ);
  });

  it("reads the object out of a code fence or surrounding prose", () => {
    expect(parseJsonAnswer(`Here you go:\n\`\`\`json\n${TEXT}\n\`\`\`\nAnything else?`)).toEqual(OBJ);
    expect(parseJsonAnswer(`\`\`\`\n${TEXT}\n\`\`\``)).toEqual(OBJ);
    expect(parseJsonAnswer(`The result is ${TEXT}. Hope it helps {smile}`)).toEqual(OBJ);
  });

  it("handles braces inside strings when finding the object", () => {
    const tricky = { entities: [{ name: "a } b { c", summary: 'quote " and }' }], facts: [] };
    expect(parseJsonAnswer(`note: ${JSON.stringify(tricky)} end`)).toEqual(tricky);
  });

  it("rejects answers with no usable object, saying why", () => {
    expect(() => parseJsonAnswer("")).toThrow(/empty/);
    expect(() => parseJsonAnswer("<think>only thinking</think>")).toThrow(/empty/);
    expect(() => parseJsonAnswer("<think>never closed {")).toThrow(JsonAnswerError);
    expect(() => parseJsonAnswer("I cannot help with that.")).toThrow(/no JSON object/);
    expect(() => parseJsonAnswer(TEXT.slice(0, 20))).toThrow(/no valid JSON object/);
    expect(() => parseJsonAnswer("[1, 2, 3]")).toThrow(JsonAnswerError);
    expect(() => parseJsonAnswer("{'single': 'quotes'}")).toThrow(/no valid JSON object/);
  });

  it("stays fast on a large hostile answer", () => {
    const hostile = "{".repeat(50_000) + "x".repeat(50_000);
    const t0 = performance.now();
    expect(() => parseJsonAnswer(hostile)).toThrow(JsonAnswerError);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});

describe("stripReasoning", () => {
  it("keeps text without reasoning as is (trimmed)", () => {
    expect(stripReasoning("  plain  ")).toBe("plain");
  });
});
