/**
 * flood → sink over UDP on loopback, the real CLI on both ends. Loss on
 * loopback depends on scheduling, so these tests assert what holds on any
 * run: the identities, the sender's count, the markers; exact loss against
 * the kernel is traffic_netns_test.ts, exact duplicates and reordering
 * traffic_relay_test.ts.
 */
import assert from "node:assert/strict";
import {
  eventsOf,
  Framecat,
  type JsonEvent,
  type JsonEventOfKind,
  runFramecat,
} from "./helpers/cli.ts";
import { pythonEcho } from "./traffic_helpers.ts";

/** The identities every final sink report (or a --rtt flood's) keeps, whatever the network did. */
function assertAddsUp(
  r: JsonEventOfKind<"report", "sink_udp_final" | "flood_udp_rtt">,
): void {
  assert.equal(r.sent, r.unique + r.lost, "sent = unique + lost");
  assert.equal(r.received, r.unique + r.duplicates, "received = unique + duplicates");
  assert.ok(r.lost >= 0 && r.lost_percent >= 0 && r.lost_percent <= 100);
}

const finals = (sink: Framecat) => sink.of("report", "sink_udp_final");

function startSink(...extra: string[]): Framecat {
  return new Framecat(["sink", "udp://127.0.0.1:0", "--output", "json", ...extra]);
}

/** `framecat serve --behavior echo` over UDP: the peer of the --rtt floods. */
function startEcho(): Framecat {
  return new Framecat(["serve", "udp://127.0.0.1:0", "--behavior", "echo", "--output", "json"]);
}

function flood(port: number, ...extra: string[]) {
  return runFramecat(["flood", `udp://127.0.0.1:${port}`, "--output", "json", ...extra]);
}

Deno.test("the sink's figures add up to the flood's count; intervals never go negative", async () => {
  await using sink = startSink("--once", "--interval", "200ms");
  const port = await sink.port();
  const sent = await flood(port, "--count", "3000", "--rate", "5000", "--size", "100");
  assert.equal(sent.code, 0, sent.stderr);
  const [own] = eventsOf(sent.events, "report", "flood_udp");
  assert.equal(own.sent, 3000);
  assert.equal(own.bytes, 300_000);
  assert.equal(own.role, "flood");

  assert.equal((await sink.exited()).code, 0);
  const [report] = finals(sink);
  assert.equal(report.sent, 3000);
  assert.equal(report.end_marker, true);
  assert.equal(report.stream, own.stream);
  assertAddsUp(report);
  const figures = [
    "jitter_ms",
    "bits_per_second",
    "packets_per_second",
    "seconds",
    "bytes",
  ] as const;
  for (const field of figures) assert.equal(typeof report[field], "number", field);
  const intervals = sink.of("report", "sink_udp_interval");
  assert.ok(intervals.length >= 1, "at least one interval report");
  for (const iv of intervals) {
    for (
      const k of ["received", "unique", "duplicates", "out_of_order", "missing", "bytes"] as const
    ) {
      assert.ok(iv[k] >= 0, `${k} = ${iv[k]}`);
    }
  }
  // The intervals cover the whole stream, the last one up to its last datagram (as iperf3's),
  // back to back from 0: what they count adds up to what the final report counts.
  const intervalReceived = intervals.reduce((sum, iv) => sum + iv.received, 0);
  assert.equal(intervalReceived, report.received);
  assert.equal(intervals[0].start, 0);
  for (let i = 1; i < intervals.length; i++) assert.equal(intervals[i].start, intervals[i - 1].end);
});

Deno.test("several floods at once are kept apart by address and stream id", async () => {
  await using sink = startSink();
  const port = await sink.port();
  const [a, b] = await Promise.all([
    flood(port, "--count", "1000", "--rate", "2000", "--size", "64"),
    flood(port, "--count", "1500", "--rate", "2000", "--size", "64"),
  ]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  await sink.waitFor(
    (evs) => eventsOf(evs, "report", "sink_udp_final").length === 2,
    10_000,
    "two reports",
  );
  await sink.stop();
  const reports = finals(sink);
  const byStream = new Map(reports.map((r) => [r.stream, r]));
  for (const run of [a, b]) {
    const [own] = eventsOf(run.events, "report", "flood_udp");
    const theirs = byStream.get(own.stream)!;
    assert.ok(theirs, `a report for stream ${own.stream}`);
    assert.equal(theirs.sent, own.sent);
    assertAddsUp(theirs);
  }
  assert.notEqual(reports[0].peer, reports[1].peer);
});

Deno.test("a flood killed mid-run: the missing end marker is reported, not miscounted", async () => {
  await using sink = startSink();
  const port = await sink.port();
  await using flood = new Framecat([
    "flood",
    `udp://127.0.0.1:${port}`,
    "--count",
    "1000000",
    "--rate",
    "2000",
    "--output",
    "json",
  ], { process: true }); // killed below: a process
  const started = (evs: JsonEvent[]) => eventsOf(evs, "info", "stream").length > 0;
  await sink.waitFor(started, 10_000, "the stream to start");
  await flood.stop("SIGKILL");
  await sink.stop(); // Ctrl-C: the sink reports every open stream
  const [report] = finals(sink);
  assert.equal(report.end_marker, false);
  assert.ok(report.sent < 1_000_000, "sent is the highest sequence seen + 1");
  assertAddsUp(report);
  const note = sink.of("info").find((e) => /no end marker/.test(e.message));
  assert.ok(note, "an info event says the end marker is missing");
});

Deno.test("datagrams longer than --read-size are counted as truncated", async () => {
  await using sink = startSink("--once", "--read-size", "100");
  const port = await sink.port();
  assert.equal((await flood(port, "--count", "200", "--rate", "2000", "--size", "300")).code, 0);
  await sink.exited();
  const [report] = finals(sink);
  assert.equal(report.truncated, report.received);
  assert.equal(report.bytes, report.received * 100);
  assertAddsUp(report);
});

Deno.test("a datagram too small for the probe header is refused", async () => {
  const result = await flood(9, "--size", "20");
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--size 20.*32/);
  const rtt = await runFramecat(["flood", "tcp://127.0.0.1:9", "--rtt"]);
  assert.equal(rtt.code, 2);
  assert.match(rtt.stderr, /udp/);
});

/** Checks the --rtt report of a run: percentiles in order, loss both ways adding up. */
function assertRtt(events: JsonEvent[], count: number): void {
  const [report] = eventsOf(events, "report", "flood_udp_rtt");
  assert.equal(report.sent, count);
  assertAddsUp(report);
  assert.ok(report.unique > 0, "some echoes came back");
  const rtt = report.rtt_ms;
  assert.ok(rtt, "round trips were measured");
  assert.ok(rtt.min <= rtt.p50 && rtt.p50 <= rtt.p90 && rtt.p90 <= rtt.p99 && rtt.p99 <= rtt.max);
  assert.equal(rtt.samples, report.unique);
}

Deno.test("--rtt against a python3 UDP echo server", async () => {
  await using echo = await pythonEcho();
  const result = await flood(
    echo.port,
    "--rtt",
    "--count",
    "500",
    "--rate",
    "1000",
    "--size",
    "64",
  );
  assert.equal(result.code, 0, result.stderr);
  assertRtt(result.events, 500);
});

Deno.test("--rtt against framecat serve --behavior echo", async () => {
  await using server = startEcho();
  const port = await server.port();
  const result = await flood(port, "--rtt", "--count", "300", "--rate", "500", "--size", "64");
  assert.equal(result.code, 0, result.stderr);
  assertRtt(result.events, 300);
});

Deno.test("text output: one readable line per report, counters first", async () => {
  await using sink = new Framecat(["sink", "udp://127.0.0.1:0", "--once"]);
  const text = await sink.waitFor(
    () => /Listening on udp:\/\/127\.0\.0\.1:(\d+)/.exec(sink.stderr) ?? undefined,
    10_000,
    "listening",
  );
  const result = await runFramecat(["flood", `udp://127.0.0.1:${text[1]}`, "--count", "100"]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /: 100 datagrams of 1400 bytes as fast as possible/);
  assert.match(result.stderr, /sent 100 datagrams of 1400 bytes/);
  await sink.exited();
  assert.match(sink.stderr, /final .* sent 100 .* lost \d+\/100 \(/);
});

Deno.test("--idle-timeout: the sink reports and exits once traffic stops", async () => {
  // The idle clock runs from the start: 3 s leaves room for the flood to start on a loaded machine.
  await using sink = startSink("--idle-timeout", "3");
  const port = await sink.port();
  assert.equal((await flood(port, "--count", "200", "--rate", "2000", "--size", "64")).code, 0);
  assert.equal((await sink.exited()).code, 0);
  const [report] = finals(sink);
  assert.equal(report.sent, 200);
  assertAddsUp(report);
});

Deno.test("text output: a --duration flood reads as a sentence; round trips to three decimals", async () => {
  await using server = startEcho();
  const target = `udp://127.0.0.1:${await server.port()}`;
  const args = ["--rtt", "--duration", "0.3", "--rate", "200", "--size", "64"];
  const result = await runFramecat(["flood", target, ...args]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /: 64-byte datagrams for 0\.3 s at 200\/s, measuring round trips/);
  const ms = "\\d+\\.\\d{3} ms";
  assert.match(result.stderr, new RegExp(`rtt p50 ${ms}  p90 ${ms}  p99 ${ms}  max ${ms}`));
});

Deno.test("text output: a flood of one datagram has no rate to show, not 0 bit/s and 0 pkt/s", async () => {
  await using text = new Framecat(["sink", "udp://127.0.0.1:0", "--once"]);
  const port = await text.waitFor(() =>
    /Listening on udp:\/\/127\.0\.0\.1:(\d+)/.exec(text.stderr)?.[1]
  );
  const sent = await runFramecat(["flood", `udp://127.0.0.1:${port}`, "--count", "1"]);
  assert.equal(sent.code, 0, sent.stderr);
  await text.exited();
  const line = text.stderr.split("\n").find((l) => /final/.test(l)) ?? text.stderr;
  assert.match(line, /final 0\.00 s .* received 1 .* {2}— {2}jitter/);
  assert.doesNotMatch(line, /bit\/s|pkt\/s/);
});
