/**
 * FirstReads: the read a frame began in, from the decoder's `frameStart`, over
 * random slicings of every framing, checked against where each frame really
 * begins (the reads' offsets are known here).
 */
import assert from "node:assert/strict";
import { createDecoder, type Framing } from "../lib/framing/mod.ts";
import { FirstReads } from "../lib/transport/first_reads.ts";
import { concatBytes } from "../lib/bytes.ts";
import { encodeEach, frameStarts, randomMessage, Rng } from "./framing_helpers.ts";

/** The number (from 1) of the read holding stream offset `offset`. */
function readAt(readStarts: number[], offset: number): number {
  let read = 0;
  while (read < readStarts.length && readStarts[read] <= offset) read++;
  return read;
}

function assertFirstReads(framing: Framing, seed: number): void {
  const rng = new Rng(seed);
  // Small messages and larger reads make frames stick; larger ones split them.
  const messages = Array.from({ length: 200 }, () => randomMessage(rng, framing, 40));
  const frames = encodeEach(framing, messages);
  const stream = concatBytes(frames);
  for (const maxChunk of [1, 3, 16, 64, 500]) {
    const decoder = createDecoder(framing);
    const firstReads = new FirstReads();
    const readStarts: number[] = [];
    const got: [number, number][] = [];
    for (let at = 0, read = 1; at < stream.length; read++) {
      const chunk = stream.subarray(at, at + rng.int(1, maxChunk));
      readStarts.push(at);
      let first = firstReads.next(read, chunk.length, decoder.frameStart);
      for (const _ of decoder.push(chunk)) {
        got.push([first, read]);
        first = read;
      }
      at += chunk.length;
    }
    const label = `${framing}, reads of 1..${maxChunk}`;
    // A raw frame is a read; the others are the messages sent.
    const starts = framing === "raw" ? readStarts : frameStarts(frames);
    assert.equal(got.length, starts.length, label);
    const expected = starts.map((start, i) => [readAt(readStarts, start), got[i][1]]);
    assert.deepEqual(got, expected, label);
    const split = got.some(([first, last]) => first < last);
    assert.equal(split, framing !== "raw", `${label}: some frames split`);
  }
}

for (const [i, framing] of (["raw", "line", "len", "json"] as const).entries()) {
  Deno.test(`FirstReads: ${framing} frames begin in the read the offsets say, in any slicing`, () => {
    assertFirstReads(framing, 40 + i);
  });
}

Deno.test("FirstReads: a frame begun in the leftover of the read that completed the previous one", () => {
  const decoder = createDecoder("len");
  const firstReads = new FirstReads();
  const [a, b] = encodeEach("len", [new Uint8Array(10), new Uint8Array(10)]);
  // Read 1: half of a; read 2: the rest of a and half of b; read 3: the rest of b.
  const reads = [a.subarray(0, 7), concatBytes([a.subarray(7), b.subarray(0, 7)]), b.subarray(7)];
  const got = [];
  for (const [i, chunk] of reads.entries()) {
    const first = firstReads.next(i + 1, chunk.length, decoder.frameStart);
    got.push(...decoder.push(chunk).map(() => first));
  }
  assert.deepEqual(got, [1, 2]);
});
