import { describe, expect, it } from "vitest";
import { normalizeChat } from "./chat-text.js";

describe("chat shorthand", () => {
  it.each([
    ["dont ever push to main", "don't ever push to main"],
    ["it doesnt build and we cant ship", "it doesn't build and we can't ship"],
    ["run it w/ pnpm", "run it with pnpm"],
    ["works w/o docker", "works w/o docker"],
    ["switch npm -> bun", "switch npm to bun"],
    ["frontend: webpack -> vite", "frontend: switched from webpack to vite"],
    ["eslint → biome", "switched from eslint to biome"],
    ["bump node to 22", "bump to node 22"],
    ["Bumped Node from 20 to 22.", "Bumped from Node 20 to Node 22."],
    ["We upgraded Postgres to 16.", "We upgraded to Postgres 16."],
    ["we moved the database to Postgres 17", "we moved the database to Postgres 17"],
    ["ok. nice, use pnpm", "use pnpm"],
  ])("%s", (said, read) => {
    expect(normalizeChat(said)).toBe(read);
  });
});
