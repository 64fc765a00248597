import { describe, expect, it } from "vitest";
import { queryExcerpt } from "./excerpt.js";

const onboarding = [
  "Drafted docs/onboarding.md:",
  "- Turborepo + pnpm workspaces. `apps/web` (Next.js), `apps/api` (Fastify), `packages/ui` (shared React components), `packages/config` (tsconfig/biome presets), `packages/db` (Drizzle schema)",
  "- internal packages are scoped `@acme/*` (e.g. `@acme/ui`) and referenced with `workspace:*`",
  "- Node version pinned in `.nvmrc` (20.11.1); use `fnm use` or `nvm use`",
  "- lint + format: `pnpm check` (biome), CI runs the same",
].join("\n");

describe("queryExcerpt", () => {
  it("keeps a short text whole, whitespace collapsed", () => {
    expect(queryExcerpt("  we use\n\npnpm  ", "package manager", 240)).toBe("we use pnpm");
  });

  it("shows the opening words and then the line that answers the question", () => {
    const excerpt = queryExcerpt(onboarding, "which Node version is pinned for the monorepo?", 240);
    expect(excerpt.length).toBeLessThanOrEqual(240);
    expect(excerpt).toMatch(
      /^Drafted docs\/onboarding\.md: - Turborepo \+ pnpm workspaces\. .* … - Node version pinned in `\.nvmrc` \(20\.11\.1\)/,
    );
  });

  it("finds a word by its forms: `keys` in `primary_key_type`, `pinned` by `pin`", () => {
    const text = `${"Two reasons: no sequential ids in public URLs, and merging the legacy shop DB. ".repeat(3)}It is enforced in config/application.rb: g.orm :active_record, primary_key_type: :uuid`;
    expect(queryExcerpt(text, "what kind of primary keys do the tables use?", 200)).toContain(
      "primary_key_type: :uuid",
    );
  });

  it("cuts from the start when the start shows as many of the question's words as any jump", () => {
    const text = `Set the session strategy to database in auth.ts. ${"Other notes follow here. ".repeat(20)}The session cookie is checked in middleware.`;
    const plain = queryExcerpt(text, "how are sessions stored?", 120);
    expect(plain.startsWith("Set the session strategy to database")).toBe(true);
    expect(plain.endsWith("…")).toBe(true);
    expect(plain).not.toContain(" … ");
    expect(queryExcerpt(text, "", 120)).toBe(plain);
    expect(queryExcerpt(text, "the of and", 120)).toBe(plain);
  });

  it("reads only the start of a very long text, and says it was cut", () => {
    const spaced = `${" ".repeat(20_000)}tail words`;
    expect(queryExcerpt(spaced, "tail", 240)).toBe("…");
    const padded = `short start${" ".repeat(20_000)}tail words`;
    expect(queryExcerpt(padded, "tail", 240)).toBe("short start …");
    const logs = Array.from({ length: 3000 }, (_, i) => `retry ${i} failed`).join("\n");
    const excerpt = queryExcerpt(`${logs}\ncache lookup timed out`, "cache lookup", 240);
    expect(excerpt.startsWith("retry 0 failed retry 1 failed")).toBe(true);
    expect(excerpt.endsWith("…")).toBe(true);
  });

  it("opens on the first of many lines that hold the most of the question's words", () => {
    const lines = ["Summary of the run:", ...Array.from({ length: 40 }, (_, i) => `worker ${i} started`)];
    lines.splice(30, 0, "worker 29 hit the redis timeout");
    expect(queryExcerpt(lines.join("\n"), "which worker hit the redis timeout?", 160)).toMatch(
      /^Summary of the run: worker 0 started [^…]* … worker 29 hit the redis timeout/,
    );
  });

  it("never runs past its length, whatever it is given", () => {
    const long = `${"x".repeat(5000)} node version ${"y ".repeat(3000)}`;
    for (const max of [40, 120, 240]) {
      expect(queryExcerpt(long, "node version", max).length).toBeLessThanOrEqual(max);
      expect(queryExcerpt(onboarding, "node version pinned", max).length).toBeLessThanOrEqual(max);
    }
  });
});
