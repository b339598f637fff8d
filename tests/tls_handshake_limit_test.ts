/**
 * A TLS client whose server never answers its ClientHello (a plain line
 * server waiting for a newline, a stuck process) gives up after the
 * handshake limit with one line and exit 1, verified or --insecure.
 */
import assert from "node:assert/strict";
import { runFramecat } from "./helpers/cli.ts";

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

for (const extra of [[], ["--insecure"]]) {
  Deno.test(`connect tls://${extra.map((e) => ` ${e}`).join("")} to a silent server stops waiting, exit 1`, async () => {
    await using server = silentServer();
    const r = await runFramecat([
      "connect",
      `tls://127.0.0.1:${server.port}`,
      ...extra,
      "--send",
      "hi",
    ], { timeoutMs: 60_000 });
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      /^framecat: Cannot connect to tls:\/\/127\.0\.0\.1:\d+: no TLS handshake within 10 s: is the server speaking TLS\?.*\n$/m,
    );
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  });
}
