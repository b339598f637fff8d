/**
 * Forged probes cannot make the UDP sink's figures absurd: a sequence number
 * beyond any the flood sent, a send time hours away, an end marker counting
 * 2^60, all counted as `malformed` and kept out of sent, lost and jitter.
 */
import assert from "node:assert/strict";
import { sleep } from "../lib/sleep.ts";
import { encodeProbe, nowUs } from "../lib/traffic/datagram_format.ts";
import { eventsOf, Framecat } from "./helpers/cli.ts";
import { udpSocket } from "./helpers/net.ts";
import { J } from "./chaos_helpers.ts";

const STREAM = 0x0c0ffee;
const SENT = 100;

Deno.test("udp sink counts forged probes as malformed; the figures stay sane", async () => {
  const { framecat: sink, port } = await Framecat.listening(["sink", "udp://127.0.0.1:0", ...J]);
  await using _ = sink;
  using sock = udpSocket();
  const to: Deno.NetAddr = { transport: "udp", hostname: "127.0.0.1", port };
  const probe = (seq: number, end = false, sentUs = nowUs()) =>
    sock.send(encodeProbe({ streamId: STREAM, size: 64, seq, sentUs, end }), to);
  for (let seq = 0; seq < SENT; seq++) {
    await probe(seq);
    if (seq === 50) {
      await probe(2 ** 60); // a sequence number no flood reaches
      await probe(51, false, nowUs() - 10 * 3600e6); // sent ten hours ago
    }
  }
  await probe(SENT, true);
  await probe(2 ** 60, true); // an end marker counting 2^60
  await probe(SENT, true);
  const report = await sink.waitFor(
    (evs) => eventsOf(evs, "report", "sink_udp_final")[0],
    15_000,
    "the final report",
  );
  assert.equal(report.sent, SENT);
  assert.equal(report.unique, SENT);
  assert.equal(report.lost, 0);
  assert.equal(report.malformed, 3);
  assert.ok(report.jitter_ms < 1000, `jitter ${report.jitter_ms} ms`);
});

/** Datagrams waiting in the receive queue of the UDP socket bound to `port` (/proc/net/udp). */
async function queued(port: number): Promise<number> {
  for (const line of (await Deno.readTextFile("/proc/net/udp")).split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length > 4 && parseInt(f[1].split(":")[1], 16) === port) {
      return parseInt(f[4].split(":")[1], 16);
    }
  }
  throw new Error(`no UDP socket bound to port ${port}`);
}

Deno.test("udp sink stopped (SIGSTOP) past a stream's expiry reads what waited before ending it", async () => {
  const { framecat: sink, port } = await Framecat.listening(
    ["sink", "udp://127.0.0.1:0", "--once", ...J],
    { process: true },
  );
  await using _ = sink;
  using sock = udpSocket();
  const to: Deno.NetAddr = { transport: "udp", hostname: "127.0.0.1", port };
  const probe = (seq: number, end = false) =>
    sock.send(encodeProbe({ streamId: STREAM, size: 64, seq, sentUs: nowUs(), end }), to);
  const half = SENT / 2;
  for (let seq = 0; seq < half; seq++) await probe(seq);
  // The sink has read the first half (its queue is empty): the stream is open.
  for (let i = 0; i < 500 && await queued(port) > 0; i++) await sleep(10);
  assert.equal(await queued(port), 0, "the sink read the first half");
  // The rest and the end marker arrive while the sink is stopped for longer than the 5 s after
  // which a silent stream is declared ended: the silence was the sink's, not the flood's.
  Deno.kill(sink.pid, "SIGSTOP");
  try {
    for (let seq = half; seq < SENT; seq++) await probe(seq);
    await probe(SENT, true);
    await sleep(5_300);
  } finally {
    Deno.kill(sink.pid, "SIGCONT");
  }
  const report = await sink.waitFor(
    (evs) => eventsOf(evs, "report", "sink_udp_final")[0],
    15_000,
    "the final report",
  );
  assert.equal(report.end_marker, true, "the end marker that waited was read");
  assert.equal(report.sent, SENT);
  assert.equal(report.unique, SENT);
  assert.equal(report.lost, 0);
  assert.equal((await sink.exited()).code, 0, sink.stderr);
});
