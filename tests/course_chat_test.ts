/**
 * serve --behavior chat: the course's group chat. Messages reach every live
 * peer with the sender's address; ^hb^ keeps a peer live without a broadcast;
 * quit leaves at once; silence longer than --interval drops the peer.
 */
import { ok, strictEqual } from "node:assert/strict";
import { sleep } from "../lib/sleep.ts";
import { eventsOf, Framecat } from "./helpers/cli.ts";
import { about } from "./course_helpers.ts";
import { readBytes, UdpClient } from "./helpers/net.ts";
import { fixture, PYTHON, startProcess } from "./helpers/process.ts";

function serveChat(transport: "udp" | "tcp", extra: string[] = []): Framecat {
  const args = ["serve", `${transport}://127.0.0.1:0`, "--behavior", "chat", "--output", "json"];
  return new Framecat([...args, ...extra]);
}

/** Waits for the server's `info` event about `peer` with `chat: what`. */
function chatEvent(server: Framecat, peer: string, what: string) {
  return server.waitFor(
    (evs) => about(eventsOf(evs, "info", "chat"), peer).find((e) => e.chat === what),
    10_000,
    `${what} of ${peer}`,
  );
}

async function join(server: Framecat, client: UdpClient): Promise<void> {
  await client.send("^hb^");
  await chatEvent(server, client.name, "join");
}

Deno.test("chat: a message from one of three UDP peers reaches all three, with its address", async () => {
  await using server = serveChat("udp");
  const port = await server.port();
  using a = new UdpClient(port);
  using b = new UdpClient(port);
  using c = new UdpClient(port);
  for (const peer of [a, b, c]) await join(server, peer);
  await b.send("hello from b");
  // The first datagram each gets is the message: the heartbeats were not broadcast.
  for (const peer of [a, b, c]) strictEqual(await peer.receive(), `[${b.name}] hello from b`);
});

Deno.test("chat: a peer silent for --interval is dropped; quit leaves at once", async () => {
  const interval = 2000;
  await using server = serveChat("udp", ["--interval", `${interval}ms`]);
  const port = await server.port();
  using a = new UdpClient(port);
  using b = new UdpClient(port);
  using silent = new UdpClient(port);
  for (const peer of [a, b, silent]) await join(server, peer);

  // a and b heartbeat far more often than --interval; `silent` says nothing more.
  let beating = true;
  const beats = (async () => {
    for (let i = 0; beating && i < 100; i++) {
      await Promise.all([a.send("^hb^"), b.send("^hb^")]);
      await sleep(200);
    }
  })();
  try {
    const expired = await chatEvent(server, silent.name, "expire");
    strictEqual(expired.message, `${silent.name} was dropped after 2 s of silence; 2 in the chat`);
    const lastRead = about(eventsOf(server.events, "read"), silent.name).at(-1)!;
    const silence = Date.parse(expired.ts) - Date.parse(lastRead.ts);
    ok(silence >= interval, `expired after ${silence} ms of silence, --interval is ${interval}`);
    // Told why, in the same words, before it is forgotten.
    strictEqual(
      await silent.receive(),
      `[framecat] ${silent.name} was dropped after 2 s of silence`,
    );
  } finally {
    beating = false;
    await beats;
  }
  for (const peer of [a, b]) {
    strictEqual(about(eventsOf(server.events, "info", "chat"), peer.name).length, 1);
  }

  await b.send("quit");
  strictEqual(
    (await chatEvent(server, b.name, "leave")).message,
    `${b.name} left (quit); 1 in the chat`,
  );
  await a.send("after");
  strictEqual(await a.receive(), `[${a.name}] after`);
  // Sent to the live peers at once: by the time a has its copy, the others would have theirs.
  strictEqual(await b.receive(300), undefined, "b has quit");
  strictEqual(await silent.receive(300), undefined, "silent has expired");
});

Deno.test("chat: the course's Python UDP client (heartbeat thread) talks with the others", async () => {
  await using server = serveChat("udp", ["--interval", "5s"]);
  const port = await server.port();
  using deno = new UdpClient(port);
  await join(server, deno);
  await using python = await startProcess(
    PYTHON,
    fixture("course_chat_client.py", [String(port), "hello python", "hello deno"]),
    20_000,
  );
  const me = JSON.parse(python.firstLine).me as string;
  await chatEvent(server, me, "join");
  await deno.send("hello python");
  ok(await deno.receiveUntil(`[${me}] hello deno`), "the Python client's message reached us");
  const rest = await python.rest();
  const { received } = JSON.parse(rest.trim().split("\n").at(-1)!) as { received: string[] };
  ok(received.includes(`[${deno.name}] hello python`), JSON.stringify(received));
  await chatEvent(server, me, "leave"); // it says quit on its way out
});

Deno.test("chat: connect --heartbeat joins at once, stays live past --interval, shows the others", async () => {
  await using server = serveChat("udp", ["--interval", "1s"]);
  const port = await server.port();
  await using client = new Framecat([
    "connect",
    `udp://127.0.0.1:${port}`,
    "--heartbeat",
    "0.2",
    "--wait",
    "20000",
    "--output",
    "json",
  ]);
  const joined = await server.waitFor(
    (evs) => eventsOf(evs, "info", "chat").find((e) => e.chat === "join"),
    10_000,
    "the client's join",
  );
  const name = joined.peer as string;
  // Heartbeats for well over --interval (8 × 0.2 s > 1 s), and still live.
  await server.waitFor(
    (evs) => about(eventsOf(evs, "frame"), name).length >= 8,
    10_000,
    "eight heartbeats",
  );
  strictEqual(
    about(eventsOf(server.events, "info", "chat"), name).some((e) => e.chat === "expire"),
    false,
  );
  using other = new UdpClient(port);
  await join(server, other);
  await other.send("hi all");
  await client.waitFor(
    (evs) => eventsOf(evs, "frame").find((e) => e.text === `[${other.name}] hi all`),
    10_000,
    "the message of the other peer",
  );
  strictEqual(await other.receive(), `[${other.name}] hi all`, "heartbeats are not broadcast");
});

Deno.test("chat: over TCP with line framing; quit closes the connection", async () => {
  await using server = serveChat("tcp", ["--framing", "line"]);
  const port = await server.port();
  const a = await Deno.connect({ hostname: "127.0.0.1", port });
  const b = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const nameOf = (conn: Deno.Conn) => `127.0.0.1:${(conn.localAddr as Deno.NetAddr).port}`;
    for (const conn of [a, b]) await chatEvent(server, nameOf(conn), "join");
    const line = `[${nameOf(a)}] hi\n`;
    await a.write(new TextEncoder().encode("hi\n"));
    for (const conn of [a, b]) {
      strictEqual(new TextDecoder().decode(await readBytes(conn, line.length)), line);
    }
    await b.write(new TextEncoder().encode("quit\n"));
    await chatEvent(server, nameOf(b), "leave");
    strictEqual((await readBytes(b, 1)).length, 0, "the server closed b's connection");
  } finally {
    a.close();
    b.close();
  }
});

Deno.test("chat: a member whose heartbeats came while the server was not running (a stalled process) is not expired for it", async () => {
  await using server = serveChat("tcp", ["--interval", "1s"]);
  const port = await server.port();
  // A member that writes a heartbeat every 0.1 s for 4 s, in a process of its own: its bytes
  // wait in the kernel while this one (the server's) is stalled.
  const member = await startProcess(PYTHON, [
    "-c",
    `import socket, time
s = socket.create_connection(('127.0.0.1', ${port}))
print(s.getsockname()[1], flush=True)
for _ in range(40):
    s.sendall(b'^hb^\\n')
    time.sleep(0.1)
s.close()`,
  ]);
  await using _ = member;
  const me = `127.0.0.1:${member.firstLine}`;
  await chatEvent(server, me, "join");
  // 1.5 s without running the event loop: longer than --interval. The sweep's timer runs first
  // after it, before the heartbeats that came meanwhile are read.
  const until = performance.now() + 1_500;
  while (performance.now() < until) { /* the server, stalled */ }
  // It leaves when its 4 s are over, never expired on the way.
  const ended = await server.waitFor(
    (evs) =>
      about(eventsOf(evs, "info", "chat"), me).find((e) =>
        e.chat === "leave" || e.chat === "expire"
      ),
    10_000,
    "its leave",
  );
  strictEqual(ended.chat, "leave");
});
