/**
 * Slicing invariance: however TCP cuts a stream (one chunk, single bytes, or
 * random reads of any size), a decoder yields the same messages, and says
 * after every read where the next frame begins (`frameStart`).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  createDecoder,
  encodeJsonHeader,
  type Framing,
  type Prefix,
  PREFIXES,
} from "../lib/framing/mod.ts";
import { concatBytes } from "../lib/bytes.ts";
import {
  encodeAll,
  encodeEach,
  frameStarts,
  randomMessage,
  Rng,
  sameBytes,
} from "./framing_helpers.ts";

const MESSAGES = 1000;
/** Random slicings per test (fixed seeds): each prefix of len and json gets a dozen or more. */
const SLICINGS = 300;
/**
 * Largest read of a random slicing: from reads that split most prefixes and
 * headers to reads holding hundreds of frames. (Single bytes are tested apart.)
 */
const MAX_CHUNKS = [32, 300, 1500, 8000, 65536];

interface Stream {
  prefix?: Prefix;
  bytes: Uint8Array;
  messages: Uint8Array[];
  /** Stream offset of each frame's first byte. */
  starts: number[];
}

/** The stream the encoded `frames` of `messages` make. */
function streamOf(messages: Uint8Array[], frames: Uint8Array[], prefix?: Prefix): Stream {
  return { prefix, bytes: concatBytes(frames), messages, starts: frameStarts(frames) };
}

function messagesFor(framing: Framing, seed: number, maxSize: number): Uint8Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: MESSAGES }, () => randomMessage(rng, framing, maxSize));
}

/**
 * Decodes `stream` cut at the reads `nextSize` gives, checking each frame as
 * it comes against the expected message, and after each read where the next
 * frame begins (the end of the stream so far when every frame is out).
 */
function assertSlicing(
  framing: Framing,
  stream: Stream,
  nextSize: () => number,
  label: string,
): void {
  const decoder = createDecoder(framing, { prefix: stream.prefix });
  const { bytes, messages, starts } = stream;
  let count = 0;
  for (let at = 0; at < bytes.length;) {
    const size = nextSize();
    for (const frame of decoder.push(bytes.subarray(at, at + size))) {
      if (!sameBytes(frame.payload, messages[count])) {
        assert.fail(`${label}: frame ${count} differs (${frame.payload.length} bytes)`);
      }
      count++;
    }
    at = Math.min(at + size, bytes.length);
    const next = count < starts.length ? starts[count] : at;
    if (decoder.frameStart !== next) {
      assert.fail(`${label}: after byte ${at}, frameStart ${decoder.frameStart}, not ${next}`);
    }
  }
  decoder.end();
  assert.equal(count, messages.length, `${label}: frame count`);
  assert.equal(decoder.buffered, 0, `${label}: bytes left over`);
}

/**
 * One chunk and single bytes for each stream, then `SLICINGS` random
 * slicings of the streams `streamFor` picks.
 */
function assertInvariance(
  framing: Framing,
  streams: Stream[],
  seed: number,
  streamFor = (slicing: number) => streams[slicing % streams.length],
): void {
  for (const stream of streams) {
    const label = `${framing} ${stream.prefix ?? ""}`;
    assertSlicing(framing, stream, () => stream.bytes.length, `${label} one chunk`);
    assertSlicing(framing, stream, () => 1, `${label} 1-byte slices`);
  }
  const rng = new Rng(seed);
  for (let slicing = 0; slicing < SLICINGS; slicing++) {
    const stream = streamFor(slicing);
    const maxChunk = rng.pick(MAX_CHUNKS);
    const label = `${framing} ${stream.prefix ?? ""} slicing ${slicing} (reads of 1..${maxChunk})`;
    assertSlicing(framing, stream, () => rng.int(1, maxChunk), label);
  }
}

Deno.test(`slicing: raw, every read is a frame that begins where it does`, () => {
  const rng = new Rng(5);
  const bytes = rng.bytes(5000);
  for (const maxChunk of [1, 7, 300, 5000]) {
    const chunks = [];
    for (let at = 0; at < bytes.length; at += chunks.at(-1)!.length) {
      chunks.push(bytes.subarray(at, at + rng.int(1, maxChunk)));
    }
    const sizes = chunks.map((chunk) => chunk.length).values();
    const nextSize = () => sizes.next().value!;
    assertSlicing("raw", streamOf(chunks, chunks), nextSize, `raw reads of 1..${maxChunk}`);
  }
});

Deno.test(`slicing: line and \\r\\n lines, ${MESSAGES} messages, ${SLICINGS} slicings`, () => {
  const messages = messagesFor("line", 1, 300);
  const lf = streamOf(messages, encodeEach("line", messages));
  const crlf = streamOf(messages, encodeEach("line", messages, { crlf: true }));
  assertInvariance("line", [lf, crlf], 101);
});

Deno.test(`slicing: len, every prefix, ${MESSAGES} messages, ${SLICINGS} slicings`, () => {
  const messages = messagesFor("len", 2, 300);
  const streams = PREFIXES.map((prefix) => {
    const fitting = prefix === "u8" ? messages.map((m) => m.subarray(0, 255)) : messages;
    return streamOf(fitting, encodeEach("len", fitting, { prefix }), prefix);
  });
  assertInvariance("len", streams, 102);
});

Deno.test(`slicing: json, every prefix, ${MESSAGES} messages, ${SLICINGS} slicings`, () => {
  const messages = messagesFor("json", 3, 300);
  const prefixes = PREFIXES.filter((prefix) => prefix !== "varint");
  // Headers without md5 test the framing alone; one in 20 slicings reads
  // framecat's own stream, whose md5 per frame costs more than the framing.
  const plain = prefixes.map((prefix) => {
    const frames = messages.map((m) =>
      concatBytes([encodeJsonHeader({ n: m.length }, m.length, prefix), m])
    );
    return streamOf(messages, frames, prefix);
  });
  const withMd5 = streamOf(messages, encodeEach("json", messages, {}, { file_name: "f" }));
  assertInvariance(
    "json",
    [...plain, withMd5],
    103,
    (slicing) => slicing % 20 === 0 ? withMd5 : plain[slicing % plain.length],
  );
});

Deno.test("slicing: json md5 headers decode and verify in any slicing", () => {
  const rng = new Rng(4);
  const messages = Array.from({ length: 50 }, () => randomMessage(rng, "json", 300));
  const bytes = encodeAll("json", messages);
  for (let slicing = 0; slicing < 50; slicing++) {
    const decoder = createDecoder("json");
    const frames = [];
    for (let at = 0; at < bytes.length;) {
      const size = rng.int(1, 64);
      frames.push(...decoder.push(bytes.subarray(at, at + size)));
      at += size;
    }
    decoder.end();
    assert.deepEqual(frames.map((frame) => frame.payload), messages);
    assert.deepEqual(
      frames.map((frame) => frame.header?.md5),
      messages.map((m) => createHash("md5").update(m).digest("hex")),
    );
  }
});

Deno.test("frameStart: a len read ending right after the prefix holds no byte, yet a frame began", () => {
  const decoder = createDecoder("len");
  const [first, second] = encodeEach("len", [new Uint8Array(3), new Uint8Array(5)]);
  assert.equal(decoder.push(concatBytes([first, second.subarray(0, 4)])).length, 1);
  assert.equal(decoder.buffered, 0, "the prefix was read, no body byte is held");
  assert.equal(decoder.frameStart, first.length, "the second frame began in this read");
  decoder.push(second.subarray(4, 6));
  assert.equal(decoder.frameStart, first.length);
  assert.equal(decoder.push(second.subarray(6)).length, 1);
  assert.equal(decoder.frameStart, first.length + second.length);
});
