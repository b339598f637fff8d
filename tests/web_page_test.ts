/// <reference lib="dom" />
/**
 * The web page in a real browser (Debian's chromium through puppeteer-core):
 * sessions from the form and the API, sticking and splitting seen with a
 * python client, the send box, timed sending, hex, Chinese, logs and demos.
 * Every step ends with no console error on the page; all share one chromium.
 */
import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
} from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { openSession, replaceText, saveLog, sharedBrowser, waitInPage } from "./helpers/browser.ts";
import { lenFrame, PyLenClient, Workspace } from "./helpers/web.ts";
import { eventsOf } from "./helpers/cli.ts";

/** The tests that use chromium: steps of one test, sharing one browser. */
const step = sharedBrowser("web page, in one chromium");

/** A whole demo: about 3 s alone; more on a busy machine (framecat gives up on one after 30 s). */
const DEMO_MS = 45_000;

/** Set FRAMECAT_SCREENSHOTS=docs to write the README's screenshots there. */
const SHOTS = Deno.env.get("FRAMECAT_SCREENSHOTS");

async function screenshot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

const count = (page: Page, selector: string) => page.$$eval(selector, (els) => els.length);

/** Waits until `selector` matches `n` elements. */
function countIs(page: Page, selector: string, n: number) {
  return page.waitForFunction(
    (sel, want) => document.querySelectorAll(sel).length === want,
    { timeout: 15_000, polling: 50 },
    selector,
    n,
  );
}

step(
  "web page: sessions start from the form and from the API, a bad argv shows the CLI's line",
  async (browser) => {
    await using ws = await Workspace.start();
    const page = await browser.page();
    await page.goto(ws.url);
    await page.select("select[name=kind]", "serve");
    await page.select("select[name=framing]", "len");
    await page.click("[data-fc=start]");
    await page.waitForSelector("[data-fc=session][data-state=running]");
    const [fromForm] = (await ws.call("GET", "/api/sessions")).body;
    assertEquals(fromForm.argv.slice(0, 4), ["serve", "tcp://127.0.0.1:0", "--framing", "len"]);

    const { id } = await ws.listen(["serve", "tcp://127.0.0.1:0", "--framing", "len"]);
    await countIs(page, "[data-fc=session]", 2);
    assert(await page.$(`[data-fc=session][data-id="${id}"]`));

    // A relay with faults from its own fields: the argv says them as the command line would.
    await page.select("select[name=kind]", "relay");
    await replaceText(page, "input[name=target]", `tcp://127.0.0.1:${(await ws.session(id)).port}`);
    await page.type("input[name=coalesce]", "50");
    await page.type("input[name=slice]", "1-3");
    await page.click("[data-fc=start]");
    await countIs(page, "[data-fc=session]", 3);
    const relay = (await ws.call("GET", "/api/sessions")).body.at(-1);
    assertEquals(relay.argv.slice(3), ["--slice", "1-3", "--coalesce", "50"]);
    assertEquals(relay.state, "running");
    await page.select("select[name=kind]", "serve");

    const extra = await page.$("input[name=extra]");
    await extra!.type("--max-frame 0");
    await page.click("[data-fc=start]");
    const error = await page.waitForSelector("[data-fc=error]");
    const shown = await error!.evaluate((el) => el.textContent);
    assertMatch(shown!, /^--max-frame: /);
    assertEquals(await count(page, "[data-fc=session]"), 3);
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: a python client's messages stick and split before the class's eyes; the send box answers it",
  async (browser) => {
    await using ws = await Workspace.start();
    const { id, port } = await ws.discardServer("len");
    const page = await browser.page();
    await openSession(page, ws.url, id);
    await using py = new PyLenClient(port);
    const peer = await py.connected();
    await page.waitForSelector(`[data-fc=peer][data-peer="${peer}"]`);

    // Sticking: two frames in one write arrive as one read, both frames linked to it.
    await py.send(new Uint8Array([...lenFrame("first"), ...lenFrame("second")]));
    await countIs(page, "[data-fc=frame]", 2);
    assertEquals(await count(page, "[data-fc=read]"), 1);
    assertEquals(
      await page.$$eval("[data-fc=frame]", (els) => els.map((e) => e.getAttribute("data-read"))),
      [
        "1",
        "1",
      ],
    );

    // Splitting: one frame in three writes; each is read before the next is written.
    const frame = lenFrame("split in three");
    const parts = [frame.subarray(0, 3), frame.subarray(3, 9), frame.subarray(9)];
    for (const [i, part] of parts.entries()) {
      await py.send(part);
      await countIs(page, "[data-fc=read]", 2 + i);
    }
    await countIs(page, "[data-fc=frame]", 3);
    const split = await page.$eval("[data-fc=frame][data-read='4']", (el) => ({
      reads: el.getAttribute("data-reads"),
      text: el.textContent,
    }));
    assertEquals(split.reads, "2,3,4");
    assertMatch(split.text!, /split in three/);
    // The peer's counters come with the next poll of the session list.
    await waitInPage(
      page,
      () =>
        document.querySelector("[data-fc=peer][data-peer]:not([data-peer=''])")?.textContent
          ?.includes("37 B"),
    );
    await screenshot(page, "web");
    await page.type("[data-fc=search]", "second");
    await countIs(page, "[data-fc=frame]", 1);
    await replaceText(page, "[data-fc=search]", "");
    await countIs(page, "[data-fc=frame]", 3);

    // A frame begun in the leftover of the read that completed the one before: linked to
    // both its reads (first_read says so; guessing from the previous frame would miss it).
    const tail = lenFrame("begun in a leftover");
    await py.send(new Uint8Array([...lenFrame("whole"), ...tail.subarray(0, 6)]));
    await countIs(page, "[data-fc=read]", 5);
    await py.send(tail.subarray(6));
    await countIs(page, "[data-fc=frame]", 5);
    assertEquals(
      await page.$$eval("[data-fc=frame]", (els) => els.map((e) => e.getAttribute("data-reads"))),
      ["1", "1", "2,3,4", "5", "5,6"],
    );
    const bracketed = (read: number, at: string) =>
      count(page, `[data-fc=read][data-read='${read}'] .bracket.${at}`);
    assertEquals([await bracketed(5, "first"), await bracketed(6, "last")], [1, 1]);
    assertMatch(
      (await page.$eval("[data-fc=read][data-read='5']", (el) => el.textContent))!,
      /→ frame 4, 5/,
    );
    await screenshot(page, "web-leftover");

    // The send box: this peer, framed as the session frames (len), read by python.
    await page.click(`[data-fc=peer][data-peer="${peer}"] input`);
    await page.type("[data-fc=send-text]", "hello, student");
    await page.click("[data-fc=send]");
    assertEquals(await py.frames(1), ["hello, student"]);

    // Timed sending: 5 messages, 100 ms apart.
    await replaceText(page, "[data-fc=send-text]", "tick");
    await replaceText(page, "[data-fc=send-count]", "5");
    await replaceText(page, "[data-fc=send-interval]", "100");
    await page.click("[data-fc=send]");
    assertEquals(await py.frames(5), ["tick", "tick", "tick", "tick", "tick"]);
    await countIs(page, "[data-fc=sent]", 6);

    // A file from the send box, as one message, its progress bar full at the end.
    await replaceText(page, "[data-fc=send-count]", "1");
    await replaceText(page, "[data-fc=send-interval]", "0");
    const file = await Deno.makeTempFile({ prefix: "fc15-", suffix: ".txt" });
    try {
      await Deno.writeTextFile(file, "a file from the page");
      await page.click(".send-box summary");
      // No header fields to type where the framing carries none (len): they would be refused.
      assertEquals(await page.$("[data-fc=send-header]"), null);
      const input = await page.$("[data-fc=send-file]");
      await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(file);
      assertEquals(await py.frames(1), ["a file from the page"]);
      await waitInPage(
        page,
        () => (document.querySelector(".send-box progress") as HTMLProgressElement)?.value === 1,
      );
    } finally {
      await Deno.remove(file);
    }
    // A json session offers them.
    const json = await ws.listen(["serve", "tcp://127.0.0.1:0", "--framing", "json"]);
    await (await page.waitForSelector(`[data-fc=session][data-id="${json.id}"]`))!.click();
    await page.waitForSelector(".send-box summary");
    await page.click(".send-box summary");
    await page.waitForSelector("[data-fc=send-header]", { visible: true });
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: hex view, the Chinese switch, a saved log reopened and stepped, a demo stepped",
  async (browser) => {
    await using ws = await Workspace.start();
    const { id, port } = await ws.listen(["serve", "tcp://127.0.0.1:0", "--framing", "len"]);
    const page = await browser.page();
    await openSession(page, ws.url, id);
    await using py = new PyLenClient(port);
    await py.connected();
    await py.send(lenFrame("hi"));
    await countIs(page, "[data-fc=frame]", 1);

    await page.select("[data-fc=view]", "hex");
    await waitInPage(
      page,
      () => document.querySelector("[data-fc=frame]")?.textContent?.includes("68 69"),
    );
    await page.select("[data-fc=view]", "text");

    // Any encoding: a GBK client's 你好 reads as 你好 once the page is told gbk.
    await py.send(lenFrame(Uint8Array.fromHex("c4e3bac3")));
    await countIs(page, "[data-fc=frame]", 2);
    await page.select("[data-fc=encoding]", "gbk");
    await waitInPage(
      page,
      () => document.querySelector("[data-fc=frame][data-read='2']")?.textContent?.includes("你好"),
    );
    await page.select("[data-fc=encoding]", "utf-8");

    await page.click("[data-fc=lang]");
    await waitInPage(page, () => document.documentElement.lang === "zh-CN");
    assertEquals(await page.$eval("[data-fc=start]", (el) => el.textContent?.trim()), "启动");
    // framecat's refusal of the form, said in the page's language (it was English).
    const endpoint = "[data-fc=new-session] input[name=endpoint]";
    await replaceText(page, endpoint, "nowhere:port");
    await page.click("[data-fc=start]");
    await waitInPage(
      page,
      () => document.querySelector("[data-fc=error]")?.textContent?.includes("不能用端点"),
    );
    await replaceText(page, endpoint, "tcp://127.0.0.1:0");

    // Save the log (a real download), then open it again and step through it.
    {
      await using log = await saveLog(page);
      const saved = log.text.trim().split("\n").map((l) => JSON.parse(l));
      // What the session said, as --output json prints it (lifecycle lines such as hints aside).
      const data = saved.filter((e) => ["read", "frame", "sent"].includes(e.event));
      assertEquals(saved.slice(0, 2).map((e) => e.event), ["listening", "connected"]);
      assertEquals(data.map((e) => e.event), ["read", "frame", "sent", "read", "frame", "sent"]);
      assertEquals(data[1].text, "hi");
      const input = await page.$("[data-fc=open-log]");
      await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(log.path);
      await page.waitForSelector("[data-fc=session][data-id=log-1]");
      await page.waitForSelector(`[data-fc=step-count][data-total='${saved.length}']`);
      for (let i = 0; i < 4; i++) await page.click("[data-fc=step]");
      await countIs(page, "[data-fc=frame]", 1);
      await page.click("[data-fc=play]");
      await page.waitForSelector(`[data-fc=step-count][data-shown='${saved.length}']`);
      await countIs(page, "[data-fc=frame]", 2);
    }

    // A demo started from the form, stepped in the page, told in Chinese.
    await page.select("select[name=kind]", "demo");
    await page.select("select[name=demo]", "sticky");
    await page.click("[data-fc=start]");
    const total = await waitInPage(page, () => {
      const steps = document.querySelector("[data-fc=step-count]") as HTMLElement | null;
      const n = Number(steps?.dataset.total ?? 0);
      const done = document.querySelector("[data-fc=state]")?.textContent === "已停止";
      return n > 5 && done ? n : 0;
    }, DEMO_MS);
    assertEquals(await count(page, "[data-fc=read]"), 0);
    // Step by step to the end, as a teacher clicks: each click waits for the step it made (on a
    // loaded machine clicks sent back to back could land while the bar was being drawn again).
    const counter = () =>
      page.$eval("[data-fc=step-count]", (el) => {
        const { shown, total } = (el as HTMLElement).dataset;
        return { shown: Number(shown), total: Number(total) };
      });
    // Two clicks before the page draws again (a quick double click) are two steps, not one.
    const before = (await counter()).shown;
    await page.$eval("[data-fc=step]", (b) => {
      (b as HTMLElement).click();
      (b as HTMLElement).click();
    });
    await page.waitForSelector(`[data-fc=step-count][data-shown='${before + 2}']`);
    // To the end, counted as the page counts it: the session's state (listed) can say stopped
    // before its last events (the feed) have reached the page, so `total` may still grow.
    const narrated = () => document.querySelectorAll("[data-fc=narration] h3").length === 2;
    for (let i = 0; i < 4 * total && !await page.evaluate(narrated); i++) {
      const { shown, total: now } = await counter();
      if (shown >= now) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      await page.click("[data-fc=step]");
      await page.waitForSelector(`[data-fc=step-count][data-shown='${shown + 1}']`);
    }
    await waitInPage(page, narrated);
    const narration = await page.$eval("[data-fc=narration]", (el) => el.textContent!);
    assertMatch(narration, /[\u4e00-\u9fff]/);
    assert(await count(page, "[data-fc=read]") > 0);
    await screenshot(page, "web-demo-zh");
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: a log of an older framecat (no kind, no first_read) opens, links and narrates",
  async (browser) => {
    // `framecat demo sticky --output json` as framecat printed it before frames said their
    // first read and before info, report and stats said their kind (commit ad85f6b~1).
    const log = new URL("./fixtures/sticky_demo_before_kinds.ndjson", import.meta.url).pathname;
    const lines = (await Deno.readTextFile(log)).trim().split("\n").map((l) => JSON.parse(l));
    assert(lines.every((e) => e.kind === undefined && e.first_read === undefined), "an old log");
    await using ws = await Workspace.start();
    const page = await browser.page();
    await page.goto(ws.url);
    const input = await page.$("[data-fc=open-log]");
    await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(log);
    await page.waitForSelector(`[data-fc=step-count][data-total='${lines.length}']`);
    await page.click("[data-fc=play]");
    await page.waitForSelector(`[data-fc=step-count][data-shown='${lines.length}']`);
    await countIs(page, "[data-fc=read]", 2);
    // The fix's two frames came in one read: both are linked to it, by the page's guess.
    const fixRead = eventsOf(lines, "read")[1].read;
    const links = await page.$$eval(
      "[data-fc=frame]",
      (els) => els.map((el) => (el as HTMLElement).dataset.reads),
    );
    assertEquals(links, [String(fixRead), String(fixRead)]);
    await waitInPage(page, () => document.querySelectorAll("[data-fc=narration] h3").length === 2);
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: a page from another origin cannot open the events WebSocket, even with the token",
  async (browser) => {
    await using ws = await Workspace.start();
    const { id } = await ws.listen(["serve", "tcp://127.0.0.1:0"]);
    await using other = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      () =>
        new Response("<!doctype html><title>elsewhere</title>", {
          headers: { "content-type": "text/html" },
        }),
    );
    const page = await browser.page();
    await page.goto(`http://127.0.0.1:${other.addr.port}/`);
    const events = `${ws.base.replace("http", "ws")}/api/sessions/${id}/events?token=${ws.token}`;
    const outcome = await page.evaluate((url) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(url);
        socket.onopen = () => resolve("open");
        socket.onerror = () => resolve("refused");
      }), events);
    assertEquals(outcome, "refused");
    // The same socket from the page itself opens: the origin was the reason.
    await page.goto(ws.url);
    assertEquals(
      await page.evaluate((url) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(url);
          socket.onopen = () => resolve("open");
          socket.onerror = () => resolve("refused");
        }), events),
      "open",
    );
    assertEquals(browser.errors.length, 1);
    assertMatch(browser.errors[0], /403/);
  },
);
