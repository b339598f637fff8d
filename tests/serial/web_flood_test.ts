/// <reference lib="dom" />
/**
 * The page under a flood of reads (a server reading 64 bytes at a time while
 * framecat flood writes as fast as it can): the server sends batched updates
 * (at most 20 a second), the page keeps a bounded history and draws only
 * the rows in view, a click is handled within 200 ms, and memory stays bounded.
 */
import { ok as assert } from "node:assert/strict";
import { Framecat } from "../helpers/cli.ts";
import { TestBrowser } from "../helpers/browser.ts";
import { Workspace } from "../helpers/web.ts";

/**
 * The bounds asserted. Clicks: 95 in 100 within CLICK_MS. On a machine shared with other
 * work a lone click can wait for the scheduler however little the page does; the page's
 * own work is what the bound is about, and it shows in nearly every click.
 */
const CLICK_MS = 200;
const CLICK_SHARE = 0.95;
const BATCH_MS = 50;
const MAX_ROWS = 2000;
const MAX_HEAP_BYTES = 48 * 1024 * 1024;
/** Events the session must have produced while we measured: the flood was real. */
const MIN_EVENTS = 200_000;
const CLICKS = 6;
/**
 * The flood and the server reading it run niced, and the browser ahead of everything
 * else, as the window a person looks at is: on a small machine shared with other work the
 * scheduler would otherwise decide the latency, and the test measures the page's own work.
 */
const NICE = { wrap: ["nice", "-n", "10"] };
const BROWSER_NICE = -10;

Deno.test("web page: stays responsive under a flood of reads, with batched updates and bounded memory", async () => {
  await using ws = await Workspace.start([], NICE);
  await using browser = await TestBrowser.launch(BROWSER_NICE);
  const { id, port } = await ws.listen([
    "serve",
    "tcp://127.0.0.1:0",
    "--behavior",
    "discard",
    "--read-size",
    "64",
  ]);
  const page = await browser.page();
  // Every WebSocket message the page receives, timed.
  await page.evaluateOnNewDocument(() => {
    const Native = WebSocket;
    const times: number[] = [];
    Object.assign(globalThis, { fcBatchTimes: times });
    globalThis.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener("message", () => times.push(performance.now()));
      }
    };
  });
  await page.goto(ws.url);
  await (await page.waitForSelector(`[data-fc=session][data-id="${id}"]`))!.click();
  await page.waitForSelector("[data-fc=pause]");

  await using flood = new Framecat([
    "flood",
    `tcp://127.0.0.1:${port}`,
    "--size",
    "64KiB",
    "--count",
    "4000",
    // 6.4 MB/s in 64-byte reads: 100,000 reads a second.
    "--rate",
    "6400000",
    "--output",
    "json",
  ], NICE);
  const start = await page.evaluate(() => performance.now());
  const clicks: number[] = [];
  const deadline = Date.now() + 90_000;
  let events = 0;
  while ((clicks.length < CLICKS || events < MIN_EVENTS) && Date.now() < deadline) {
    clicks.push(await page.evaluate(clickLatency), await page.evaluate(clickLatency));
    events = (await ws.session(id)).events;
  }
  const end = await page.evaluate(() => performance.now());
  await flood.stop();
  assert(events >= MIN_EVENTS, `the flood produced only ${events} events`);

  const quick = clicks.filter((ms) => ms < CLICK_MS).length / clicks.length;
  const all = clicks.map(Math.round).join(" ");
  assert(
    quick >= CLICK_SHARE,
    `${(100 * (1 - quick)).toFixed(0)}% of clicks took ${CLICK_MS} ms or more: ${all}`,
  );

  const batches = await page.evaluate(
    (from, to) =>
      (globalThis as unknown as { fcBatchTimes: number[] }).fcBatchTimes
        .filter((t) => t >= from && t <= to).length,
    start,
    end,
  );
  const allowed = Math.ceil((end - start) / BATCH_MS) + 2;
  assert(
    batches <= allowed,
    `${batches} updates in ${(end - start).toFixed(0)} ms (at most ${allowed})`,
  );
  assert(batches > 0, "the page got updates during the flood");

  const view = await page.evaluate(() => ({
    rows: Number(document.querySelector("[data-fc=timeline]")!.getAttribute("data-rows")),
    drawn: document.querySelectorAll("[data-fc=timeline] .row").length,
    dropped: Number(document.querySelector("[data-fc=dropped]")?.getAttribute("data-count") ?? 0),
  }));
  assert(view.rows <= MAX_ROWS, `the page keeps ${view.rows} rows`);
  assert(view.drawn <= 80, `the page draws ${view.drawn} rows, not only those in view`);
  assert(view.dropped > 0, "the page says how many events it left out");

  const cdp = await page.createCDPSession();
  await cdp.send("HeapProfiler.collectGarbage");
  const { JSHeapUsedSize } = await page.metrics();
  assert(JSHeapUsedSize! < MAX_HEAP_BYTES, `the page holds ${JSHeapUsedSize} bytes of heap`);
  assert(browser.errors.length === 0, browser.errors.join("\n"));
});

/** In the page: clicks Pause (or Resume) and times until the button shows the change. */
function clickLatency(): Promise<number> {
  const button = document.querySelector("[data-fc=pause]") as HTMLButtonElement;
  const before = button.textContent;
  const t0 = performance.now();
  button.click();
  return new Promise((resolve) => {
    const check = () =>
      button.textContent !== before
        ? resolve(performance.now() - t0)
        : requestAnimationFrame(check);
    check();
  });
}
