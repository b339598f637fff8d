/**
 * A TLS client pointed at a plain server, verified or --insecure, ends with
 * one line and exit 1 saying so: a server that never answers its ClientHello
 * (a line server waiting for a newline) after the handshake limit, an echo
 * server (framecat's default) that sends the ClientHello back at once.
 */
import assert from "node:assert/strict";
import { Framecat, runFramecat } from "./helpers/cli.ts";

/** A TCP server that accepts and reads everything, and never says a word. */
function silentServer(): { port: number } & AsyncDisposable {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns: Deno.Conn[] = [];
  const draining = (async () => {
    for await (const conn of listener) {
      conns.push(conn);
      conn.readable.pipeTo(new WritableStream()).catch(() => {/* closed at the end */});
    }
  })();
  return {
    port: listener.addr.port,
    async [Symbol.asyncDispose]() {
      listener.close();
      for (const conn of conns) {
        try {
          conn.close();
        } catch { /* the client closed it */ }
      }
      await draining.catch(() => {/* the listener was closed */});
    },
  };
}

// Both clients wait out the same 10 s limit side by side, so the file costs
// one wait rather than two.
Deno.test("connect tls:// and connect tls:// --insecure to a silent server stop waiting, exit 1", async () => {
  await using server = silentServer();
  await Promise.all([[], ["--insecure"]].map(async (extra) => {
    const r = await runFramecat([
      "connect",
      `tls://127.0.0.1:${server.port}`,
      ...extra,
      "--send",
      "hi",
    ], { timeoutMs: 60_000 });
    assert.equal(r.code, 1, `${extra.join(" ")}: ${r.stderr}`);
    assert.match(
      r.stderr,
      /^framecat: Cannot connect to tls:\/\/127\.0\.0\.1:\d+: no TLS handshake within 10 s: is the server speaking TLS\?.*\n$/m,
    );
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  }));
});

for (const extra of [[], ["--insecure"]]) {
  Deno.test(`connect tls://${extra.map((e) => ` ${e}`).join("")} to a plain echo server says so, exit 1`, async () => {
    await using echo = new Framecat(["serve", "tcp://127.0.0.1:0", "--output", "json"]);
    const port = await echo.port();
    const r = await runFramecat(["connect", `tls://127.0.0.1:${port}`, ...extra, "--send", "hi"]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      /^framecat: Cannot connect to tls:\/\/127\.0\.0\.1:\d+: .*ClientHello.*; the server sent our own ClientHello back: it is a plain echo server, use tcp:\/\/\n$/m,
    );
  });
}

Deno.test("connect tls:// (verified or --insecure) to a plain server that hangs up: the hint says what it may be", async () => {
  // A len server reads the ClientHello as a length of 369 MB, says so, and closes.
  const len = ["--framing", "len", "--output", "json"];
  await using plain = new Framecat(["serve", "tcp://127.0.0.1:0", ...len]);
  const port = await plain.port();
  for (const extra of [[], ["--insecure"]]) {
    const r = await runFramecat(["connect", `tls://127.0.0.1:${port}`, ...extra, "--send", "hi"]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      /^framecat: Cannot connect to tls:\/\/127\.0\.0\.1:\d+: unexpected end of file; the server closed the connection during the TLS handshake: a plain server \(use tcp:\/\/\)/m,
    );
  }
});
