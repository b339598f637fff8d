/**
 * framecat web's own server against what a careless or hostile client on the
 * machine does, as users run it (`framecat web` in a process of its own):
 * WebSocket frames the protocol forbids, connections that never finish a
 * request, an answer that takes longer than the idle timeout, restarts and
 * deletes that cross, and watchers that never read beside one that does.
 */
import assert from "node:assert/strict";
import { Workspace } from "./helpers/web.ts";
import { fixture, PYTHON, startProcess } from "./helpers/process.ts";
import { writeAll } from "./helpers/net.ts";
import { lineRoundTrip } from "./chaos_helpers.ts";

const encoder = new TextEncoder();

/** An events WebSocket of session `id` on a raw connection, upgraded: the frames are ours to write. */
async function rawEventsSocket(ws: Workspace, id: string): Promise<Deno.Conn> {
  const { host, port } = new URL(ws.base);
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(port) });
  await writeAll(
    conn,
    encoder.encode(
      [
        `GET /api/sessions/${id}/events?token=${ws.token} HTTP/1.1`,
        `Host: ${host}`,
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
        "",
        "",
      ].join("\r\n"),
    ),
  );
  const buf = new Uint8Array(4096);
  const n = await conn.read(buf);
  assert.match(new TextDecoder().decode(buf.subarray(0, n ?? 0)), /^HTTP\/1\.1 101 /);
  return conn;
}

/** One client frame: FIN, `opcode`, masked with `mask` unless it is null. */
function frame(opcode: number, payload: Uint8Array, mask: number[] | null, first = 0x80) {
  const length = payload.length < 126
    ? [payload.length]
    : payload.length < 65536
    ? [126, payload.length >> 8, payload.length & 0xff]
    : assert.fail("a frame under 64 KiB");
  const body = mask ? payload.map((b, i) => b ^ mask[i % 4]) : payload;
  const head = [first | opcode, (mask ? 0x80 : 0) | length[0], ...length.slice(1), ...(mask ?? [])];
  return new Uint8Array([...head, ...body]);
}

const MASK = [1, 2, 3, 4];

Deno.test("web: a WebSocket frame the protocol forbids closes that socket, not the workspace", async () => {
  await using ws = await Workspace.start([], { process: true });
  const echo = await ws.listen(["serve", "tcp://127.0.0.1:0", "--framing", "line"]);
  const bad: Record<string, Uint8Array> = {
    "a text message over the 4 KiB a page may send": frame(1, new Uint8Array(5000), MASK),
    "an unmasked frame": frame(1, encoder.encode("hi"), null),
    "text that is not UTF-8": frame(1, new Uint8Array([0xff, 0xfe]), MASK),
    "a reserved bit set": frame(1, encoder.encode("x"), MASK, 0xc0),
    "a reserved opcode": frame(3, encoder.encode("x"), MASK),
    "a close with code 999": frame(8, new Uint8Array([999 >> 8, 999 & 0xff]), MASK),
  };
  for (const [what, bytes] of Object.entries(bad)) {
    const conn = await rawEventsSocket(ws, echo.id);
    await writeAll(conn, bytes);
    // The server answers with a close frame of its own (or just closes): read to the end.
    const buf = new Uint8Array(64 * 1024);
    while ((await conn.read(buf).catch(() => null)) !== null) { /* until closed */ }
    conn.close();
    assert.equal((await ws.call("GET", "/api/sessions")).status, 200, `after ${what}`);
  }
  assert.equal(await lineRoundTrip(echo.port, "still echoing", 10_000), "still echoing");
  assert.equal((await ws.session(echo.id)).state, "running");
  assert.doesNotMatch(ws.framecat.stderr, /Uncaught|RangeError|error:/);
});

Deno.test("web: connections that never finish a request cannot keep the page out, nor hold on by trickling", async () => {
  await using ws = await Workspace.start([], { process: true });
  const port = Number(new URL(ws.base).port);
  // More unfinished requests than the workspace keeps connections: the oldest make room.
  const held: Deno.Conn[] = [];
  for (let i = 0; i < 500; i++) {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await writeAll(conn, encoder.encode("GET / HTTP/1.1\r\nX-Slow: "));
    held.push(conn);
  }
  assert.equal((await ws.call("GET", "/api/lists")).status, 200, "the API answers");
  // Room was made, not taken on top: the workspace holds no more than its 384 connections (a
  // socket made room for stayed counted until its close event, and every connect got in).
  const descriptors = [...Deno.readDirSync(`/proc/${ws.framecat.pid}/fd`)].length;
  assert.ok(descriptors < 384 + 64, `${descriptors} descriptors open`);
  for (const conn of held) conn.close();
  // One byte every second keeps a connection busy, but its request's head is due 10 s after
  // it opened: closed then, not at the 10 s idle timeout the bytes keep putting off.
  const trickler = await Deno.connect({ hostname: "127.0.0.1", port });
  await writeAll(trickler, encoder.encode("GET / HTTP/1.1\r\n"));
  const start = Date.now();
  let open = true;
  for (let i = 0; i < 20 && open; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    open = await writeAll(trickler, encoder.encode("X")).then(() => true, () => false);
  }
  const closed = await trickler.read(new Uint8Array(1024)).then((n) => n === null, () => true);
  trickler.close();
  assert.ok(!open || closed, "the trickling connection was closed");
  assert.ok(Date.now() - start < 15_000, `closed after ${Date.now() - start} ms`);
});

Deno.test("web: a send repeated for longer than the idle timeout is answered when it is done", async () => {
  await using ws = await Workspace.start([], { process: true });
  const server = await ws.listen(["serve", "tcp://127.0.0.1:0", "--framing", "line"]);
  using conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
  await writeAll(conn, encoder.encode("hello\n"));
  await ws.until(async () => (await ws.session(server.id)).peers.length === 1 || undefined);
  const started = Date.now();
  const { status, body } = await ws.call("POST", `/api/sessions/${server.id}/send`, {
    text: "tick\n",
    count: 12,
    interval: 1000,
  });
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.sent, 12);
  assert.ok(Date.now() - started >= 11_000, "it waited for the twelve sends");
});

Deno.test("web: restarts that cross are one restart, and a delete during one leaves it stopped", async () => {
  await using ws = await Workspace.start([], { process: true });
  const server = await ws.listen(["serve", "tcp://127.0.0.1:0", "--framing", "line"]);
  const fixedPort = server.port;
  // Its port from now on is fixed: a second session started over the first could not listen.
  await ws.call("DELETE", `/api/sessions/${server.id}`);
  const fixed = await ws.listen(["serve", `tcp://127.0.0.1:${fixedPort}`, "--framing", "line"]);
  const restarts = await Promise.all(
    Array.from({ length: 5 }, () => ws.call("POST", `/api/sessions/${fixed.id}/restart`)),
  );
  for (const r of restarts) assert.equal(r.status, 200, JSON.stringify(r.body));
  // Those that crossed were one restart; one that came after it had ended is a restart of its
  // own. Either way one server is left, listed and listening: before, the crossing ones each
  // started a server over the last, and the listed one failed on the port an unlisted one held.
  await ws.until(async () => (await ws.session(fixed.id)).port);
  assert.equal((await ws.session(fixed.id)).state, "running");
  assert.equal(await lineRoundTrip(fixedPort, "one server", 10_000), "one server");
  // A delete while a restart is under way: the session ends stopped, and its port is free again.
  // Sent once the restart has begun (its session stopped, or already started again): two
  // requests sent at once may arrive in either order, and a delete that comes first is simply
  // followed by the restart it preceded.
  const before = (await ws.session(fixed.id)).started;
  const restarting = ws.call("POST", `/api/sessions/${fixed.id}/restart`);
  await ws.until(async () => {
    const now = await ws.session(fixed.id);
    return (now.state !== "running" || now.started !== before) || undefined;
  });
  const [, deleted] = await Promise.all([
    restarting,
    ws.call("DELETE", `/api/sessions/${fixed.id}`),
  ]);
  assert.equal(deleted.status, 200);
  assert.notEqual((await ws.session(fixed.id)).state, "running");
  const again = await ws.listen(["serve", `tcp://127.0.0.1:${fixedPort}`, "--framing", "line"]);
  assert.equal((await ws.session(again.id)).state, "running", "the port was free");
});

Deno.test("web: twenty watchers that never read stop another session's feed for 5 s at most", async () => {
  await using ws = await Workspace.start([], { process: true });
  const busy = await ws.listen(["serve", "tcp://127.0.0.1:0", "--behavior", "discard"]);
  const quiet = await ws.listen(["serve", "tcp://127.0.0.1:0", "--framing", "line"]);
  // The busy session's events never stop while the quiet one is watched: 200-byte writes, each
  // a read event, for 30 s at most.
  using client = await Deno.connect({ hostname: "127.0.0.1", port: busy.port });
  client.setNoDelay(true);
  let flooding = true;
  const flood = (async () => {
    const chunk = new Uint8Array(200).fill(0x61);
    const until = Date.now() + 30_000;
    for (let i = 0; flooding && Date.now() < until; i++) {
      await writeAll(client, chunk);
      if (i % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
  })();
  await using _silent = await startProcess(
    PYTHON,
    fixture("silent_watchers.py", [new URL(ws.base).port, ws.token, busy.id, "20"]),
  );
  // Long enough for the twenty to hold more than the shared bound between them.
  await new Promise((resolve) => setTimeout(resolve, 6000));
  const watch = ws.watch(quiet.id);
  try {
    assert.equal(await lineRoundTrip(quiet.port, "heard", 10_000), "heard");
    await watch.until((evs) => evs.some((e) => e.event === "frame" && e.text === "heard"));
  } finally {
    watch.close();
    flooding = false;
    await flood;
  }
});
