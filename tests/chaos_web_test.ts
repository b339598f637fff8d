/**
 * The web workspace under attack, as users run it: out of descriptors
 * (`ulimit -n`), watchers that never read, a huge argv.
 */
import assert from "node:assert/strict";
import { eventsOf, Framecat, runFramecat } from "./helpers/cli.ts";
import { TestBrowser } from "./helpers/browser.ts";
import { Workspace } from "./helpers/web.ts";
import { fixture, PYTHON, startProcess } from "./helpers/process.ts";
import { refusedPort, writeAll } from "./helpers/net.ts";
import { MAX_WATCHERS } from "../lib/web/watchers.ts";
import { J, lineRoundTrip, rssBytes } from "./chaos_helpers.ts";

const LIMIT = ["sh", "-c", 'ulimit -n 128 && exec "$0" "$@"'];
/** More plain connects than the descriptors the web process may open. */
const CONNECTS = 168;

/** `count` idle connections to `port` (refused ones are skipped: the backlog may be full). */
async function idleConnections(port: number, count: number): Promise<Deno.Conn[]> {
  const conns: Deno.Conn[] = [];
  for (let i = 0; i < count; i++) {
    await Deno.connect({ hostname: "127.0.0.1", port }).then((c) => conns.push(c), () => {});
  }
  return conns;
}

Deno.test("web under ulimit -n 128 with 168 plain connects says so once, then serves its sessions and the API", async () => {
  await using ws = await Workspace.start([], { wrap: LIMIT });
  const echo = await ws.listen(["serve", "tcp://127.0.0.1:0", "--framing", "line"]);
  const idle = await idleConnections(Number(new URL(ws.base).port), CONNECTS);
  await ws.framecat.waitFor(
    (evs) => eventsOf(evs, "error").some((e) => /Too many open files/.test(e.message)),
    20_000,
    "the error event saying the web listener ran out of descriptors",
  );
  // The accept is retried meanwhile (after 5, 10, 20, 40, 80, 160 ms…): one episode, one error.
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.equal(ws.framecat.of("error").length, 1, "one error event for the episode");
  for (const conn of idle) conn.close();
  await ws.framecat.waitFor(
    (evs) => eventsOf(evs, "info", "note").some((e) => /accepting again/.test(e.message)),
    20_000,
    "the note saying the web listener accepts again",
  );
  // Once they close, the backlog's connects are taken in a rush that may run out again: a new
  // episode, said again, but never anything but running out of descriptors.
  for (const e of ws.framecat.of("error")) assert.match(e.message, /Too many open files/);
  assert.equal(await lineRoundTrip(echo.port, "still here", 20_000), "still here");
  assert.equal((await ws.session(echo.id)).state, "running");
});

Deno.test("serve --web under ulimit -n 128 with 168 connects to the page keeps echoing", async () => {
  await using server = new Framecat(
    ["serve", "127.0.0.1:0", "--framing", "line", "--web", "127.0.0.1:0", ...J],
    { wrap: LIMIT },
  );
  const port = await server.port();
  const page = await server.waitFor((evs) => eventsOf(evs, "info", "page")[0]);
  const idle = await idleConnections(Number(new URL(page.url).port), CONNECTS);
  await server.waitFor(
    (evs) => eventsOf(evs, "error").some((e) => /Too many open files/.test(e.message)),
    20_000,
    "the error event saying the page's listener ran out of descriptors",
  );
  for (const conn of idle) conn.close();
  assert.equal(await lineRoundTrip(port, "echo", 20_000), "echo");
  const answer = await fetch(`${new URL(page.url).origin}/api/sessions`, {
    headers: { authorization: `Bearer ${page.token}` },
  });
  assert.equal(answer.status, 200);
  await answer.body?.cancel();
});

Deno.test("web: after the page is open in chromium, another server on 127.0.0.1 receives no token", async () => {
  await using ws = await Workspace.start();
  await using browser = await TestBrowser.launch();
  const seen: string[] = [];
  await using other = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    seen.push([req.url, ...[...req.headers].map(([k, v]) => `${k}: ${v}`)].join("\n"));
    return new Response("<!doctype html><title>another server</title><img src=/x.png>", {
      headers: { "content-type": "text/html" },
    });
  });
  const page = await browser.page();
  await page.goto(ws.url);
  await page.waitForSelector("[data-fc=start]");
  await page.goto(`http://127.0.0.1:${other.addr.port}/`);
  await page.goto(`http://localhost:${other.addr.port}/`);
  assert.ok(seen.length >= 2, "the other server was visited");
  for (const request of seen) assert.ok(!request.includes(ws.token), request);
  assert.deepEqual(browser.errors, []);
});

Deno.test("web: 300 event watchers that never read hold a bounded total, and the page still answers", async () => {
  // A process of its own: the RSS measured is the page's alone.
  await using ws = await Workspace.start([], { process: true });
  const echo = await ws.listen(["serve", "tcp://127.0.0.1:0"]);
  const before = rssBytes(ws.framecat.pid);
  await using watchers = await startProcess(
    PYTHON,
    fixture("silent_watchers.py", [new URL(ws.base).port, ws.token, echo.id, "300"]),
  );
  const [upgraded, refused] = watchers.firstLine.split(" ").map(Number);
  assert.equal(upgraded + refused, 300);
  // 256 MiB echoed in 64 KiB reads: every batch a watcher is sent carries up to 256 KiB of them.
  // Kept for a watcher that never reads, a few MiB each (past what its socket's kernel buffers
  // hold) would pass the bound (taken out, RSS grew by 1.3 GiB here); bounded in count, not
  // time, so a busy machine sends all of it.
  using client = await Deno.connect({ hostname: "127.0.0.1", port: echo.port });
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const reading = (async () => {
    const buf = new Uint8Array(256 * 1024);
    while ((await client.read(buf).catch(() => null)) !== null) { /* drain the echo */ }
  })();
  const until = Date.now() + 30_000;
  for (let i = 0; i < 4096 && Date.now() < until; i++) await writeAll(client, chunk);
  const grown = rssBytes(ws.framecat.pid) - before;
  assert.ok(grown < 160 * 2 ** 20, `RSS grew by ${(grown / 2 ** 20).toFixed(0)} MiB`);
  assert.equal(upgraded, MAX_WATCHERS, "watchers past the bound are refused");
  assert.equal((await ws.call("GET", "/api/sessions")).status, 200);
  client.close();
  await reading;
});

Deno.test("web: an argv of 50,000 --send pairs is refused at once; a 2,000-pair one is parsed", async () => {
  await using ws = await Workspace.start([], { process: true }); // its own memory, measured
  const argv = (pairs: number) => [
    "connect",
    "127.0.0.1:9",
    ...Array.from({ length: pairs }, (_, i) => ["--send", `m${i}`]).flat(),
  ];
  const huge = await ws.call("POST", "/api/check", { argv: argv(50_000) });
  assert.deepEqual(huge.body.ok, false);
  assert.match(huge.body.error, /argv is too long: at most 4096 arguments/);
  assert.deepEqual((await ws.call("POST", "/api/check", { argv: argv(2_000) })).body, { ok: true });
});

Deno.test("connect given 50,000 --send pairs parses them at once and goes on to connect", async () => {
  // Quadratic parsing took a minute here; linear, the connect is refused within a second.
  const sends = Array.from({ length: 50_000 }, (_, i) => ["--send", `m${i}`]).flat();
  const result = await runFramecat(["connect", `${await refusedPort()}`, ...sends]);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /Cannot connect to/);
});
