import assert from "node:assert/strict";
import { SEQ_WINDOW, SeqWindow, StreamStats } from "../lib/traffic/receiver_stats.ts";
import { floodPlan, MAX_BURST, Pacer } from "../lib/traffic/pacing.ts";
import { percentile, RttRecorder } from "../lib/traffic/rtt.ts";

/** Feeds sequence numbers in arrival order, 1 ms apart, each sent 1 ms apart from 0. */
function feed(stats: StreamStats, seqs: number[], bytes = 100): void {
  seqs.forEach((seq, i) => {
    stats.add({
      seq,
      sentUs: 1_000_000 + seq * 1000,
      truncated: false,
      bytes,
      arrivalUs: 2_000_000 + i * 1000,
    });
  });
}

function assertAddsUp(f: ReturnType<StreamStats["final"]>): void {
  assert.equal(f.sent, f.unique + f.lost, "sent = unique + lost");
  assert.equal(f.received, f.unique + f.duplicates, "received = unique + duplicates");
  assert.ok(f.lost_percent >= 0 && f.lost_percent <= 100);
}

Deno.test("loss, duplicates and reordering are counted apart", () => {
  const stats = new StreamStats();
  feed(stats, [0, 2, 1, 1, 4, 4, 4, 7, 6]);
  stats.markEnd(10);
  const f = stats.final();
  assert.deepEqual(
    {
      sent: f.sent,
      received: f.received,
      unique: f.unique,
      lost: f.lost,
      duplicates: f.duplicates,
      out_of_order: f.out_of_order,
      end_marker: f.end_marker,
    },
    {
      sent: 10,
      received: 9,
      unique: 6,
      lost: 4, // 3, 5, 8, 9
      duplicates: 3,
      out_of_order: 2, // 1 after 2, 6 after 7
      end_marker: true,
    },
  );
  assert.equal(f.lost_percent, 40);
  assertAddsUp(f);
});

Deno.test("data arriving after the end marker arrived out of order", () => {
  const stats = new StreamStats();
  feed(stats, [0, 1]);
  stats.markEnd(3);
  feed(stats, [2, 2]);
  const f = stats.final();
  assert.equal(f.out_of_order, 1);
  assert.equal(f.duplicates, 1);
  assert.equal(f.lost, 0);
  assertAddsUp(f);
});

Deno.test("duplicates alone never make loss negative (iperf3's counters do)", () => {
  const stats = new StreamStats();
  feed(stats, [0, 0, 1, 1, 2, 2, 3, 3]);
  stats.markEnd(4);
  const f = stats.final();
  assert.equal(f.lost, 0);
  assert.equal(f.duplicates, 4);
  assert.equal(f.out_of_order, 0);
  assertAddsUp(f);
});

Deno.test("without an end marker, sent falls back to the highest sequence seen + 1", () => {
  const stats = new StreamStats();
  feed(stats, [0, 1, 3]);
  const f = stats.final();
  assert.equal(f.end_marker, false);
  assert.equal(f.sent, 4);
  assert.equal(f.lost, 1);
  assertAddsUp(f);
});

Deno.test("an empty stream with a marker is 100 % loss, never more", () => {
  const stats = new StreamStats();
  stats.markEnd(5);
  const f = stats.final();
  assert.equal(f.lost, 5);
  assert.equal(f.lost_percent, 100);
});

Deno.test("intervals count arrivals only; missing is a level that late datagrams lower", () => {
  const stats = new StreamStats();
  feed(stats, [0, 1, 4]);
  const first = stats.takeInterval(2_010_000);
  assert.equal(first.received, 3);
  assert.equal(first.unique, 3);
  assert.equal(first.missing, 2);
  feed(stats, [2, 3, 2]);
  const second = stats.takeInterval(2_020_000);
  assert.equal(second.received, 3);
  assert.equal(second.unique, 2);
  assert.equal(second.duplicates, 1);
  assert.equal(second.out_of_order, 2);
  assert.equal(second.missing, 0);
  const third = stats.takeInterval(2_030_000);
  assert.equal(third.received, 0);
  assert.equal(third.bits_per_second, 0);
  for (const iv of [first, second, third]) {
    for (const [k, v] of Object.entries(iv)) assert.ok((v as number) >= 0, `${k} = ${v}`);
  }
});

Deno.test("jitter follows iperf3: the first datagram sets the reference, then J += (|D| - J) / 16", () => {
  const stats = new StreamStats();
  // transit times 10 ms, 12 ms, 11 ms (sender clock offset cancels out).
  const transits = [10_000, 12_000, 11_000];
  transits.forEach((t, i) => {
    stats.add({
      seq: i,
      sentUs: 5e15 + i * 1e6,
      truncated: false,
      bytes: 1,
      arrivalUs: 1e9 + i * 1e6 + t,
    });
  });
  let j = 0;
  for (const d of [0, 0.002, 0.001]) j += (d - j) / 16;
  assert.ok(Math.abs(stats.final().jitter_ms - j * 1000) < 1e-6);
});

Deno.test("rates: bytes and datagrams over the time from first to last arrival", () => {
  const stats = new StreamStats();
  feed(stats, [0, 1, 2, 3, 4], 1000); // 5 arrivals over 4 ms
  const f = stats.final();
  assert.equal(f.seconds, 0.004);
  assert.equal(f.bytes, 5000);
  assert.equal(f.bits_per_second, 10_000_000);
  assert.equal(f.packets_per_second, 1250);
});

Deno.test("the sequence window slides: memory stays bounded whatever a peer claims", () => {
  const w = new SeqWindow();
  assert.equal(w.mark(5), true);
  assert.equal(w.mark(5), false);
  assert.equal(w.mark(SEQ_WINDOW + 100), true, "slides forward");
  assert.equal(w.mark(5), false, "older than the window: counted as a duplicate");
  assert.equal(w.mark(SEQ_WINDOW + 99), true);
  assert.equal(w.mark(2 ** 50), true, "a huge jump clears the window");
  assert.equal(w.mark(2 ** 50 - 1), true);
  assert.equal(w.mark(2 ** 50 - 1), false);
  // Words reused after a slide start clean.
  const v = new SeqWindow();
  for (let s = 0; s < 64; s++) v.mark(s);
  assert.equal(v.mark(SEQ_WINDOW + 40), true);
  assert.equal(v.mark(SEQ_WINDOW + 10), true, "reused word was cleared");
});

/** A clock that only moves when the pacer sleeps, so the schedule is checked exactly. */
function fakeClock() {
  let t = 1000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: (ms: number) => {
      sleeps.push(ms);
      t += ms + 1.3; // timers wake late
      return Promise.resolve();
    },
    advance: (ms: number) => (t += ms),
  };
}

Deno.test("pacing follows the absolute schedule: lateness is made up, never accumulated", async () => {
  const clock = fakeClock();
  const pacer = new Pacer(1000, clock); // one unit per ms
  let sent = 0;
  const start = clock.now();
  while (sent < 5000) sent += await pacer.release(sent);
  const elapsed = clock.now() - start;
  // 5000 units at 1000/s are due over 4.999 s; late wake-ups are caught up in bursts.
  assert.ok(elapsed >= 4999 && elapsed < 4999 + 2.5, `elapsed ${elapsed}`);
  assert.ok(clock.sleeps.every((ms) => ms >= 0));
});

Deno.test("pacing never releases more than is due, and bursts are capped after a stall", async () => {
  const clock = fakeClock();
  const pacer = new Pacer(100_000, clock);
  assert.equal(await pacer.release(0), 1, "unit 0 is due at once");
  clock.advance(1000); // a 1 s stall: 100,000 units are due
  assert.equal(await pacer.release(1), MAX_BURST);
  assert.equal(pacer.dueBy(clock.now()), 100_001);
});

Deno.test("RTT percentiles are nearest-rank", () => {
  const rtt = new RttRecorder();
  for (let i = 100; i >= 1; i--) rtt.add(i);
  assert.deepEqual(rtt.figures(), {
    samples: 100,
    min: 1,
    mean: 50.5,
    p50: 50,
    p90: 90,
    p99: 99,
    max: 100,
  });
  assert.equal(new RttRecorder().figures(), undefined);
  assert.equal(percentile(new Float64Array([7]), 99), 7);
});

Deno.test("a flood's plan: --count, else --duration, bounded by rate × duration when paced", () => {
  const clock = fakeClock();
  assert.deepEqual(floodPlan({ count: 10, rate: 0 }, 1000, 5000, clock), {
    limit: 10_000,
    deadline: Infinity,
  });
  assert.deepEqual(floodPlan({ duration: 2000, rate: 100 }, 1, 5000, clock), {
    limit: 200,
    deadline: 3000,
  });
  assert.deepEqual(floodPlan({ rate: 0 }, 1, 5000, clock), { limit: Infinity, deadline: 6000 });
});
