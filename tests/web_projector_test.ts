/// <reference lib="dom" />
/**
 * The web page on a classroom projector, in chromium: at 1024×768 and at
 * 1280×800 with 200 % zoom (640×400 CSS pixels at two device pixels each),
 * in English and in Chinese, in text and in hex. Every message of up to 64
 * bytes is shown whole — every byte, nothing running off or clipped, measured
 * on the rendered rows — and a longer one opens whole by click or keyboard.
 * Every row of the all-peers view names its peer; Restart and options never
 * wrap inside themselves. The same at 1024×768 with the page's own "Large
 * type" on. A demo stepped to its end shows its narration whole and rendered,
 * with the step buttons and the timeline within reach.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { escapeShown } from "../lib/shared/escape.js";
import { TestBrowser, waitInPage } from "./helpers/browser.ts";
import { type SeenRow, timelineRows } from "./helpers/timeline.ts";
import { lenFrame, PyLenClient, Workspace } from "./helpers/web.ts";

/** Set FRAMECAT_SCREENSHOTS=docs to write the README's screenshots there. */
const SHOTS = Deno.env.get("FRAMECAT_SCREENSHOTS");

const utf8 = (text: string) => new TextEncoder().encode(text);
const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
const shownText = (bytes: Uint8Array) => `"${escapeShown(bytes, "utf-8", Infinity).body}"`;

/** A projector's view: its CSS size and device pixels per CSS pixel. */
const VIEWS = [
  { name: "1024", width: 1024, height: 768, scale: 1, large: false, langs: ["en", "zh"] },
  { name: "200", width: 640, height: 400, scale: 2, large: false, langs: ["en", "zh"] },
  // The page's own "Large type" switch (15 px type becomes 20 px), as a teacher turns it on.
  { name: "1024-large", width: 1024, height: 768, scale: 1, large: true, langs: ["zh"] },
];

/** What each row should show, by kind, peer and number: the bytes it carries. */
type Expected = Map<string, Uint8Array>;
const rowKey = (fc: string, peer: string, n: number) => `${fc}|${peer}|${n}`;

/**
 * A len server and two python students: messages stuck together, split (Chinese cut inside a
 * character), binary, exactly 64 bytes, longer; a reply from the page to all; then the
 * course's struct.pack('i') prefix from the second student, an error that closes it.
 */
async function classroom(ws: Workspace, a: PyLenClient, b: PyLenClient, id: string) {
  const expected: Expected = new Map();
  const [pa, pb] = [await a.connected(), await b.connected()];
  const reads = new Map<string, number>();
  const frames = new Map<string, number>();
  const read = async (py: PyLenClient, peer: string, bytes: Uint8Array, payloads: Uint8Array[]) => {
    await py.send(bytes);
    const n = (reads.get(peer) ?? 0) + 1;
    reads.set(peer, n);
    expected.set(rowKey("read", peer, n), bytes);
    for (const p of payloads) {
      const f = (frames.get(peer) ?? 0) + 1;
      frames.set(peer, f);
      expected.set(rowKey("frame", peer, f), p);
    }
    // Each write is read before the next is written: one read each.
    await ws.until(async () =>
      (await ws.session(id)).peers.find((x: { peer: string; reads: number }) =>
        x.peer === peer && x.reads === n
      )
    );
  };
  await read(a, pa, new Uint8Array([...lenFrame("first"), ...lenFrame("second")]), [
    utf8("first"),
    utf8("second"),
  ]);
  const chinese = lenFrame("你好，同学们");
  await read(a, pa, chinese.subarray(0, 9), []);
  await read(a, pa, chinese.subarray(9), [utf8("你好，同学们")]);
  const reply = Uint8Array.fromHex("010304000000010203");
  await read(a, pa, lenFrame(reply), [reply]);
  const sixtyFour = Uint8Array.from({ length: 64 }, (_, i) => (i * 37) & 0xff);
  await read(a, pa, lenFrame(sixtyFour), [sixtyFour]);
  const sticky = utf8("粘包".repeat(10));
  await read(a, pa, lenFrame(sticky), [sticky]);
  const long = utf8("0123456789".repeat(10));
  await read(a, pa, lenFrame(long), [long]);
  await read(b, pb, lenFrame("from another student"), [utf8("from another student")]);
  const hello = utf8("hello, class");
  assertEquals(
    (await ws.call("POST", `/api/sessions/${id}/send`, { text: "hello, class" })).status,
    200,
  );
  assertEquals(await a.frames(1), ["hello, class"]);
  assertEquals(await b.frames(1), ["hello, class"]);
  expected.set(rowKey("sent", pa, 0), hello);
  expected.set(rowKey("sent", pb, 0), hello);
  const course = Uint8Array.of(5, 0, 0, 0, ...utf8("hello"));
  expected.set(rowKey("read", pb, 2), course);
  await b.send(course);
  await ws.until(async () => (await ws.session(id)).peers.length === 1);
  return { expected, peers: [pa, pb], long };
}

/** The number a row's label gives (`read #3`, `消息 #3`); 0 for `sent`. */
const numberOf = (row: SeenRow) => Number(/#(\d+)/.exec(row.words)?.[1] ?? 0);
/** The size a row's label gives (`24 B`). */
const sizeOf = (row: SeenRow) => Number(/(\d+) B/.exec(row.words)?.[1]);

/** Every data row shows its bytes whole when there are at most 64, as the view shows them. */
function checkRows(rows: SeenRow[], expected: Expected, view: "text" | "hex", where: string) {
  const data = rows.filter((r) => ["read", "frame", "sent"].includes(r.fc));
  assert(
    data.length >= expected.size,
    `${where}: ${data.length} data rows: ${rows.map((r) => r.seq + r.fc).join(",")}`,
  );
  for (const row of data) {
    const bytes = expected.get(rowKey(row.fc, row.peer, numberOf(row)));
    const what = `${where}: ${row.fc} "${row.words}"`;
    assert(bytes, `${what}: not a row the test made`);
    assertEquals(row.tag, row.peer, `${what}: names its peer`);
    assert(row.fitsWidth && row.fitsHeight && row.inside, `${what}: runs off or is clipped`);
    const whole = view === "hex" ? hex(bytes) : shownText(bytes);
    assertEquals(sizeOf(row), bytes.length, what);
    if (bytes.length <= 64) {
      assertEquals([row.data, row.more], [whole, false], `${what}: not whole`);
    } else {
      assert(row.more, `${what}: over 64 bytes, it opens with a click`);
      assert(whole.startsWith(row.data!.replace(/"$/, "")), `${what}: shows its start`);
    }
  }
}

/** Records, on the page, whether each message dialog was already modal when it appeared. */
function watchDialogs(page: Page): Promise<void> {
  return page.evaluate(() => {
    const seen = document.body.dataset;
    seen.dialogs = "";
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (!(n instanceof Element)) continue;
          const d = n.matches("[data-fc=message]") ? n : n.querySelector("[data-fc=message]");
          if (d instanceof HTMLDialogElement) seen.dialogs += d.open ? "modal " : "not-yet ";
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
}

/** The message dialog is gone: Escape closed it. */
async function closed(page: Page, what: string): Promise<void> {
  try {
    await waitInPage(page, () => document.querySelector("[data-fc=message]") === null);
  } catch {
    const focus = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
    throw new Error(`${what}: the dialog is still open (focus on ${focus})`);
  }
}

/**
 * What keeps a demo's narration from being read whole, after stepping to the end: the newest
 * phase open and the earlier ones folded to their heading (opened here by a click, as a teacher
 * would); each phase, scrolled to, fits below the step buttons at once; no raw backquote; the
 * step buttons still in view with the timeline scrolled to, and the timeline's rows in view.
 */
function narrationUncut(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const wrong: string[] = [];
    const view = document.querySelector(".session-view") as HTMLElement;
    const bar = document.querySelector(".stepper > .timeline-bar") as HTMLElement;
    const phases = [
      ...document.querySelectorAll("[data-fc=narration] .phase"),
    ] as HTMLDetailsElement[];
    const open = phases.map((p) => p.open);
    if (open.join() !== [...open.slice(1).map(() => false), true].join()) {
      wrong.push(`open: ${open.join()}, not the newest only`);
    }
    for (const phase of phases) {
      if (!phase.open) (phase.querySelector("summary") as HTMLElement).click();
      await frame();
      view.scrollTop += phase.getBoundingClientRect().top - bar.getBoundingClientRect().bottom;
      await frame();
      const box = phase.getBoundingClientRect();
      const heading = phase.querySelector("h3")!.textContent;
      if (!phase.open) wrong.push(`${heading}: does not open`);
      if (box.bottom > view.getBoundingClientRect().bottom + 1) {
        wrong.push(`${heading}: ${Math.round(box.height)} px, cut at the window's edge`);
      }
      if (
        phase.scrollHeight > phase.clientHeight + 1 || phase.scrollWidth > phase.clientWidth + 1
      ) {
        wrong.push(`${heading}: runs off its box`);
      }
      if (phase.innerText.includes("`")) wrong.push(`${heading}: a raw backquote`);
    }
    if (!document.querySelector("[data-fc=narration] code")) wrong.push("no code shown as code");
    view.scrollTop = view.scrollHeight;
    await frame();
    const top = view.getBoundingClientRect().top;
    if (bar.getBoundingClientRect().top < top - 1) wrong.push("the step buttons scrolled away");
    const rows = document.querySelector("[data-fc=timeline]")!.getBoundingClientRect();
    if (
      rows.top < bar.getBoundingClientRect().bottom - 1 ||
      rows.bottom > view.getBoundingClientRect().bottom + 1
    ) {
      wrong.push("the timeline's rows not all in view at once");
    }
    return wrong;
  });
}

/** Each word of an element's text on one line: `--framing` is never `-` / `-framing`. */
function wordsUnbroken(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (els) => {
    const broken: string[] = [];
    for (const el of els) {
      const range = document.createRange();
      range.selectNodeContents(el);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(el.textContent ?? "");
    }
    return broken;
  });
}

Deno.test("web projector: at 1024×768, at 200 % zoom and in large type, in English and Chinese, every message of up to 64 bytes is whole in text and hex, and a demo's narration whole", async () => {
  await using ws = await Workspace.start();
  await using browser = await TestBrowser.launch();
  const { id, port } = await ws.discardServer("len");
  await using a = new PyLenClient(port);
  await using b = new PyLenClient(port);
  // The sticky demo runs while the class does; its narration is checked in every view below.
  const demo = await ws.call("POST", "/api/sessions", { argv: ["demo", "sticky"] });
  assertEquals(demo.status, 201);
  const { expected, long, peers } = await classroom(ws, a, b, id);
  await ws.until(async () => (await ws.session(demo.body.id)).state === "stopped");

  for (const v of VIEWS) {
    for (const lang of v.langs) {
      const page = await browser.page(v.width, v.height);
      await page.setViewport({ width: v.width, height: v.height, deviceScaleFactor: v.scale });
      await page.evaluateOnNewDocument(
        (l) => localStorage.setItem("framecat.lang.chosen", l),
        lang,
      );
      await page.goto(ws.url);
      if (v.large) {
        await (await page.waitForSelector("[data-fc=large]"))!.click();
        assertEquals(
          await page.evaluate(() => getComputedStyle(document.documentElement).fontSize),
          "20px",
        );
      }
      await (await page.waitForSelector(`[data-fc=session][data-id="${id}"]`))!.click();
      await page.waitForSelector("[data-fc=timeline] .row.error");
      for (const view of ["text", "hex"] as const) {
        await page.select("[data-fc=view]", view);
        checkRows(await timelineRows(page), expected, view, `${v.name} ${lang} ${view}`);
      }
      await page.select("[data-fc=view]", "text");
      if (SHOTS) {
        await page.evaluate(() => document.querySelector("[data-fc=timeline]")!.scrollTop = 0);
        await page.screenshot({ path: `${SHOTS}/web-${v.name}${lang === "zh" ? "-zh" : ""}.png` });
      }
      assertEquals(await wordsUnbroken(page, ".argv .w, .session-head .w"), [], "argv words");
      assertEquals(await wordsUnbroken(page, "[data-fc=restart], [data-fc=stop]"), [], "buttons");
      assertEquals(await wordsUnbroken(page, ".note-text .w"), [], "options in sentences");

      // The 100-byte message opens whole, by a click and from the keyboard; Escape closes it.
      await page.type("[data-fc=search]", "0123456789");
      const button = await page.waitForSelector(
        `[data-fc=frame][data-peer="${peers[0]}"] [data-fc=open]`,
      );
      // Modal the moment it is in the page, so a key pressed at once reaches it; the test waits
      // for [open] all the same, so that it checks that separately, below.
      await watchDialogs(page);
      await button!.click();
      const dialog = await page.waitForSelector("[data-fc=message][open]");
      const shown = await dialog!.$$eval("pre", (pres) => pres.map((p) => p.textContent));
      assertEquals(shown, [shownText(long), hex(long)]);
      // Its headings in the page's language, Chinese punctuation included: 文本（utf-8）.
      const headings = await dialog!.$$eval("h4", (hs) => hs.map((h) => h.textContent));
      assertEquals(headings[0], lang === "zh" ? "文本（utf-8）" : "text (utf-8)");
      await page.keyboard.press("Escape");
      await closed(page, `${v.name} ${lang}: Escape after a click`);
      await button!.focus();
      await page.keyboard.press("Enter");
      await page.waitForSelector("[data-fc=message][open]");
      await page.keyboard.press("Escape");
      await closed(page, `${v.name} ${lang}: Escape after Enter`);
      assertEquals(
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.fc),
        "open",
        "focus is back on the row's button",
      );
      assertEquals(
        await page.evaluate(() => document.body.dataset.dialogs),
        "modal modal ",
        "the dialog is modal as it appears",
      );

      // The demo stepped to its end: its narration whole and rendered, the timeline below it.
      if (await page.$(".workspace.side-folded")) await page.click("[data-fc=side]");
      await (await page.waitForSelector(`[data-fc=session][data-id="${demo.body.id}"]`))!.click();
      await (await page.waitForSelector("[data-fc=step-end]:not([disabled])"))!.click();
      await page.waitForSelector("[data-fc=narration] .phase + .phase");
      if (SHOTS && v.name === "200") {
        await page.screenshot({ path: `${SHOTS}/web-demo-200${lang === "zh" ? "-zh" : ""}.png` });
      }
      assertEquals(await narrationUncut(page), [], `${v.name} ${lang}: the narration`);
      await page.close();
    }
  }
  assertEquals(browser.errors, []);
});
