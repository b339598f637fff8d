/// <reference lib="dom" />
/**
 * What a class trips over when the teacher drives the page: a stepped log saved whole, with no
 * Pause or Clear that would fight the steps; and a restarted server's send box, which talks to
 * the new run's peers, not the one chosen before the restart.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { discardServerPage, saveLog, sharedBrowser, waitInPage } from "./helpers/browser.ts";
import { peerOnPage, PyLenClient, restartFromPage, Workspace } from "./helpers/web.ts";

/** The tests that use chromium: steps of one test, sharing one browser. */
const step = sharedBrowser("web page: the class's walk, in one chromium");

/** The rows the timeline holds (drawn or not). */
const rowsOf = (page: Page) =>
  page.$eval("[data-fc=timeline]", (el) => Number(el.getAttribute("data-rows")));

step(
  "web page: a stepped log saves all its events, and offers no Pause or Clear to fight the steps",
  async (browser) => {
    await using ws = await Workspace.start();
    const page = await browser.page(1024, 768);
    await page.goto(ws.url);
    const log = new URL("./fixtures/sticky_demo_before_kinds.ndjson", import.meta.url).pathname;
    const lines = (await Deno.readTextFile(log)).trim().split("\n").length;
    const input = await page.waitForSelector("[data-fc=open-log]");
    await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(log);
    await page.waitForSelector(`[data-fc=step-count][data-shown='1'][data-total='${lines}']`);
    await page.click("[data-fc=step]");
    await page.click("[data-fc=step]");
    await page.waitForSelector("[data-fc=step-count][data-shown='3']");
    // Pause froze the rows while Step went on; Clear emptied them until the next Step.
    assertEquals(await page.$("[data-fc=pause]"), null);
    assertEquals(await page.$("[data-fc=clear]"), null);
    const before = await rowsOf(page);
    await page.click("[data-fc=step]");
    await waitInPage(page, () => document.querySelector("[data-fc=step-count][data-shown='4']"));
    assertEquals(await rowsOf(page) > before, true, "a step shows its row");

    // Saved at step 4 of the log: the whole log, not the four events shown so far.
    await using saved = await saveLog(page);
    assertEquals(saved.text.trim().split("\n").length, lines);
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: after a restart the send box sends to the new run's peers, not the peer chosen before",
  async (browser) => {
    await using ws = await Workspace.start();
    const { id, port, page } = await discardServerPage(ws, browser);
    {
      await using first = new PyLenClient(port);
      const peer = await first.connected();
      const row = await page.waitForSelector(`[data-fc=peer][data-peer="${peer}"] input`);
      await row!.click();
      await page.waitForSelector(`[data-fc=peer][data-peer="${peer}"].chosen`);
      await restartFromPage(ws, page, id);
    }
    // Port 0 again: the new run listens where the system puts it.
    await using second = await peerOnPage(ws, page, id);
    await page.type("[data-fc=send-text]", "after the restart");
    await page.click("[data-fc=send]");
    await page.waitForSelector("[data-fc=send-result]");
    // It was refused ("no peer 127.0.0.1:… in this session: it has left"), though none showed.
    assertEquals(
      await page.$eval("[data-fc=send-result]", (el) => el.textContent?.trim()),
      "sent 1",
    );
    assertEquals(await second.frames(1), ["after the restart"]);
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: the relay's faults say what they take under their fields, whole at 1024×768, in both languages",
  async (browser) => {
    await using ws = await Workspace.start();
    const page = await browser.page(1024, 768);
    await page.goto(ws.url);
    await page.waitForSelector("[data-fc=start]");
    await page.select("select[name=kind]", "relay");
    /** Each fault's hint: its text, and whether it shows whole (no cut line, inside the form). */
    const hints = () =>
      page.$$eval("[data-fc=fault-hint]", (els) =>
        els.map((el) => {
          const form = el.closest("form")!.getBoundingClientRect();
          const box = el.getBoundingClientRect();
          const whole = el.scrollWidth <= el.clientWidth && box.right <= form.right + 0.5;
          return [el.getAttribute("data-fault"), el.textContent, whole];
        }));
    // Typed into, a placeholder hint was gone; at the panel's width it was cut ("TCP: 1-3 (bytes pe").
    await page.type("input[name=loss]", "20");
    assertEquals(await hints(), [
      ["slice", "TCP: 1-3 (bytes per write)", true],
      ["coalesce", "TCP: 50 (ms merged)", true],
      ["delay", "20:5 (ms ± jitter)", true],
      ["loss", "UDP: 20 (%)", true],
    ]);
    await page.click("[data-fc=lang]");
    await waitInPage(page, () => document.documentElement.lang === "zh-CN");
    assertEquals((await hints()).map(([fault, , whole]) => [fault, whole]), [
      ["slice", true],
      ["coalesce", true],
      ["delay", true],
      ["loss", true],
    ]);
    assertEquals(
      (await hints()).map(([, text]) => text),
      ["TCP：1-3（每次写的字节）", "TCP：50（合并的毫秒）", "20:5（毫秒 ± 抖动）", "UDP：20（%）"],
    );
    await page.click("[data-fc=lang]");
    assertEquals(
      await page.$$eval(
        "[data-fc=new-session] label",
        (els) => els.map((el) => el.firstChild?.textContent?.trim()),
      ).then((l) => l.slice(3, 7)),
      ["Slice", "Coalesce", "Delay", "Loss"],
    );
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: in hex the send box's escapes box is off limits: hex has no escapes",
  async (browser) => {
    await using ws = await Workspace.start();
    const { port, page } = await discardServerPage(ws, browser);
    await using py = new PyLenClient(port);
    await page.waitForSelector(`[data-fc=peer][data-peer="${await py.connected()}"]`);
    const escapesOff = () =>
      page.$eval("[data-fc=send-escapes]", (el) => (el as HTMLInputElement).disabled);
    assertEquals(await escapesOff(), false);
    await page.select("[data-fc=send-mode]", "hex");
    assertEquals(await escapesOff(), true);
    await page.type("[data-fc=send-text]", "5c 6e");
    await page.click("[data-fc=send]");
    assertEquals(await py.frames(1), ["\\n"]);
    await page.select("[data-fc=send-mode]", "text");
    assertEquals(await escapesOff(), false);
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: a file that is not a log is refused in the page's language, and follows its switch",
  async (browser) => {
    await using ws = await Workspace.start(["--lang", "zh"]);
    const page = await browser.page(1024, 768);
    await page.goto(ws.url);
    await page.waitForSelector("[data-fc=start]");
    const dir = await Deno.makeTempDir({ prefix: "fc15-logs-" });
    try {
      const notJson = `${dir}/notes.ndjson`;
      await Deno.writeTextFile(notJson, '{"event":"listening"}\nhello\n');
      const input = await page.$("[data-fc=open-log]");
      await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(notJson);
      const error = () => page.$eval("header .error", (el) => el.textContent?.trim());
      await page.waitForSelector("header .error");
      // It was English on the Chinese page ("notes.ndjson: line 2 is not JSON").
      assertEquals(await error(), "notes.ndjson: 第 2 行不是 JSON");
      await page.click("[data-fc=lang]");
      await waitInPage(page, () => document.documentElement.lang === "en");
      assertEquals(await error(), "notes.ndjson: line 2 is not JSON");
      const noEvent = `${dir}/other.ndjson`;
      await Deno.writeTextFile(noEvent, '{"type":"x"}\n');
      await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(noEvent);
      await waitInPage(
        page,
        () => document.querySelector("header .error")?.textContent?.includes("other"),
      );
      assertEquals(await error(), 'other.ndjson: line 1 is not a framecat event (no "event")');
      // Bytes that are not base64 were decoded as the log was drawn: the page went blank and
      // threw on every redraw. Refused by their line now.
      const notBase64 = `${dir}/bytes.ndjson`;
      await Deno.writeTextFile(
        notBase64,
        '{"event":"read","peer":"a","bytes":4,"base64":"%%%%"}\n',
      );
      await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(notBase64);
      await waitInPage(
        page,
        () => document.querySelector("header .error")?.textContent?.includes("bytes"),
      );
      assertEquals(await error(), 'bytes.ndjson: line 1: its data ("base64") is not base64');
      // An event that is JSON, and an event, but not one framecat writes, and that the page cannot
      // draw: one line where its view would be, and the page goes on (another session opens).
      const odd = `${dir}/odd.ndjson`;
      await Deno.writeTextFile(odd, '{"event":"error","said":7}\n');
      await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(odd);
      await page.waitForSelector("[data-fc=draw-error]");
      const drawn = await page.$eval("[data-fc=draw-error]", (el) => el.textContent ?? "");
      assert(
        drawn.startsWith("these events cannot be drawn: they are not as framecat writes them ("),
        drawn,
      );
      const log = new URL("./fixtures/sticky_demo_before_kinds.ndjson", import.meta.url).pathname;
      await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(log);
      await page.waitForSelector("[data-fc=step-count]");
      assertEquals(await page.$("[data-fc=draw-error]"), null);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
    assertEquals(browser.errors, []);
  },
);
