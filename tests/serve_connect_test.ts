/**
 * serve and connect end to end: the CLI spawned as users run it, real
 * sockets, assertions on NDJSON events. Sticking is made certain by the
 * receiver reading late (--read-delay), never by luck.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { connectTo, type EventKind, eventsOf, Framecat, runFramecat } from "./helpers/cli.ts";
import { fromBase64, readBytes, text, udpSocket, writeAll } from "./helpers/net.ts";

const J = ["--output", "json"];
const md5 = (b: Uint8Array) => createHash("md5").update(b).digest("hex");
const texts = (events: Record<string, unknown>[], kind: string) =>
  events.filter((e) => e.event === kind).map((e) => e.text);

/**
 * The server's first `count` events of `kind`. A client that has its replies has not
 * necessarily been shown the server's events yet: they come through another pipe.
 */
function eventsOfServer<K extends EventKind>(server: Framecat, kind: K, count: number) {
  return server.waitFor(
    (evs) => {
      const found = eventsOf(evs, kind);
      return found.length >= count && found;
    },
    10_000,
    `${count} ${kind} events`,
  );
}

Deno.test("sticking: two sends arrive as one read when the server reads late", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", "--read-delay", "300", ...J]);
  const port = await server.port();
  const client = await connectTo(port, [
    "--send",
    "hello",
    "--send",
    "world",
    "--interval",
    "0",
    ...J,
  ]);
  assert.equal(client.code, 0, client.stderr);
  await server.waitFor((evs) => evs.some((e) => e.event === "closed"));
  assert.deepEqual(texts(server.events, "read"), ["helloworld"]);
  // The echo comes back as one read too: the client sees the same thing.
  assert.deepEqual(texts(client.events, "read").join(""), "helloworld");
});

Deno.test("sticking fixed: with len framing the same read yields two frames", async () => {
  await using server = new Framecat([
    "serve",
    "127.0.0.1:0",
    "--read-delay",
    "300",
    "--framing",
    "len",
    ...J,
  ]);
  const port = await server.port();
  const client = await connectTo(port, [
    "--send",
    "hello",
    "--send",
    "world",
    "--framing",
    "len",
    "--expect",
    "2",
    ...J,
  ]);
  assert.equal(client.code, 0, client.stderr);
  await server.waitFor((evs) => evs.some((e) => e.event === "closed"));
  const reads = server.of("read");
  assert.equal(reads.length, 1, "both frames arrived in one read");
  assert.equal(reads[0].bytes, 18);
  const frames = server.of("frame");
  assert.deepEqual(frames.map((f) => f.text), ["hello", "world"]);
  assert.deepEqual(frames.map((f) => f.read), [1, 1], "both completed by read #1");
  assert.deepEqual(texts(client.events, "frame"), ["hello", "world"]);
});

Deno.test("splitting: 100 KiB read 1,024 bytes at a time; len framing reassembles it", async () => {
  const big = "0123456789abcdef".repeat(6400); // 100 KiB
  for (const framing of ["raw", "len"]) {
    await using server = new Framecat([
      "serve",
      "127.0.0.1:0",
      "--read-size",
      "1024",
      "--framing",
      framing,
      "--behavior",
      "discard",
      ...J,
    ]);
    const port = await server.port();
    const client = await connectTo(port, [
      "--send",
      big,
      "--framing",
      framing,
      "--wait",
      "0",
      ...J,
    ]);
    assert.equal(client.code, 0, client.stderr);
    await server.waitFor((evs) => evs.some((e) => e.event === "closed"));
    const reads = server.of("read");
    assert.ok(reads.length >= 100, `${framing}: ${reads.length} reads`);
    assert.ok(reads.every((r) => (r.bytes ?? Infinity) <= 1024));
    if (framing === "len") {
      const frames = server.of("frame");
      assert.equal(frames.length, 1);
      assert.equal(md5(fromBase64(frames[0])), md5(text(big)));
      assert.equal(frames[0].read, reads.length, "completed by the last read");
    }
  }
});

Deno.test("UDP: three sends are three datagrams, never merged, even when read late", async () => {
  await using server = new Framecat(["serve", "udp://127.0.0.1:0", "--read-delay", "200", ...J]);
  const port = await server.port();
  const client = await runFramecat([
    "connect",
    `udp://127.0.0.1:${port}`,
    "--send",
    "one",
    "--send",
    "two",
    "--send",
    "three",
    "--expect",
    "3",
    "--wait",
    "5000",
    ...J,
  ]);
  assert.equal(client.code, 0, client.stderr);
  assert.deepEqual(texts(await eventsOfServer(server, "read", 3), "read"), ["one", "two", "three"]);
  assert.deepEqual(texts(client.events, "read"), ["one", "two", "three"]);
});

Deno.test("UDP: a 1,400-byte datagram read into 512 bytes is reported truncated", async () => {
  await using server = new Framecat([
    "serve",
    "udp://127.0.0.1:0",
    "--read-size",
    "512",
    "--behavior",
    "discard",
    ...J,
  ]);
  const port = await server.port();
  await runFramecat([
    "connect",
    `udp://127.0.0.1:${port}`,
    "--send",
    "x".repeat(1400),
    "--wait",
    "0",
    ...J,
  ]);
  const read = await server.waitFor((evs) => eventsOf(evs, "read")[0]);
  assert.equal(read.truncated, true);
  assert.equal(read.bytes, 512);
  assert.equal(read.datagram_bytes, 1400);
  assert.equal(read.lost_bytes, 888);
});

Deno.test("UDP: an empty datagram is a message and round-trips", async () => {
  await using server = new Framecat(["serve", "udp://127.0.0.1:0", ...J]);
  const port = await server.port();
  const client = await runFramecat([
    "connect",
    `udp://127.0.0.1:${port}`,
    "--send",
    "",
    "--send",
    "after",
    "--expect",
    "2",
    "--wait",
    "5000",
    ...J,
  ]);
  assert.equal(client.code, 0);
  assert.deepEqual(texts(client.events, "frame"), ["", "after"]);
  assert.deepEqual(texts(await eventsOfServer(server, "frame", 2), "frame"), ["", "after"]);
});

Deno.test("UDP: two clients at once each get their own replies", async () => {
  await using server = new Framecat(["serve", "udp://127.0.0.1:0", "--behavior", "upper", ...J]);
  const port = await server.port();
  const run = (word: string) =>
    runFramecat([
      "connect",
      `udp://127.0.0.1:${port}`,
      "--send",
      word,
      "--count",
      "20",
      "--interval",
      "5",
      "--expect",
      "20",
      "--wait",
      "8000",
      ...J,
    ]);
  const [a, b] = await Promise.all([run("alpha"), run("beta")]);
  assert.deepEqual(texts(a.events, "frame"), Array(20).fill("ALPHA"));
  assert.deepEqual(texts(b.events, "frame"), Array(20).fill("BETA"));
  const peers = new Set((await eventsOfServer(server, "read", 40)).map((e) => e.peer));
  assert.equal(peers.size, 2, "the server told the two peers apart by address");
});

Deno.test("--serial: a second client is served only after the first leaves", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", "--serial", ...J]);
  const port = await server.port();
  const first = await Deno.connect({ hostname: "127.0.0.1", port });
  await writeAll(first, text("first"));
  assert.equal(new TextDecoder().decode(await readBytes(first, 5)), "first");
  const second = await Deno.connect({ hostname: "127.0.0.1", port }); // waits in the backlog
  await writeAll(second, text("second"));
  // The first connection is still being served, so the second cannot have been accepted.
  await writeAll(first, text("again"));
  assert.equal(new TextDecoder().decode(await readBytes(first, 5)), "again");
  assert.equal((await eventsOfServer(server, "connected", 1)).length, 1);
  first.close();
  assert.equal(new TextDecoder().decode(await readBytes(second, 6)), "second");
  second.close();
  const connected = await eventsOfServer(server, "connected", 2);
  const firstClosed = server.events.findIndex((e) => e.event === "closed");
  const secondConnected = server.events.indexOf(connected[1]);
  assert.ok(firstClosed < secondConnected, "second accepted only after the first closed");
});

Deno.test("IPv6: [::1] round-trips over TCP and UDP", async () => {
  for (const scheme of ["tcp", "udp"]) {
    await using server = new Framecat(["serve", `${scheme}://[::1]:0`, ...J]);
    const port = await server.port();
    const listening = server.of("listening")[0];
    assert.equal(listening.address, `[::1]:${port}`);
    const client = await runFramecat([
      "connect",
      `${scheme}://[::1]:${port}`,
      "--send",
      "six",
      "--expect",
      "1",
      "--wait",
      "5000",
      ...J,
    ]);
    assert.equal(client.code, 0, client.stderr);
    assert.deepEqual(texts(client.events, "read"), ["six"]);
    assert.equal(eventsOf(client.events, "read")[0].peer, `[::1]:${port}`);
  }
});

Deno.test("unix sockets round-trip, and the socket file is removed on exit", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/fc.sock`;
  try {
    await using server = new Framecat(["serve", `unix:${path}`, "--framing", "line", ...J]);
    await server.waitFor((evs) => evs.some((e) => e.event === "listening"));
    const client = await runFramecat([
      "connect",
      `unix:${path}`,
      "--framing",
      "line",
      "--send",
      "over unix",
      "--expect",
      "1",
      ...J,
    ]);
    assert.equal(client.code, 0, client.stderr);
    assert.deepEqual(texts(client.events, "frame"), ["over unix"]);
    const status = await server.stop();
    assert.equal(status.code, 0);
    await assert.rejects(Deno.lstat(path), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--half-close: the server sees EOF after our sends and still replies", async () => {
  await using server = new Framecat([
    "serve",
    "127.0.0.1:0",
    "--framing",
    "line",
    "--behavior",
    "upper",
    ...J,
  ]);
  const port = await server.port();
  const client = await connectTo(port, [
    "--framing",
    "line",
    "--send",
    "a",
    "--send",
    "b",
    "--half-close",
    "--wait",
    "5000",
    ...J,
  ]);
  assert.equal(client.code, 0);
  assert.deepEqual(texts(client.events, "frame"), ["A", "B"]);
  const closed = eventsOf(client.events, "closed")[0];
  assert.equal(closed.reason, "eof", "the server closed after our EOF");
});

Deno.test("pipe mode: raw bytes pass through; in line framing each line is a message", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", "--framing", "line", ...J]);
  const port = await server.port();
  const client = await connectTo(port, [
    "--framing",
    "line",
    "--expect",
    "3",
    ...J,
  ], {
    stdin: "one\ntwo\r\nthree\n",
  });
  assert.equal(client.code, 0, client.stderr);
  assert.deepEqual(texts(client.events, "frame"), ["one", "two", "three"]);
});

Deno.test("--encoding gbk: typed text is sent as GBK and shown decoded", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", "--encoding", "gbk", ...J]);
  const port = await server.port();
  const client = await connectTo(port, [
    "--encoding",
    "gbk",
    "--send",
    "你好",
    "--expect",
    "1",
    ...J,
  ]);
  assert.equal(client.code, 0, client.stderr);
  const [read] = await eventsOfServer(server, "read", 1);
  assert.deepEqual([...fromBase64(read)], [0xc4, 0xe3, 0xba, 0xc3]);
  assert.equal(read.text, "你好");
  assert.equal(eventsOf(client.events, "read")[0].text, "你好");
});

Deno.test("--count and --interval repeat the sends; --send-hex keeps its place", async () => {
  await using server = new Framecat([
    "serve",
    "127.0.0.1:0",
    "--framing",
    "len",
    "--behavior",
    "discard",
    ...J,
  ]);
  const port = await server.port();
  const client = await connectTo(port, [
    "--framing",
    "len",
    "--send",
    "a",
    "--send-hex",
    "6263",
    "--count",
    "3",
    "--interval",
    "10",
    "--wait",
    "300",
    ...J,
  ]);
  assert.equal(client.code, 0);
  await server.waitFor((evs) => eventsOf(evs, "frame").length === 6);
  assert.deepEqual(texts(server.events, "frame"), ["a", "bc", "a", "bc", "a", "bc"]);
});

Deno.test("Ctrl-C: the server prints its stats and exits 0", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", ...J]);
  const port = await server.port();
  await runFramecat(["connect", `${port}`, "--send", "abc", "--expect", "1", ...J]);
  await server.waitFor((evs) => evs.some((e) => e.event === "closed"));
  const status = await server.stop("SIGINT");
  assert.equal(status.code, 0);
  const [stats] = server.of("stats", "serve");
  assert.equal(stats.connections, 1);
  assert.equal(stats.bytes_in, 3);
  assert.equal(stats.bytes_out, 3);
});

Deno.test("serve --read-delay: Ctrl-C closes a connection waiting out its delay at once, and the stats come", async () => {
  // Ten minutes of delay: a stop that waited it out would outlast every bound here.
  const { framecat: server, port } = await Framecat.listening([
    "serve",
    "127.0.0.1:0",
    "--read-delay",
    "600000",
    ...J,
  ]);
  await using _server = server;
  using conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await server.waitFor((evs) => evs.find((e) => e.event === "connected"));
  const status = await server.stop();
  assert.equal(status.code, 0, server.stderr);
  const [closed] = eventsOf(server.events, "closed");
  assert.equal(closed?.reason, "us");
  assert.equal(eventsOf(server.events, "stats", "serve")[0]?.connections, 1);
  // The client sees the close.
  assert.equal((await readBytes(conn, 1)).length, 0);
});

Deno.test("serve udp --read-delay: Ctrl-C does not wait out the delay before the stats", async () => {
  const { framecat: server, port } = await Framecat.listening([
    "serve",
    "udp://127.0.0.1:0",
    "--read-delay",
    "600000",
    ...J,
  ]);
  await using _server = server;
  using client = udpSocket();
  await client.send(new TextEncoder().encode("hi"), {
    hostname: "127.0.0.1",
    port,
    transport: "udp",
  });
  const status = await server.stop();
  assert.equal(status.code, 0, server.stderr);
  assert.equal(server.of("stats", "serve_udp").length, 1);
});
