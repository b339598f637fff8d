/// <reference lib="dom" />
/**
 * The page in 中文: no English word is left in the timeline of a session that
 * connects, reads, frames, errors and closes, nor in any demo (its rows and
 * its narration). What Chinese writing keeps in Latin letters (options,
 * endpoints, code, TCP, EOF…) is not counted (tests/helpers/english.ts), nor
 * is the data itself.
 */
import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
} from "node:assert/strict";
import type { ElementHandle, Page } from "puppeteer-core";
import { MAX_PAGE_FILE } from "../lib/shared/limits.js";
import { DEMOS } from "../lib/demo/catalog.ts";
import { EN as NARRATION } from "../lib/demo/messages_en.ts";
import { settled, TestBrowser } from "./helpers/browser.ts";
import { englishWords } from "./helpers/english.ts";
import { timelineRows } from "./helpers/timeline.ts";
import { lenFrame, PyLenClient, Workspace } from "./helpers/web.ts";

/** A sparse file of `size` bytes (no disk used), removed when disposed. */
async function bigFile(size: number): Promise<{ path: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "fc-big-" });
  const path = `${dir}/big.bin`;
  using file = await Deno.create(path);
  await file.truncate(size);
  return { path, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

/** A page in Chinese, showing session `id`. */
async function chinesePage(browser: TestBrowser, ws: Workspace, id: string): Promise<Page> {
  const page = await browser.page(1280, 900);
  await page.evaluateOnNewDocument(() => localStorage.setItem("framecat.lang.chosen", "zh"));
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

  await t.step("a checksum that does not match, and a reply rule's answer", async () => {
    // The README's Modbus frame, its CRC written wrong (c400 for c40b), behind struct.pack('i').
    const { id, port } = await ws.listen([
      "serve",
      "tcp://127.0.0.1:0",
      "--framing",
      "len",
      "--prefix",
      "i",
      "--checksum",
      "crc16-modbus",
      "--behavior",
      "discard",
      "--reply",
      "hex:01 03 * => hex:ff",
    ]);
    const page = await chinesePage(browser, ws, id);
    await using py = new PyLenClient(port);
    await py.connected();
    await py.send(Uint8Array.of(8, 0, 0, 0, 1, 3, 0, 0, 0, 2, 0xc4, 0x00));
    const warning = await page.$eval(
      await page.waitForSelector("[data-fc=timeline] .row.checksum").then(() =>
        "[data-fc=timeline] .row.checksum"
      ),
      (el) => (el as HTMLElement).innerText,
    );
    assertMatch(warning, /消息 #1 结尾是 c400，但它的 crc16-modbus 应为 c40b/);
    const answer = await page.$eval(
      await page.waitForSelector("[data-fc=timeline] .row.sent").then(() =>
        "[data-fc=timeline] .row.sent"
      ),
      (el) => (el as HTMLElement).innerText,
    );
    assertMatch(answer, /由规则 1 回复/);
    assertEquals(await englishInRows(page), []);
    await page.close();
  });

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
    // So is a send framecat refuses (hex it cannot read, to a peer connected again), and one the
    // page refuses itself, with the only peer gone (no request made: nothing in the console).
    const before = browser.errors.length;
    const sendResult = async (predicate: string) => {
      const shown = await page.waitForFunction(
        (p) => {
          const text = document.querySelector("[data-fc=send-result]")?.textContent ?? "";
          return new RegExp(p).test(text) && text;
        },
        { timeout: 10_000 },
        predicate,
      );
      return await shown.jsonValue() as string;
    };
    {
      await using again = new PyLenClient(port);
      const peer = await again.connected();
      await page.waitForSelector(`[data-fc=peer][data-peer="${peer}"]`);
      await page.select("[data-fc=send-mode]", "hex");
      await page.type("[data-fc=send-text]", "zz");
      await page.click("[data-fc=send]");
      assertMatch(await sendResult("十六进制"), /^无法读取十六进制 "zz"：第 1 个字符处/);
    }
    await page.waitForFunction(
      () => !document.querySelector("[data-fc=peer][data-peer]:not([data-peer=''])"),
      { timeout: 10_000 },
    );
    await page.select("[data-fc=send-mode]", "text");
    await page.click("[data-fc=send]");
    assertEquals(await sendResult("对端"), "这个会话还没有对端连接");
    // The browser logs each refused request: framecat's 400, and no other.
    assertEquals(browser.errors.splice(before).map((e) => /status of (\d+)/.exec(e)?.[1]), [
      "400",
    ]);
    // A file too big for the page is refused before it is read (nothing is asked), in Chinese.
    await using big = await bigFile(MAX_PAGE_FILE + 1);
    const input = await page.$("[data-fc=send-file]");
    await (input as ElementHandle<HTMLInputElement>).uploadFile(big.path);
    assertEquals(
      await sendResult("big.bin"),
      `big.bin：${
        MAX_PAGE_FILE + 1
      } 字节，超过了页面能发送的大小（最多 ${MAX_PAGE_FILE} 字节）：请用 connect --send-file 发送`,
    );
    await page.close();
  });

  await t.step("the checksum list says what each simple sum is in Chinese", async () => {
    const page = await browser.page(1280, 900);
    await page.evaluateOnNewDocument(() => localStorage.setItem("framecat.lang.chosen", "zh"));
    await page.goto(ws.url);
    await page.waitForSelector("select[name=checksum] option[value=sum8]");
    const options = await page.$$eval(
      "select[name=checksum] option",
      (els) => els.map((el) => el.textContent ?? ""),
    );
    for (
      const [name, zh] of [
        ["xor8", "所有字节的异或（BCC）"],
        ["lrc", "Modbus ASCII 的 LRC：字节和的补码"],
        ["sum8", "字节和，对 256 取模"],
        ["sum16", "字节和，对 65536 取模"],
      ]
    ) {
      const option = options.find((o) => o.startsWith(`${name} `));
      assert(option?.includes(zh), `${name}: ${option}`);
    }
    await page.close();
  });

  await t.step(
    "at 200 %, the file buttons are the page's, in Chinese, and focusing one shows it",
    async () => {
      const { id } = await ws.discardServer("len");
      const page = await chinesePage(browser, ws, id);
      await page.setViewport({ width: 512, height: 384, deviceScaleFactor: 2 });
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => d.open = true));
      const labels = await page.$$eval(
        "[data-fc=send-file], [data-fc=saved-import]",
        (els) => els.map((el) => el.closest("label")?.textContent?.trim()),
      );
      assertEquals(labels, ["发送文件…", "导入"]);
      // Focused, Import is scrolled into view (a file field positioned elsewhere was scrolled to
      // instead, and the button left out of sight). Focused once the page holds still: a row or
      // a render landing after the scroll would move the button, and say nothing of focusing.
      await page.waitForSelector("[data-fc=timeline] [data-fc=listening]");
      await settled(page);
      // In front (the suite's chromium is shared by other tests' tabs), then focused. On a loaded
      // machine the scroll may show a frame or more later: waited for, bounded. The wrong field
      // scrolled to (the fault this checks) never brings the button into view.
      await page.bringToFront();
      await page.focus("[data-fc=saved-import]");
      // Focused again if the focus went (two CI runs saw nothing focused and nothing scrolled,
      // on a loaded machine, with this tab's chromium shared): what is checked is that focusing
      // it shows it, not that the focus lasts through whatever took it.
      const seen = await page.waitForFunction(() => {
        const input = document.querySelector<HTMLElement>("[data-fc=saved-import]")!;
        if (document.activeElement !== input) input.focus();
        const box = input.closest("label")!.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= innerHeight && box.left >= 0 &&
          box.right <= innerWidth;
      }, { timeout: 5_000, polling: 50 }).then(() => true, () => false);
      const where = seen ? "" : await page.$eval("[data-fc=saved-import]", (el) => {
        const box = el.closest("label")!.getBoundingClientRect();
        const scrolled = [...document.querySelectorAll("*")].filter((e) => e.scrollTop > 0)
          .map((e) => `${e.tagName}.${e.className} at ${e.scrollTop} of ${e.scrollHeight}`);
        const focused = document.activeElement?.getAttribute("data-fc");
        return `box ${
          JSON.stringify(box)
        } in ${innerWidth}×${innerHeight}; scrolled: ${scrolled}; ` +
          `focused: ${focused}; visible: ${document.visibilityState}`;
      });
      assert(seen, `Import is out of sight once focused: ${where}`);
      await page.close();
    },
  );

  await t.step("a relay's rows, its seed and its faults among them", async () => {
    const target = await ws.discardServer("raw");
    const relay = await ws.listen([
      ...["relay", "tcp://127.0.0.1:0", `127.0.0.1:${target.port}`, "--slice", "2"],
    ]);
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: relay.port });
    await conn.write(new TextEncoder().encode("hello"));
    conn.close();
    await ws.until(async () => (await ws.session(relay.id)).events >= 4);
    const page = await chinesePage(browser, ws, relay.id);
    await page.waitForSelector("[data-fc=timeline] .row.closed");
    const rows = await timelineRows(page);
    assert(rows.some((r) => r.words.includes("随机种子")), "the seed's row, in Chinese");
    // A fault says what the terminal says: which link, which way, what was done to which chunk.
    assert(
      rows.some((r) => /在 #1 的上行注入故障：把数据块 1（5 B）切成 3 次写/.test(r.words)),
      rows.map((r) => r.words).join("\n"),
    );
    assertEquals(await englishInRows(page), []);
    // A relay forwards: no peer to choose, no send box (a send could only be refused).
    assertEquals(await page.$$eval("[data-fc=controls], [data-fc=send]", (els) => els.length), 0);
    await page.close();
  });

  await t.step(
    "a session that fails says why in Chinese, under its command, at 1024×768",
    async () => {
      using busy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      const { status, body } = await ws.call("POST", "/api/sessions", {
        argv: ["serve", `tcp://127.0.0.1:${busy.addr.port}`, "--framing", "len"],
      });
      assertEquals(status, 201);
      await ws.until(async () => (await ws.session(body.id)).state === "failed");
      const page = await browser.page(1024, 768);
      await page.evaluateOnNewDocument(() => localStorage.setItem("framecat.lang.chosen", "zh"));
      await page.goto(ws.url);
      await (await page.waitForSelector(`[data-fc=session][data-id="${body.id}"]`))!.click();
      const head = await page.waitForFunction(() => {
        const head = document.querySelector(".session-head");
        const error = head?.querySelector(".error");
        if (!head || !error?.textContent) return undefined;
        const box = (el: Element | null) => el!.getBoundingClientRect();
        return {
          error: error.textContent,
          argvWidth: box(head.querySelector(".argv")).width,
          right: Math.max(
            ...["[data-fc=stop]", "[data-fc=restart]", ".error"].map((s) =>
              box(head.querySelector(s)).right
            ),
          ),
        };
      });
      const shown = await head.jsonValue() as { error: string; argvWidth: number; right: number };
      assert(shown.error.startsWith("无法在 tcp://127.0.0.1:"), shown.error);
      assert(shown.error.includes("这个端口被别的程序占用了"), shown.error);
      // The command keeps its room (it was one letter a line), and nothing leaves the window.
      assert(shown.argvWidth > 200, `the command is ${shown.argvWidth} px wide`);
      assert(shown.right <= 1024, `the head reaches ${shown.right} px`);
      // It never had a peer: no peers, send box or rules to offer.
      assertEquals(await page.$$eval("[data-fc=controls], [data-fc=send]", (els) => els.length), 0);
      await page.close();
    },
  );

  await t.step("every demo, its rows and its narration", async () => {
    await ws.until(async () => {
      const all: { id: string; state: string }[] = (await ws.call("GET", "/api/sessions")).body;
      return demos.every(([, id]) => all.find((s) => s.id === id)?.state === "stopped");
    }, 60_000);
    const left: string[] = [];
    const page = await browser.page(1280, 900);
    await page.evaluateOnNewDocument(() => localStorage.setItem("framecat.lang.chosen", "zh"));
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

Deno.test("web 中文: framecat --lang zh web opens the page in Chinese; the switch's choice is remembered over it", async () => {
  await using ws = await Workspace.start(["--lang", "zh"]);
  await using browser = await TestBrowser.launch();
  await browser.isolated(async () => {
    const page = await browser.page(1024, 768);
    await page.goto(ws.url);
    const switchText = () => page.$eval("[data-fc=lang]", (b) => b.textContent?.trim());
    await page.waitForSelector("[data-fc=lang]");
    // The switch names the other language: English, in a Chinese page.
    assertEquals(await switchText(), "English");
    assertEquals(await page.evaluate(() => document.documentElement.lang), "zh-CN");
    await page.click("[data-fc=lang]");
    assertEquals(await switchText(), "中文");
    await page.reload();
    await page.waitForSelector("[data-fc=lang]");
    assertEquals(await switchText(), "中文", "the choice made in the page outlasts a reload");
  });
});

Deno.test("web 中文: a language an older page saved on every load does not override --lang", async () => {
  // The page before this one saved the language it opened in as framecat.lang, clicked or not.
  // The switch names the other language: English in a Chinese page, 中文 in an English one.
  for (const [lang, saved, other] of [["zh", "en", "English"], ["en", "zh", "中文"]]) {
    await using ws = await Workspace.start(["--lang", lang]);
    await using browser = await TestBrowser.launch();
    await browser.isolated(async () => {
      const page = await browser.page(1024, 768);
      await page.evaluateOnNewDocument((l) => localStorage.setItem("framecat.lang", l), saved);
      await page.goto(ws.url);
      const switchText = async () =>
        await (await page.waitForSelector("[data-fc=lang]"))!.evaluate((b) =>
          b.textContent?.trim()
        );
      assertEquals(await switchText(), other, `--lang ${lang}`);
      // A click chooses: that choice outlasts a reload, over --lang and the old key alike.
      await page.click("[data-fc=lang]");
      const chosen = await switchText();
      assert(chosen !== other, `the switch changed the language (${chosen})`);
      await page.reload();
      assertEquals(await switchText(), chosen, `chosen after --lang ${lang}`);
    });
  }
});
