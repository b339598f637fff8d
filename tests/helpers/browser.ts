/// <reference lib="dom" />
/**
 * A real browser for the web page's tests: Debian's chromium driven by
 * puppeteer-core, headless, with a fresh profile that is deleted afterwards.
 * Every console error and page error is collected, so a test can assert none.
 */
import puppeteer, { type Browser, type Page } from "puppeteer-core";

const CHROMIUM = "/usr/bin/chromium";

export class TestBrowser implements AsyncDisposable {
  /** Console errors and uncaught exceptions of every page opened. */
  readonly errors: string[] = [];
  /** The tabs opened, for {@linkcode isolated} to close. */
  readonly #pages = new Set<Page>();

  private constructor(
    readonly browser: Browser,
    readonly profile: string,
    readonly nice?: number,
  ) {}

  /**
   * Starts chromium. `nice`: its scheduling priority (every process of it, and each tab's
   * as it opens), for a test that measures the page's speed on a shared machine.
   */
  static async launch(nice?: number): Promise<TestBrowser> {
    const profile = await Deno.makeTempDir({ prefix: "fc15-chromium-" });
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
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
    return new TestBrowser(browser, profile, nice);
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
    const page = await this.browser.newPage();
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
    await this.browser.close().catch(() => {});
    await Deno.remove(this.profile, { recursive: true }).catch(() => {});
  }
}

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
