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

Deno.test("store: a frame that repeats its read byte for byte (raw framing) is kept but marked, not linked", () => {
  const store = new EventStore();
  const data = (n: number) => ({ base64: btoa(`chunk ${n}`) });
  store.add({
    events: [
      { ts, event: "read", peer: "p:1", read: 1, ...data(1) },
      { ts, event: "frame", peer: "p:1", frame: 1, read: 1, first_read: 1, ...data(1) },
      // A len frame's bytes are not its read's (the prefix): linked, not a repeat.
      { ts, event: "read", peer: "p:1", read: 2, base64: btoa("\x00\x00\x00\x01x") },
      { ts, event: "frame", peer: "p:1", frame: 2, read: 2, first_read: 2, base64: btoa("x") },
    ],
    skipped: 0,
  });
  assert.deepEqual(store.rows.map((r) => [r.ev.event, r.repeat === true]), [
    ["read", false],
    ["frame", true],
    ["read", false],
    ["frame", false],
  ]);
  assert.deepEqual(store.rows.filter((r) => r.ev.event === "read").map((r) => r.frames), [[], [2]]);
  assert.equal(store.ndjson().split("\n").filter(Boolean).length, 4, "the saved log keeps all");
});

Deno.test("store: the peers connected now, from connected to closed; a UDP peer from its first read", () => {
  const store = new EventStore();
  store.add({
    events: [
      { ts, event: "listening", address: "127.0.0.1:9" },
      { ts, event: "connected", peer: "127.0.0.1:1" },
      { ts, event: "connected", peer: "127.0.0.1:2" },
      { ts, event: "read", peer: "127.0.0.1:3", read: 1, base64: "" },
      { ts, event: "closed", peer: "127.0.0.1:1", reason: "eof" },
    ],
    skipped: 0,
  });
  assert.deepEqual([...store.peers], ["127.0.0.1:2", "127.0.0.1:3"]);
  assert.deepEqual([...store.gone], ["127.0.0.1:1"]);
  assert.equal(store.namesPeers, true);
  assert.equal(store.oneHost, true);
  store.add({ events: [{ ts, event: "connected", peer: "10.0.0.5:4" }], skipped: 0 });
  assert.equal(store.oneHost, false, "peers on two hosts are named in full");
});
