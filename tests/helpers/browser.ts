/// <reference lib="dom" />
/**
 * A real browser for the web page's tests: Debian's chromium driven by
 * puppeteer-core, headless, with a fresh profile that is deleted afterwards.
 * Every console error and page error is collected, so a test can assert none.
 *
 * Under `deno task test` one chromium serves every test file
 * (scripts/with_chromium.ts starts it and names it in {@linkcode SHARED_CHROMIUM}):
 * each test gets a browser context of its own (its own storage, cookies and tabs,
 * as a fresh profile has), not a chromium of its own, which costs two seconds of
 * CPU to start. Run alone, a test starts its own.
 */
import puppeteer, { type Browser, type BrowserContext, type Page } from "puppeteer-core";
import type { Workspace } from "./web.ts";

const CHROMIUM = "/usr/bin/chromium";

/** The environment variable naming a running chromium's DevTools WebSocket, to share it. */
export const SHARED_CHROMIUM = "FRAMECAT_TEST_CHROMIUM";

/**
 * Starts Debian's chromium, headless, with its profile in `profile`. `handleSignals`: false when
 * the caller ends chromium itself on Ctrl-C (puppeteer's own handler exits the process at once,
 * before the caller's cleanup).
 */
export function launchChromium(profile: string, handleSignals = true): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    handleSIGINT: handleSignals,
    handleSIGTERM: handleSignals,
    handleSIGHUP: handleSignals,
    args: [
      "--no-sandbox",
      "--headless",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // A headless tab counts as in front: full speed timers, no lowered priority.
      "--disable-renderer-backgrounding",
      "--disable-background-timer-throttling",
      "--disable-backgrounding-occluded-windows",
      // performance.memory gives real figures, not rounded buckets
      "--enable-precise-memory-info",
      `--user-data-dir=${profile}`,
    ],
  });
}

export class TestBrowser implements AsyncDisposable {
  /** Console errors and uncaught exceptions of every page opened. */
  readonly errors: string[] = [];
  /** The tabs opened, for {@linkcode isolated} to close. */
  readonly #pages = new Set<Page>();

  private constructor(
    readonly browser: Browser,
    /** Where its tabs open: a context of its own in a shared chromium, else the default one. */
    readonly context: BrowserContext,
    /** Its own chromium's profile, removed at the end; none for a shared chromium. */
    readonly profile: string | undefined,
    readonly nice?: number,
  ) {}

  /**
   * A browser for one test: a context of its own in the suite's chromium when there is one,
   * else a chromium of its own. `nice`: its scheduling priority (every process of it, and each
   * tab's as it opens), for a test that measures the page's speed on a shared machine: that
   * one always starts its own.
   */
  static async launch(nice?: number): Promise<TestBrowser> {
    const shared = Deno.env.get(SHARED_CHROMIUM);
    if (shared && nice === undefined) {
      const browser = await puppeteer.connect({ browserWSEndpoint: shared });
      return new TestBrowser(browser, await browser.createBrowserContext(), undefined);
    }
    const profile = await Deno.makeTempDir({ prefix: "fc15-chromium-" });
    const browser = await launchChromium(profile);
    return new TestBrowser(browser, browser.defaultBrowserContext(), profile, nice);
  }

  /** Sets the priority asked at launch on every chromium process (their group is the browser's). */
  async #renice(): Promise<void> {
    const pid = this.browser.process()?.pid;
    if (this.nice === undefined || pid === undefined) return;
    const renice = await new Deno.Command("renice", {
      args: ["-n", String(this.nice), "-g", String(pid)],
      stdout: "null",
    }).output();
    if (!renice.success) throw new Error(`renice: ${new TextDecoder().decode(renice.stderr)}`);
  }

  /** A new tab of this size, its errors collected. */
  async page(width = 1280, height = 720): Promise<Page> {
    const page = await this.context.newPage();
    this.#pages.add(page);
    await page.setViewport({ width, height });
    page.on("console", (msg) => {
      if (msg.type() === "error") this.errors.push(`console: ${msg.text()}`);
    });
    page.on("pageerror", (err) => this.errors.push(`page: ${err}`));
    await this.#renice(); // the new tab's renderer too
    return page;
  }

  /** Runs `fn` with this browser, the errors before it forgotten, and closes the tabs it opened. */
  async isolated(fn: (browser: TestBrowser) => Promise<void>): Promise<void> {
    this.errors.length = 0;
    try {
      await fn(this);
    } finally {
      for (const page of this.#pages) await page.close().catch(() => {});
      this.#pages.clear();
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.profile === undefined) {
      await this.context.close().catch(() => {});
      await this.browser.disconnect().catch(() => {});
      return;
    }
    await this.browser.close().catch(() => {});
    await Deno.remove(this.profile, { recursive: true }).catch(() => {});
  }
}

/** Lets `page` download into `dir`: files it saves land there under their own names. */
export async function allowDownloads(page: Page, dir: string): Promise<void> {
  const cdp = await page.createCDPSession();
  await cdp.send("Browser.setDownloadBehavior", {
    behavior: "allow",
    downloadPath: dir,
    // The page's own context in a shared chromium (none: the default one, its own chromium's).
    browserContextId: page.browserContext().id,
  });
}

/** Opens the workspace at `url` and the session `id` in it, once its timeline is drawn. */
export async function openSession(page: Page, url: string, id: string): Promise<void> {
  await page.goto(url);
  const button = await page.waitForSelector(`[data-fc=session][data-id="${id}"]`);
  await button!.click();
  await page.waitForSelector("[data-fc=timeline]");
}

/**
 * A discard server in `ws` (`framing`, the course's `len` unless said), its session open in a new
 * tab of `browser` (a projector's 1024×768 unless said): its id and port, and the tab.
 */
export async function discardServerPage(
  ws: Workspace,
  browser: TestBrowser,
  { framing = "len", width = 1024, height = 768 } = {},
): Promise<{ id: string; port: number; page: Page }> {
  const { id, port } = await ws.discardServer(framing);
  const page = await browser.page(width, height);
  await openSession(page, ws.url, id);
  return { id, port, page };
}

/** A file the page saved (a real download): its path and text, removed with its folder at dispose. */
export interface Download extends AsyncDisposable {
  path: string;
  text: string;
}

/**
 * Clicks `button` and waits (bounded) for the file it downloads, named `*EXTENSION`, to land
 * whole (chromium writes NAME.crdownload, then renames it).
 */
export async function download(
  page: Page,
  button: string,
  extension: string,
  timeoutMs = 15_000,
): Promise<Download> {
  const dir = await Deno.makeTempDir({ prefix: "fc15-downloads-" });
  const dispose = () => Deno.remove(dir, { recursive: true }).catch(() => {});
  try {
    await allowDownloads(page, dir);
    await page.click(button);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for await (const entry of Deno.readDir(dir)) {
        if (!entry.name.endsWith(extension)) continue;
        const path = `${dir}/${entry.name}`;
        return { path, text: await Deno.readTextFile(path), [Symbol.asyncDispose]: dispose };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`nothing ending in ${extension} was downloaded by ${button}`);
  } catch (err) {
    await dispose();
    throw err;
  }
}

/** The page's Save log, downloaded. */
export const saveLog = (page: Page) => download(page, "[data-fc=save]", ".ndjson");

/** Resolves when `check` returns something truthy in the page (polled), or fails after `timeoutMs`. */
export async function waitInPage<T>(
  page: Page,
  check: () => T,
  timeoutMs = 15_000,
): Promise<T> {
  const handle = await page.waitForFunction(check, { timeout: timeoutMs, polling: 50 });
  return await handle.jsonValue() as T;
}

/**
 * Resolves once the page's layout has held still for three frames running and for 250 ms: every
 * box's size and every scroller's position the same (bounded: fails after `timeoutMs`). The page
 * redraws at most every 150 ms (REDRAW_MS, lib/web/page/use_store.js), so three frames (~50 ms)
 * alone can fall between two redraws. For a check of where something lands on screen, made
 * after rows and renders still on their way have landed.
 */
export async function settled(page: Page, timeoutMs = 5_000): Promise<void> {
  /** Longer than the page's redraw throttle: a render still due has landed by then. */
  const stillMs = 250;
  await page.waitForFunction(
    (still: number) => {
      const w = window as unknown as { fcLayout?: string; fcSame?: number; fcSince?: number };
      const layout = [document.documentElement, ...document.querySelectorAll("*")]
        .map((el) => `${el.scrollHeight},${el.scrollWidth},${el.scrollTop},${el.scrollLeft}`)
        .join(";");
      const now = performance.now();
      if (layout !== w.fcLayout) w.fcSince = now;
      w.fcSame = layout === w.fcLayout ? (w.fcSame ?? 0) + 1 : 0;
      w.fcLayout = layout;
      return w.fcSame >= 3 && now - (w.fcSince ?? now) >= still;
    },
    { timeout: timeoutMs, polling: "raf" },
    stillMs,
  );
}

/**
 * Tests that share one chromium, as the steps of one Deno test named `name` (a chromium per
 * test costs seconds of a shared machine's CPU each): each step has its own tabs, closed after
 * it, and its own errors. Returns how to add a step.
 */
export function sharedBrowser(
  name: string,
): (title: string, fn: (browser: TestBrowser) => Promise<void>) => void {
  const steps: [string, (browser: TestBrowser) => Promise<void>][] = [];
  Deno.test(name, async (t) => {
    await using browser = await TestBrowser.launch();
    for (const [title, fn] of steps) await t.step(title, () => browser.isolated(fn));
  });
  return (title, fn) => void steps.push([title, fn]);
}

/** Types `text` into a field in place of what it held, as a person would. */
export async function replaceText(page: Page, selector: string, text: string): Promise<void> {
  await page.click(selector);
  await page.keyboard.down("Control");
  await page.keyboard.press("a");
  await page.keyboard.up("Control");
  await page.keyboard.press("Backspace");
  await page.type(selector, text);
}

/** Waits (bounded) until the element `selector` says `want`; the error says what it said instead. */
export async function lineSays(page: Page, selector: string, want: string): Promise<void> {
  try {
    await page.waitForFunction(
      (s, w) => document.querySelector(s)?.textContent?.trim() === w,
      { timeout: 10_000, polling: 50 },
      selector,
      want,
    );
  } catch {
    const shown = await page.$eval(selector, (el) => el.textContent?.trim())
      .catch(() => "(no line)");
    throw new Error(`${selector} says ${JSON.stringify(shown)}, not ${JSON.stringify(want)}`);
  }
}

/** Clicks the page's language switch and waits until the page is in `lang`. */
export async function switchTo(page: Page, lang: "en" | "zh"): Promise<void> {
  await page.click("[data-fc=lang]");
  await page.waitForFunction(
    (want) => document.documentElement.lang === want,
    { timeout: 10_000, polling: 50 },
    lang === "zh" ? "zh-CN" : "en",
  );
}

/** The methods of the sends the page asks of framecat (…/send), from now on. */
export function sendsAsked(page: Page): string[] {
  const asked: string[] = [];
  page.on("request", (req) => {
    if (new URL(req.url()).pathname.endsWith("/send")) asked.push(req.method());
  });
  return asked;
}
