import { describe, expect, it } from "vitest";
import { EpisodeInputSchema, MAX_CLOCK_AHEAD_MS, SearchQuerySchema } from "./schemas.js";

const message = (r: { error?: { issues: Array<{ message: string }> } }) => r.error?.issues[0]?.message;

describe("dates at the boundary", () => {
  it("says what it read when a date is not one, and how to send a + in a URL", () => {
    expect(
      message(SearchQuerySchema.safeParse({ group: "g", q: "x", at: "2026-06-02T12:00:00 02:00" })),
    ).toBe(
      'must be an ISO-8601 date-time with a time zone, e.g. 2026-01-15T10:00:00Z (got "2026-06-02T12:00:00 02:00"; in a URL, send + as %2B)',
    );
    expect(message(SearchQuerySchema.safeParse({ group: "g", q: "x", at: "2026-01-15" }))).toMatch(
      /got "2026-01-15"\)$/,
    );
    expect(SearchQuerySchema.parse({ group: "g", q: "x", at: "2026-06-02T12:00:00+02:00" }).at).toBe(
      "2026-06-02T10:00:00.000Z",
    );
  });

  it("refuses an episode dated further ahead than the clock may be off, and takes one just inside", () => {
    const episode = (ms: number) => ({
      group: "g",
      kind: "note",
      content: "x",
      occurredAt: new Date(Date.now() + ms).toISOString(),
    });
    const ahead = EpisodeInputSchema.safeParse(episode(MAX_CLOCK_AHEAD_MS + 60_000));
    expect(ahead.error?.issues[0]).toMatchObject({
      path: ["occurredAt"],
      message: "must not be more than 1 hour ahead of the server's clock",
    });
    expect(EpisodeInputSchema.safeParse(episode(MAX_CLOCK_AHEAD_MS - 60_000)).success).toBe(true);
    expect(EpisodeInputSchema.safeParse(episode(-365 * 86_400_000)).success).toBe(true);
  });
});
