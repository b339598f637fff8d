/// <reference lib="dom" />
/**
 * The page in 中文: no English word is left in the timeline of a session that
 * connects, reads, frames, errors and closes, nor in any demo (its rows and
 * its narration). What Chinese writing keeps in Latin letters (options,
 * endpoints, code, TCP, EOF…) is not counted (tests/helpers/english.ts), nor
 * is the data itself.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { DEMOS } from "../lib/demo/catalog.ts";
import { EN as NARRATION } from "../lib/demo/messages_en.ts";
import { TestBrowser } from "./helpers/browser.ts";
import { englishWords } from "./helpers/english.ts";
import { timelineRows } from "./helpers/timeline.ts";
import { lenFrame, PyLenClient, Workspace } from "./helpers/web.ts";

/** A page in Chinese, showing session `id`. */
async function chinesePage(browser: TestBrowser, ws: Workspace, id: string): Promise<Page> {
  const page = await browser.page(1280, 900);
  await page.evaluateOnNewDocument(() => localStorage.setItem("framecat.lang", "zh"));
  await page.goto(ws.url);
  await (await page.waitForSelector(`[data-fc=session][data-id="${id}"]`))!.click();
  await page.waitForSelector("[data-fc=timeline]");
  return page;
}

/**
 * The English words of each row that has some, as `kind: words`, and each row that says a
 * number sign without its number (`读取 #`: a row whose event has no number).
 */
async function englishInRows(page: Page): Promise<string[]> {
  const rows = await timelineRows(page);
  assert(rows.length > 0, "no rows");
  return rows.flatMap((r) => {
    const left = englishWords(r.words);
    if (/#(?!\d)/.test(r.words)) left.push("# without its number");
    return left.length > 0 ? [`${r.fc}: ${left.join(" ")} (in "${r.words}")`] : [];
  });
}

Deno.test("web 中文: no English left in a session's timeline, nor in any demo", async (t) => {
  await using ws = await Workspace.start();
  await using browser = await TestBrowser.launch();
  // Every demo runs while the session is checked: they take a few seconds each.
  const demos: [string, string][] = [];
  for (const demo of DEMOS) {
    const { status, body } = await ws.call("POST", "/api/sessions", {
      argv: ["demo", demo.name, "--lang", "zh"],
    });
    assertEquals(status, 201);
    demos.push([demo.name, body.id]);
  }

  await t.step("a session that connects, reads, frames, errors and closes", async () => {
    const { id, port } = await ws.discardServer("len");
    const page = await chinesePage(browser, ws, id);
    await using py = new PyLenClient(port);
    await py.connected();
    await py.send(new Uint8Array([...lenFrame("hello"), ...lenFrame("world")]));
    const split = lenFrame("你好");
    await py.send(split.subarray(0, 5));
    await py.send(split.subarray(5));
    // The course's struct.pack('i') prefix at a u32be server: a frame error, and the hint.
    await py.send(Uint8Array.of(5, 0, 0, 0, ...new TextEncoder().encode("hello")));
    await page.waitForSelector("[data-fc=timeline] .row.closed");
    const kinds = (await timelineRows(page)).map((r) => r.fc);
    for (const kind of ["listening", "connected", "read", "frame", "error", "closed"]) {
      assert(kinds.includes(kind), `the session shows ${kind}`);
    }
    assertEquals(await englishInRows(page), []);
    // The peers panel and the send box are Chinese too.
    const controls = await page.$eval(".controls", (el) => (el as HTMLElement).innerText);
    assertEquals(englishWords(controls), []);
    // A reply rule that cannot be read is refused in Chinese, as --reply refuses it with --lang zh.
    await page.type("[data-fc=rule-new]", "/(/ => x");
    await page.click("[data-fc=rule-add]");
    const refusal = await page.$eval(
      await page.waitForSelector("[data-fc=rule-error]").then(() => "[data-fc=rule-error]"),
      (el) => el.textContent ?? "",
    );
    // framecat's words are Chinese; after them, the regex engine's own (V8's, in English).
    assert(refusal.startsWith("不能用规则“/(/ => x”：无法读取匹配模式“/(/”："), refusal);
    await page.close();
  });

  await t.step("every demo, its rows and its narration", async () => {
    await ws.until(async () => {
      const all: { id: string; state: string }[] = (await ws.call("GET", "/api/sessions")).body;
      return demos.every(([, id]) => all.find((s) => s.id === id)?.state === "stopped");
    }, 60_000);
    const left: string[] = [];
    const page = await browser.page(1280, 900);
    await page.evaluateOnNewDocument(() => localStorage.setItem("framecat.lang", "zh"));
    await page.goto(ws.url);
    for (const [name, id] of demos) {
      await (await page.waitForSelector(`[data-fc=session][data-id="${id}"]`))!.click();
      await (await page.waitForSelector("[data-fc=step-end]:not([disabled])"))!.click();
      await page.waitForSelector("[data-fc=narration] .phase");
      // Opened after it ended, a demo still starts at its first event: every phase is told.
      const phases = Object.keys(NARRATION).filter((k) =>
        k.startsWith(`${name}.`) && k.endsWith(".heading")
      ).length;
      // (End follows the events still arriving: the backlog comes in batches.)
      const told = await page.waitForFunction(
        (n) => document.querySelectorAll("[data-fc=narration] .phase").length === n,
        { timeout: 10_000, polling: 50 },
        phases,
      ).then(() => phases, () => page.$$eval("[data-fc=narration] .phase", (els) => els.length));
      if (told !== phases) left.push(`${name}: ${told} of its ${phases} phases told`);
      for (const row of await englishInRows(page)) left.push(`${name} ${row}`);
      // Code is shown as code, and is code in any language: the words around it are counted.
      const narration = await page.$eval("[data-fc=narration]", (el) => {
        const prose = el.cloneNode(true) as HTMLElement;
        for (const code of prose.querySelectorAll("code")) code.remove();
        return { prose: prose.textContent ?? "", shown: (el as HTMLElement).innerText };
      });
      assert(!narration.shown.includes("`"), `${name}: the narration shows a raw backquote`);
      for (const word of englishWords(narration.prose)) left.push(`${name} narration: ${word}`);
    }
    assertEquals(left, []);
  });
  assertEquals(browser.errors, []);
});
