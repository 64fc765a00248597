/** Debian Chromium through playwright-core: headless, sandbox off (root in CI), no background traffic. */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

export const SCREENSHOT_DIR = fileURLToPath(new URL("../../artifacts/screenshots/", import.meta.url));

export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

export type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

/** What a page looks like, measured in the browser: for readability checks beside the screenshots. */
export interface PageLooks {
  scheme: "light" | "dark";
  /** Pixels the page is wider than the viewport (> 0 means sideways scrolling). */
  overflowX: number;
  /** Relative luminance (0 black .. 1 white) of the body background and text colours. */
  bgLuminance: number;
  fgLuminance: number;
  /** The navigation bar is only rendered for a logged-in principal. */
  loggedIn: boolean;
}

/** The few browser globals pageLooks reads inside the page. */
interface InPage {
  document: {
    body: unknown;
    documentElement: { scrollWidth: number; clientWidth: number };
    querySelector(selector: string): unknown;
  };
  getComputedStyle(element: unknown): { backgroundColor: string; color: string };
}

export async function pageLooks(page: Page, scheme: "light" | "dark"): Promise<PageLooks> {
  const m = await page.evaluate(() => {
    // Runs in the page; the test tsconfig has no DOM lib, so name just what is used.
    const { document, getComputedStyle } = globalThis as unknown as InPage;
    const style = getComputedStyle(document.body);
    return {
      overflowX: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      bg: style.backgroundColor,
      fg: style.color,
      loggedIn: document.querySelector("header.top") !== null,
    };
  });
  return {
    scheme,
    overflowX: m.overflowX,
    bgLuminance: luminance(m.bg),
    fgLuminance: luminance(m.fg),
    loggedIn: m.loggedIn,
  };
}

/** WCAG relative luminance of a computed `rgb(r, g, b)` / `rgba(...)` colour. */
export function luminance(css: string): number {
  const parts = /rgba?\(([^)]+)\)/
    .exec(css)?.[1]
    ?.split(",")
    .map((p) => Number.parseFloat(p));
  if (!parts || parts.length < 3) throw new Error(`not an rgb() colour: ${css}`);
  const [r, g, b] = parts.slice(0, 3).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * Full-page screenshots of one URL at desktop and phone widths, light and dark. The page is loaded
 * once and re-rendered per width and colour scheme (media queries follow the emulation), which keeps
 * the test fast. `check` sees each rendering's measurements before its screenshot is taken.
 */
export async function screenshotAll(
  browser: Browser,
  storageState: StorageState | undefined,
  url: string,
  name: string,
  check: (looks: PageLooks, where: string) => void = () => {},
): Promise<string[]> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const written: string[] = [];
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop, storageState });
  context.setDefaultTimeout(10_000);
  try {
    const page = await context.newPage();
    const res = await page.goto(url);
    if (!res?.ok()) throw new Error(`${name}: ${url} answered ${res?.status()}`);
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [size, viewport] of Object.entries(VIEWPORTS)) {
        await page.setViewportSize(viewport);
        check(await pageLooks(page, scheme), `${name} ${size} ${scheme}`);
        const path = join(SCREENSHOT_DIR, `${name}-${size}-${scheme}.png`);
        await page.screenshot({ path, fullPage: true });
        written.push(path);
      }
    }
  } finally {
    await context.close();
  }
  return written;
}
