import { describe, expect, it } from "vitest";
import { kib, percentile } from "./stats.js";

describe("bench stats", () => {
  it("takes the nearest-rank percentile", () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(xs, 0.5)).toBe(50);
    expect(percentile(xs, 0.99)).toBe(99);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it("prints sizes in bytes or KiB, and - for no figure", () => {
    expect(kib(40)).toBe("40 B");
    expect(kib(1536)).toBe("1.5 KiB");
    expect(kib(11.5 * 1024 * 1024)).toBe("11,776 KiB");
    expect(kib(Math.max())).toBe("-");
  });
});
