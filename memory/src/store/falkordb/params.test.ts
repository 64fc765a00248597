import { pushQueryArguments } from "falkordb/dist/src/commands/index.js";
import { describe, expect, it } from "vitest";
import { isSafeKey, normaliseParams, ParamError, renderParams, renderString, withParams } from "./params.js";

/** The exact text the real client would send for these parameters with its own serialiser. */
function sent(params: Record<string, unknown>): string {
  const [, text] = pushQueryArguments([], "g", "RETURN 1", { params: normaliseParams(params) });
  return String(text);
}

describe("normaliseParams", () => {
  it("keeps strings, booleans, null and finite numbers", () => {
    expect(normaliseParams({ s: "x", b: false, n: null, i: 42, f: -0.25 })).toEqual({
      s: "x",
      b: false,
      n: null,
      i: 42,
      f: -0.25,
    });
  });

  it("turns undefined into null at every depth (the client throws on undefined)", () => {
    expect(normaliseParams({ a: undefined, m: { x: undefined }, l: [undefined, 1] })).toEqual({
      a: null,
      m: { x: null },
      l: [null, 1],
    });
  });

  it("turns a Date into its ISO string (the client would send {})", () => {
    const d = new Date("2024-05-01T10:00:00+02:00");
    expect(normaliseParams({ d, nested: { d } })).toEqual({
      d: "2024-05-01T08:00:00.000Z",
      nested: { d: "2024-05-01T08:00:00.000Z" },
    });
    expect(() => normaliseParams({ d: new Date("nope") })).toThrow(ParamError);
  });

  it("refuses numbers that do not print as one Cypher literal", () => {
    for (const bad of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      1e21,
      -3e300,
      2 ** 60,
    ]) {
      expect(() => normaliseParams({ v: bad }), String(bad)).toThrow(ParamError);
      expect(() => normaliseParams({ v: [0, bad] }), `[${bad}]`).toThrow(/v\[1\]/);
    }
    expect(normaliseParams({ z: -0 }).z).toBe(0);
    expect(normaliseParams({ tiny: 1e-7 }).tiny).toBe(1e-7);
  });

  it("converts typed arrays (vectors) and safe bigints to plain numbers", () => {
    expect(normaliseParams({ v: new Float32Array([0.5, -1, 0]) })).toEqual({ v: [0.5, -1, 0] });
    expect(normaliseParams({ b: 12n })).toEqual({ b: 12 });
    expect(() => normaliseParams({ b: 2n ** 64n })).toThrow(ParamError);
    expect(() => normaliseParams({ v: new Float32Array([Number.NaN]) })).toThrow(/v\[0\]/);
  });

  it("refuses keys that would be spliced into the query text", () => {
    for (const key of ["a b", "x}) DETACH DELETE (n", "1abc", "", "a-b", "a.b", "é", "`k`"]) {
      expect(isSafeKey(key), key).toBe(false);
      expect(() => normaliseParams({ [key]: 1 }), key).toThrow(ParamError);
      expect(() => normaliseParams({ ok: { [key]: 1 } }), `nested ${key}`).toThrow(ParamError);
      expect(() => normaliseParams({ ok: [{ [key]: 1 }] }), `in list ${key}`).toThrow(ParamError);
    }
    expect(isSafeKey("_ok_1")).toBe(true);
  });

  it("refuses functions, symbols, class instances and runaway nesting", () => {
    expect(() => normaliseParams({ f: () => 1 })).toThrow(ParamError);
    expect(() => normaliseParams({ s: Symbol("x") })).toThrow(ParamError);
    expect(() => normaliseParams({ m: new Map() })).toThrow(/Map/);
    let deep: unknown = 1;
    for (let i = 0; i < 12; i++) deep = [deep];
    expect(() => normaliseParams({ deep })).toThrow(/nested too deeply/);
  });

  it("prints through the real client as well-formed literals, with quotes and backslashes escaped", () => {
    const text = sent({
      q: 'say "hi" \\ then `x` }) MATCH (n) DETACH DELETE n //',
      v: new Float32Array([0.5, -0.25]),
      when: new Date("2024-01-01T00:00:00Z"),
      gone: undefined,
      m: { a: 1, b: [true, null] },
    });
    expect(text).toBe(
      'CYPHER q="say \\"hi\\" \\\\ then `x` }) MATCH (n) DETACH DELETE n //" v=[0.5,-0.25] when="2024-01-01T00:00:00.000Z" gone=null m={a:1,b:[true,null]} RETURN 1',
    );
    expect(text).not.toMatch(/undefined|\[object|NaN|Infinity/);
  });
});

describe("renderParams (our header, used instead of the client's)", () => {
  it("prints what the client prints for ordinary values", () => {
    const params = normaliseParams({
      q: 'say "hi" \\ then `x`',
      v: new Float32Array([0.5, -0.25]),
      n: null,
      m: { a: 1, b: [true, null] },
    });
    expect(`CYPHER ${renderParams(params)} RETURN 1`).toBe(
      String(pushQueryArguments([], "g", "RETURN 1", { params })[1]),
    );
  });

  it("escapes newlines, carriage returns and tabs, so the header stays on one line", () => {
    expect(renderString("a\nb\r\nc\td")).toBe('"a\\nb\\r\\nc\\td"');
    const text = withParams("MATCH (n)\nRETURN n", normaliseParams({ t: "line1\nline2", l: ["x\ny"] }));
    expect(text).toBe('CYPHER t="line1\\nline2" l=["x\\ny"] MATCH (n)\nRETURN n');
    expect(text.split("\n")).toHaveLength(2);
  });

  it("replaces NUL and other C0 controls (they fail the whole query) but keeps other text intact", () => {
    expect(renderString("a\u0000b\u0007c\u001fd")).toBe('"a\uFFFDb\uFFFDc\uFFFDd"');
    const text = "é 日本 🙂 $x $" + "{y} '";
    expect(renderString(text)).toBe(`"${text}"`);
  });

  it("sends a bare query when there are no parameters", () => {
    expect(withParams("RETURN 1", {})).toBe("RETURN 1");
  });
});
