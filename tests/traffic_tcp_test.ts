/** flood → sink over TCP on loopback: every byte verified, a flipped one found at its offset. */
import assert from "node:assert/strict";
import { eventsOf, Framecat, type JsonEvent, runFramecat } from "./helpers/cli.ts";

const MiB = 1024 * 1024;
/** Preamble and trailer around the pattern. */
const MARKERS = 32;

function startSink(...extra: string[]): Framecat {
  return new Framecat(["sink", "tcp://127.0.0.1:0", "--once", "--output", "json", ...extra]);
}

function flood(port: number, ...extra: string[]) {
  return runFramecat(["flood", `tcp://127.0.0.1:${port}`, "--output", "json", ...extra], {
    timeoutMs: 60_000,
  });
}

/** A flood that outlasts any test (30 s at 10 MiB/s): it is cut short, one way or another. */
const longFlood = (port: number) => [
  "flood",
  `tcp://127.0.0.1:${port}`,
  "--duration",
  "30",
  "--rate",
  "10MiB",
];

const finalOf = (sink: Framecat) => sink.of("report", "sink_final")[0];

Deno.test("1 GiB through loopback arrives intact, every byte verified", async () => {
  await using sink = startSink();
  const port = await sink.port();
  const sent = await flood(port, "--count", "1024", "--size", "1MiB");
  assert.equal(sent.code, 0, sent.stderr);
  const [own] = eventsOf(sent.events, "report", "flood");
  assert.equal(own.bytes, 1024 * MiB + MARKERS);

  assert.equal((await sink.exited(60_000)).code, 0, sink.stderr);
  const report = finalOf(sink);
  assert.equal(report.intact, true);
  assert.equal(report.bytes, 1024 * MiB + MARKERS);
  assert.equal(report.expected_bytes, report.bytes);
  assert.equal(report.end_marker, true);
  assert.equal(report.mismatches, 0);
  assert.equal(report.first_mismatch, null);
  assert.equal(report.stream, own.stream);
  assert.equal(sink.of("error").length, 0);
});

Deno.test("a single flipped byte is detected with its offset", async () => {
  const offset = 123_456_789;
  await using sink = startSink();
  const port = await sink.port();
  const sent = await flood(
    port,
    "--count",
    "256",
    "--size",
    "1MiB",
    "--corrupt-at",
    String(offset),
  );
  assert.equal(sent.code, 0, sent.stderr);
  await sink.exited(30_000);
  const report = finalOf(sink);
  assert.equal(report.intact, false);
  assert.equal(report.first_mismatch, offset);
  assert.equal(report.mismatches, 1);
  assert.equal(report.end_marker, true, "the rest arrived whole");
  const error = sink.of("error")[0];
  assert.match(error.message, new RegExp(`byte ${offset} differs`));
});

Deno.test("a flood cut off mid-run has no trailer: reported incomplete, not intact", async () => {
  await using sink = startSink("--interval", "100ms");
  const port = await sink.port();
  await using flood = new Framecat([...longFlood(port), "--output", "json"], { process: true }); // killed below: a process
  const bytesArrived = (evs: JsonEvent[]) =>
    eventsOf(evs, "report", "sink_interval").some((e) => e.bytes > 0);
  await sink.waitFor(bytesArrived, 10_000, "some bytes");
  await flood.stop("SIGKILL");
  await sink.exited();
  const report = finalOf(sink);
  assert.equal(report.end_marker, false);
  assert.equal(report.intact, false);
  assert.equal(report.mismatches, 0, "what did arrive was right");
  assert.ok(sink.of("error").some((e) => /without its trailer/.test(e.message)));
});

Deno.test("the sink stopped (Ctrl-C) mid-flood says it stopped it: no error blaming the flood", async () => {
  await using sink = new Framecat(["sink", "tcp://127.0.0.1:0", "--interval", "100ms"], {
    keepStdout: true,
  });
  const port = Number(
    await sink.waitFor(() => /127\.0\.0\.1:(\d+)/.exec(sink.stdout + sink.stderr)?.[1]),
  );
  await using flood = new Framecat(longFlood(port));
  // Some of the flood has come (an interval's report), and much more is on its way.
  await sink.waitFor(() => /report: [\d.]+-[\d.]+ s/.test(sink.stdout + sink.stderr) || undefined);
  assert.equal((await sink.stop()).code, 0, sink.stderr);
  const said = sink.stdout + sink.stderr;
  assert.match(said, /stopped while a flood was arriving, after \d+ bytes: the rest never came/);
  assert.match(said, /incomplete: the sink was stopped before the flood ended/);
  assert.doesNotMatch(said, /error|without its trailer|NOT intact/, said);
  await flood.stop();
});

Deno.test("a paced flood, reported per interval, stops after --duration", async () => {
  await using sink = startSink("--interval", "100ms");
  const port = await sink.port();
  const sent = await flood(port, "--duration", "0.5", "--rate", "4MiB", "--size", "64KiB");
  assert.equal(sent.code, 0, sent.stderr);
  const [own] = eventsOf(sent.events, "report", "flood");
  // A paced duration sends rate × duration at most, however late the timers.
  assert.ok(own.bytes <= 0.5 * 4 * MiB + MARKERS, `${own.bytes}`);
  await sink.exited();
  assert.equal(finalOf(sink).intact, true);
  const intervals = sink.of("report", "sink_interval");
  assert.ok(intervals.length >= 1, "pacing keeps the connection open over several intervals");
  const sum = intervals.reduce((s, iv) => s + iv.bytes, 0);
  assert.ok(sum <= own.bytes);
  // Counted from the connection's first byte, back to back, as iperf3's: 0.00-0.10, 0.10-0.20…
  // (a tick shared by every connection began with 0.00-0.00 s, then -0.00-0.10).
  assert.equal(intervals[0].start, 0);
  for (const [i, iv] of intervals.entries()) {
    // The last one runs up to the last byte, however soon after a (late) tick that came, and is
    // kept for its bytes, as iperf3 keeps one; the others are a tick long.
    const last = i === intervals.length - 1;
    assert.ok(iv.end - iv.start >= (last ? 0 : 0.05), `interval ${i}: ${iv.start}-${iv.end}`);
    if (last) assert.ok(iv.bytes > 0, `the last interval has bytes: ${iv.bytes}`);
    if (i > 0) assert.equal(iv.start, intervals[i - 1].end, `interval ${i} follows the last`);
  }
});

Deno.test("bytes that are not flood traffic are counted but not verified", async () => {
  await using sink = startSink();
  const port = await sink.port();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  conn.close();
  await sink.exited();
  const report = finalOf(sink);
  assert.equal(report.intact, false);
  assert.equal(report.stream, null);
  assert.equal(report.bytes, 27);
  assert.ok(sink.of("error").some((e) => /preamble/.test(e.message)));
});

Deno.test("text output: the announcement reads as a sentence; the sink's final line names the stream", async () => {
  await using sink = new Framecat(["sink", "tcp://127.0.0.1:0", "--once"]);
  const listening = await sink.waitFor(
    () => /Listening on tcp:\/\/127\.0\.0\.1:(\d+)/.exec(sink.stderr) ?? undefined,
    10_000,
    "listening",
  );
  const port = listening[1];
  const counted = await runFramecat(["flood", `tcp://127.0.0.1:${port}`, "--count", "1"]);
  assert.equal(counted.code, 0, counted.stderr);
  assert.match(
    counted.stderr,
    /with stream ([0-9a-f]{8}): 1\.00 MiB in 1 write of 1048576 bytes as/,
  );
  const stream = /with stream ([0-9a-f]{8})/.exec(counted.stderr)![1];
  await sink.exited();
  assert.match(sink.stderr, new RegExp(`stream ${stream} final .* intact`));
});

Deno.test("a --duration flood says how long, and what each write is", async () => {
  await using sink = startSink();
  const timed = await flood(await sink.port(), "--duration", "0.2", "--size", "64KiB");
  assert.equal(timed.code, 0, timed.stderr);
  const [info] = eventsOf(timed.events, "info", "stream");
  assert.match(info.message, /: 65536-byte writes for 0\.2 s as fast as possible$/);
});

Deno.test("unix: the sink tells its clients apart by their ordinal on the socket", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/sink.sock`;
  try {
    await using sink = new Framecat(["sink", `unix:${path}`, "--output", "json"]);
    await sink.waitFor((evs) => evs.some((e) => e.event === "listening"));
    for (let i = 0; i < 2; i++) {
      // A unix client binds no path of its own: the kernel gives the sink none to name it by.
      const conn = await Deno.connect({ transport: "unix", path });
      await conn.write(new Uint8Array(10));
      conn.close();
      await sink.waitFor((evs) => eventsOf(evs, "closed").length === i + 1);
    }
    assert.deepEqual(sink.of("connected").map((e) => e.peer), [`${path}#1`, `${path}#2`]);
    assert.equal((await sink.stop()).code, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
