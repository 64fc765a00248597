import { describe, expect, it } from "vitest";
import { fulltextQuery } from "./fulltext.js";

/** Everything our generated queries may contain: tokens, spaces, union pipes, group parentheses. */
const SAFE = /^[\p{L}\p{N}_ ()|]+$/u;

describe("fulltextQuery (RediSearch)", () => {
  it("ORs words and groups the tokens of one word", () => {
    expect(fulltextQuery("deploy script")).toBe("deploy | script");
    expect(fulltextQuery("open src/app.ts")).toBe("open | (src app ts)");
  });

  it("neutralises hyphens (negation), backticks, quotes and every RediSearch operator", () => {
    expect(fulltextQuery("pre-commit")).toBe("(pre commit)");
    expect(fulltextQuery("-foo")).toBe("foo");
    expect(fulltextQuery("`npm test`")).toBe("npm | test");
    expect(fulltextQuery(`"quoted" 'single'`)).toBe("quoted | single");
    expect(fulltextQuery("@field:value")).toBe("(field value)");
    expect(fulltextQuery("a|b (c) {d} [e] ~f *g %h% $i !j <k>")).toBe("b | c | d | e | f | g | h | j | k");
    expect(fulltextQuery("=l +m ^n &o #p ;q ,r .s ?t /u \\v")).toBe(
      "l | m | n | o | p | q | r | s | t | u | v",
    );
    expect(fulltextQuery("=> { $weight: 2.0 }")).toBe("weight | (2 0)");
  });

  it("drops lone and edge underscores but keeps inner ones (RediSearch indexes my_var whole)", () => {
    expect(fulltextQuery("_")).toBeNull();
    expect(fulltextQuery("___ _ __")).toBeNull();
    expect(fulltextQuery("__init__")).toBe("init");
    expect(fulltextQuery("my_var _private")).toBe("my_var | private");
  });

  it("returns null when only stopwords or punctuation remain (empty queries are syntax errors)", () => {
    for (const q of [
      "",
      "   ",
      "the",
      "a an the of",
      "is it not?",
      "-- ** ||",
      "what is this",
      "`",
      '""',
      "( )",
    ]) {
      expect(fulltextQuery(q), JSON.stringify(q)).toBeNull();
    }
    // A stopword inside a word is dropped from its group, the rest kept.
    expect(fulltextQuery("it's")).toBe("s");
    expect(fulltextQuery("the-config")).toBe("config");
  });

  it("lowercases, deduplicates and bounds the query", () => {
    expect(fulltextQuery("Foo foo FOO")).toBe("foo");
    const many = Array.from({ length: 40 }, (_, i) => `w${i}`).join(" ");
    expect(fulltextQuery(many)?.split(" | ")).toHaveLength(16);
    const long = Array.from({ length: 20 }, (_, i) => `t${i}`).join("-");
    expect(fulltextQuery(long)).toBe(`(${Array.from({ length: 8 }, (_, i) => `t${i}`).join(" ")})`);
  });

  it("drops absurdly long tokens", () => {
    expect(fulltextQuery("x".repeat(5000))).toBeNull();
    expect(fulltextQuery(`${"y".repeat(129)} ok`)).toBe("ok");
    expect(fulltextQuery("z".repeat(128))).toBe("z".repeat(128));
  });

  it("keeps non-ASCII letters and digits", () => {
    expect(fulltextQuery("café 日本語 v2")).toBe("café | 日本語 | v2");
  });

  it("never emits anything but tokens, spaces, pipes and parentheses, for arbitrary input", () => {
    const alphabet = "ab_-|(){}[]@~*\"':!`$%^&=+<>?,.;/\\ \t\n1é";
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 2000; n++) {
      const len = Math.floor(rand() * 30);
      let s = "";
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
      const q = fulltextQuery(s);
      if (q === null) continue;
      expect(q, JSON.stringify(s)).toMatch(SAFE);
      // No empty group, no leading/trailing operator, no lone underscore token.
      expect(q).not.toMatch(/\(\)|^\s*\||\|\s*$|\|\s*\||(^|[\s(])_+($|[\s)])/);
    }
  });
});
