/**
 * Two things a chat server says that were wrong: a UDP server's final stats
 * counted only the peers still remembered at the end (0 once they had quit or
 * expired) instead of the peers heard; and the notice a member dropped for
 * silence is sent lacked the newline that ends every other line of a raw
 * TCP chat, so an nc client showed it run into whatever came next.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { eventsOf, Framecat } from "./helpers/cli.ts";
import { about } from "./course_helpers.ts";
import { readFrames, readToEnd, text, UdpClient, writeAll } from "./helpers/net.ts";
import { createDecoder } from "../lib/framing/mod.ts";
import type { Framing } from "../lib/framing/types.ts";
import { ROOM_MEMBERS } from "../lib/behaviors/chat.ts";
import { closeQuietly } from "../lib/close.ts";

/** Waits for the server's `info` event about `peer` with `chat: what`. */
function chatEvent(server: Framecat, peer: string, what: string) {
  return server.waitFor(
    (evs) => about(eventsOf(evs, "info", "chat"), peer).find((e) => e.chat === what),
    10_000,
    `${what} of ${peer}`,
  );
}

/** Waits for the `closed` event of `peer`. */
function closedEvent(server: Framecat, peer: string) {
  return server.waitFor(
    (evs) => about(eventsOf(evs, "closed"), peer)[0],
    10_000,
    `the close of ${peer}`,
  );
}

/** The final `stats` of a UDP server stopped as Ctrl-C stops it. */
async function udpStatsAtStop(server: Framecat) {
  await server.stop();
  const [stats] = server.of("stats", "serve_udp");
  ok(stats, server.stderr);
  return stats;
}

Deno.test("serve udp chat: the final stats count the peers heard, also those that quit or expired", async () => {
  const args = ["serve", "udp://127.0.0.1:0", "--behavior", "chat", "--interval", "500ms"];
  const { framecat: server, port } = await Framecat.listening([...args, "--output", "json"]);
  await using _ = server;
  using quitter = new UdpClient(port);
  using silent = new UdpClient(port);
  // Back to back: a member silent for the 500 ms --interval is dropped, and a wait in between
  // could outlast it on a loaded machine (its quit would then be a new peer's first datagram).
  await quitter.send("hello");
  await quitter.send("quit");
  await chatEvent(server, quitter.name, "join");
  await chatEvent(server, quitter.name, "leave");
  await silent.send("hi");
  await chatEvent(server, silent.name, "join");
  await chatEvent(server, silent.name, "expire");
  // Forgotten by the socket too (its notice sent or given up on), before the stop.
  await closedEvent(server, silent.name);
  const stats = await udpStatsAtStop(server);
  strictEqual(stats.reads, 3);
  strictEqual(stats.peers, 2, JSON.stringify(stats));
});

Deno.test("serve udp echo --idle-timeout: peers forgotten for silence are still counted as heard", async () => {
  const args = ["serve", "udp://127.0.0.1:0", "--idle-timeout", "0.3", "--output", "json"];
  const { framecat: server, port } = await Framecat.listening(args);
  await using _ = server;
  using a = new UdpClient(port);
  using b = new UdpClient(port);
  // Each client's pings back to back: a wait between them could outlast the 0.3 s idle timeout
  // on a loaded machine, and make its second ping a new peer's first.
  for (const [client, n] of [[a, 2], [b, 1]] as const) {
    for (let i = 0; i < n; i++) await client.send(`ping ${i}`);
    for (let i = 0; i < n; i++) strictEqual(await client.receive(), `ping ${i}`);
  }
  for (const client of [a, b]) strictEqual((await closedEvent(server, client.name)).reason, "idle");
  // a, heard again after it was forgotten, is a new peer to the server, as it is to the behaviour.
  await a.send("back");
  strictEqual(await a.receive(), "back");
  const stats = await udpStatsAtStop(server);
  strictEqual(stats.reads, 4);
  strictEqual(stats.peers, 3, JSON.stringify(stats));
});

Deno.test("serve udp chat, text output: the stats line says how many peers were heard", async () => {
  await using server = new Framecat(
    ["serve", "udp://127.0.0.1:0", "--behavior", "chat", "--output", "text"],
    { keepStdout: true },
  );
  const listening = await server.waitFor(() => /127\.0\.0\.1:(\d+)/.exec(server.stderr) ?? false);
  const port = Number(listening[1]);
  using a = new UdpClient(port);
  using b = new UdpClient(port);
  using c = new UdpClient(port);
  for (const client of [a, b, c]) {
    // The room sends a message back to its sender too: then the server has heard it.
    await client.send("hello");
    strictEqual(await client.receive(), `[${client.name}] hello`);
    if (client !== c) await client.send("quit");
  }
  // c's message came back after a's and b's quit were read: they have left.
  await server.stop();
  const said = server.stderr + server.stdout;
  ok(/stats: 3 peers, 0 errors/.test(said), said);
});

/** A TCP chat in `framing` whose one member says nothing: what it is sent, up to the close. */
async function droppedNotice(framing: Framing) {
  const { framecat: server, port } = await Framecat.serving(
    ...["--behavior", "chat", "--interval", "500ms", "--framing", framing],
  );
  await using _ = server;
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const name = `127.0.0.1:${(conn.localAddr as Deno.NetAddr).port}`;
  try {
    await chatEvent(server, name, "join");
    await chatEvent(server, name, "expire");
    return { name, bytes: await readToEnd(conn, 10_000) };
  } finally {
    closeQuietly(conn); // or closed by readToEnd's timeout
  }
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

Deno.test("chat over TCP, raw framing: the notice of a drop for silence ends with a newline", async () => {
  const { name, bytes } = await droppedNotice("raw");
  strictEqual(decode(bytes), `[framecat] ${name} was dropped after 0.5 s of silence\n`);
});

Deno.test("chat over TCP, line framing: the notice is one line, its newline not doubled", async () => {
  const { name, bytes } = await droppedNotice("line");
  strictEqual(decode(bytes), `[framecat] ${name} was dropped after 0.5 s of silence\n`);
});

Deno.test("chat over TCP, len and json framing: the notice is one frame, with no newline in it", async () => {
  for (const framing of ["len", "json"] as const) {
    const { name, bytes } = await droppedNotice(framing);
    const frames = createDecoder(framing).push(bytes);
    deepStrictEqual(
      frames.map((f) => decode(f.payload)),
      [`[framecat] ${name} was dropped after 0.5 s of silence`],
      framing,
    );
  }
});

Deno.test("chat over TCP, raw framing: a member's line and the notice of a drop both end with \\n", async () => {
  const { framecat: server, port } = await Framecat.serving(
    ...["--behavior", "chat", "--interval", "1s"],
  );
  await using _ = server;
  const talker = await Deno.connect({ hostname: "127.0.0.1", port });
  const silent = await Deno.connect({ hostname: "127.0.0.1", port });
  const nameOf = (conn: Deno.Conn) => `127.0.0.1:${(conn.localAddr as Deno.NetAddr).port}`;
  try {
    for (const conn of [talker, silent]) await chatEvent(server, nameOf(conn), "join");
    // As nc sends a typed line: with its newline.
    await writeAll(talker, text("hello\n"));
    const line = `[${nameOf(talker)}] hello\n`;
    const got = await readFrames(silent, createDecoder("line"), 1);
    strictEqual(decode(got[0]?.payload ?? new Uint8Array()) + "\n", line);
    await chatEvent(server, nameOf(silent), "expire");
    strictEqual(
      decode(await readToEnd(silent, 10_000)),
      `[framecat] ${nameOf(silent)} was dropped after 1 s of silence\n`,
    );
  } finally {
    for (const conn of [talker, silent]) closeQuietly(conn); // some closed by a read's timeout
  }
});

Deno.test("chat over UDP, raw framing: the notice is the whole datagram, as each message is", async () => {
  const args = ["serve", "udp://127.0.0.1:0", "--behavior", "chat", "--interval", "500ms"];
  const { framecat: server, port } = await Framecat.listening([...args, "--output", "json"]);
  await using _ = server;
  using silent = new UdpClient(port);
  await silent.send("^hb^");
  await chatEvent(server, silent.name, "join");
  strictEqual(
    await silent.receive(10_000),
    `[framecat] ${silent.name} was dropped after 0.5 s of silence`,
  );
});

Deno.test("chat over TCP, raw framing: a peer turned away from a full room is told so in a line", async () => {
  const { framecat: server, port } = await Framecat.serving(
    ...["--behavior", "chat", "--interval", "60s"],
  );
  await using _ = server;
  const members: Deno.Conn[] = [];
  try {
    for (let i = 0; i < ROOM_MEMBERS; i++) {
      members.push(await Deno.connect({ hostname: "127.0.0.1", port }));
    }
    await server.waitFor(
      (evs) =>
        eventsOf(evs, "info", "chat").filter((e) => e.chat === "join").length >= ROOM_MEMBERS,
      20_000,
      `${ROOM_MEMBERS} joins`,
    );
    const late = await Deno.connect({ hostname: "127.0.0.1", port });
    members.push(late);
    strictEqual(
      decode(await readToEnd(late, 10_000)),
      `[framecat] the chat is full (${ROOM_MEMBERS} members)\n`,
    );
  } finally {
    for (const conn of members) closeQuietly(conn); // some closed by a read's timeout
  }
});

Deno.test("serve udp chat, len framing: a peer whose first datagram holds no frame joins at its first frame", async () => {
  const args = ["serve", "udp://127.0.0.1:0", "--behavior", "chat", "--framing", "len"];
  const { framecat: server, port } = await Framecat.listening([...args, "--output", "json"]);
  await using _ = server;
  using peer = new UdpClient(port);
  const to = { transport: "udp" as const, hostname: "127.0.0.1", port };
  // A prefix that announces 9 bytes, and 2 follow: a frame error, and no frame.
  await peer.sock.send(Uint8Array.of(0, 0, 0, 9, 0x68, 0x69), to);
  await server.waitFor((evs) => about(eventsOf(evs, "error"), peer.name)[0]);
  await peer.sock.send(Uint8Array.of(0, 0, 0, 5, ...new TextEncoder().encode("hello")), to);
  await chatEvent(server, peer.name, "join");
  const echoed = `[${peer.name}] hello`;
  // Its own message back, framed: a u32be length (one byte is enough here), then the line.
  strictEqual(await peer.receive(), `\0\0\0${String.fromCharCode(echoed.length)}${echoed}`);
});
