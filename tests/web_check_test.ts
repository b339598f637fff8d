/// <reference lib="dom" />
/**
 * A check in the web page (a real chromium): started from its form, it is a
 * session whose table of targets × ways fills in green and red; a click on a
 * red case shows its explanation and its conversation as a timeline, in the
 * page's language, at 1024×768 and at 200 %.
 */
import { deepStrictEqual, match, ok } from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { TestBrowser, waitInPage } from "./helpers/browser.ts";
import { Workspace } from "./helpers/web.ts";
import { startClass } from "./check_helpers.ts";

/** Set FRAMECAT_SCREENSHOTS=docs to write the README's screenshots there. */
const SHOTS = Deno.env.get("FRAMECAT_SCREENSHOTS");

async function screenshot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** Each case's cell, by target and way: pass or fail. */
function table(page: Page): Promise<Record<string, Record<string, string>>> {
  return page.$$eval("[data-fc=case]", (cells) => {
    const rows: Record<string, Record<string, string>> = {};
    for (const c of cells) {
      const target = c.getAttribute("data-target")!;
      rows[target] ??= {};
      rows[target][c.getAttribute("data-way")!] = c.getAttribute("data-result")!;
    }
    return rows;
  });
}

/** Whether nothing sticks out of the page sideways (the table scrolls in its own box). */
function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);
}

Deno.test("web page: a check from its form, its table green and red, a red case's conversation in the timeline, in both languages", async () => {
  await using cls = await startClass(["len-correct", "len-naive"]);
  const [correct, naive] = cls.ports;
  await using ws = await Workspace.start();
  await using browser = await TestBrowser.launch();
  const page = await browser.page(1024, 768);
  await page.goto(ws.url);
  await page.evaluate(() => localStorage.setItem("framecat.lang.chosen", "en"));
  await page.reload();

  await page.waitForSelector("[data-fc=new-check]");
  // The check's field offers framecat's list and starts at its first: typed over, as a person does.
  await page.click("[data-fc=new-check] input[name=check]");
  await page.keyboard.down("Control");
  await page.keyboard.press("a");
  await page.keyboard.up("Control");
  await page.type("[data-fc=new-check] input[name=check]", "len-echo");
  await page.type("[data-fc=new-check] textarea[name=targets]", `${correct}\n${naive}`);
  await page.type("[data-fc=new-check] input[name=extra]", "--timeout 1000");
  await page.click("[data-fc=start-check]");
  const session = await ws.until(async () => (await ws.call("GET", "/api/sessions")).body[0]);
  deepStrictEqual(session.argv, [
    "check",
    "len-echo",
    `${correct}`,
    `${naive}`,
    "--lang",
    "en",
    "--timeout",
    "1000",
  ]);

  await page.waitForSelector("[data-fc=check-summary]", { timeout: 30_000 });
  const ways = ["plain", "stuck", "split", "delayed", "large"];
  const row = (fails: string[]) =>
    Object.fromEntries(ways.map((w) => [w, fails.includes(w) ? "fail" : "pass"]));
  deepStrictEqual(await table(page), {
    [correct]: row([]),
    [naive]: row(["stuck", "split", "large"]),
  });
  deepStrictEqual(
    await page.$$eval(".check-table thead th", (ths) => ths.map((th) => th.textContent)),
    ["target", ...ways],
  );
  match(
    await page.$eval("[data-fc=check-summary]", (el) => el.textContent!),
    /^len-echo: 2 targets, 10 cases: 7 passed, 3 failed$/,
  );

  // A red case: the explanation, and the conversation as the timeline draws any session's.
  await page.click(`[data-fc=case][data-target="${naive}"][data-way=stuck]`);
  const explanation = await page.waitForSelector("[data-fc=explanation]");
  match(
    await explanation!.evaluate((el) => el.textContent!),
    /^sent "hello" and "world" back to back, in one segment; the server answered once, "hello".*\(粘包\)/,
  );
  await page.waitForSelector("[data-fc=check-case] [data-fc=timeline]");
  deepStrictEqual(await page.$$eval("[data-fc=check-case] [data-fc=sent]", (r) => r.length), 2);
  deepStrictEqual(await page.$$eval("[data-fc=check-case] [data-fc=frame]", (r) => r.length), 1);
  ok(await fitsWidth(page), "nothing sticks out at 1024×768");
  await screenshot(page, "web-check");

  // The page's language says the same case in Chinese, from its said, not from --lang.
  await page.click("[data-fc=lang]");
  await waitInPage(
    page,
    () => document.querySelector("[data-fc=explanation]")?.textContent?.includes("粘包"),
  );
  match(
    await page.$eval("[data-fc=explanation]", (el) => el.textContent!),
    /^发送了 "hello" 和 "world"，连着发出，在同一个 TCP 报文段里；服务端只回了一次："hello"/,
  );
  deepStrictEqual(
    await page.$$eval(".check-table thead th", (ths) => ths.map((th) => th.textContent)),
    ["目标", "直接发", "连发一段", "逐字节", "延迟读", "超 1024"],
  );
  await screenshot(page, "web-check-zh");

  // At 200 % (a projector): the table still fits, scrolling in its own box if it must.
  await page.setViewport({ width: 512, height: 384, deviceScaleFactor: 2 });
  await page.click("[data-fc=side]");
  await page.waitForSelector("[data-fc=check-table]", { visible: true });
  ok(await fitsWidth(page), "nothing sticks out at 200 %");
  deepStrictEqual(browser.errors, []);
});

Deno.test("web page: a check stopped before its end shows the cases it never ran as not run (—), not as still to come, and says it was stopped", async () => {
  await using cls = await startClass(["silent"]);
  const [silent] = cls.ports;
  await using ws = await Workspace.start();
  // The silent server holds the first case for a minute: stopped long before, as the page's Stop.
  const argv = ["check", "len-echo", `${silent}`, "--timeout", "60000", "--lang", "en"];
  const { status, body } = await ws.call("POST", "/api/sessions", { argv });
  deepStrictEqual(status, 201);
  // Whenever the stop comes, no case has ended (the first waits its minute): all five are not run.
  const stopped = await ws.call("DELETE", `/api/sessions/${body.id}`);
  deepStrictEqual(stopped.status, 200);

  await using browser = await TestBrowser.launch();
  const page = await browser.page(1024, 768);
  // Its one session: the page opens on it.
  await page.goto(ws.url);
  const summary = await page.waitForSelector("[data-fc=check-summary]");
  match(
    await summary!.evaluate((el) => el.textContent!),
    /^len-echo: 1 target, 0 cases: 0 passed, 0 failed; stopped before 5 more cases: not a whole check$/,
  );
  deepStrictEqual(
    await page.$$eval(
      ".check-table tbody tr",
      (rows) => rows.map((r) => [...r.children].map((c) => c.textContent!.trim())),
    ),
    [[`${silent}`, "—", "—", "—", "—", "—"]],
  );
  deepStrictEqual(await page.$$eval(".check-table .case.waiting", (cells) => cells.length), 0);
  deepStrictEqual(browser.errors, []);
});
