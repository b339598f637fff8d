/**
 * A flood paced slower than one unit a second (a heartbeat-like 0.2
 * datagrams a second, a TCP flood at a few bytes a second) lasts the
 * --duration asked, reports its real rate, and stops at Ctrl-C at once.
 * It used to end after the first datagram (reporting 50 pkt/s for 0.2/s),
 * and Ctrl-C waited for the next unit to be due, up to 1/rate seconds.
 */
import assert from "node:assert/strict";
import { sleep } from "../lib/sleep.ts";
import { Pacer } from "../lib/traffic/pacing.ts";
import { eventsOf, Framecat, runFramecat } from "./helpers/cli.ts";
import { udpSocket } from "./helpers/net.ts";

const J = ["--output", "json"];

/** A clock that moves only when slept on, and cuts a sleep short when its signal aborts. */
function fakeClock() {
  let t = 0;
  return {
    now: () => t,
    sleep: (ms: number, signal?: AbortSignal) => {
      t += signal?.aborted ? 0 : ms;
      return Promise.resolve();
    },
  };
}

Deno.test("the pacer: a stop ends the wait for the next unit; waitOut lasts to the deadline", async () => {
  const clock = fakeClock();
  const pacer = new Pacer(0.5, clock); // a unit every 2 s
  assert.equal(await pacer.release(0), 1);
  assert.equal(await pacer.release(1, 1024, AbortSignal.abort()), 0, "stopped: nothing is due");
  assert.equal(clock.now(), 0, "and no time was waited");
  await pacer.waitOut(3000);
  assert.equal(clock.now(), 3000);
  await pacer.waitOut(Infinity);
  assert.equal(clock.now(), 3000, "a --count flood has no deadline to wait for");
});

Deno.test("flood udp --rate 0.5 --duration 1.5: one datagram over 1.5 s, reported as such", async () => {
  using sink = udpSocket(); // nobody reads: the flood's report is what is checked
  const port = (sink.addr as Deno.NetAddr).port;
  const started = performance.now();
  const result = await runFramecat(
    ["flood", `udp://127.0.0.1:${port}`, "--rate", "0.5", "--duration", "1.5", ...J],
  );
  const seconds = (performance.now() - started) / 1000;
  assert.equal(result.code, 0, result.stderr);
  const [report] = eventsOf(result.events, "report", "flood_udp");
  assert.equal(report.sent, 1);
  // It lasts the 1.5 s asked, at least: a stalled machine may make it longer, never shorter.
  assert.ok(report.seconds >= 1.49, `the flood took ${report.seconds} s`);
  assert.ok(report.packets_per_second < 1, `${report.packets_per_second} pkt/s at 0.5/s`);
  assert.ok(seconds >= 1.4, `framecat ended after ${seconds.toFixed(2)} s`);
  assert.match(
    String(report.message),
    /^sent 1 datagram of 1400 bytes in \d+\.\d\d s {2}0\.\d+ pkt\/s/,
  );
});

Deno.test("flood udp at 0.0001/s: Ctrl-C stops it at once, with its report, and sends nothing more", async () => {
  using sink = udpSocket();
  const port = (sink.addr as Deno.NetAddr).port;
  await using flood = new Framecat(
    ["flood", `udp://127.0.0.1:${port}`, "--rate", "0.0001", "--count", "3", ...J],
  );
  await flood.waitFor((evs) => eventsOf(evs, "info", "stream").length > 0);
  assert.match(String(eventsOf(flood.events, "info", "stream")[0].message), / at 0\.0001\/s$/);
  await sleep(500);
  // The next datagram is due 10,000 s after the first: a stop that waited for it would not end
  // within stop()'s bound, which then fails the test. Ending at all is ending at once.
  const status = await flood.stop("SIGINT");
  assert.equal(status.code, 0, flood.stderr);
  const [report] = eventsOf(flood.events, "report", "flood_udp");
  assert.equal(report.sent, 1);
});

Deno.test("flood tcp at a byte every 10,000 s: Ctrl-C stops it at once, with its report", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepting = listener.accept();
  await using flood = new Framecat(
    ["flood", `127.0.0.1:${listener.addr.port}`, "--rate", "0.0001", "--count", "1", ...J],
  );
  using conn = await accepting;
  await flood.waitFor((evs) => eventsOf(evs, "info", "stream").length > 0);
  await sleep(300);
  // A stop that waited for the next byte (hours away) would not end within stop()'s bound.
  const stopping = flood.stop("SIGINT");
  // The flood half-closes after its trailer and waits for our close, as a sink's.
  const buffer = new Uint8Array(1024);
  while (await conn.read(buffer) !== null) { /* the preamble, a byte, the trailer */ }
  conn.close();
  const status = await stopping;
  assert.equal(status.code, 0, flood.stderr);
  assert.ok(eventsOf(flood.events, "report", "flood")[0]);
});
