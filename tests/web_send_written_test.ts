/**
 * The page's sends count what was written, and nothing else: a UDP server's
 * reply guard does not silently eat them (a forged peer at the server's own
 * address is refused in words), and a message `connect --coalesce` holds
 * counts once its group has left, not when it was held.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { Workspace } from "./helpers/web.ts";
import { readBytes, readToEnd, UdpClient } from "./helpers/net.ts";
import { fixture, output, PYTHON, startProcess } from "./helpers/process.ts";
import { ownUid } from "../lib/transport/peer_owner.ts";
import { REPLIES_PER_SECOND } from "../lib/transport/reply_guard.ts";
import { sayIn } from "../lib/i18n/say.ts";
import { growReceiveBuffer } from "./traffic_helpers.ts";

const send = (id: string) => `/api/sessions/${id}/send`;

/** Datagrams `client` receives until `n` came or none came for 5 s: how many came. */
async function received(client: UdpClient, n: number): Promise<number> {
  let got = 0;
  while (got < n && await client.receive() !== undefined) got++;
  return got;
}

Deno.test("web: a UDP server's reply guard does not bound the page's own sends: past 1,000 in one second, all go", async () => {
  // Its clock stands still: its second never ends, so 1,000 replies are all a peer may get.
  await using ws = await Workspace.start([], { env: { FRAMECAT_FAKE_NOW: "0" } });
  const { id, port } = await ws.listen(["serve", "udp://127.0.0.1:0", "--behavior", "discard"]);
  using client = new UdpClient(port);
  // Room for every datagram (1,200 small ones take ~1.2 MB of buffer on loopback):
  // a busy machine may deschedule the reader, and none may be lost for that.
  await growReceiveBuffer(Number(client.name.split(":")[1]), 8 << 20);
  await client.send("hi");
  await ws.until(async () => (await ws.session(id)).peers.length === 1 || undefined);
  const count = REPLIES_PER_SECOND + 200;
  const [answer, arrived] = await Promise.all([
    ws.call("POST", send(id), { text: "x", count, interval: 1 }),
    received(client, count),
  ]);
  assertEquals(answer, { status: 200, body: { sent: count } });
  assertEquals((await ws.session(id)).peers[0].sends, count);
  assertEquals(arrived, count);
});

/** One datagram to `to` on loopback, its source forged (a raw socket: root) as `from`. */
async function spoof(from: number, to: number): Promise<void> {
  await output(
    PYTHON,
    fixture("spoof_udp.py", ["127.0.0.1", `${from}`, "127.0.0.1", `${to}`, "forged"]),
  );
}

Deno.test({
  name:
    "web: a UDP peer at the server's own address (a forged source) is never sent to: alone a 409, among others left out and said",
  ignore: ownUid() !== 0,
  async fn() {
    await using ws = Workspace.handler();
    const { id, port } = await ws.listen(["serve", "udp://127.0.0.1:0", "--behavior", "discard"]);
    const own = `127.0.0.1:${port}`;
    await spoof(port, port);
    await ws.until(async () => (await ws.session(id)).peers.length === 1 || undefined);
    const refused = { key: "web.own_address", vars: { peer: own } };
    // To it alone, or to all when it is all there is: refused, in words.
    for (const body of [{ text: "x", peer: own }, { text: "x" }]) {
      const answer = await ws.call("POST", send(id), body);
      assertEquals([answer.status, answer.body.said], [409, refused]);
      assert(answer.body.error.startsWith(`not sent to ${own}: that is this socket's own address`));
    }
    assert(sayIn("zh", refused).startsWith(`没有发给 ${own}：`));
    // With a real peer beside it, the real one gets it; the page's timeline says why the other not.
    using client = new UdpClient(port);
    await client.send("hi");
    await ws.until(async () => (await ws.session(id)).peers.length === 2 || undefined);
    const watch = ws.watch(id);
    try {
      assertEquals(await ws.call("POST", send(id), { text: "x" }), {
        status: 200,
        body: { sent: 1 },
      });
      assertEquals(await client.receive(), "x");
      await watch.until((evs) =>
        evs.some((e) =>
          e.event === "error" && e.peer === own &&
          JSON.stringify(e.said) === JSON.stringify(refused)
        )
      );
    } finally {
      watch.close();
    }
    const sends = Object.fromEntries(
      (await ws.session(id)).peers.map((p: { peer: string; sends: number }) => [p.peer, p.sends]),
    );
    assertEquals(sends, { [own]: 0, [client.name]: 1 });
  },
});

/** A connect session with --coalesce MS to a listener of our own, and the connection it made. */
async function coalescing(ws: Workspace, ms: number, listener: Deno.TcpListener) {
  const argv = ["connect", `tcp://127.0.0.1:${listener.addr.port}`, "--coalesce", `${ms}`];
  const { status, body } = await ws.call("POST", "/api/sessions", { argv });
  assertEquals(status, 201);
  const conn = await listener.accept();
  await ws.until(async () => (await ws.session(body.id)).peers.length === 1 || undefined);
  return { id: body.id as string, conn };
}

Deno.test("web: connect --coalesce: a held message is written when its session stops, and counted", async () => {
  await using ws = Workspace.handler();
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { id, conn } = await coalescing(ws, 60_000, listener);
  using _ = conn;
  // The first is held for a minute, and the second a minute away: the stop comes first.
  const sending = ws.call("POST", send(id), { text: "tick", count: 2, interval: 60_000 });
  await ws.until(async () => (await ws.session(id)).repeats[0]?.rounds === 1 || undefined);
  assertEquals((await ws.call("DELETE", `/api/sessions/${id}`)).body.state, "stopped");
  const answer = await sending;
  assertEquals([answer.status, answer.body.said, answer.body.sent], [409, {
    key: "web.send_stopped",
    vars: { sent: 1 },
  }, 1]);
  // As connect's Ctrl-C: what was held leaves before the connection closes (it was dropped).
  assertEquals(new TextDecoder().decode(await readToEnd(conn)), "tick");
});

Deno.test("web: connect --coalesce: a send is answered once written, a timed one still leaves as one write", async () => {
  await using ws = Workspace.handler();
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { id, conn } = await coalescing(ws, 300, listener);
  using _ = conn;
  assertEquals(await ws.call("POST", send(id), { text: "one" }), {
    status: 200,
    body: { sent: 1 },
  });
  // Answered after its window, once written: counted, and on its way.
  assertEquals((await ws.session(id)).peers[0].sends, 1);
  assertEquals(new TextDecoder().decode(await readBytes(conn, 3)), "one");
  // Five rounds within one window: held together, one write, five messages.
  assertEquals(await ws.call("POST", send(id), { text: "r", count: 5 }), {
    status: 200,
    body: { sent: 5 },
  });
  const buf = new Uint8Array(64);
  const n = await conn.read(buf);
  assertEquals(new TextDecoder().decode(buf.subarray(0, n ?? 0)), "rrrrr");
});

Deno.test("web: connect --coalesce: a timed send's Stop writes what is held of it at once, and counts it", async () => {
  await using ws = Workspace.handler();
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { id, conn } = await coalescing(ws, 60_000, listener);
  using _ = conn;
  const started = await ws.call("POST", send(id), { text: "bg", count: 0, interval: 10 });
  assertEquals(started, { status: 202, body: { repeat: "r1" } });
  await ws.until(async () => (await ws.session(id)).repeats[0]?.rounds >= 3 || undefined);
  const stopped = await ws.call("DELETE", `/api/sessions/${id}/repeats/r1`);
  assertEquals(stopped.status, 200);
  const { sent, rounds } = stopped.body;
  assertEquals(sent, rounds);
  // Written before the answer, not a minute later when the window would have ended.
  assertEquals((await ws.session(id)).peers[0].sends, sent);
  const bytes = await readBytes(conn, 2 * sent, 5_000);
  assertEquals(new TextDecoder().decode(bytes), "bg".repeat(sent));
});

/**
 * A peer that reads nothing (a small receive buffer) and, once bytes have reached it, resets the
 * connection (SO_LINGER 0): the page's big send is cut off half written.
 */
const RESETS_MID_SEND = `
import array, fcntl, socket, struct, termios, time
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
srv.bind(("127.0.0.1", 0))
srv.listen(1)
print(srv.getsockname()[1], flush=True)
conn, _ = srv.accept()
queued = array.array("i", [0])
deadline = time.time() + 10
while queued[0] == 0 and time.time() < deadline:
    time.sleep(0.01)
    fcntl.ioctl(conn, termios.FIONREAD, queued)
conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
conn.close()
`;

Deno.test("web: one send the peer resets half written is a 409 with sent 0, not a 200", async () => {
  await using ws = Workspace.handler();
  await using peer = await startProcess(PYTHON, ["-c", RESETS_MID_SEND]);
  const argv = ["connect", `tcp://127.0.0.1:${peer.firstLine}`];
  const { body } = await ws.call("POST", "/api/sessions", { argv });
  await ws.until(async () => (await ws.session(body.id)).peers.length === 1 || undefined);
  // 8 MiB: more than the kernel's buffers on both sides hold, so the write is under way.
  const answer = await ws.call("POST", send(body.id), { text: "a".repeat(8 * 2 ** 20) });
  assertEquals([answer.status, answer.body.said?.key, answer.body.sent], [
    409,
    "web.send_unwritten",
    0,
  ]);
});
