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

  private constructor(readonly browser: Browser, readonly profile: string) {}

  static async launch(): Promise<TestBrowser> {
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
        // performance.memory gives real figures, not rounded buckets
        "--enable-precise-memory-info",
        `--user-data-dir=${profile}`,
      ],
    });
    return new TestBrowser(browser, profile);
  }

  /** A new tab of this size, its errors collected. */
  async page(width = 1280, height = 720): Promise<Page> {
    const page = await this.browser.newPage();
    await page.setViewport({ width, height });
    page.on("console", (msg) => {
      if (msg.type() === "error") this.errors.push(`console: ${msg.text()}`);
    });
    page.on("pageerror", (err) => this.errors.push(`page: ${err}`));
    return page;
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
