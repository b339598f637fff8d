/// <reference lib="dom" />
/**
 * The timeline's rows as a class reads them, in chromium: a read in raw
 * framing is one row, not a read and an identical frame; choosing a peer to
 * send to hides nobody's rows; a peer is shown from the event stream as soon
 * as it connects; an opened log starts at its first event; no key of the
 * page's words is ever shown in its place.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { TestBrowser, waitInPage } from "./helpers/browser.ts";
import { runFramecat } from "./helpers/cli.ts";
import { timelineRows } from "./helpers/timeline.ts";
import { lenFrame, PyLenClient, Workspace } from "./helpers/web.ts";
import { WORDS as PAGE_WORDS } from "../lib/web/page/i18n.js";
import { WORDS } from "../lib/i18n/say.ts";

const count = (page: import("puppeteer-core").Page, selector: string) =>
  page.$$eval(selector, (els) => els.length);

async function open(browser: TestBrowser, ws: Workspace, id: string) {
  const page = await browser.page();
  await page.goto(ws.url);
  await (await page.waitForSelector(`[data-fc=session][data-id="${id}"]`))!.click();
  await page.waitForSelector("[data-fc=timeline]");
  return page;
}

Deno.test("web rows: what a class reads in the timeline", async (t) => {
  await using ws = await Workspace.start();
  await using browser = await TestBrowser.launch();

  await t.step(
    "in raw framing each read is one row, its identical frame is not drawn again",
    async () => {
      const { id, port } = await ws.discardServer("raw");
      const page = await open(browser, ws, id);
      await using py = new PyLenClient(port);
      await py.connected();
      for (const text of ["one", "two", "three"]) {
        await py.send(new TextEncoder().encode(text));
        await ws.until(async () =>
          (await ws.session(id)).peers[0]?.reads === ["one", "two", "three"].indexOf(text) + 1
        );
      }
      await waitInPage(page, () => document.querySelectorAll("[data-fc=read]").length === 3);
      // The frames came (the session's events have them), but are not drawn as rows.
      const rows = await timelineRows(page);
      assertEquals(rows.filter((r) => r.fc === "read").map((r) => r.data), [
        '"one"',
        '"two"',
        '"three"',
      ]);
      assertEquals(rows.filter((r) => r.fc === "frame").length, 0);
      assert(rows.every((r) => !/→/.test(r.words)), "a raw read names no frame of its own");
    },
  );

  await t.step(
    "choosing a peer to send to hides no other peer's rows, and every row names its peer",
    async () => {
      const { id, port } = await ws.discardServer("len");
      const page = await open(browser, ws, id);
      await using a = new PyLenClient(port);
      await using b = new PyLenClient(port);
      const [pa, pb] = [await a.connected(), await b.connected()];
      await a.send(lenFrame("from a"));
      await b.send(lenFrame("from b"));
      await waitInPage(page, () => document.querySelectorAll("[data-fc=frame]").length === 2);
      // Both peers as the session list's poll names them (their bytes counted): the list has
      // its final order, the server's, and a click lands on the row it aimed at, not on one that
      // took its place meanwhile (a peer the events name first is listed after those polled).
      await waitInPage(page, () =>
        [...document.querySelectorAll("[data-fc=peer] .counters")]
          .filter((c) => !/^\s*in 0 B/.test(c.textContent ?? "")).length === 2);
      const before = await timelineRows(page);
      const radio = `[data-fc=peer][data-peer="${pa}"] input`;
      await page.click(radio);
      const chosen = await waitInPage(
        page,
        () =>
          document.querySelector("[data-fc=peer] input:checked")?.closest("[data-fc=peer]")
            ?.getAttribute("data-peer"),
      );
      assertEquals(chosen, pa, "the peer clicked is the one chosen");
      await page.type("[data-fc=send-text]", "to a only");
      await page.click("[data-fc=send]");
      assertEquals(await a.frames(1), ["to a only"]);
      await waitInPage(page, () => document.querySelectorAll("[data-fc=sent]").length === 1);
      const after = await timelineRows(page);
      assertEquals(after.length, before.length + 1, "nobody's rows hidden");
      const data = after.filter((r) => ["read", "frame", "sent"].includes(r.fc));
      assertEquals(new Set(data.map((r) => r.peer)), new Set([pa, pb]));
      for (const r of data) assertEquals(r.tag, r.peer, `${r.fc} "${r.words}" names its peer`);
      assertEquals(await count(page, `[data-fc=timeline] .row.mine[data-peer="${pa}"]`) > 0, true);
    },
  );

  await t.step(
    "a peer is shown from the event stream as it connects and goes as it closes",
    async () => {
      const { id, port } = await ws.discardServer("len");
      const page = await browser.page();
      // The session list the page polls names no peer at all: only the events can.
      await page.evaluateOnNewDocument(() => {
        const native = globalThis.fetch;
        globalThis.fetch = async (input, init) => {
          const res = await native(input, init);
          if (!String(input).endsWith("/api/sessions")) return res;
          const body = await res.json();
          for (const s of body) s.peers = [];
          return new Response(JSON.stringify(body), { status: res.status });
        };
      });
      await page.goto(ws.url);
      await (await page.waitForSelector(`[data-fc=session][data-id="${id}"]`))!.click();
      await page.waitForSelector("[data-fc=timeline]");
      const peer = await (async () => {
        await using py = new PyLenClient(port);
        const name = await py.connected();
        await page.waitForSelector(`[data-fc=peer][data-peer="${name}"]`);
        return name;
      })();
      await waitInPage(
        page,
        () => document.querySelector("[data-fc=timeline] .row.closed") !== null,
      );
      await page.waitForFunction(
        (name) => document.querySelector(`[data-fc=peer][data-peer="${name}"]`) === null,
        { timeout: 15_000, polling: 50 },
        peer,
      );
    },
  );

  await t.step(
    "every stats row says it is the stats, a client's as a server's, in both languages",
    async () => {
      const server = await ws.discardServer("len");
      const { body } = await ws.call("POST", "/api/sessions", {
        argv: ["connect", `tcp://127.0.0.1:${server.port}`, "--framing", "len"],
      });
      const client = body.id as string;
      await ws.until(async () => (await ws.session(client)).peers.length === 1 || undefined);
      assertEquals((await ws.call("POST", `/api/sessions/${client}/send`, { text: "hi" })).body, {
        sent: 1,
      });
      for (const id of [client, server.id]) await ws.call("DELETE", `/api/sessions/${id}`);
      const page = await open(browser, ws, client);
      const statsRow = async () => {
        await page.waitForSelector("[data-fc=timeline] .row.stats");
        return (await timelineRows(page)).filter((r) => r.fc === "stats").map((r) => r.words);
      };
      const [connectEn] = await statsRow();
      assert(connectEn.startsWith("stats: received 0 B"), connectEn);
      await (await page.waitForSelector(`[data-fc=session][data-id="${server.id}"]`))!.click();
      const [serveEn] = await statsRow();
      assert(serveEn.startsWith("stats: 1 connection"), serveEn);
      await page.click("[data-fc=lang]");
      const [serveZh] = await statsRow();
      assert(serveZh.startsWith("统计：1 个连接"), serveZh);
      await (await page.waitForSelector(`[data-fc=session][data-id="${client}"]`))!.click();
      const [connectZh] = await statsRow();
      assert(connectZh.startsWith("统计：收到 0 B"), connectZh);
      // The switch's choice is remembered for this workspace: the steps after open in its language.
      await page.evaluate(() => localStorage.removeItem("framecat.lang.chosen"));
    },
  );

  await t.step(
    "an opened log starts at its first event, and no word's key is ever shown",
    async () => {
      const dir = await Deno.makeTempDir({ prefix: "fc21-log-" });
      try {
        const run = await runFramecat(["demo", "sticky", "--output", "json", "--lang", "en"]);
        assertEquals(run.code, 0, run.stderr);
        const file = `${dir}/sticky.ndjson`;
        await Deno.writeTextFile(file, run.stdout);
        const page = await browser.page();
        await page.goto(ws.url);
        await page.waitForSelector("[data-fc=open-log]");
        const input = await page.$("[data-fc=open-log]");
        await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(file);
        await page.waitForSelector("[data-fc=session][data-id=log-1]");
        const step = await page.waitForSelector("[data-fc=step-count][data-shown='1']");
        assertEquals(
          await step!.evaluate((el) => el.getAttribute("data-total")),
          String(run.events.length),
        );
        assertEquals((await timelineRows(page)).map((r) => r.fc), ["listening"]);
        const keys = [...Object.keys(PAGE_WORDS.en), ...Object.keys(WORDS.en)].filter((k) =>
          k.includes(".")
        );
        for (const lang of ["en", "zh"]) {
          if (lang === "zh") await page.click("[data-fc=lang]");
          await page.click("[data-fc=step-end]");
          const shown = await page.evaluate(() => document.body.innerText);
          const raw = keys.filter((k) => shown.includes(k));
          assertEquals(raw, [], `${lang}: keys shown in place of words`);
        }
        assertEquals(await page.$eval("[data-fc=state]", (el) => el.textContent), "日志");
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  );

  assertEquals(browser.errors, []);
});
