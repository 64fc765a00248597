import { describe, expect, it } from "vitest";
import { TicketBook } from "./tickets.js";

function book(overrides: Partial<ConstructorParameters<typeof TicketBook>[0]> = {}) {
  let t = 1_000;
  const clock = { advance: (ms: number) => (t += ms) };
  const b = new TicketBook({ ttlMs: 60_000, maxKeys: 100, maxGensPerKey: 8, now: () => t, ...overrides });
  return { b, clock };
}

describe("TicketBook", () => {
  it("hands a set the generation its get saw, once", () => {
    const { b } = book();
    b.issue("k", "5");
    expect(b.redeem("k")).toBe("5");
    expect(b.redeem("k")).toBeNull();
    expect(b.size).toBe(0);
  });

  it("refuses a set with no preceding get", () => {
    const { b } = book();
    expect(b.redeem("k")).toBeNull();
  });

  it("keeps a stale ticket blocking whichever of two concurrent sets comes first", () => {
    // A got gen 5, a write moved it to 6, B got gen 6. B (fresh) sets first, then A (stale).
    const { b } = book();
    b.issue("k", "5");
    b.issue("k", "6");
    expect(b.redeem("k")).toBe("5"); // script sees 6 != 5: skipped
    expect(b.redeem("k")).toBe("5"); // A's stale value: still checked against 5, skipped
  });

  it("does not let a later fresh get unlock a stale set", () => {
    const { b } = book();
    b.issue("k", "5"); // A (will be stale)
    b.issue("k", "6"); // B
    expect(b.redeem("k")).toBe("5"); // B sets: skipped, retires the newest ticket
    b.issue("k", "6"); // C gets after the write
    expect(b.redeem("k")).toBe("5"); // whoever sets now is still checked against 5
  });

  it("counts tickets past the per-key generation cap as older, never newer", () => {
    const { b } = book({ maxGensPerKey: 2 });
    b.issue("k", "5");
    b.issue("k", "6");
    b.issue("k", "7"); // recorded as 6
    // Retiring newest first: 7 (counted as 6), then 6, then 5; the oldest gates every set.
    expect(b.redeem("k")).toBe("5");
    expect(b.redeem("k")).toBe("5");
    expect(b.redeem("k")).toBe("5");
    expect(b.redeem("k")).toBeNull();
  });

  it("pauses every set for the ticket lifetime when a miss cannot be recorded", () => {
    const { b, clock } = book({ maxKeys: 1, ttlMs: 1_000 });
    b.issue("a", "5");
    b.issue("b", "5"); // no room: untracked request might set a stale value later
    expect(b.redeem("a")).toBeNull();
    clock.advance(1_001);
    b.issue("c", "7");
    expect(b.redeem("c")).toBe("7");
  });

  it("forgets tickets after their lifetime so an abandoned miss cannot block a key", () => {
    const { b, clock } = book({ ttlMs: 1_000 });
    b.issue("k", "5"); // its compute failed; set never called
    clock.advance(1_001);
    b.issue("k", "6");
    expect(b.redeem("k")).toBe("6");
  });

  it("ignores generations that are not integers", () => {
    const { b } = book();
    b.issue("k", "1.5e+15");
    b.issue("j", "12x");
    expect(b.redeem("k")).toBeNull();
    expect(b.redeem("j")).toBeNull();
  });
});
