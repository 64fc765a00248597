import { describe, expect, it } from "vitest";
import { CounterRate } from "./counter-rate.js";

describe("CounterRate", () => {
  it("is exact at any pace: 10,000 increments in a minute are 10,000 a minute", () => {
    let now = 1_000_000_000;
    const rate = new CounterRate(900, () => now);
    for (let i = 0; i < 10_000; i++) {
      rate.add(1);
      now += 6; // 60 s over the run
    }
    expect(rate.perSecond(300) * 60).toBeCloseTo(2_000, 0); // 10,000 over the 5-minute span
    // The last minute holds all but the run's first second.
    expect(rate.perSecond(60) * 60).toBeGreaterThan(9_800);
  });

  it("forgets what came before the span, also past the points it keeps", () => {
    let now = 0;
    const rate = new CounterRate(60, () => now);
    rate.add(500);
    now = 600_000; // ten minutes later
    rate.add(3);
    expect(rate.perSecond(60)).toBeCloseTo(3 / 60);
    now = 700_000;
    expect(rate.perSecond(60)).toBe(0);
  });
});
