/// <reference lib="dom" />
/**
 * The new-session form's endpoints, in a real chromium: each kind keeps its own (a server's
 * "any free port" is not where a client can go), and until one is typed a client's endpoint, a
 * flood's and a relay's target offer the newest running listener of the workspace, with its
 * scheme, so "start a server, then a client to it" takes no typing.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { replaceText, sharedBrowser } from "./helpers/browser.ts";
import { Workspace } from "./helpers/web.ts";

const step = sharedBrowser("web form, in one chromium");

/** Waits (bounded) until the form's input `name` holds `want`; the error says what it held. */
async function fieldIs(page: Page, name: string, want: string): Promise<void> {
  const selector = `[data-fc=new-session] input[name=${name}]`;
  try {
    await page.waitForFunction(
      (sel, want) => (document.querySelector(sel) as HTMLInputElement | null)?.value === want,
      { timeout: 10_000, polling: 50 },
      selector,
      want,
    );
  } catch {
    const held = await page.$eval(selector, (el) => (el as HTMLInputElement).value).catch(() =>
      "(no such field)"
    );
    throw new Error(`${name} holds ${JSON.stringify(held)}, not ${JSON.stringify(want)}`);
  }
}

step(
  "web form: a client's endpoint is the newest server's, a relay listens on a port of its own, each kind keeps what was typed",
  async (browser) => {
    await using ws = await Workspace.start();
    const page = await browser.page(1024, 768);
    await page.goto(ws.url);
    await page.waitForSelector("[data-fc=start]");

    // A server from the form: any free port.
    await page.select("select[name=kind]", "serve");
    await fieldIs(page, "endpoint", "tcp://127.0.0.1:0");
    await page.click("[data-fc=start]");
    const serve = await ws.until(async () => {
      const [s] = (await ws.call("GET", "/api/sessions")).body;
      return s?.port ? s : undefined;
    });

    // A client offers that server's address, and connects to it as it is.
    await page.select("select[name=kind]", "connect");
    await fieldIs(page, "endpoint", `tcp://127.0.0.1:${serve.port}`);
    await page.click("[data-fc=start]");
    const client = await ws.until(async () => {
      const all = (await ws.call("GET", "/api/sessions")).body;
      return all.length === 2 ? all[1] : undefined;
    });
    assertEquals(client.argv.slice(0, 2), ["connect", `tcp://127.0.0.1:${serve.port}`]);
    await ws.until(async () => (await ws.session(serve.id)).peers.length === 1 || undefined);
    assertEquals((await ws.session(client.id)).state, "running");

    // A relay listens on a free port of its own (the server's is taken), in front of the server.
    await page.select("select[name=kind]", "relay");
    await fieldIs(page, "endpoint", "tcp://127.0.0.1:0");
    await fieldIs(page, "target", `tcp://127.0.0.1:${serve.port}`);

    // What is typed in one kind's endpoint stays that kind's.
    await page.select("select[name=kind]", "connect");
    await replaceText(page, "[data-fc=new-session] input[name=endpoint]", "tcp://127.0.0.1:1");
    await page.select("select[name=kind]", "serve");
    await fieldIs(page, "endpoint", "tcp://127.0.0.1:0");
    await page.select("select[name=kind]", "connect");
    await fieldIs(page, "endpoint", "tcp://127.0.0.1:1");

    // A flood offers the newest sink, with its scheme; a wildcard address as the loopback.
    const sink = await ws.listen(["sink", "udp://0.0.0.0:0"]);
    await page.select("select[name=kind]", "flood");
    await fieldIs(page, "endpoint", `udp://127.0.0.1:${sink.port}`);
    assertEquals(browser.errors, []);
  },
);
