/// <reference lib="dom" />
/**
 * The send box's edges in the web workspace: a chosen peer that leaves stays chosen and is said
 * to have left (a send goes to nobody else); a send to a stopped session says the session is
 * stopped (API and page); the history of sends survives a Restart of its session.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { discardServerPage, sharedBrowser, waitInPage } from "./helpers/browser.ts";
import { peerOnPage, PyLenClient, restartFromPage, Workspace } from "./helpers/web.ts";

const step = sharedBrowser("web page: the send box's edges, in one chromium");

/**
 * Clicks Send, waits for framecat's answer, and checks that the send box says `expected` for it
 * (the line it shows); resolves to the answer's status.
 */
async function send(page: Page, expected: string): Promise<number> {
  const answered = page.waitForResponse((r) =>
    r.url().endsWith("/send") && r.request().method() === "POST"
  );
  await page.click("[data-fc=send]");
  const status = (await answered).status();
  const line = () => document.querySelector("[data-fc=send-result]")?.textContent?.trim();
  await page.waitForFunction(
    (want) => {
      return document.querySelector("[data-fc=send-result]")?.textContent?.trim() === want;
    },
    { timeout: 15_000, polling: 50 },
    expected,
  ).catch(async () => {
    throw new Error(`the send box says "${await page.evaluate(line)}", not "${expected}"`);
  });
  return status;
}

Deno.test("web API: a send to a session that failed is a 409 that says it ended with an error", async () => {
  await using ws = Workspace.handler();
  using taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { id } = (await ws.call("POST", "/api/sessions", {
    argv: ["serve", `127.0.0.1:${taken.addr.port}`],
  })).body;
  await ws.until(async () => (await ws.session(id)).state === "failed" || undefined);
  assertEquals(await ws.call("POST", `/api/sessions/${id}/send`, { text: "late" }), {
    status: 409,
    body: {
      error: `session ${id} has ended with an error: nothing was sent`,
      said: { key: "web.session_failed", vars: { id } },
    },
  });
});

Deno.test("web API: a send to a stopped session is a 409 that says the session is stopped", async () => {
  await using ws = Workspace.handler();
  const { id, port } = await ws.discardServer("len");
  await using py = new PyLenClient(port);
  const peer = await py.connected();
  await ws.until(async () => (await ws.session(id)).peers.length === 1 || undefined);
  assertEquals((await ws.call("DELETE", `/api/sessions/${id}`)).body.state, "stopped");
  const refused = {
    status: 409,
    body: {
      error: `session ${id} is stopped: nothing was sent; restart it to send again`,
      said: { key: "web.session_stopped", vars: { id } },
    },
  };
  assertEquals(await ws.call("POST", `/api/sessions/${id}/send`, { text: "late" }), refused);
  // To the peer it had, and as a timed send: the same line.
  assertEquals(
    await ws.call("POST", `/api/sessions/${id}/send`, { text: "late", peer }),
    refused,
  );
  assertEquals(
    await ws.call("POST", `/api/sessions/${id}/send`, { text: "late", count: 0, interval: 10 }),
    refused,
  );
  // A bad request is still said as bad, stopped or not.
  assertEquals(
    (await ws.call("POST", `/api/sessions/${id}/send`, { hex: "zz" })).status,
    400,
  );
});

step(
  "web page: a chosen peer that leaves stays chosen, said to have left; a send reaches nobody else",
  async (browser) => {
    await using ws = await Workspace.start();
    const { port, page } = await discardServerPage(ws, browser);
    await using stays = new PyLenClient(port);
    const other = await stays.connected();
    await page.waitForSelector(`[data-fc=peer][data-peer="${other}"]`);
    let left: string;
    {
      await using leaving = new PyLenClient(port);
      left = await leaving.connected();
      await page.waitForSelector(`[data-fc=peer][data-peer="${left}"]`);
      await page.click(`[data-fc=peer][data-peer="${left}"] input`);
      await page.waitForSelector(`[data-fc=peer][data-peer="${left}"].chosen`);
      await page.type("[data-fc=send-text]", "for you");
      assertEquals(await send(page, "sent 1"), 200);
      assertEquals(await leaving.frames(1), ["for you"]);
    }
    // Gone from the list of peers, but shown, chosen, as having left.
    const gone = await page.waitForSelector(`[data-fc=peer-left][data-peer="${left}"]`);
    assertEquals(await gone!.evaluate((el) => el.querySelector("input")?.checked), true);
    assertEquals(
      await gone!.evaluate((el) => (el as HTMLElement).innerText.replace(/\s+/g, " ").trim()),
      `${left} has left: a send to it is refused; choose another peer, or all peers`,
    );
    assertEquals(await page.$(`[data-fc=peer][data-peer="${left}"]`), null);
    // The one radio checked is the peer that left: what a send goes to is in view.
    assertEquals(
      await page.$$eval(".peers input:checked", (els) => els.length),
      1,
    );
    assertEquals(await send(page, `no peer ${left} in this session: it has left`), 409);
    await page.click("[data-fc=lang]");
    await waitInPage(
      page,
      () => document.querySelector("[data-fc=peer-left]")?.textContent?.includes("已经离开"),
    );
    await page.click("[data-fc=lang]");
    // All peers, chosen: the one still here gets the next message, and none before it.
    await page.click(`[data-fc=peer][data-peer=""] input`);
    await waitInPage(page, () => document.querySelector("[data-fc=peer-left]") === null);
    await page.click("[data-fc=send-text]", { count: 3 });
    await page.keyboard.press("Backspace");
    await page.type("[data-fc=send-text]", "for all");
    assertEquals(await send(page, "sent 1"), 200);
    assertEquals(await stays.frames(1), ["for all"]);
    assertEquals(
      browser.errors.filter((e) => !e.includes("status of 409")),
      [],
    );
  },
);

step(
  "web page: a send to a stopped session says the session is stopped, in both languages",
  async (browser) => {
    await using ws = await Workspace.start();
    const { id, page } = await discardServerPage(ws, browser);
    await page.click("[data-fc=stop]");
    await waitInPage(
      page,
      () => document.querySelector("[data-fc=state]")?.classList.contains("stopped"),
    );
    await page.type("[data-fc=send-text]", "late");
    assertEquals(
      await send(page, `session ${id} is stopped: nothing was sent; restart it to send again`),
      409,
    );
    await page.click("[data-fc=lang]");
    assertEquals(
      await send(page, `会话 ${id} 已经停止：没有发出任何消息；重新启动它才能再发送`),
      409,
    );
  },
);

step(
  "web page: the history of sends survives a Restart, and sends again to the new run's peers",
  async (browser) => {
    await using ws = await Workspace.start();
    const { id, port, page } = await discardServerPage(ws, browser);
    const history = () =>
      page.$$eval(
        "[data-fc=history-entry]",
        (els) => els.map((el) => el.getAttribute("data-text")),
      );
    {
      await using first = new PyLenClient(port);
      await first.connected();
      await page.waitForSelector("[data-fc=peer]");
      for (const text of ["PING", "STATUS"]) {
        await page.click("[data-fc=send-text]", { count: 3 });
        await page.keyboard.press("Backspace");
        await page.type("[data-fc=send-text]", text);
        assertEquals(await send(page, "sent 1"), 200);
      }
      assertEquals(await first.frames(2), ["PING", "STATUS"]);
      // The history takes a send once the page has its answer, which on a loaded machine can
      // come after the peer has read it (the send box's line already said "sent 1" for PING).
      await waitInPage(page, () =>
        [...document.querySelectorAll("[data-fc=history-entry]")]
          .map((el) => el.getAttribute("data-text")).join(" ") === "STATUS PING").catch(
          async () => {
            throw new Error(`the history holds ${JSON.stringify(await history())}`);
          },
        );
      await restartFromPage(ws, page, id);
    }
    // The page has taken the new run (its event store is new): the history is still there.
    await using second = await peerOnPage(ws, page, id);
    assertEquals(await history(), ["STATUS", "PING"]);
    await page.click("[data-fc=history-entry][data-text=PING]");
    assertEquals(await second.frames(1), ["PING"]);
    await waitInPage(
      page,
      () => document.querySelector("[data-fc=history-result]")?.textContent?.trim() === "sent 1",
    );
    // An empty message (a frame of length 0) and a long one: shown as "" and cut, not as a blank
    // entry and one wider than its panel.
    for (const text of ["", "x".repeat(300)]) {
      await page.$eval("[data-fc=send-text]", (el, value) => {
        (el as HTMLTextAreaElement).value = value;
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }, text);
      assertEquals(await send(page, "sent 1"), 200);
    }
    assertEquals(await second.frames(2), ["", "x".repeat(300)]);
    await waitInPage(page, () => document.querySelectorAll("[data-fc=history-entry]").length === 4);
    const entries = await page.$$eval(
      "[data-fc=history-entry]",
      (els) =>
        els.slice(0, 2).map((el) => {
          const panel = el.closest("details")!.getBoundingClientRect();
          return [el.textContent?.trim(), el.getBoundingClientRect().right <= panel.right + 0.5];
        }),
    );
    assertEquals(entries, [[`${"x".repeat(120)}…`, true], ['""', true]]);
    assertEquals(browser.errors, []);
  },
);
