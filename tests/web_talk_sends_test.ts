/// <reference lib="dom" />
/**
 * The talk panel's sends, in a real chromium, as the send box's: a send from the history or
 * the saved messages to a session with no peer is refused by the page itself (framecat's own
 * words, and no request refused in the console), and their lines follow the page's language
 * switch, both ways, as the saved messages' own lines do.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { Page } from "puppeteer-core";
import {
  discardServerPage,
  lineSays as line,
  sendsAsked,
  sharedBrowser,
  switchTo,
} from "./helpers/browser.ts";
import { PyLenClient, Workspace } from "./helpers/web.ts";

const step = sharedBrowser("web talk panel sends, in one chromium");

const NO_PEER = "no peer is connected to this session";
const NO_PEER_ZH = "这个会话还没有对端连接";

/** `selector` says `en`, then `zh` once the page is in Chinese, then `en` again. */
async function followsSwitch(page: Page, selector: string, en: string, zh: string) {
  await line(page, selector, en);
  await switchTo(page, "zh");
  await line(page, selector, zh);
  await switchTo(page, "en");
  await line(page, selector, en);
}

const HISTORY = "[data-fc=history-result]";
const SAVED = "[data-fc=saved-result]";

step(
  "web page: a send again from the history says its line in the page's language, and with no peer says so without asking framecat",
  async (browser) => {
    await using ws = await Workspace.start();
    const { port, page } = await discardServerPage(ws, browser);
    {
      await using client = new PyLenClient(port);
      await page.waitForSelector(`[data-fc=peer][data-peer="${await client.connected()}"]`);
      await page.type("[data-fc=send-text]", "PING");
      await page.click("[data-fc=send]");
      assertEquals(await client.frames(1), ["PING"]);
      await (await page.waitForSelector("[data-fc=history-entry][data-text=PING]"))!.click();
      assertEquals(await client.frames(1), ["PING"]);
      await followsSwitch(page, HISTORY, "sent 1", "已发送 1");
    }
    // The peer has left: the page sees nobody there.
    await page.waitForSelector(".peers .hint");
    const asked = sendsAsked(page);
    await page.click("[data-fc=history-entry][data-text=PING]");
    await followsSwitch(page, HISTORY, NO_PEER, NO_PEER_ZH);
    await switchTo(page, "zh");
    await page.click("[data-fc=history-entry][data-text=PING]");
    await line(page, HISTORY, NO_PEER_ZH);
    await switchTo(page, "en");
    assertEquals(asked, [], "no send was asked of framecat");
    assertEquals(browser.errors, []);

    // A peer comes again: the same message goes to it.
    await using again = new PyLenClient(port);
    await page.waitForSelector(`[data-fc=peer][data-peer="${await again.connected()}"]`);
    await page.click("[data-fc=history-entry][data-text=PING]");
    assertEquals(await again.frames(1), ["PING"]);
    await line(page, HISTORY, "sent 1");
    assertEquals(asked, ["POST"]);
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: a saved message with no peer says so without asking framecat; the saved messages' lines follow the language switch",
  async (browser) => {
    await using ws = await Workspace.start();
    const { port, page } = await discardServerPage(ws, browser);
    await page.waitForSelector(".peers .hint");
    const asked = sendsAsked(page);

    // Its own lines: a message with no name, …
    await page.type("[data-fc=saved-text]", "nameless");
    await page.click("[data-fc=saved-add]");
    await followsSwitch(
      page,
      SAVED,
      "A saved message needs a name.",
      "快捷消息需要一个名称。",
    );
    // … a file imported, and one that is no list of saved messages.
    const dir = await Deno.makeTempDir({ prefix: "fc-talk-sends-" });
    try {
      const good = `${dir}/good.json`;
      await Deno.writeTextFile(
        good,
        JSON.stringify([
          { name: "ping", mode: "text", text: "PING", escapes: true },
          { name: "poll", mode: "hex", text: "01 03", escapes: false },
        ]),
      );
      const bad = `${dir}/bad.json`;
      await Deno.writeTextFile(bad, JSON.stringify([{ name: "x", mode: "morse", text: "..." }]));
      const input = async (path: string) => {
        const el = await page.$("[data-fc=saved-import]");
        await (el as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(path);
      };
      await input(good);
      await followsSwitch(page, SAVED, "2 messages imported", "已导入 2 条消息");
      await input(bad);
      await followsSwitch(
        page,
        SAVED,
        "bad.json: not a list of saved messages (name, mode text or hex, text)",
        "bad.json: 不是快捷消息列表（名称、文本或十六进制、内容）",
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }

    // Sent with nobody there: framecat's own words, without asking it.
    await page.click("[data-fc=saved-send][data-name=ping]");
    await followsSwitch(page, SAVED, NO_PEER, NO_PEER_ZH);
    assertEquals(asked, [], "no send was asked of framecat");
    assertEquals(browser.errors, []);

    // A peer comes: the message goes, and its line follows the switch too.
    await using client = new PyLenClient(port);
    await page.waitForSelector(`[data-fc=peer][data-peer="${await client.connected()}"]`);
    await page.click("[data-fc=saved-send][data-name=ping]");
    assertEquals(await client.frames(1), ["PING"]);
    await followsSwitch(page, SAVED, "sent 1", "已发送 1");
    assertEquals(asked, ["POST"]);
    assertEquals(browser.errors, []);
  },
);
