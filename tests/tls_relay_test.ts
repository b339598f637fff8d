/**
 * TLS through the relay (termination and origination, 10 MB checked by
 * SHA-256, faults on the decrypted bytes) and flood → sink over TLS.
 */
import assert from "node:assert/strict";
import { eventsOf, Framecat, runFramecat } from "./helpers/cli.ts";
import { readBytes, readToEnd, refusedPort, writeAll } from "./helpers/net.ts";
import { pythonJson } from "./helpers/process.ts";
import { startRelay, stopStats } from "./relay_helpers.ts";
import { J, sha256, tempDir, terminatingRelay, tlsServe } from "./tls_helpers.ts";

const MiB = 1024 * 1024;
const TEN_MB = 10 * MiB;

interface EchoResult {
  sent_sha256: string;
  received_sha256: string;
  received: number;
  version: string;
}

Deno.test("termination: python ssl → relay tls:// → plain echo, 10 MB sha256-identical", async () => {
  await using dir = await tempDir();
  await using echo = new Framecat(["serve", "tcp://127.0.0.1:0", "-q", ...J]);
  const { relay, port, ca } = await terminatingRelay(
    dir.path,
    `tcp://127.0.0.1:${await echo.port()}`,
  );
  await using _ = relay;
  const got = await pythonJson<EchoResult>("tls_echo_client.py", [
    String(port),
    ca,
    String(TEN_MB),
  ]);
  assert.equal(got.received, TEN_MB);
  assert.equal(got.received_sha256, got.sent_sha256);
  assert.equal(got.version, "TLSv1.3");
});

Deno.test("a plain client at a TLS relay: its handshake fails, the target never sees a connection, the stats count it apart", async () => {
  await using dir = await tempDir();
  await using echo = new Framecat(["serve", "tcp://127.0.0.1:0", ...J]);
  const { relay, port, ca } = await terminatingRelay(
    dir.path,
    `tcp://127.0.0.1:${await echo.port()}`,
  );
  await using _ = relay;
  // What nc sends: plain text, then it reads the alert and the close.
  using plain = await Deno.connect({ hostname: "127.0.0.1", port });
  await writeAll(plain, new TextEncoder().encode("hello\n"));
  await readToEnd(plain, 30_000);
  const [error] = await relay.waitFor((evs) => {
    const found = eventsOf(evs, "error");
    return found.length === 1 && found;
  });
  assert.match(error.message, /^connection failed: .*the peer is not speaking TLS/);
  // A TLS client after it is relayed as before.
  const got = await pythonJson<EchoResult>("tls_echo_client.py", [String(port), ca, "1000"]);
  assert.equal(got.received_sha256, got.sent_sha256);
  const stats = await stopStats(relay);
  assert.equal(stats.connections, 1);
  assert.equal(stats.handshakes_failed, 1);
  assert.equal(relay.of("connected").length, 1);
  // The target saw the TLS client's connection alone.
  await echo.stop();
  assert.equal(echo.of("connected").length, 1);
});

for (
  const [lang, failed, stats] of [
    [
      "en",
      "connection failed:",
      "stats (tcp relay): 0 connections relayed, 1 not (the client's TLS handshake failed);",
    ],
    ["zh", "连接出错：", "统计（TCP 中继）：转发了 0 个连接，另有 1 个客户端的 TLS 握手失败；"],
  ]
) {
  Deno.test(`a plain client at a TLS relay, as its lines say it (${lang})`, async () => {
    await using relay = new Framecat([
      "relay",
      "tls://127.0.0.1:0",
      `127.0.0.1:${await refusedPort()}`,
      "--lang",
      lang,
    ]);
    const [, port] = await relay.waitFor(
      () => /tls:\/\/127\.0\.0\.1:(\d+)/.exec(relay.stderr) ?? undefined,
      10_000,
      "the listening line",
    );
    using plain = await Deno.connect({ hostname: "127.0.0.1", port: Number(port) });
    await writeAll(plain, new TextEncoder().encode("hello\n"));
    await readToEnd(plain, 30_000);
    await relay.waitFor(() => relay.stderr.includes(failed), 10_000, "the error line");
    await relay.stop();
    // Not "connected #1" nor "closed #1": nothing was relayed, and the target was not dialled.
    assert.doesNotMatch(relay.stderr, /#1/);
    assert.ok(relay.stderr.includes(stats), relay.stderr);
  });
}

Deno.test("origination: plain client → relay tcp:// → tls:// serve, 10 MB sha256-identical", async () => {
  await using dir = await tempDir();
  const ca = `${dir.path}/serve-ca.pem`;
  const { framecat: server, port: tlsPort } = await tlsServe(ca, "-q");
  await using _server = server;
  const { relay, port } = await startRelay(`tls://localhost:${tlsPort}`, ["--ca", ca]);
  await using _relay = relay;
  // 64 KiB of random bytes (getRandomValues' most), repeated.
  const data = crypto.getRandomValues(new Uint8Array(64 * 1024));
  const payload = new Uint8Array(TEN_MB);
  for (let at = 0; at < TEN_MB; at += data.length) payload.set(data, at);
  using conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const [, echoed] = await Promise.all([
    writeAll(conn, payload),
    readBytes(conn, TEN_MB, 60_000),
  ]);
  assert.equal(echoed.length, TEN_MB);
  assert.equal(await sha256(echoed.slice()), await sha256(payload));
  const link = relay.of("connected")[0];
  assert.equal(link.target, `tls://localhost:${tlsPort}`);
});

Deno.test("re-encryption: python ssl → relay tls:// → tls:// serve, each side its own certificate", async () => {
  await using dir = await tempDir();
  const serveCa = `${dir.path}/serve-ca.pem`;
  const { framecat: server, port: tlsPort } = await tlsServe(serveCa, "-q");
  await using _server = server;
  const { relay, port, ca: relayCa } = await terminatingRelay(
    dir.path,
    `tls://localhost:${tlsPort}`,
    ["--ca", serveCa],
  );
  await using _relay = relay;
  const got = await pythonJson<EchoResult>("tls_echo_client.py", [String(port), relayCa, `${MiB}`]);
  assert.equal(got.received, MiB);
  assert.equal(got.received_sha256, got.sent_sha256);
  // Each side has its own throw-away CA: the two fingerprints differ.
  assert.notEqual(relay.of("listening")[0].fingerprint, server.of("listening")[0].fingerprint);
});

Deno.test("--slice 1-3 through TLS termination: 100 lines arrive intact, cut into many reads", async () => {
  await using dir = await tempDir();
  await using server = new Framecat([
    "serve",
    "tcp://127.0.0.1:0",
    "--framing",
    "line",
    "--behavior",
    "discard",
    "--nodelay",
    ...J,
  ]);
  const { relay, port, ca } = await terminatingRelay(
    dir.path,
    `tcp://127.0.0.1:${await server.port()}`,
    ["--slice", "1-3", "--seed", "13"],
  );
  await using _ = relay;
  await pythonJson("tls_line_client.py", [String(port), ca, "100"]);
  const frames = await server.waitFor((evs) => {
    const found = eventsOf(evs, "frame");
    return found.length === 100 && found;
  }, 30_000);
  assert.deepEqual(frames.map((f) => f.text), Array.from({ length: 100 }, (_, i) => `line ${i}`));
  const slices = relay.of("fault").filter((e) => e.fault === "slice");
  assert.ok(slices.length > 0, "the relay sliced the decrypted bytes");
});

Deno.test("flood tls:// → sink tls:// verifies 100 MB", async () => {
  await using dir = await tempDir();
  const ca = `${dir.path}/sink-ca.pem`;
  await using sink = new Framecat(["sink", "tls://127.0.0.1:0", "--once", "--ca-out", ca, ...J]);
  const port = await sink.port();
  const sent = await runFramecat([
    "flood",
    `tls://localhost:${port}`,
    "--ca",
    ca,
    "--count",
    "100",
    "--size",
    "1MiB",
    ...J,
  ], { timeoutMs: 120_000 });
  assert.equal(sent.code, 0, sent.stderr);
  assert.deepEqual(eventsOf(sent.events, "connected")[0].tls, {
    alpn: null,
    verified: true,
    servername: "localhost",
  });
  assert.equal((await sink.exited(60_000)).code, 0, sink.stderr);
  const [report] = sink.of("report", "sink_final");
  assert.equal(report.intact, true);
  assert.equal(report.bytes, 100 * MiB + 32);
  assert.equal(report.mismatches, 0);
});

Deno.test("a TLS relay's listening line says its certificate's SHA-256 in words, as serve tls:// does", async () => {
  for (const [lang, words] of [["en", "certificate SHA-256 "], ["zh", "证书的 SHA-256 指纹 "]]) {
    await using relay = new Framecat(
      ["relay", "tls://127.0.0.1:0", "tcp://127.0.0.1:9", "--lang", lang],
    );
    const deadline = Date.now() + 10_000;
    while (!/\n.*(forwarding to|转发到)/.test(relay.stderr) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const line = relay.stderr.split("\n").find((l) => /forwarding to|转发到/.test(l)) ?? "";
    assert.match(line, new RegExp(`${words}([0-9A-F]{2}:){31}[0-9A-F]{2}$`), relay.stderr);
    assert.doesNotMatch(line, /fingerprint=/);
  }
});
