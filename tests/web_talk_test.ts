/// <reference lib="dom" />
/**
 * Talking back in the web workspace: reply rules on a session (API and page),
 * timed sends that run until stopped and stop at once, saved messages sent by
 * one click, and the history of sends, each checked at a python client.
 */
import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
} from "node:assert/strict";
import {
  discardServerPage,
  download,
  openSession,
  replaceText,
  sharedBrowser,
  type TestBrowser,
  waitInPage,
} from "./helpers/browser.ts";
import { lenFrame, PyLenClient, Workspace } from "./helpers/web.ts";

/** The tests that use chromium: steps of one test, sharing one browser. */
const step = sharedBrowser("web page: talking back, in one chromium");

/**
 * A len discard server in a workspace of its own, its session open in a 1024×768 tab, and a
 * python client connected and shown among the peers; the workspace and the client end with it.
 */
async function talkingTo(browser: TestBrowser) {
  await using owned = new AsyncDisposableStack();
  const ws = owned.use(await Workspace.start());
  const { id, port, page } = await discardServerPage(ws, browser);
  const py = owned.use(new PyLenClient(port));
  await py.connected();
  await page.waitForSelector("[data-fc=peer]");
  // Set up: the caller owns them now (the client ends before the workspace).
  const kept = owned.move();
  return { ws, id, page, py, [Symbol.asyncDispose]: () => kept.disposeAsync() };
}

/**
 * A len discard server in a workspace of its own with `n` python clients connected and listed
 * among its peers; the workspace and the clients end with it (the clients first).
 */
async function listening(n: number) {
  await using owned = new AsyncDisposableStack();
  const ws = owned.use(await Workspace.start());
  const { id, port } = await ws.discardServer("len");
  const clients = Array.from({ length: n }, () => owned.use(new PyLenClient(port)));
  for (const client of clients) await client.connected();
  await ws.until(async () => (await ws.session(id)).peers.length === n);
  const kept = owned.move();
  return { ws, id, clients, [Symbol.asyncDispose]: () => kept.disposeAsync() };
}

/** A timed send of "tick" every 20 ms until stopped, started through the API. */
const tickUntilStopped = (ws: Workspace, id: string) =>
  ws.call("POST", `/api/sessions/${id}/send`, { text: "tick", count: 0, interval: 20 });

Deno.test("web API: reply rules on a session: added, listed with hits, edited, turned off, removed", async () => {
  await using ws = await Workspace.start();
  const { id, port } = await ws.discardServer("len");
  const rules = `/api/sessions/${id}/rules`;
  const added = await ws.call("POST", rules, { rule: "PING => PONG #{counter}" });
  assertEquals(added, {
    status: 201,
    body: { rule: 1, source: "PING => PONG #{counter}", enabled: true, hits: 0 },
  });
  const bad = await ws.call("POST", rules, { rule: "hex:01 0 => x" });
  assertEquals(bad.status, 400);
  assertMatch(bad.body.error, /^Cannot use the rule "hex:01 0 => x": cannot read the hex/);
  await using py = new PyLenClient(port);
  await py.connected();
  await py.send(lenFrame("PING"));
  assertEquals(await py.frames(1), ["PONG #1"]);
  assertEquals((await ws.session(id)).rules, [
    { rule: 1, source: "PING => PONG #{counter}", enabled: true, hits: 1 },
  ]);
  // Edited: another rule, its hits from 0. Turned off: the message goes to the behaviour.
  await ws.call("PATCH", `${rules}/1`, { rule: "PING => PANG" });
  await py.send(lenFrame("PING"));
  assertEquals(await py.frames(1), ["PANG"]);
  const off = await ws.call("PATCH", `${rules}/1`, { enabled: false });
  assertEquals(off.body, { rule: 1, source: "PING => PANG", enabled: false, hits: 1 });
  await ws.call("POST", rules, { rule: "* => fallback" });
  await py.send(lenFrame("PING"));
  assertEquals(await py.frames(1), ["fallback"]);
  assertEquals(
    (await ws.call("DELETE", `${rules}/1`)).body.rules.map((r: { rule: number }) => r.rule),
    [2],
  );
  assertEquals((await ws.call("PATCH", `${rules}/9`, { enabled: true })).status, 404);
  // A session that takes files has no messages for rules.
  const save = await ws.listen([
    "serve",
    "tcp://127.0.0.1:0",
    "--behavior",
    "save",
    "--dir",
    "/tmp",
  ]);
  assertEquals(
    (await ws.call("POST", `/api/sessions/${save.id}/rules`, { rule: "a => b" })).status,
    409,
  );
});

Deno.test("web API: a send until stopped answers at once; its Stop is the last word", async () => {
  await using served = await listening(1);
  const { ws, id, clients: [py] } = served;
  const started = await tickUntilStopped(ws, id);
  assertEquals(started, { status: 202, body: { repeat: "r1" } });
  assertEquals(await py.frames(5), Array(5).fill("tick"));
  assertEquals((await ws.session(id)).repeats[0].repeat, "r1");
  const stopped = await ws.call("DELETE", `/api/sessions/${id}/repeats/r1`);
  assertEquals(stopped.status, 200);
  const sent = stopped.body.sent as number;
  assert(sent >= 5);
  // Everything sent before the answer, then a marker: nothing came between them.
  await ws.call("POST", `/api/sessions/${id}/send`, { text: "end" });
  const rest = await py.frames(sent - 5 + 1);
  assertEquals(rest, [...Array(sent - 5).fill("tick"), "end"]);
  assertEquals((await ws.session(id)).repeats, []);
  assertEquals((await ws.call("DELETE", `/api/sessions/${id}/repeats/r1`)).status, 404);
});

Deno.test("web API: a timed send to two peers counts its times apart from its messages", async () => {
  await using served = await listening(2);
  const { ws, id, clients: [a, b] } = served;
  const started = await tickUntilStopped(ws, id);
  assertEquals(started.status, 202);
  await a.frames(3);
  await b.frames(3);
  const listed = (await ws.session(id)).repeats[0];
  assert(listed.sent === 2 * listed.rounds, JSON.stringify(listed));
  const stopped = (await ws.call("DELETE", `/api/sessions/${id}/repeats/r1`)).body;
  assert(stopped.rounds >= 3, JSON.stringify(stopped));
  assertEquals(stopped.sent, 2 * stopped.rounds, JSON.stringify(stopped));
});

step(
  "web page: a rule added in the page answers a python client; edited, turned off, its hits shown",
  async (browser) => {
    await using ws = await Workspace.start();
    const { id, port, page } = await discardServerPage(ws, browser);
    await page.type("[data-fc=rule-new]", "PING => PONG {counter}");
    await page.click("[data-fc=rule-add]");
    await page.waitForSelector("[data-fc=rule][data-rule='1']");
    await using py = new PyLenClient(port);
    await py.connected();
    await py.send(lenFrame("PING"));
    assertEquals(await py.frames(1), ["PONG 1"]);
    const hits = await page.waitForSelector("[data-fc=rule-hits][data-hits='1']");
    assertEquals(await hits!.evaluate((el) => el.textContent?.trim()), "1 hit");

    await page.click("[data-fc=rule-edit-start]");
    await replaceText(page, "[data-fc=rule-edit]", "PING => PANG");
    await page.click("[data-fc=rule-save]");
    await waitInPage(
      page,
      () => document.querySelector("[data-fc=rule-text]")?.textContent === "PING => PANG",
    );
    await py.send(lenFrame("PING"));
    assertEquals(await py.frames(1), ["PANG"]);

    await page.click("[data-fc=rule-on]");
    await ws.until(async () => (await ws.session(id)).rules[0].enabled === false);
    // A bad rule is the command line's one line, in the page.
    await page.type("[data-fc=rule-new]", "/(/ => x");
    await page.click("[data-fc=rule-add]");
    const error = await page.waitForSelector("[data-fc=rule-error]");
    assertMatch(
      String(await error!.evaluate((el) => el.textContent)),
      /Cannot use the rule "\/\(\/ => x"/,
    );
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: a saved message goes by one click, is kept, exported and imported; history sends again",
  async (browser) => {
    await using talk = await talkingTo(browser);
    const { ws, id, page, py } = talk;

    await page.type("[data-fc=saved-name]", "poll");
    await page.select("[data-fc=saved-mode]", "hex");
    await page.type("[data-fc=saved-text]", "01 03 00 00 00 02");
    await page.click("[data-fc=saved-add]");
    await page.click("[data-fc=saved-send][data-name=poll]");
    assertEquals(await py.frames(1), ["\x01\x03\x00\x00\x00\x02"]);

    // Kept in the browser: there after a reload.
    await openSession(page, ws.url, id);
    await page.waitForSelector("[data-fc=saved-send][data-name=poll]");

    {
      await using exported = await download(page, "[data-fc=saved-export]", ".json");
      assertEquals(exported.path.endsWith("/framecat-messages.json"), true, exported.path);
      assertEquals(JSON.parse(exported.text), [{
        name: "poll",
        mode: "hex",
        text: "01 03 00 00 00 02",
        escapes: false,
      }]);
      const file = exported.path.replace(/[^/]+$/, "more.json");
      await Deno.writeTextFile(
        file,
        JSON.stringify([{ name: "hello", mode: "text", text: "hi\\x21", escapes: true }]),
      );
      const input = await page.$("[data-fc=saved-import]");
      await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(file);
      const hello = await page.waitForSelector("[data-fc=saved-send][data-name=hello]");
      await hello!.click();
      assertEquals(await py.frames(1), ["hi!"]);
    }

    // The send box's sends are the history; a click sends one again.
    await page.type("[data-fc=send-text]", "from the box");
    await page.click("[data-fc=send]");
    assertEquals(await py.frames(1), ["from the box"]);
    const entry = await page.waitForSelector("[data-fc=history-entry][data-text='from the box']");
    await entry!.click();
    assertEquals(await py.frames(1), ["from the box"]);
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: a repeat until stopped is stopped by its Stop button, and no more arrive after it",
  async (browser) => {
    await using talk = await talkingTo(browser);
    const { ws, id, page, py } = talk;
    await page.type("[data-fc=send-text]", "tick");
    await page.click("[data-fc=send-forever]");
    await replaceText(page, "[data-fc=send-interval]", "30");
    await page.click("[data-fc=send]");
    assertEquals(await py.frames(3), ["tick", "tick", "tick"]);
    // The Stop is drawn once framecat's answer to the send reaches the page, which on a loaded
    // machine can come after the peer's first reads.
    const stopButton = await page.waitForSelector("[data-fc=repeat-stop]");
    await stopButton!.click();
    const result = await page.waitForSelector(
      "[data-fc=repeat-result][data-sent]:not([data-sent=''])",
    );
    const sent = Number(await result!.evaluate((el) => el.getAttribute("data-sent")));
    assert(sent >= 3);
    // One peer: its times are its messages, said once.
    assertEquals(
      await result!.evaluate((el) => el.textContent?.trim()),
      `stopped: sent ${sent} times`,
    );
    // The client counts: exactly what the Stop's answer said was sent, then our marker.
    await ws.call("POST", `/api/sessions/${id}/send`, { text: "end" });
    assertEquals(await py.frames(sent - 3 + 1), [...Array(sent - 3).fill("tick"), "end"]);
    assertEquals(await page.$("[data-fc=repeat-stop]"), null, "the Stop is gone with its send");
    assertEquals(browser.errors, []);
  },
);

step(
  "web page: a counted timed send takes its Stop away once its count is sent",
  async (browser) => {
    await using talk = await talkingTo(browser);
    const { ws, id, page, py } = talk;
    await page.type("[data-fc=send-text]", "tock");
    await replaceText(page, "[data-fc=send-count]", "3");
    await replaceText(page, "[data-fc=send-interval]", "100");
    // Whether the Stop was ever drawn, seen as the page draws it: the whole send takes 0.2 s,
    // and a look from here could come only once the Stop had gone again (a loaded machine).
    await page.evaluate(() => {
      const seen = window as unknown as { sawStop?: boolean };
      seen.sawStop = false;
      new MutationObserver(() => {
        if (document.querySelector("[data-fc=repeat-stop]")) seen.sawStop = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.click("[data-fc=send]");
    assertEquals(await py.frames(3), ["tock", "tock", "tock"]);
    // Nothing is left to stop: the line and its Stop go with the next look at framecat's list.
    await waitInPage(page, () => document.querySelector("[data-fc=repeat-stop]") === null);
    assertEquals(
      await page.evaluate(() => (window as unknown as { sawStop?: boolean }).sawStop),
      true,
      "the Stop was there while the send ran",
    );
    assertEquals(await page.$("[data-fc=repeats]"), null);
    assertEquals((await ws.call("GET", `/api/sessions/${id}`)).body.repeats, []);
    assertEquals(browser.errors, []);
  },
);
