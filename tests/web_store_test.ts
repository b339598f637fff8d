/**
 * The page's event store, in memory: each frame linked to the reads that carried
 * it, from `first_read`, or guessed for a log of an older framecat without it.
 */
import assert from "node:assert/strict";
import { EventStore } from "../lib/web/page/store.js";
import type { JsonEvent } from "../lib/events/types.ts";

const ts = "2026-01-01T00:00:00.000Z";
const read = (n: number): JsonEvent => ({ ts, event: "read", peer: "p:1", read: n });
const frame = (n: number, last: number, first?: number): JsonEvent => ({
  ts,
  event: "frame",
  peer: "p:1",
  frame: n,
  read: last,
  ...(first === undefined ? {} : { first_read: first }),
});

/** Reads 1–3; frame 1 ends in read 2, frame 2 begins in read 2's leftover and ends in read 3. */
function linked(events: JsonEvent[]) {
  const store = new EventStore();
  store.add({ events, skipped: 0 });
  return {
    frames: store.rows.filter((r) => r.ev.event === "frame").map((r) => r.reads),
    reads: store.rows.filter((r) => r.ev.event === "read").map((r) => r.frames),
  };
}

Deno.test("store: frames link to the reads first_read names, a leftover-begun frame to both", () => {
  const { frames, reads } = linked([read(1), read(2), frame(1, 2, 1), read(3), frame(2, 3, 2)]);
  assert.deepEqual(frames, [[1, 2], [2, 3]]);
  assert.deepEqual(reads, [[1], [1, 2], [2]]);
});

Deno.test("store: a log without first_read has the reads guessed from the previous frame", () => {
  const { frames } = linked([read(1), read(2), frame(1, 2), frame(2, 2), read(3), frame(3, 3)]);
  assert.deepEqual(frames, [[1, 2], [2], [3]]);
});
