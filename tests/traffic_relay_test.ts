/**
 * Duplicates and reordering made by `framecat relay`, counted by the sink:
 * the sink's counts must equal the relay's own, and loss must stay 0. Both
 * receive buffers are grown to hold the whole flood, so no datagram is lost
 * to scheduling (see traffic_helpers.ts); skipped where that is impossible.
 */
import assert from "node:assert/strict";
import { Framecat, runFramecat } from "./helpers/cli.ts";
import { bufferGrowthUnavailable, growReceiveBuffer } from "./traffic_helpers.ts";

const COUNT = 2000;
const SIZE = 100;
/** End markers the flood sends after the data. */
const MARKERS = 5;
const BUFFER = 16 * 1024 * 1024;

const unavailable = await bufferGrowthUnavailable();
if (unavailable) {
  console.warn(`skipping the relay test: cannot grow receive buffers (${unavailable})`);
}

Deno.test({
  name: "relay --dup 5 --reorder 5: the sink counts exactly what the relay did, and no loss",
  ignore: unavailable !== undefined,
  fn: async () => {
    await using sink = new Framecat(["sink", "udp://127.0.0.1:0", "--once", "--output", "json"]);
    const sinkPort = await sink.port();
    await using relay = new Framecat([
      "relay",
      "udp://127.0.0.1:0",
      `udp://127.0.0.1:${sinkPort}`,
      "--dup",
      "5",
      "--reorder",
      "5",
      "--seed",
      "2",
      "--output",
      "json",
    ]);
    const relayPort = await relay.port();
    await growReceiveBuffer(sinkPort, BUFFER);
    await growReceiveBuffer(relayPort, BUFFER);

    const flood = await runFramecat([
      "flood",
      `udp://127.0.0.1:${relayPort}`,
      "--count",
      String(COUNT),
      "--rate",
      "2000",
      "--size",
      String(SIZE),
      "--output",
      "json",
    ]);
    assert.equal(flood.code, 0, flood.stderr);
    assert.equal((await sink.exited()).code, 0, sink.stderr);
    await relay.stop();

    const [stats] = relay.of("stats", "relay_udp");
    assert.equal(stats.datagrams_up, COUNT + MARKERS, "the relay saw every datagram");
    assert.equal(stats.dropped, 0);
    // The relay also duplicates and holds end markers; the sink counts data only.
    const faults = relay.of("fault");
    const onData = (kind: string) =>
      faults.filter((f) => f.fault === kind && f.bytes === SIZE).length;
    assert.equal(stats.duplicated, faults.filter((f) => f.fault === "dup").length);
    assert.equal(stats.reordered, faults.filter((f) => f.fault === "reorder").length);
    assert.ok(onData("dup") > 0 && onData("reorder") > 0, "the seed made both faults");
    // Seed 2 holds no data datagram until end markers pass it (seed 3 held the last one past
    // three): a datagram after the marker is then a race with the sink's linger, not a count.
    for (const f of faults.filter((f) => f.fault === "reorder" && f.bytes === SIZE)) {
      assert.ok(Number(f.seq) + Number(f.passed) <= COUNT, `seq ${f.seq} waited for the markers`);
    }

    const [report] = sink.of("report", "sink_udp_final");
    assert.equal(report.end_marker, true);
    assert.equal(report.sent, COUNT);
    assert.equal(report.lost, 0);
    assert.equal(report.unique, COUNT);
    assert.equal(report.duplicates, onData("dup"));
    assert.equal(report.out_of_order, onData("reorder"));
    assert.equal(report.received, COUNT + onData("dup"));
  },
});
