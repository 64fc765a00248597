/**
 * The dashboard in real Chromium against the real memory service: log in with the token, search
 * (htmx swaps the results in), open an entity and see the fact a later episode invalidated shown as
 * superseded, open the episode log and forget an episode through the confirm dialog. Screenshots of
 * every page at desktop and phone widths, light and dark, go to artifacts/screenshots/.
 */
import { existsSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestResult } from "../../memory/src/model/types.js";
import { launchChromium, screenshotAll } from "./browser.js";
import { startService, type TestService, TOKEN, writeBackupStatus } from "./service.js";

const G = "acme-web";
const JAN = "2026-01-05T09:00:00.000Z";
const FEB = "2026-02-10T15:30:00.000Z";

let svc: TestService;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let older: IngestResult;
let newer: IngestResult;

async function ingest(body: Record<string, unknown>): Promise<IngestResult> {
  const res = await svc.api("POST", "/v1/episodes", { group: G, metadata: { project: "acme" }, ...body });
  expect(res.status).toBe(201);
  return (await res.json()) as IngestResult;
}

beforeAll(async () => {
  // In parallel, each assigned as soon as it is up, so afterAll closes whatever did start.
  await Promise.all([
    startService().then((s) => {
      svc = s;
    }),
    launchChromium().then((b) => {
      browser = b;
    }),
  ]);
  writeBackupStatus(svc.backupStatusFile, new Date(Date.now() - 3 * 3600 * 1000));
  older = await ingest({
    id: "ep-node18",
    kind: "note",
    session: "ses_jan",
    occurredAt: JAN,
    content: "The project uses Node 18.",
  });
  newer = await ingest({
    id: "ep-node22",
    kind: "note",
    session: "ses_feb",
    occurredAt: FEB,
    content: "Heads up: the project uses Node 22 now.",
  });
  await ingest({
    id: "ep-vitest",
    kind: "note",
    session: "ses_feb",
    occurredAt: "2026-02-11T08:00:00.000Z",
    content: "We use Vitest for tests.",
  });
  // One recall through the API, so the overview has a latency to show.
  expect((await svc.api("GET", `/v1/search?group=${G}&q=Node`)).status).toBe(200);
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Fail in seconds, not at the test timeout, when an element never shows up.
  context.setDefaultTimeout(5000);
  page = await context.newPage();
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await svc?.close();
});

describe("dashboard in Chromium", () => {
  it("seeded a fact that a later episode invalidated", () => {
    const node18 = older.facts.find((f) => f.text.includes("Node 18"));
    expect(node18).toBeDefined();
    expect(newer.invalidated).toContain(node18?.id);
  });

  it("sends an anonymous visitor to the login page and lets the token in", async () => {
    await page.goto(`${svc.dashboard}/`);
    expect(new URL(page.url()).pathname).toBe("/dashboard/login");
    await page.fill("#token", "not-the-token");
    await page.click("button[type=submit]");
    await expect.poll(() => page.locator("[role=alert]").textContent()).toContain("not valid");

    await page.fill("#token", TOKEN);
    await Promise.all([page.waitForURL(`${svc.dashboard}/`), page.click("button[type=submit]")]);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === "ocm_dashboard");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/dashboard" });
    // Overview: the group with its counts (one fact invalidated), the backup age, store health.
    const row = page.locator("table.groups tbody tr", { hasText: G });
    await expect.poll(() => row.locator("[data-label=Episodes]").textContent()).toBe("3");
    expect(await row.locator("[data-label=Invalidated]").textContent()).toBe("1");
    expect(Number(await row.locator("[data-label='Current facts']").textContent())).toBeGreaterThan(0);
    expect(await row.locator("[data-label='Last episode']").textContent()).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/,
    );
    const tile = (label: string) => page.locator(".tile", { hasText: label }).textContent();
    expect(await tile("Ingest")).toMatch(/\d+\.\d \/min\s*3 since start/);
    expect(await tile("Recall p50 / p99")).toMatch(/\d[\d.]* ms \/ \d[\d.]* ms/);
    expect(await tile("Cache hit rate")).toMatch(/0 lookups/);
    expect(await tile("Last backup")).toMatch(/3 h ago/);
    expect(await tile("Health")).toMatch(/ok\s*store sqlite: ok · no cache/);
  });

  it("searches as the user types (htmx fragment) and opens the entity", async () => {
    await page.click("nav >> text=Search");
    await page.selectOption("#group", G);
    // Typed, not submitted: the results arrive through htmx's debounced GET.
    const fragment = page.waitForResponse((r) => r.url().includes("/dashboard/search/results?"));
    await page.locator("#q").pressSequentially("Node");
    expect((await fragment).status()).toBe(200);
    const results = page.locator("#results");
    await expect.poll(() => results.textContent()).toContain("Node 22");
    expect(new URL(page.url()).pathname).toBe("/dashboard/search");

    // The superseded fact is left out of a plain search and shown, marked, with history.
    const facts = results.locator("ul.facts");
    expect(await facts.textContent()).not.toContain("Node 18");
    await page.check("input[name=history]");
    await expect.poll(() => facts.locator("li.superseded").textContent()).toContain("Node 18");
    expect(await facts.locator("li.superseded .badge").textContent()).toContain("superseded");

    await Promise.all([
      page.waitForURL(/\/dashboard\/groups\/acme-web\/entities\//),
      results
        .locator("a", { hasText: /^acme$/ })
        .first()
        .click(),
    ]);
    expect(await page.locator("h1").textContent()).toContain("acme");
  });

  it("shows the invalidated fact as superseded, with its validity, what superseded it and its episode", async () => {
    const node18 = older.facts.find((f) => f.text.includes("Node 18"));
    const node22 = newer.facts.find((f) => f.text.includes("Node 22"));
    if (!node18 || !node22) throw new Error("seed facts missing");
    const oldFact = page.locator(`#fact-${node18.id}`);
    const newFact = page.locator(`#fact-${node22.id}`);
    expect(await oldFact.getAttribute("class")).toContain("superseded");
    expect(await newFact.getAttribute("class")).toContain("current");
    const when = await oldFact.locator(".when").textContent();
    expect(when).toContain("valid from 2026-01-05 09:00:00 UTC");
    expect(when).toContain("until 2026-02-10 15:30:00 UTC");
    expect(await newFact.locator(".when").textContent()).toContain("until now");
    const by = oldFact.locator(".superseded-by");
    expect(await by.textContent()).toContain("superseded by");
    expect(await by.locator("a").getAttribute("href")).toBe(`#fact-${node22.id}`);
    expect(await by.locator("a").textContent()).toContain("Node 22");
    // The episode behind the old fact, linked into its session's log.
    await oldFact.locator("details.episodes summary").click();
    const link = oldFact.locator("details.episodes a", { hasText: "session ses_jan" });
    expect(await link.getAttribute("href")).toContain("/episodes?session=ses_jan#episode-ep-node18");
    // ...which is the episode log of that one session.
    await Promise.all([page.waitForURL(/\/episodes\?session=ses_jan/), link.click()]);
    expect(await page.locator("h1").textContent()).toContain("session ses_jan");
    expect(await page.locator("ol.log > li").evaluateAll((els) => els.map((e) => e.id))).toEqual([
      "episode-ep-node18",
    ]);
  });

  it("forgets an episode from the log after the confirm dialog, and the API no longer has it", async () => {
    await page.goto(`${svc.dashboard}/groups/${G}/episodes`);
    const row = page.locator("#episode-ep-vitest");
    expect(await row.count()).toBe(1);
    expect(await page.locator("ol.log > li").count()).toBe(3);

    // Dismissing the dialog forgets nothing.
    page.once("dialog", (d) => void d.dismiss());
    await row.locator("button", { hasText: "Forget" }).click();
    expect(await row.count()).toBe(1);

    let message = "";
    page.once("dialog", (d) => {
      message = d.message();
      void d.accept();
    });
    const deleted = page.waitForResponse(
      (r) => r.request().method() === "DELETE" && r.url().endsWith("/episodes/ep-vitest"),
    );
    await row.locator("button", { hasText: "Forget" }).click();
    expect((await deleted).status()).toBe(200);
    expect(message).toContain("Forget this episode");
    await row.waitFor({ state: "detached" });
    expect(await page.locator("#flash").textContent()).toContain("Forgot episode ep-vitest");

    // Gone after a reload and from the API (the same engine).
    await page.reload();
    expect(await page.locator("#episode-ep-vitest").count()).toBe(0);
    expect(await page.locator("ol.log > li").count()).toBe(2);
    expect((await svc.api("DELETE", `/v1/episodes/ep-vitest?group=${G}`)).status).toBe(404);
    const search = await svc.api("GET", `/v1/search?group=${G}&q=Vitest`);
    expect(JSON.stringify(await search.json())).not.toContain("ep-vitest");
  });

  it("is readable in dark mode, fits a phone, and leaves screenshots", async () => {
    const state = await context.storageState();
    const entityUrl = `${svc.dashboard}/groups/${G}/entities/${newer.entities.find((e) => e.name === "acme")?.id}`;
    const pages: Array<[string, string]> = [
      ["overview", `${svc.dashboard}/`],
      ["search", `${svc.dashboard}/search?group=${G}&q=Node&history=true`],
      ["entity", entityUrl],
      ["episodes", `${svc.dashboard}/groups/${G}/episodes`],
    ];
    for (const [name, url] of pages) {
      const shots = await screenshotAll(browser, state, url, name, (looks, where) => {
        // No sideways scrolling on a phone; light text on a dark background in dark mode.
        expect(looks.overflowX, where).toBeLessThanOrEqual(0);
        expect(looks.loggedIn, where).toBe(true);
        if (looks.scheme === "dark") {
          expect(looks.bgLuminance, where).toBeLessThan(0.1);
          expect(looks.fgLuminance, where).toBeGreaterThan(0.6);
        } else {
          expect(looks.bgLuminance, where).toBeGreaterThan(0.8);
          expect(looks.fgLuminance, where).toBeLessThan(0.1);
        }
      });
      for (const s of shots) expect(existsSync(s), s).toBe(true);
    }
    const login = await screenshotAll(
      browser,
      undefined,
      `${svc.dashboard}/login`,
      "login",
      (looks, where) => {
        expect(looks.overflowX, where).toBeLessThanOrEqual(0);
        expect(looks.loggedIn, where).toBe(false);
      },
    );
    expect(login).toHaveLength(4);
  }, 60_000);
});
