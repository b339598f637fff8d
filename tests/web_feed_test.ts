/**
 * The event feed in memory: what a watcher of a session receives, batch by
 * batch, when events come faster than it may be sent them.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { type Batch, EventFeed, HISTORY, HISTORY_BYTES, MAX_BATCH } from "../lib/web/event_feed.ts";
import type { JsonEvent } from "../lib/events/types.ts";

const read = (n: number, size = 1) => ({
  event: "read" as const,
  peer: "127.0.0.1:1",
  read: n,
  data: new Uint8Array(size).fill(0x61),
});

/** The number of a read event, as the feed sent it. */
const readOf = (e: JsonEvent) => (e.event === "read" ? e.read : undefined);

Deno.test("web feed: a batch holds the newest events, in order, and counts what it left out", () => {
  const feed = new EventFeed("utf-8");
  for (let n = 1; n <= 1000; n++) feed.push(read(n));
  const batch = feed.batchSince(0);
  assertEquals(batch.events.length, MAX_BATCH);
  assertEquals(batch.skipped, 1000 - MAX_BATCH);
  assertEquals(
    batch.events.map((e) => readOf(e)),
    Array.from({ length: MAX_BATCH }, (_, i) => 801 + i),
  );
  // Each is the object --output json prints.
  assertEquals(Object.keys(batch.events[0]), [
    "ts",
    "event",
    "peer",
    "read",
    "bytes",
    "base64",
    "text",
  ]);
  assertEquals(feed.batchSince(990).events.map((e) => readOf(e)), [
    991,
    992,
    993,
    994,
    995,
    996,
    997,
    998,
    999,
    1000,
  ]);
  assertEquals(feed.batchSince(1000), { events: [], skipped: 0 });
});

Deno.test("web feed: the history is bounded in events and in bytes", () => {
  const feed = new EventFeed("utf-8");
  for (let n = 1; n <= HISTORY + 500; n++) feed.push(read(n));
  assertEquals(feed.count, HISTORY + 500);
  assertEquals(feed.batchSince(0).skipped, HISTORY + 500 - MAX_BATCH);
  // Big reads: the oldest are let go once their data passes HISTORY_BYTES.
  const big = new EventFeed("utf-8");
  const size = 1024 * 1024;
  for (let n = 1; n <= 20; n++) big.push(read(n, size));
  const kept = big.batchSince(0);
  assert(kept.events.length * size <= HISTORY_BYTES, `${kept.events.length} MiB kept`);
  assertEquals(kept.events.length + kept.skipped, 20);
  assertEquals(kept.events.map(readOf).at(-1), 20);
});

Deno.test("web feed: a watcher gets the backlog at once, then batches, and is skipped while it is full", async () => {
  const feed = new EventFeed("utf-8");
  for (let n = 1; n <= 3; n++) feed.push(read(n));
  const got: Batch[] = [];
  const watcher = { bufferedAmount: 0, send: (text: string) => got.push(JSON.parse(text)) };
  const stop = feed.watch(watcher);
  try {
    assertEquals(got.length, 1);
    assertEquals(got[0].events.map((e) => readOf(e)), [1, 2, 3]);
    watcher.bufferedAmount = 10 * 1024 * 1024;
    for (let n = 4; n <= 6; n++) feed.push(read(n));
    await new Promise((r) => setTimeout(r, 200));
    assertEquals(got.length, 1, "nothing is queued behind a full socket");
    watcher.bufferedAmount = 0;
    const deadline = Date.now() + 10_000;
    while (got.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assertEquals(got[1].events.map((e) => readOf(e)), [4, 5, 6]);
  } finally {
    stop();
  }
});

Deno.test("web feed: a late watcher gets the whole history, oldest first, in bounded batches, as its socket takes them", async () => {
  const feed = new EventFeed("utf-8");
  for (let n = 1; n <= HISTORY + 500; n++) feed.push(read(n));
  const got: Batch[] = [];
  // A socket that fills after three batches, as a slow page's would.
  const watcher = {
    bufferedAmount: 0,
    send: (text: string) => {
      got.push(JSON.parse(text));
      if (got.length === 3) watcher.bufferedAmount = 10 * 1024 * 1024;
    },
  };
  const stop = feed.watch(watcher);
  try {
    assertEquals(got.length, 3, "the backlog waits while the socket is full");
    // New events meanwhile come after the backlog, not instead of it.
    feed.push(read(HISTORY + 501));
    watcher.bufferedAmount = 0;
    const deadline = Date.now() + 10_000;
    const all = () => got.flatMap((b) => b.events.map(readOf));
    while (all().at(-1) !== HISTORY + 501 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert(got.every((b) => b.events.length <= MAX_BATCH), "batches stay bounded");
    assertEquals(got.map((b) => b.skipped), [500, ...got.slice(1).map(() => 0)]);
    assertEquals(all(), Array.from({ length: HISTORY + 1 }, (_, i) => 501 + i));
  } finally {
    stop();
  }
});
