/// <reference lib="dom" />
/**
 * The workspace's session list: an ended session removed from it (its × in the page, `DELETE
 * /api/sessions/ID?forget=1` in the API: its events no longer served, what it kept let go); the
 * new-session form in reach however many sessions a class started; the side panel's choices
 * whole once it scrolls (a classic scrollbar, as Windows and Linux draw it); and the side panel
 * folding when the page is zoomed to 200 % after a session was chosen, as before.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import puppeteer, { type Page } from "puppeteer-core";
import { sharedBrowser, waitInPage } from "./helpers/browser.ts";
import { Workspace } from "./helpers/web.ts";
import type { Sessions } from "../lib/web/sessions.ts";

const step = sharedBrowser("web session list, in one chromium");

/** A WebSocket of a session's events: its events, and whether and how it ended (bounded). */
function watchSocket(ws: Workspace, id: string) {
  const url = `${ws.base.replace("http", "ws")}/api/sessions/${id}/events?token=${ws.token}`;
  const socket = new WebSocket(url);
  const events: { event: string }[] = [];
  let opened = false;
  socket.onopen = () => (opened = true);
  socket.onmessage = (m) => events.push(...JSON.parse(m.data).events);
  const ended = new Promise<{ code: number }>((resolve) => {
    socket.onclose = (e) => resolve({ code: e.code });
    socket.onerror = () => {};
  });
  const closed = (ms = 10_000) =>
    Promise.race([
      ended,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`the events of ${id} still served after ${ms} ms`)), ms)
      ),
    ]);
  return { events, closed, opened: () => opened, close: () => socket.close() };
}

Deno.test("web API: a restart asked while a session is being forgotten does not bring it back", async () => {
  await using ws = Workspace.handler();
  const { id } = await ws.discardServer("len");
  // Asked together: the forget first (it stops the session), the restart while it stops.
  const [forgot, restarted] = await Promise.all([
    ws.call("DELETE", `/api/sessions/${id}?forget=1`),
    ws.call("POST", `/api/sessions/${id}/restart`),
  ]);
  assertEquals([forgot.status, forgot.body.forgotten], [200, true]);
  assertEquals(restarted.body.state, "stopped", JSON.stringify(restarted.body));
  assertEquals((await ws.call("GET", "/api/sessions")).body, []);
  assertEquals((await ws.call("GET", `/api/sessions/${id}`)).status, 404);
});

Deno.test("web API: DELETE …?forget=1 stops a session and forgets it; a plain DELETE only stops it, as before", async () => {
  await using ws = await Workspace.start();
  const running = await ws.discardServer("len");
  const ended = await ws.discardServer("line");
  const watched = watchSocket(ws, running.id);
  await ws.until(() => Promise.resolve(watched.opened() && watched.events.length > 0 || undefined));

  // Anything but 1 or 0 is refused, in one line, before anything is stopped.
  const bad = await ws.call("DELETE", `/api/sessions/${running.id}?forget=maybe`);
  assertEquals([bad.status, bad.body.said?.key], [400, "web.forget_value"]);
  assertEquals((await ws.session(running.id)).state, "running");

  // The contract's DELETE: stopped, still listed, its events still served; a second one too.
  for (let i = 0; i < 2; i++) {
    const stop = await ws.call("DELETE", `/api/sessions/${ended.id}`);
    assertEquals([stop.status, stop.body.state, stop.body.forgotten], [200, "stopped", undefined]);
  }
  const zero = await ws.call("DELETE", `/api/sessions/${ended.id}?forget=0`);
  assertEquals([zero.status, zero.body.forgotten], [200, undefined]);
  const listed = (await ws.call("GET", "/api/sessions")).body.map((s: { id: string }) => s.id);
  assertEquals(listed, [running.id, ended.id]);

  // A running one is stopped first (its stats event its last), then forgotten: its watcher is
  // closed, nothing of it is served any more.
  const forgot = await ws.call("DELETE", `/api/sessions/${running.id}?forget=1`);
  assertEquals([forgot.status, forgot.body.state, forgot.body.forgotten], [200, "stopped", true]);
  assertEquals((await watched.closed()).code, 1000);
  assertEquals(watched.events.at(-1)?.event, "stats");
  assertEquals((await ws.call("GET", `/api/sessions/${running.id}`)).status, 404);
  assertEquals((await ws.call("GET", `/api/sessions/${running.id}/events`)).status, 404);
  const late = watchSocket(ws, running.id);
  await late.closed();
  assert(!late.opened(), "a WebSocket of a forgotten session's events is refused");
  const again = await ws.call("DELETE", `/api/sessions/${running.id}?forget=1`);
  assertEquals(again.status, 404);

  // An ended one, forgotten: `?forget` alone says it too.
  const gone = await ws.call("DELETE", `/api/sessions/${ended.id}?forget`);
  assertEquals([gone.status, gone.body.state, gone.body.forgotten], [200, "stopped", true]);
  assertEquals((await ws.call("GET", "/api/sessions")).body, []);
});

Deno.test("web API: a forgotten session's events are let go, not kept", async () => {
  await using ws = Workspace.handler();
  const sessions = ws.running as Sessions;
  const { id } = await ws.discardServer("len");
  const session = sessions.get(id)!;
  assert(session.feed.batchSince(0).events.length > 0);
  assertEquals((await ws.call("DELETE", `/api/sessions/${id}?forget=1`)).status, 200);
  assertEquals(sessions.get(id), undefined);
  assertEquals(session.feed.batchSince(0).events, []);
});

/** Sessions that ended: `n` servers started and stopped; their ids. */
async function endedSessions(ws: Workspace, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { id } = await ws.discardServer("len");
    assertEquals((await ws.call("DELETE", `/api/sessions/${id}`)).status, 200);
    ids.push(id);
  }
  return ids;
}

/** Opens the workspace in `lang` at a projector's size (scale 2: 200 % zoom). */
async function open(
  page: Page,
  ws: Workspace,
  lang: string,
  width = 1024,
  height = 768,
  scale = 1,
) {
  await page.setViewport({ width, height, deviceScaleFactor: scale });
  await page.evaluateOnNewDocument((l) => localStorage.setItem("framecat.lang.chosen", l), lang);
  await page.goto(ws.url);
  await page.waitForSelector("[data-fc=new-session]");
}

const ids = (page: Page) =>
  page.$$eval("[data-fc=session]", (els) => els.map((e) => (e as HTMLElement).dataset.id));

step(
  "web page: a poll answered after a newer one does not bring back a session forgotten in between",
  async (browser) => {
    await using ws = await Workspace.start();
    const { id } = await ws.discardServer("len");
    const page = await browser.page(1024, 768);
    await open(page, ws, "en");
    await page.waitForSelector(`[data-fc=session][data-id='${id}']`);
    // The next poll is held, its answer taken now (the session running); the polls after it
    // go through. Then the session is forgotten, and the held answer is given last: as a
    // loaded machine can answer two polls out of order.
    let held: { respond: () => Promise<void> } | undefined;
    const heldOne = Promise.withResolvers<void>();
    await page.setRequestInterception(true);
    page.on("request", (req) => {
      const url = new URL(req.url());
      if (held === undefined && req.method() === "GET" && url.pathname === "/api/sessions") {
        const stale = ws.call("GET", "/api/sessions").then(({ body }) => JSON.stringify(body));
        held = {
          respond: async () => {
            await req.respond({ status: 200, contentType: "application/json", body: await stale });
          },
        };
        heldOne.resolve();
        return;
      }
      req.continue();
    });
    await heldOne.promise;
    assertEquals((await ws.call("DELETE", `/api/sessions/${id}?forget=1`)).status, 200);
    await page.waitForFunction(
      (gone) => !document.querySelector(`[data-fc=session][data-id='${gone}']`),
      { timeout: 10_000, polling: 50 },
      id,
    );
    await held!.respond();
    // Two polls' time: the stale answer has been read, and a poll after it.
    await new Promise((r) => setTimeout(r, 2_500));
    assertEquals(await ids(page), []);
    assertEquals(browser.errors, []);
    await page.close();
  },
);

step(
  "web page: an ended session's × removes it from the list; a running one has none",
  async (browser) => {
    await using ws = await Workspace.start();
    const [ended] = await endedSessions(ws, 1);
    const running = await ws.discardServer("len");
    for (const lang of ["en", "zh"]) {
      const page = await browser.page(1024, 768);
      await open(page, ws, lang);
      await page.waitForSelector(`[data-fc=session][data-id="${running.id}"]`);
      assertEquals(await page.$(`[data-fc=remove][data-id="${running.id}"]`), null);
      const label = await page.$eval(
        `[data-fc=remove][data-id="${ended}"]`,
        (b) => [b.getAttribute("aria-label"), b.getAttribute("title")],
      );
      assertEquals(
        label,
        lang === "zh"
          ? [
            "从列表中移除：serve tcp://127.0.0.1:0 --framing len --behavior discard",
            "从列表中移除",
          ]
          : [
            "Remove from the list: serve tcp://127.0.0.1:0 --framing len --behavior discard",
            "Remove from the list",
          ],
      );
      await page.close();
    }

    // Chosen, then removed: its timeline goes, the list and framecat forget it.
    const page = await browser.page(1024, 768);
    await open(page, ws, "en");
    await (await page.waitForSelector(`[data-fc=session][data-id="${ended}"]`))!.click();
    await page.waitForSelector("[data-fc=timeline]");
    await page.click(`[data-fc=remove][data-id="${ended}"]`);
    await waitInPage(page, () => !document.querySelector("[data-fc=timeline]"));
    assertEquals(await ids(page), [running.id]);
    assertEquals((await ws.call("GET", `/api/sessions/${ended}`)).status, 404);
    // It stays gone: the polls after it do not bring it back.
    await new Promise((r) => setTimeout(r, 1500));
    assertEquals(await ids(page), [running.id]);

    // An opened log goes the same way; one opened after it is a new row, not the one before's.
    const log = new URL("./fixtures/sticky_demo_before_kinds.ndjson", import.meta.url).pathname;
    const openLog = async (n: number) => {
      const input = await page.$("[data-fc=open-log]");
      await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(log);
      await page.waitForFunction(
        (n) => document.querySelectorAll("[data-fc=session]").length === n,
        { timeout: 5_000, polling: 50 },
        n,
      );
    };
    await openLog(2);
    await openLog(3);
    await page.click("[data-fc=remove][data-id=log-1]");
    await openLog(3);
    assertEquals(await ids(page), [running.id, "log-2", "log-3"]);
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: with many sessions the list scrolls on its own, the form stays in reach",
  async (browser) => {
    await using ws = await Workspace.start();
    await endedSessions(ws, 12);
    for (const lang of ["en", "zh"]) {
      const page = await browser.page(1024, 768);
      await open(page, ws, lang);
      await page.waitForSelector("[data-fc=session][data-id='12']");
      // 1024×768: the form's Start button is in view, the panel not scrolled.
      const start = await page.evaluate(() => {
        const side = document.querySelector(".side")!;
        const button = document.querySelector("[data-fc=start]")!.getBoundingClientRect();
        return {
          scrolled: side.scrollTop,
          bottom: button.bottom,
          seen: side.getBoundingClientRect().bottom,
        };
      });
      assertEquals(start.scrolled, 0);
      assert(start.bottom <= start.seen, `${lang}: Start at ${start.bottom}, below ${start.seen}`);

      // A session started from the form: chosen, and its row scrolled into the list.
      await page.click("[data-fc=start]");
      const chosen = await page.waitForSelector("[data-fc=session].chosen");
      const started = await chosen!.evaluate((b) => (b as HTMLElement).dataset.id);
      assertEquals((await ws.call("GET", "/api/sessions")).body.at(-1).id, started);
      await waitInPage(page, () => {
        const list = document.querySelector("[data-fc=sessions]")!.getBoundingClientRect();
        const row = document.querySelector("[data-fc=session].chosen")!.getBoundingClientRect();
        return row.top >= list.top - 1 && row.bottom <= list.bottom + 1;
      });
      assertEquals((await ws.call("DELETE", `/api/sessions/${started}?forget=1`)).status, 200);

      // 200 % zoom: the form's heading is within the panel's first screen.
      await open(page, ws, lang, 512, 384, 2);
      await page.waitForSelector("[data-fc=session][data-id='12']");
      const form = await page.evaluate(() => ({
        top: document.querySelector("[data-fc=new-session] h2")!.getBoundingClientRect().bottom,
        seen: document.querySelector(".side")!.getBoundingClientRect().bottom,
      }));
      assert(
        form.top <= form.seen,
        `${lang} at 200 %: the form at ${form.top}, below ${form.seen}`,
      );
      await page.close();
    }
    assertEquals(browser.errors, []);
  },
);

/**
 * The side panel's choices: each select's width, and what is wrong with it: narrower than its
 * chosen option needs (measured on a copy of it holding that option alone, as wide as its
 * content), or out of the panel's visible box.
 */
function selects(page: Page): Promise<{ widths: Record<string, number>; cut: string[] }> {
  return page.evaluate(() => {
    const side = document.querySelector(".side") as HTMLElement;
    const box = side.getBoundingClientRect();
    const [left, right] = [
      box.left + side.clientLeft,
      box.left + side.clientLeft + side.clientWidth,
    ];
    const widths: Record<string, number> = {};
    const cut: string[] = [];
    for (const select of side.querySelectorAll("select")) {
      const probe = select.cloneNode(false) as HTMLSelectElement;
      probe.append(new Option(select.selectedOptions[0]?.textContent ?? ""));
      probe.style.cssText = "position: absolute; visibility: hidden; width: max-content";
      select.parentElement!.append(probe);
      const need = probe.getBoundingClientRect().width;
      probe.remove();
      const has = select.getBoundingClientRect();
      const what = `${select.name} "${select.selectedOptions[0]?.textContent}"`;
      widths[select.name] = has.width;
      if (has.width < need) cut.push(`${what}: ${has.width} px of ${need}`);
      if (has.left < left - 0.5 || has.right > right + 0.5) cut.push(`${what}: out of the panel`);
    }
    return { widths, cut };
  });
}

Deno.test("web page: the side panel's choices are whole when it scrolls (a classic scrollbar)", async () => {
  await using ws = await Workspace.start();
  // A chromium of its own, with the scrollbars Windows and Linux draw (15 px, taking room):
  // the tests' shared one hides them, as puppeteer's headless default does.
  const profile = await Deno.makeTempDir({ prefix: "fc15-chromium-" });
  const chromium = await puppeteer.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    ignoreDefaultArgs: ["--hide-scrollbars"],
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", `--user-data-dir=${profile}`],
  });
  await using _ = {
    [Symbol.asyncDispose]: async () => {
      await chromium.close().catch(() => {});
      await Deno.remove(profile, { recursive: true }).catch(() => {});
    },
  };
  const errors: string[] = [];
  /** The new-session form's selects for each kind of session, measured. */
  const measure = async (lang: string, width: number, height: number, scale: number) => {
    const page = await chromium.newPage();
    page.on("pageerror", (err) => errors.push(String(err)));
    await open(page, ws, lang, width, height, scale);
    const n = (await ws.call("GET", "/api/sessions")).body.length;
    await page.waitForFunction(
      (n) => document.querySelectorAll("[data-fc=session]").length === n,
      { timeout: 5_000, polling: 50 },
      n,
    );
    const scrolls = await page.$eval(".side", (s) => s.scrollHeight > s.clientHeight);
    const kinds = await page.$$eval(
      "select[name=kind] option",
      (os) => os.map((o) => (o as HTMLOptionElement).value),
    );
    const seen: Record<string, Awaited<ReturnType<typeof selects>>> = {};
    for (const kind of kinds) {
      await page.select("select[name=kind]", kind);
      await page.$eval("[data-fc=new-session]", (f) => f.scrollIntoView());
      seen[kind] = await selects(page);
    }
    await page.close();
    return { scrolls, seen };
  };
  const few: Record<string, Awaited<ReturnType<typeof measure>>> = {};
  for (const lang of ["en", "zh"]) few[lang] = await measure(lang, 1024, 768, 1);
  await endedSessions(ws, 12);
  for (const lang of ["en", "zh"]) {
    for (const [width, height, scale] of [[1024, 768, 1], [512, 384, 2]]) {
      const where = `${lang} ${width}×${height}`;
      const { scrolls, seen } = await measure(lang, width, height, scale);
      assert(scrolls, `${where}: the panel scrolls`);
      for (const [kind, { widths, cut }] of Object.entries(seen)) {
        assertEquals(cut, [], `${where} ${kind}`);
        // At 1024×768 the scrollbar takes nothing from the form: as wide as with no session.
        if (width === 1024) {
          assert(!few[lang].scrolls, `${lang}: with no session the panel does not scroll`);
          assertEquals(widths, few[lang].seen[kind].widths, `${where} ${kind}: the widths`);
        }
      }
    }
  }
  assertEquals(errors, []);
});

/** Whether the side panel shows, and the session view's width. */
const layout = (page: Page) =>
  page.evaluate(() => ({
    side: (document.querySelector(".side") as HTMLElement).getBoundingClientRect().height > 0,
    main: document.querySelector(".main")!.getBoundingClientRect().width,
  }));

step(
  "web page: zoomed to 200 % after a session was chosen, the side panel folds as before",
  async (browser) => {
    await using ws = await Workspace.start();
    const { id } = await ws.discardServer("len");
    for (const lang of ["en", "zh"]) {
      const page = await browser.page(1024, 768);
      await open(page, ws, lang);
      await (await page.waitForSelector(`[data-fc=session][data-id="${id}"]`))!.click();
      await page.waitForSelector("[data-fc=timeline]");
      assertEquals((await layout(page)).side, true, `${lang}: 1024×768 keeps its side panel`);

      // Zoomed in: folded, the session has the whole window (as when zoomed before choosing).
      await page.setViewport({ width: 512, height: 384, deviceScaleFactor: 2 });
      await waitInPage(page, () => !!document.querySelector(".workspace.side-folded"), 5_000);
      assertEquals(await layout(page), { side: false, main: 512 }, `${lang} at 200 %`);
      // ☰ opens it again; choosing the session folds it.
      await page.click("[data-fc=side]");
      assertEquals((await layout(page)).side, true);
      await page.click(`[data-fc=session][data-id="${id}"]`);
      assertEquals((await layout(page)).side, false);

      // Zoomed out: the panel that folded by itself is back.
      await page.setViewport({ width: 1024, height: 768, deviceScaleFactor: 1 });
      await waitInPage(page, () => !document.querySelector(".workspace.side-folded"), 5_000);
      assertEquals((await layout(page)).side, true, `${lang}: back at 1024×768`);
      // Folded with ☰, it stays folded through a zoom in and out: the user's choice.
      await page.click("[data-fc=side]");
      await page.setViewport({ width: 512, height: 384, deviceScaleFactor: 2 });
      await page.setViewport({ width: 1024, height: 768, deviceScaleFactor: 1 });
      await new Promise((r) => setTimeout(r, 300));
      assertEquals((await layout(page)).side, false, `${lang}: folded with ☰`);
      await page.close();
    }
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: `serve --web` opens on its one session; a workspace of two asks which",
  async (browser) => {
    const { Framecat } = await import("./helpers/cli.ts");
    await using fc = new Framecat(["serve", "127.0.0.1:0", "--web", "127.0.0.1:0"]);
    const url = await fc.waitFor(() => /open (http\S+)/.exec(fc.stderr)?.[1], 15_000, "the URL");
    for (const [width, height, scale] of [[1024, 768, 1], [512, 384, 2]]) {
      const page = await browser.page(width, height);
      await page.setViewport({ width, height, deviceScaleFactor: scale });
      await page.goto(url);
      // The session's own view, its row marked chosen: no "Choose a session" to click through.
      await page.waitForSelector("[data-fc=timeline]", { timeout: 15_000 });
      assertEquals(await page.$$eval(".session.chosen[data-fc=session]", (r) => r.length), 1);
      assertEquals(await page.$(".main > .hint"), null);
      await page.close();
    }

    await using ws = await Workspace.start();
    await ws.discardServer("len");
    await ws.discardServer("line");
    const page = await browser.page(1024, 768);
    await open(page, ws, "en");
    await page.waitForSelector(".main > .hint");
    assertEquals(await page.$$eval(".session.chosen", (r) => r.length), 0);
    await page.close();
    assertEquals(browser.errors, []);
  },
);
