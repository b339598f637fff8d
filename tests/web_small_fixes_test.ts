/// <reference lib="dom" />
/**
 * Small fixes of the web workspace, in a real chromium: a send to a session with no peer is
 * refused by the page itself (framecat's own words, and no request refused in the console);
 * the line under Send follows the page's language switch; the send box's and the check form's
 * wording, whole on one line at 1024×768; and `COMMAND --web` shows the command line as it
 * was typed, without its --web.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { Page } from "puppeteer-core";
import {
  discardServerPage,
  lineSays,
  openSession,
  replaceText,
  saveLog,
  sendsAsked,
  sharedBrowser,
  switchTo,
} from "./helpers/browser.ts";
import { PyLenClient, Workspace } from "./helpers/web.ts";
import { Framecat } from "./helpers/cli.ts";
import { typedArgv } from "../lib/commands/web.ts";
import { python } from "./helpers/process.ts";

const step = sharedBrowser("web small fixes, in one chromium");

/** The line under Send, once it says `want` (bounded). */
const sendResult = (page: Page, want: string) => lineSays(page, "[data-fc=send-result]", want);

step(
  "web page: a send with no peer connected says so without asking framecat; once one is, it goes",
  async (browser) => {
    await using ws = await Workspace.start();
    const { port, page } = await discardServerPage(ws, browser);
    const asked = sendsAsked(page);
    await page.waitForSelector("[data-fc=peers] .hint, .peers .hint");
    await page.type("[data-fc=send-text]", "anyone?");
    await page.click("[data-fc=send]");
    await sendResult(page, "no peer is connected to this session");
    // framecat's own sentence, said in the page's language when it switches.
    await switchTo(page, "zh");
    await sendResult(page, "这个会话还没有对端连接");
    await page.click("[data-fc=send]");
    await sendResult(page, "这个会话还没有对端连接");
    await switchTo(page, "en");
    assertEquals(asked, [], "no send was asked of framecat");
    assertEquals(browser.errors, []);

    // A peer comes: the same send goes to it.
    await using client = new PyLenClient(port);
    await page.waitForSelector(`[data-fc=peer][data-peer="${await client.connected()}"]`);
    await page.click("[data-fc=send]");
    await sendResult(page, "sent 1");
    assertEquals(await client.frames(1), ["anyone?"]);
    assertEquals(asked, ["POST"]);
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: the line under Send follows the language switch, both ways",
  async (browser) => {
    await using ws = await Workspace.start();
    const { port, page } = await discardServerPage(ws, browser);
    await using client = new PyLenClient(port);
    await page.waitForSelector(`[data-fc=peer][data-peer="${await client.connected()}"]`);
    await page.type("[data-fc=send-text]", "hello");
    await page.click("[data-fc=send]");
    await sendResult(page, "sent 1");
    assertEquals(await client.frames(1), ["hello"]);
    await switchTo(page, "zh");
    await sendResult(page, "已发送 1");
    await switchTo(page, "en");
    await sendResult(page, "sent 1");
    assertEquals(browser.errors, []);
  },
);

/** How many lines an element's text takes (an inline box broken over lines has a rect each). */
function linesOf(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  });
}

step(
  "web page: the send box says one per line, and the check form's servers label stays on one line at 1024×768",
  async (browser) => {
    await using ws = await Workspace.start();
    // json: the framing whose header the send box offers fields of.
    const { page } = await discardServerPage(ws, browser, { framing: "json" });
    await page.waitForSelector("[data-fc=new-check]");
    const summary = () =>
      page.$eval(".send-box details summary", (el) => el.textContent?.replace(/\s+/g, " ").trim());
    const targets = "[data-fc=new-check] [data-fc=check-targets]";
    assertEquals(await summary(), "header fields (key=value, one per line) · file");
    assertEquals(await linesOf(page, targets), 1, "the servers' label, in English");
    await switchTo(page, "zh");
    assertEquals(await summary(), "报头字段（字段名=值，每行一个） · 文件");
    await page.waitForFunction(
      (s) => document.querySelector(s)?.textContent?.includes("服务端"),
      { timeout: 10_000 },
      targets,
    );
    assertEquals(await linesOf(page, targets), 1, "the servers' label, in Chinese");
    // Still typed into, under it, as wide as the form.
    await page.type("[data-fc=new-check] textarea[name=targets]", "127.0.0.1:9000");
    const fits = await page.$eval("[data-fc=new-check]", (form) => {
      const box = form.getBoundingClientRect();
      const area = form.querySelector("textarea[name=targets]")!.getBoundingClientRect();
      return area.left >= box.left && area.right <= box.right + 0.5;
    });
    assert(fits, "the servers' field is inside the form");
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: `serve … --web ADDR` shows its command line as typed, without --web",
  async (browser) => {
    // --lang before the command, as the command line takes it: shown after it (the page
    // knows a session by its first word, the command).
    await using fc = new Framecat([
      "--lang",
      "en",
      "serve",
      "127.0.0.1:0",
      "--framing",
      "len",
      "--web",
      "127.0.0.1:0",
      "--behavior",
      "discard",
    ]);
    const url = await fc.waitFor(() => /open (http\S+)/.exec(fc.stderr)?.[1], 15_000, "the URL");
    const base = new URL(url).origin;
    const token = new URL(url).searchParams.get("token");
    const listed = await (await fetch(`${base}/api/sessions`, {
      headers: { authorization: `Bearer ${token}` },
    })).json();
    const argv = [
      "serve",
      "127.0.0.1:0",
      "--framing",
      "len",
      "--behavior",
      "discard",
      "--lang",
      "en",
    ];
    assertEquals(listed.map((s: { argv: string[] }) => s.argv), [argv]);
    const page = await browser.page(1024, 768);
    await page.goto(url);
    await page.waitForSelector("[data-fc=timeline]", { timeout: 15_000 });
    const shown = await page.$eval(
      "[data-fc=session][data-id='1']",
      (el) => el.textContent?.replace(/\s+/g, " ").trim(),
    );
    assert(shown?.includes(argv.join(" ")), `the session's row says ${shown}`);
    // Its peers and send box are there, as for a server started from the page.
    await page.waitForSelector("[data-fc=send-text]");
    assertEquals(browser.errors, []);
  },
);

Deno.test("web: a `COMMAND --web` session's argv is the command line without --web, its address and --web-public", () => {
  const cases: [string[], string, string[]][] = [
    [["serve", "18081", "--framing", "len", "--web", "127.0.0.1:18082"], "serve", [
      "serve",
      "18081",
      "--framing",
      "len",
    ]],
    [["demo", "sticky", "--web=0"], "demo", ["demo", "sticky"]],
    [
      ["--lang=zh", "check", "len-echo", "--web", "0.0.0.0:8080", "--web-public", "127.0.0.1:9"],
      "check",
      [
        "check",
        "len-echo",
        "127.0.0.1:9",
        "--lang=zh",
      ],
    ],
    // After `--` a word is an argument, even one spelled --web.
    [["connect", "127.0.0.1", "9", "--web", "0", "--", "--web", "x"], "connect", [
      "connect",
      "127.0.0.1",
      "9",
      "--",
      "--web",
      "x",
    ]],
  ];
  for (const [argv, command, shown] of cases) assertEquals(typedArgv(argv, command), shown);
});

step(
  "web page: Large type switched on at 1024×768 folds a session's controls, so its timeline stays in sight",
  async (browser) => {
    await using ws = await Workspace.start();
    const { page } = await discardServerPage(ws, browser);
    const open = () => page.$eval("details.controls", (d) => (d as HTMLDetailsElement).open);
    assertEquals(await open(), true, "1024×768 in normal type: the controls are open");
    await page.click("[data-fc=large]");
    await page.waitForFunction(
      () => !document.querySelector("details.controls")?.hasAttribute("open"),
      {
        timeout: 5_000,
      },
    );
    // The timeline's first rows are on the screen, not below the controls.
    const top = await page.$eval("[data-fc=timeline]", (el) => el.getBoundingClientRect().top);
    assert(top < 768 * 0.6, `the timeline starts at ${top} px of 768`);
    // Back to normal type: open again.
    await page.click("[data-fc=large]");
    await page.waitForFunction(
      () => document.querySelector("details.controls")?.hasAttribute("open"),
      {
        timeout: 5_000,
      },
    );
    await page.close();
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: a long endpoint pasted into the form, and framecat's refusal of it, stay inside the side panel",
  async (browser) => {
    await using ws = await Workspace.start();
    const page = await browser.page(1024, 768);
    await page.goto(ws.url);
    const endpoint = "[data-fc=new-session] input[name=endpoint]";
    // The form is drawn once framecat's lists have come.
    await page.waitForSelector(endpoint, { timeout: 10_000 });
    await page.click(endpoint, { count: 3 });
    await page.type(endpoint, "tcp://127.tcp://127.0.0.1:180900.0.1:0tcp://127.0.0.1:180900");
    await page.click("[data-fc=start]");
    await page.waitForSelector("[data-fc=error]", { timeout: 10_000 });
    const overflow = await page.$eval(".side", (side) => {
      const box = side.getBoundingClientRect();
      const out = [...side.querySelectorAll("[data-fc=error], .argv-preview")]
        .filter((el) => el.getBoundingClientRect().right > box.right + 1)
        .map((el) => el.className);
      return { out, scrolls: side.scrollWidth > side.clientWidth };
    });
    assertEquals(overflow, { out: [], scrolls: false });
    assertEquals(
      await page.$eval("[data-fc=error]", (el) => el.textContent?.includes("IPv6")),
      false,
      "no IPv6 hint for what is no IPv6 address",
    );
    await page.close();
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: the writes, reads and frames column heads show over a conversation, not over a relay's faults",
  async (browser) => {
    await using ws = await Workspace.start();
    const { id: serverId, port } = await ws.discardServer("len");
    const relay = await ws.listen(["relay", "127.0.0.1:0", `127.0.0.1:${port}`, "--slice", "1-3"]);
    const page = await browser.page(1024, 768);
    const heads = () => page.$$eval(".timeline .columns", (c) => c.length);
    // Traffic through the relay: the relay's timeline has its faults, the server's its reads.
    await using py = new PyLenClient(relay.port);
    await py.connected();
    await py.send(new TextEncoder().encode("\0\0\0\x05hello"));
    await openSession(page, ws.url, relay.id);
    await page.waitForSelector("[data-fc=timeline] .row.fault, [data-fc=timeline] .row.connected");
    assertEquals(await heads(), 0, "a relay's timeline has no columns to head");
    await page.click(`[data-fc=session][data-id="${serverId}"]`);
    await page.waitForSelector("[data-fc=timeline] .row.read", { timeout: 10_000 });
    assertEquals(await heads(), 1);
    await page.close();
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: a demo chosen in the form says what it shows, in the page's language",
  async (browser) => {
    await using ws = await Workspace.start();
    const page = await browser.page(1024, 768);
    await page.goto(ws.url);
    await page.waitForSelector("select[name=kind]", { timeout: 10_000 });
    await page.select("select[name=kind]", "demo");
    const about = () => page.$eval("[data-fc=demo-about]", (el) => el.textContent?.trim());
    assertEquals(await about(), "two sends arrive as one read (粘包, sticking)");
    await page.select("select[name=demo]", "split");
    assertEquals(await about(), "one 64 KiB send arrives as many reads (拆包, splitting)");
    await switchTo(page, "zh");
    assertEquals(await about(), "一次发送 64 KiB，分成多次读取收到（拆包）");
    // Whole inside the side panel at 1024×768.
    const inside = await page.$eval("[data-fc=demo-about]", (el) => {
      const side = el.closest(".side")!.getBoundingClientRect();
      return el.getBoundingClientRect().right <= side.right + 1;
    });
    assert(inside);
    await page.close();
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: a saved log keeps the course's numeric md5 with every digit, as --output json writes it",
  async (browser) => {
    await using ws = await Workspace.start();
    const { id, port } = await ws.listen([
      "serve",
      "tcp://127.0.0.1:0",
      "--framing",
      "json",
      "--prefix",
      "i",
      "--behavior",
      "discard",
    ]);
    const page = await browser.page(1024, 768);
    await openSession(page, ws.url, id);
    // The course's uploader: md5 = int(hexdigest, 16), 39 digits, more than a double holds.
    const md5 = (await python(
      `import hashlib, json, socket, struct, sys
body = b"hello from a student\\n"
md5 = int(hashlib.md5(body).hexdigest(), 16)
header = json.dumps({"file_name": "a.txt", "total_size": len(body), "md5": md5}).encode()
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(struct.pack("i", len(header)) + header + body)
s.close()
print(md5)
`,
      [String(port)],
    )).trim();
    await page.waitForSelector("[data-fc=timeline] [data-fc=frame]");
    await using log = await saveLog(page);
    const frame = log.text.split("\n").find((l) => l.includes('"event":"frame"')) ?? "";
    assert(frame.includes(`"md5":${md5}}`), frame);
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: an emptied “times” is refused in the page's words, nothing sent (it sent until stopped); a gbk session's timeline starts in gbk; a saved message's old error goes once one is saved; the new-session form's refusal follows the language switch",
  async (browser) => {
    await using ws = await Workspace.start();
    const { id } = await ws.listen([
      ...["serve", "tcp://127.0.0.1:0", "--behavior", "discard", "--encoding", "gbk"],
    ]);
    const page = await browser.page(1024, 768);
    await openSession(page, ws.url, id);
    // The timeline reads the session's text in its --encoding from the start.
    assertEquals(
      await page.$eval("[data-fc=encoding]", (el) => (el as HTMLSelectElement).value),
      "gbk",
    );

    const asked = sendsAsked(page);
    await page.type("[data-fc=send-text]", "x");
    await replaceText(page, "[data-fc=send-count]", "");
    await page.click("[data-fc=send]");
    await sendResult(
      page,
      "Not sent: “times” must be a whole number from 1 to 1000000, or tick “until stopped”",
    );
    await switchTo(page, "zh");
    await sendResult(
      page,
      "没有发送：“次”须是 1 到 1000000 之间的整数，或者勾选“一直发送直到停止”",
    );
    await switchTo(page, "en");
    assertEquals(asked, [], "nothing was asked of framecat");
    assertEquals((await ws.session(id)).repeats, []);

    await page.click("[data-fc=saved-add]");
    await lineSays(page, "[data-fc=saved-result]", "A saved message needs a name.");
    await page.type("[data-fc=saved-name]", "hi");
    await page.type("[data-fc=saved-text]", "hello");
    await page.click("[data-fc=saved-add]");
    await page.waitForSelector('[data-fc=saved-send][data-name="hi"]');
    assertEquals(await page.$("[data-fc=saved-result]"), null);

    // The new-session form's refusal follows the language switch, as the send box's does.
    await page.select("[data-fc=new-session] select[name=kind]", "serve");
    await page.type("[data-fc=new-session] input[name=extra]", "--max-frame 0");
    await page.click("[data-fc=start]");
    const refused = () => page.$eval("[data-fc=error]", (el) => el.textContent ?? "");
    await page.waitForSelector("[data-fc=error]");
    const english = await refused();
    await switchTo(page, "zh");
    const chinese = await refused();
    assert(
      /^--max-frame: /.test(english) && chinese !== english && /[\u4e00-\u9fff]/.test(chinese),
      `${english} / ${chinese}`,
    );
    await switchTo(page, "en");
    assertEquals(await refused(), english);
    assertEquals(browser.errors, []);
  },
);
