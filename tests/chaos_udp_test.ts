/**
 * UDP under attack, as users run framecat: a flood into a group member,
 * datagrams with forged sources (a raw socket), a group server reached by
 * unicast, a chat room joined by hundreds of forged peers.
 */
import assert from "node:assert/strict";
import { eventsOf, Framecat, type JsonEvent, type JsonEventOfKind } from "./helpers/cli.ts";
import { freePort, text, UdpClient, udpSocket } from "./helpers/net.ts";
import { fixture, output, PYTHON } from "./helpers/process.ts";
import { ownUid } from "../lib/transport/peer_owner.ts";
import { REPLIES_PER_SECOND } from "../lib/transport/reply_guard.ts";
import { ROOM_MEMBERS } from "../lib/behaviors/chat.ts";
import { J, rssBytes } from "./chaos_helpers.ts";

/** A counter of the `read` events in a growing list, counting from where it last stopped. */
function readCounter(): (evs: JsonEvent[]) => number {
  let seen = 0, counted = 0;
  return (evs) => {
    for (; seen < evs.length; seen++) if (evs[seen].event === "read") counted++;
    return counted;
  };
}

/** A group joined on loopback only: it never leaves the machine. */
const GROUP = "239.255.22.4";
const LO = ["--iface", "127.0.0.1"];

Deno.test("a group member receiving 6,000 datagrams stops growing (no receive left pending per datagram)", async () => {
  const port = freePort();
  await using member = new Framecat([
    "connect",
    `udp://${GROUP}:${port}`,
    ...LO,
    "--wait",
    "60000",
    ...J,
  ], { process: true }); // its own memory, measured
  await member.waitFor((evs) => evs.some((e) => e.event === "connected"));
  using sender = udpSocket();
  const group: Deno.NetAddr = { transport: "udp", hostname: GROUP, port };
  const reads = readCounter();
  let sent = 0;
  const send = async (count: number) => {
    for (let i = 0; i < count; i++) {
      await sender.send(text("abc"), group);
      // In steps of 200 the member's socket buffer holds: none is lost, each is received.
      if (++sent % 200 === 0) await member.waitFor((evs) => reads(evs) === sent, 10_000);
    }
  };
  // The first datagrams settle the heap; what the next 4,000 add is what they keep.
  await send(2000);
  const before = rssBytes(member.pid);
  await send(4000);
  const grown = rssBytes(member.pid) - before;
  assert.ok(grown < 64 * 2 ** 20, `RSS grew by ${(grown / 2 ** 20).toFixed(0)} MiB`);
});

/**
 * `count` datagrams to `to` on 127.0.0.1, their sources forged by a raw socket: from port
 * `from`, `from` + 1, ….
 */
async function spoof(from: number, to: number, message = "ping", count = 1): Promise<void> {
  await output(
    PYTHON,
    fixture("spoof_udp.py", ["127.0.0.1", `${from}`, "127.0.0.1", `${to}`, message, `${count}`]),
  );
}

/** The final `stats` of a UDP server stopped as Ctrl-C stops it. */
async function statsAtStop(server: Framecat): Promise<JsonEventOfKind<"stats", "serve_udp">> {
  await server.stop();
  const [stats] = server.of("stats", "serve_udp");
  assert.ok(stats, server.stderr);
  return stats;
}

/**
 * A UDP echo server on loopback, and its port. `stoppedClock`: its clock stands still
 * (FRAMECAT_FAKE_NOW), so a bound per second of it holds for the whole test, however fast.
 */
function udpEcho(stoppedClock = false): Promise<{ framecat: Framecat; port: number }> {
  const env: Record<string, string> = stoppedClock ? { FRAMECAT_FAKE_NOW: "0" } : {};
  return Framecat.listening(["serve", "udp://127.0.0.1:0", ...J], { env });
}

/** A round trip from a client of our own: the server has handled what came before it. */
async function answered(port: number): Promise<void> {
  using client = new UdpClient(port);
  await client.send("are you there");
  assert.equal(await client.receive(), "are you there");
}

Deno.test({
  name: "a datagram forged from a UDP echo server's own address is never answered (no loop)",
  ignore: ownUid() !== 0,
  async fn() {
    const { framecat: server, port } = await udpEcho();
    await using _ = server;
    await spoof(port, port);
    await answered(port);
    const stats = await statsAtStop(server);
    assert.deepEqual([stats.reads, stats.sends], [2, 1], "the forged one read, only ours answered");
    assert.equal(server.of("error").length, 1);
    assert.match(String(server.of("error")[0].message), /our own address/);
  },
});

Deno.test({
  name: "two UDP echo servers forged at each other stop after 1,000 replies each, and say so once",
  ignore: ownUid() !== 0,
  async fn() {
    const a = await udpEcho(true);
    await using _a = a.framecat;
    const b = await udpEcho(true);
    await using _b = b.framecat;
    await spoof(b.port, a.port);
    const said = (evs: JsonEvent[]) =>
      eventsOf(evs, "error").some((e) => /passed 1000 a second/.test(e.message));
    // 2,000 hops: a bound on time only for a machine far busier than any should be.
    await Promise.any([a.framecat.waitFor(said, 60_000), b.framecat.waitFor(said, 60_000)]);
    const [sa, sb] = [await statsAtStop(a.framecat), await statsAtStop(b.framecat)];
    const replies = sa.sends + sb.sends;
    // The ball is dropped by whichever side passes the bound first: the other sent as many or one less.
    assert.ok(replies <= 2 * REPLIES_PER_SECOND, `${replies} replies`);
    const errors = [...a.framecat.of("error"), ...b.framecat.of("error")];
    assert.equal(errors.length, 1, "said once");
  },
});

Deno.test("a group server hears only its group: a unicast datagram to its port goes unheard", async () => {
  const { framecat: server, port } = await Framecat.listening([
    "serve",
    `udp://${GROUP}:0`,
    ...LO,
    ...J,
  ]);
  await using _ = server;
  using sender = udpSocket();
  await sender.send(text("unicast"), { transport: "udp", hostname: "127.0.0.1", port });
  await sender.send(text("to the group"), { transport: "udp", hostname: GROUP, port });
  await server.waitFor((evs) => evs.some((e) => e.event === "frame" && e.text === "to the group"));
  // Queued first, the unicast one would have been read first.
  assert.deepEqual(server.of("frame").map((e) => e.text), ["to the group"]);
  const [reply] = await sender.receive();
  assert.equal(new TextDecoder().decode(reply), "to the group");
});

Deno.test({
  name: "a UDP chat joined by 300 forged peers lets 256 in, turns the rest away and says so once",
  ignore: ownUid() !== 0,
  async fn() {
    const { framecat: server, port } = await Framecat.listening([
      "serve",
      "udp://127.0.0.1:0",
      "--behavior",
      "chat",
      "--interval",
      "600s",
      ...J,
    ]);
    await using _ = server;
    // Heartbeats: each forged peer joins without a word, so only the room's size is measured.
    // From ports below the ephemeral range (32768 up): never the port our own client is given.
    await spoof(20000, port, "^hb^", 300);
    await server.waitFor((evs) => evs.filter((e) => e.event === "read").length === 300, 10_000);
    // Every message goes to every member: the room's size bounds what one message costs.
    using client = new UdpClient(port);
    await client.send("may I come in");
    assert.equal(await client.receive(), `[framecat] the chat is full (${ROOM_MEMBERS} members)`);
    const chat = server.of("info", "chat");
    assert.equal(chat.filter((e) => e.chat === "join").length, ROOM_MEMBERS);
    assert.equal(Math.max(...chat.map((e) => e.online)), ROOM_MEMBERS);
    const full = chat.filter((e) => e.chat === "full");
    assert.equal(full.length, 1, "said once");
    assert.match(full[0].message, /the chat is full \(256 members\)/);
  },
});
