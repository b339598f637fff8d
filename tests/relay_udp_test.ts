/**
 * The UDP relay end to end: numbered datagrams from this process through a
 * spawned `framecat relay` to a receiver in this process (or to framecat
 * serve). The sender keeps at most WINDOW datagrams in flight (sent, minus
 * arrived, minus those the relay reported dropped), so no kernel buffer can
 * overflow: every datagram missing at the receiver was dropped by the relay.
 */
import assert from "node:assert/strict";
import { sleep } from "../lib/sleep.ts";
import { eventsOf, Framecat, type JsonEventOfKind } from "./helpers/cli.ts";
import { UdpClient, udpSocket } from "./helpers/net.ts";
import { PYTHON, startProcess } from "./helpers/process.ts";
import { arrivalOrder, faults, J, startRelay, stopUdpStats } from "./relay_helpers.ts";

const WINDOW = 64;
const loopback = (port: number): Deno.NetAddr => ({
  transport: "udp",
  hostname: "127.0.0.1",
  port,
});

/** Counts the relay's drop and dup events as they stream in. */
class FaultTally {
  #seen = 0;
  dropped = 0;
  duplicated = 0;

  constructor(readonly relay: Framecat) {}

  update(): this {
    for (; this.#seen < this.relay.events.length; this.#seen++) {
      const ev = this.relay.events[this.#seen];
      if (ev.event === "fault" && ev.fault === "drop") this.dropped++;
      if (ev.event === "fault" && ev.fault === "dup") this.duplicated++;
    }
    return this;
  }
}

interface Flow {
  /** Sequence numbers in the order they arrived (duplicates included). */
  arrivals: number[];
  stats: JsonEventOfKind<"stats", "relay_udp">;
  relay: Framecat;
}

/** Sends datagrams 1..n (16 bytes, big-endian number first) through a relay with `faults`. */
async function flow(n: number, faultArgs: string[]): Promise<Flow> {
  using rx = udpSocket();
  using tx = udpSocket();
  const rxPort = (rx.addr as Deno.NetAddr).port;
  const { relay, port } = await startRelay(
    `udp://127.0.0.1:${rxPort}`,
    faultArgs,
    "udp://127.0.0.1:0",
  );
  await using _relay = relay;
  const arrivals: number[] = [];
  const unique = new Set<number>();
  // One buffer for every receive: Deno's iterator zeroes a new 64 KiB for each datagram.
  const buffer = new Uint8Array(2048);
  const receiving = (async () => {
    for (;;) {
      const [data] = await rx.receive(buffer);
      const seq = new DataView(data.buffer, data.byteOffset).getUint32(0);
      arrivals.push(seq);
      unique.add(seq);
    }
  })().catch(() => {}); // ends when rx closes
  try {
    const tally = new FaultTally(relay);
    const deadline = Date.now() + 30_000;
    const waitUntil = async (done: () => boolean, what: string) => {
      while (!done()) {
        assert.ok(Date.now() < deadline, `timed out: ${what}`);
        await sleep(1);
      }
    };
    const datagram = new Uint8Array(16);
    for (let seq = 1; seq <= n; seq++) {
      await waitUntil(() => seq - 1 - unique.size - tally.update().dropped < WINDOW, "window");
      new DataView(datagram.buffer).setUint32(0, seq);
      await tx.send(datagram, loopback(port));
    }
    await waitUntil(() => {
      tally.update();
      return unique.size + tally.dropped === n &&
        arrivals.length === unique.size + tally.duplicated;
    }, "every datagram arrived or was dropped");
    return { arrivals, stats: await stopUdpStats(relay), relay };
  } finally {
    rx[Symbol.dispose]();
    await receiving;
  }
}

/** Sequence numbers 1..n that never arrived. */
function missing(arrivals: number[], n: number): number[] {
  const got = new Set(arrivals);
  return Array.from({ length: n }, (_, i) => i + 1).filter((seq) => !got.has(seq));
}

Deno.test("--loss 10 --seed 1 over 10,000 datagrams: 10 % ± 1 % dropped, as the relay counts, same seed same drops", async () => {
  const n = 10_000;
  const first = await flow(n, ["--loss", "10", "--seed", "1"]);
  const lost = missing(first.arrivals, n);
  assert.equal(lost.length, first.stats.dropped);
  assert.ok(lost.length >= 900 && lost.length <= 1100, `${lost.length} of ${n} dropped`);
  assert.deepEqual(faults(first.relay, "drop").map((e) => e.seq), lost);
  assert.equal(first.stats.datagrams_up, n);
  assert.equal(first.stats.sessions, 1);
  const again = await flow(n, ["--loss", "10", "--seed", "1"]);
  assert.deepEqual(missing(again.arrivals, n), lost, "the same seed drops the same datagrams");
});

Deno.test("--dup 10 --reorder 10: duplicates and late arrivals at the receiver match the relay's counts", async () => {
  const n = 2000;
  const { arrivals, stats, relay } = await flow(n, [
    "--dup",
    "10",
    "--reorder",
    "10",
    "--seed",
    "2",
  ]);
  const { unique, duplicates: dups, late } = arrivalOrder(arrivals);
  assert.equal(unique, n, "nothing lost");
  assert.ok(dups > 100 && late > 100, `${dups} duplicates, ${late} late`);
  assert.equal(stats.duplicated, dups);
  assert.equal(stats.reordered, late);
  assert.equal(faults(relay, "dup").length, dups);
  assert.equal(faults(relay, "reorder").length, late);
});

/** A framecat UDP echo server. */
async function udpEcho(): Promise<{ server: Framecat; target: string }> {
  const args = ["serve", "udp://127.0.0.1:0", "--behavior", "echo", ...J];
  const { framecat, port } = await Framecat.listening(args);
  return { server: framecat, target: `udp://127.0.0.1:${port}` };
}

/**
 * Sends `text` and returns the reply (undefined after `timeoutMs`) and the ms it took. The
 * default is for a reply certain to come: a bound no stall of a loaded machine outlasts.
 */
async function ask(client: UdpClient, text: string, timeoutMs = 30_000) {
  const start = performance.now();
  await client.send(text);
  const reply = await client.receive(timeoutMs);
  return { reply, ms: performance.now() - start };
}

Deno.test("udp --delay 100 adds at least 100 ms each way; --truncate cuts and says so", async () => {
  const { server, target } = await udpEcho();
  await using _server = server;
  {
    const { relay, port } = await startRelay(target, ["--delay", "100"], "udp://127.0.0.1:0");
    await using _relay = relay;
    using client = new UdpClient(port);
    const { reply, ms } = await ask(client, "ping");
    assert.equal(reply, "ping");
    assert.ok(ms >= 200, `round trip ${ms.toFixed(1)} ms through 100 ms each way`);
    assert.equal((await stopUdpStats(relay)).delayed, 2);
  }
  {
    const { relay, port } = await startRelay(target, ["--truncate", "5"], "udp://127.0.0.1:0");
    await using _relay = relay;
    using client = new UdpClient(port);
    assert.equal((await ask(client, "hello world")).reply, "hello");
    const stats = await stopUdpStats(relay);
    assert.equal(stats.truncated, 1, "the 5-byte echo is not cut again");
    assert.deepEqual(
      faults(relay, "truncate").map((e) => [e.direction, e.bytes, e.kept]),
      [["up", 11, 5]],
    );
  }
});

Deno.test("udp sessions: replies reach the right client; idle sessions expire; --direction down", async () => {
  const { server, target } = await udpEcho();
  await using _server = server;
  {
    const { relay, port } = await startRelay(
      target,
      ["--idle-timeout", "0.3"],
      "udp://127.0.0.1:0",
    );
    await using _relay = relay;
    using a = new UdpClient(port);
    using b = new UdpClient(port);
    const [ra, rb] = await Promise.all([ask(a, "from a"), ask(b, "from b")]);
    assert.deepEqual([ra.reply, rb.reply], ["from a", "from b"]);
    const closed = await relay.waitFor(
      (evs) => {
        const found = eventsOf(evs, "closed");
        return found.length === 2 && found;
      },
      5000,
      "two expired sessions",
    );
    assert.deepEqual(closed.map((e) => e.reason), ["idle", "idle"]);
    assert.equal((await ask(a, "again")).reply, "again", "a new session after expiry");
    const stats = await stopUdpStats(relay);
    assert.equal(stats.sessions, 3);
    assert.equal(stats.expired, 2);
    assert.deepEqual([stats.datagrams_up, stats.datagrams_down], [3, 3]);
  }
  {
    const { relay, port } = await startRelay(
      target,
      ["--loss", "100", "--direction", "down"],
      "udp://127.0.0.1:0",
    );
    await using _relay = relay;
    using client = new UdpClient(port);
    assert.equal((await ask(client, "lost on the way back", 500)).reply, undefined);
    await relay.waitFor(
      (evs) => eventsOf(evs, "fault").some((e) => e.fault === "drop"),
      5000,
      "the drop",
    );
    const stats = await stopUdpStats(relay);
    assert.deepEqual([stats.datagrams_up, stats.datagrams_down, stats.dropped], [1, 1, 1]);
    assert.equal(faults(relay, "drop")[0].direction, "down");
  }
});

Deno.test("relay udp: a client whose datagrams came while the relay was not running (a stalled process) is not expired for it", async () => {
  using sink = udpSocket();
  const target = `udp://127.0.0.1:${(sink.addr as Deno.NetAddr).port}`;
  const { relay, port } = await startRelay(target, ["--idle-timeout", "0.5"], "udp://127.0.0.1:0");
  await using _ = relay;
  // A client that writes every 0.1 s (for at most 20 s), in a process of its own: its datagrams
  // wait in the kernel while this one (the relay's) is stalled.
  await using _client = await startProcess(PYTHON, [
    "-c",
    `import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b'first', ('127.0.0.1', ${port}))
print('sent', flush=True)
for _ in range(200):
    time.sleep(0.1)
    s.sendto(b'more', ('127.0.0.1', ${port}))`,
  ]);
  // Each datagram within 10 s (the client sends every 0.1 s), or the test fails, not hangs.
  const arrives = async () => {
    const done = new AbortController();
    const late = sleep(10_000, done.signal).then(() => {
      if (!done.signal.aborted) throw new Error("nothing came through the relay");
    });
    try {
      await Promise.race([sink.receive(), late]);
    } finally {
      done.abort();
    }
  };
  await arrives(); // the session is open: its first datagram went on
  // 1.5 s without running the event loop, three times --idle-timeout: the sweep's timer runs
  // first after it, before the datagrams that came meanwhile are read.
  const until = performance.now() + 1_500;
  while (performance.now() < until) { /* the relay, stalled */ }
  // The session goes on (or, expired, a new one would carry them): five more went through.
  for (let i = 0; i < 5; i++) await arrives();
  const stats = await stopUdpStats(relay);
  assert.equal(stats.expired, 0, "no session expired");
});
