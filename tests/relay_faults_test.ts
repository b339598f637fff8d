/**
 * The relay's fault logic in memory, no sockets: the seeded streams, where
 * --slice cuts, the read-ahead queue, and the UDP decisions (loss, dup,
 * reorder, truncate) with a recording `send`.
 */
import assert from "node:assert/strict";
import { sleep } from "../lib/sleep.ts";
import { ChunkQueue } from "../lib/relay/chunk_queue.ts";
import {
  DatagramFaults,
  type DatagramPlan,
  REORDER_HOLD_MS,
} from "../lib/relay/datagram_faults.ts";
import type { Fault } from "../lib/relay/faults.ts";
import { deriveSeed, Rng, streamRng } from "../lib/relay/rng.ts";
import { newTcpStats, newUdpStats } from "../lib/relay/stats.ts";
import { FaultyForwarder, Pacer, Slicer } from "../lib/relay/stream_faults.ts";
import { arrivalOrder } from "./relay_helpers.ts";

Deno.test("rng: the same seed gives the same stream; int stays in range", () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const draws = Array.from({ length: 1000 }, () => a.int(1, 3));
  assert.deepEqual(draws, Array.from({ length: 1000 }, () => b.int(1, 3)));
  assert.deepEqual([...new Set(draws)].sort(), [1, 2, 3]);
  const hits = Array.from({ length: 100_000 }, () => a.chance(10)).filter(Boolean).length;
  assert.ok(hits > 9_000 && hits < 11_000, `${hits} hits of 10 %`);
});

Deno.test("rng: streams differ by connection, direction and fault, and by high seed bits", () => {
  const first = (seed: number, ...parts: number[]) => streamRng(seed, ...parts).next();
  const values = [first(1, 1, 1, 1), first(1, 2, 1, 1), first(1, 1, 2, 1), first(1, 1, 1, 2)];
  assert.equal(new Set(values).size, 4);
  assert.notEqual(deriveSeed(1), deriveSeed(1 + 2 ** 32));
});

/** Stream offsets where pieces end, given how the stream was chunked. */
function cutOffsets(slicer: Slicer, chunks: Uint8Array[]): number[] {
  const ends: number[] = [];
  let pos = 0;
  for (const chunk of chunks) {
    for (const piece of slicer.cut(chunk)) {
      assert.ok(piece.length > 0, "no empty writes");
      pos += piece.length;
      ends.push(pos);
    }
  }
  return ends;
}

Deno.test("slice: cuts fall at the same stream offsets however the reads were chunked", () => {
  const stream = crypto.getRandomValues(new Uint8Array(5000));
  const whole = cutOffsets(new Slicer({ min: 1, max: 3 }, new Rng(7)), [stream]);
  const chunks: Uint8Array[] = [];
  const readEnds = new Set<number>();
  for (let off = 0, size = 1; off < stream.length; off += size, size = (size * 7) % 113 + 1) {
    chunks.push(stream.subarray(off, off + size));
    readEnds.add(Math.min(off + size, stream.length));
  }
  const chunked = cutOffsets(new Slicer({ min: 1, max: 3 }, new Rng(7)), chunks);
  // The chunked run cuts where the whole run cuts, and also at read boundaries.
  assert.deepEqual(chunked.filter((o) => whole.includes(o)), whole);
  assert.ok(chunked.every((o) => whole.includes(o) || readEnds.has(o)));
  let prev = 0;
  for (const end of whole) {
    assert.ok(end - prev >= 1 && end - prev <= 3, `piece of ${end - prev} bytes`);
    prev = end;
  }
});

Deno.test("pacer: 20 ms quanta, at most 64 KiB, at least 1 byte", () => {
  assert.equal(new Pacer(100_000).quantum, 2000);
  assert.equal(new Pacer(1e9).quantum, 64 * 1024);
  assert.equal(new Pacer(10).quantum, 1);
});

Deno.test("chunk queue: a full queue makes push wait; take times out; close wakes everyone", async () => {
  const q = new ChunkQueue(10);
  assert.equal(await q.push(new Uint8Array(10)), true);
  let pushed = false;
  const second = q.push(new Uint8Array(1)).then((ok) => (pushed = ok));
  await sleep(10);
  assert.equal(pushed, false, "push waits while the queue is full");
  const first = await q.take();
  assert.ok(typeof first !== "string" && first.data.length === 10);
  await second;
  assert.equal(pushed, true);
  await q.take();
  assert.equal(await q.take(performance.now() + 5), "timeout");
  const waiting = q.take();
  q.close();
  assert.equal(await waiting, "closed");
  assert.equal(await q.push(new Uint8Array(1)), false);
});

Deno.test("tcp faults: every event numbers its write from 1, --coalesce too", async () => {
  const queue = new ChunkQueue(1024);
  for (const part of ["ab", "cd", "ef"]) await queue.push(new TextEncoder().encode(part));
  queue.end();
  const reported: Array<[Fault, unknown]> = [];
  const written: string[] = [];
  const outcome = await new FaultyForwarder({
    plan: { coalesce: 20, slice: { min: 4, max: 4 } },
    seed: 1,
    connection: 1,
    way: "up",
    queue,
    write: (data) => Promise.resolve(void written.push(new TextDecoder().decode(data))),
    report: (fault, fields) => reported.push([fault, fields.seq]),
    stats: newTcpStats(),
    signal: new AbortController().signal,
  }).run();
  assert.equal(outcome, "eof");
  assert.deepEqual(written, ["abcd", "ef"]);
  assert.deepEqual(reported, [["coalesce", 1], ["slice", 1]]);
});

/** Runs datagrams 1..n through DatagramFaults; returns what was sent (seq numbers) and reported. */
async function runDatagrams(plan: Partial<DatagramPlan>, n: number, seed = 1) {
  const sent: number[] = [];
  const faults: Array<{ fault: Fault; seq: number }> = [];
  const stats = newUdpStats();
  const stop = new AbortController();
  const df = new DatagramFaults({
    plan: { loss: 0, dup: 0, reorder: 0, ...plan },
    seed,
    session: 1,
    way: "up",
    send: (data) => {
      sent.push(new DataView(data.buffer, data.byteOffset).getUint32(0));
      return Promise.resolve();
    },
    report: (fault, fields) => faults.push({ fault, seq: fields.seq as number }),
    stats,
    signal: stop.signal,
  });
  for (let seq = 1; seq <= n; seq++) {
    const data = new Uint8Array(8);
    new DataView(data.buffer).setUint32(0, seq);
    await df.accept(data);
  }
  // The last held datagrams go out when their hold times out.
  if (plan.reorder) await sleep(REORDER_HOLD_MS + 50);
  df.close();
  stop.abort();
  return { sent, faults, stats };
}

Deno.test("udp loss: 10 % of 20,000, counted, repeatable with the seed", async () => {
  const a = await runDatagrams({ loss: 10 }, 20_000);
  const b = await runDatagrams({ loss: 10 }, 20_000);
  const dropped = a.faults.filter((f) => f.fault === "drop").map((f) => f.seq);
  assert.equal(a.stats.dropped, dropped.length);
  assert.equal(a.sent.length + dropped.length, 20_000);
  assert.ok(dropped.length >= 1800 && dropped.length <= 2200, `${dropped.length} dropped`);
  assert.deepEqual(b.faults, a.faults);
  const other = await runDatagrams({ loss: 10 }, 20_000, 2);
  assert.notDeepEqual(other.faults, a.faults);
});

Deno.test("udp: one fault's decisions do not move when another is switched on", async () => {
  const lossOnly = await runDatagrams({ loss: 10 }, 2000);
  const withDup = await runDatagrams({ loss: 10, dup: 30 }, 2000);
  const drops = (r: typeof lossOnly) =>
    r.faults.filter((f) => f.fault === "drop").map((f) => f.seq);
  assert.deepEqual(drops(withDup), drops(lossOnly));
});

Deno.test("udp dup and reorder: duplicates follow their original; held datagrams come later", async () => {
  const { sent, stats, faults } = await runDatagrams({ dup: 10, reorder: 10 }, 2000);
  const { unique, duplicates, late } = arrivalOrder(sent);
  assert.equal(duplicates, stats.duplicated);
  assert.equal(late, stats.reordered);
  assert.ok(stats.duplicated > 100 && stats.reordered > 100, JSON.stringify(stats));
  assert.equal(faults.filter((f) => f.fault === "reorder").length, stats.reordered);
  assert.equal(unique, 2000, "every datagram is delivered");
});

Deno.test("udp --reorder 100: datagrams pass each other (one held at a time), and a hold that runs out is a delay", async () => {
  const { sent, stats, faults } = await runDatagrams({ reorder: 100 }, 30);
  const { unique, late } = arrivalOrder(sent);
  assert.equal(unique, 30, "every datagram is delivered");
  // Held together, each waited for the others: all 30 came 500 ms late, in order, unreported.
  assert.ok(late >= 5, `${late} late of 30: ${sent.join(" ")}`);
  assert.equal(late, stats.reordered);
  assert.equal(faults.filter((f) => f.fault === "reorder").length, stats.reordered);
  // Only one can be left held when nothing comes after it: the last, let go by its hold.
  assert.ok(stats.delayed <= 1, JSON.stringify(stats));
  assert.equal(faults.filter((f) => f.fault === "delay").length, stats.delayed);

  // One datagram alone: nothing comes to pass it, so it goes out after the hold, said so.
  const alone = await runDatagrams({ reorder: 100 }, 1);
  assert.deepEqual(alone.sent, [1]);
  assert.deepEqual([alone.stats.reordered, alone.stats.delayed], [0, 1]);
  assert.deepEqual(alone.faults, [{ fault: "delay", seq: 1 }]);
});

Deno.test("udp truncate: only longer datagrams are cut, and counted", async () => {
  const { stats, faults } = await runDatagrams({ truncate: 8 }, 10);
  assert.equal(stats.truncated, 0, "8-byte datagrams are not cut by --truncate 8");
  const cut = await runDatagrams({ truncate: 4 }, 10);
  assert.equal(cut.stats.truncated, 10);
  assert.equal(faults.length, 0);
});
