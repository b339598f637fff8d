/**
 * Fuzz: random and mutated streams. A decoder only ever throws FrameError,
 * never returns a frame over max-frame, never holds or allocates more than
 * max-frame plus its prefix.
 */
import assert from "node:assert/strict";
import {
  createDecoder,
  createEncoder,
  encodePrefix,
  FrameError,
  type Framing,
  MAX_PREFIX_BYTES,
  type Prefix,
  prefixCapacity,
  PREFIXES,
} from "../lib/framing/mod.ts";
import { concatBytes } from "../lib/bytes.ts";
import { randomMessage, Rng, text } from "./framing_helpers.ts";

/**
 * Inputs per framing. The seeds are fixed, so every run tries the same ones: 20,000 keep the
 * suite quick; FRAMECAT_FUZZ_INPUTS=1000000 digs deeper by hand.
 */
const INPUTS = Number(Deno.env.get("FRAMECAT_FUZZ_INPUTS") ?? 20_000);
/** Small limits, so random lengths cross them; json's header (~70 bytes) fits most. */
const MAX_FRAMES = [0, 1, 7, 64, 300, 1000];
const JSON_MAX_FRAMES = [0, 50, 120, 300, 1000];
const JSON_PREFIXES = PREFIXES.filter((prefix) => prefix !== "varint");

/**
 * Counts the largest `new Uint8Array(length)` until disposed: the codecs
 * allocate only that way, so this sees every buffer they make.
 */
function probeAllocations(): { largest: number } & Disposable {
  const Original = Uint8Array;
  const probe = {
    largest: 0,
    [Symbol.dispose]() {
      globalThis.Uint8Array = Original;
    },
  };
  class Counted extends Original {
    // Fixed arity, not rest and spread: this runs for every array and view made.
    constructor(first: number | ArrayBuffer, offset?: number, length?: number) {
      if (typeof first === "number" && first > probe.largest) probe.largest = first;
      super(first as ArrayBuffer, offset, length);
    }
  }
  globalThis.Uint8Array = Counted as typeof Uint8Array;
  return probe;
}

interface Input {
  prefix?: Prefix;
  maxFrame: number;
  bytes: Uint8Array;
}

const VALID_STREAMS = new Map<string, Uint8Array[]>();

/**
 * A valid stream for these options, from a pool of 16 made on first use
 * (encoding, md5 above all, would cost more than decoding).
 */
function validStream(rng: Rng, framing: Framing, prefix: Prefix, maxFrame: number): Uint8Array {
  const key = `${framing} ${prefix} ${maxFrame}`;
  let pool = VALID_STREAMS.get(key);
  if (pool === undefined) {
    pool = Array.from({ length: 16 }, () => newValidStream(rng, framing, prefix, maxFrame));
    VALID_STREAMS.set(key, pool);
  }
  return rng.pick(pool);
}

/** A valid stream of 0 to 4 messages, some one byte over max-frame or empty. */
function newValidStream(rng: Rng, framing: Framing, prefix: Prefix, maxFrame: number): Uint8Array {
  const messages = Array.from(
    { length: rng.int(0, 4) },
    () => randomMessage(rng, framing, Math.min(maxFrame + 1, 400, prefixCapacity(prefix))),
  );
  if (framing === "len") {
    return concatBytes(messages.flatMap((m) => [encodePrefix(prefix, m.length), m]));
  }
  const encoder = createEncoder(framing, { prefix });
  return concatBytes(
    messages.map((m) => encoder.encode(m, rng.next() < 0.3 ? { name: "n" } : undefined)),
  );
}

/** A json header with odd fields: total_size of every wrong type and size, md5 good, bad or odd. */
function oddJsonFrame(rng: Rng, prefix: Prefix, maxFrame: number): Uint8Array {
  const body = rng.bytes(rng.int(0, 40));
  const sizes = [
    body.length,
    body.length + 1,
    -1,
    1.5,
    "3",
    null,
    2 ** 53,
    maxFrame + 1,
    undefined,
  ];
  const md5s = ["d41d8cd98f00b204e9800998ecf8427e", "D41D8CD98F00B204E9800998ECF8427E", "x", 5];
  const header: Record<string, unknown> = { total_size: rng.pick(sizes), md5: rng.pick(md5s) };
  const json = text(
    rng.next() < 0.1 ? rng.pick(["[1]", "null", "7", '"s"', "{", ""]) : JSON.stringify(header),
  );
  return concatBytes([encodePrefix(prefix, json.length), json, body]);
}

function mutate(rng: Rng, bytes: Uint8Array): Uint8Array {
  switch (rng.int(0, 4)) {
    case 0: { // flip bytes
      const out = bytes.slice();
      for (let i = rng.int(1, 3); i > 0 && out.length > 0; i--) {
        out[rng.int(0, out.length - 1)] ^= rng.int(1, 255);
      }
      return out;
    }
    case 1: // truncate
      return bytes.subarray(0, rng.int(0, bytes.length));
    case 2: { // insert random bytes
      const at = rng.int(0, bytes.length);
      return concatBytes([bytes.subarray(0, at), rng.bytes(rng.int(1, 12)), bytes.subarray(at)]);
    }
    case 3: // random prefix bytes in front
      return concatBytes([rng.bytes(rng.int(1, MAX_PREFIX_BYTES)), bytes]);
    default: { // drop a range
      const at = rng.int(0, bytes.length);
      return concatBytes([
        bytes.subarray(0, at),
        bytes.subarray(Math.min(bytes.length, at + rng.int(1, 12))),
      ]);
    }
  }
}

function randomInput(rng: Rng, framing: Framing): Input {
  const maxFrame = rng.pick(framing === "json" ? JSON_MAX_FRAMES : MAX_FRAMES);
  const prefix = framing === "json" ? rng.pick(JSON_PREFIXES) : rng.pick(PREFIXES);
  const roll = rng.next();
  let bytes: Uint8Array;
  if (roll < 0.15) bytes = rng.bytes(rng.int(0, 300));
  else if (roll < 0.3) bytes = validStream(rng, framing, prefix, maxFrame);
  else if (framing === "json" && roll < 0.45) bytes = oddJsonFrame(rng, prefix, maxFrame);
  else bytes = mutate(rng, validStream(rng, framing, prefix, maxFrame));
  if (rng.next() < 0.2) bytes = mutate(rng, bytes);
  return { prefix, maxFrame, bytes };
}

/** Decodes one input in random reads; checks every bound; returns whether it threw. */
function decodeChecked(framing: Framing, input: Input, rng: Rng): boolean {
  const { bytes, maxFrame } = input;
  // A json header is bounded like a body here, so one bound checks both.
  const decoder = createDecoder(framing, { prefix: input.prefix, maxFrame, maxHeader: maxFrame });
  // Held: a line and its \r; or a whole prefix (at most 10 bytes) and a header or body.
  const heldBound = maxFrame + MAX_PREFIX_BYTES + 1;
  const maxRead = rng.pick([1, 3, 16, 64, 512]);
  try {
    for (let at = 0; at < bytes.length;) {
      const size = rng.int(1, maxRead);
      const chunk = bytes.subarray(at, at + size);
      for (const frame of decoder.push(chunk)) {
        if (framing !== "raw" && frame.payload.length > maxFrame) {
          assert.fail(`${framing}: a frame of ${frame.payload.length} bytes > ${maxFrame}`);
        }
      }
      if (decoder.buffered > heldBound) assert.fail(`${framing}: holds ${decoder.buffered} bytes`);
      at += size;
    }
    decoder.end();
    return false;
  } catch (error) {
    if (!(error instanceof FrameError)) throw error;
    // The push that met the bad bytes returned its frames (checked above) and kept the error.
    assert.ok(decoder.failure === undefined || decoder.failure === error);
    assert.match(error.message, /^Cannot decode /);
    assert.ok(
      Number.isSafeInteger(error.offset) && error.offset >= 0 && error.offset <= bytes.length,
    );
    return true;
  }
}

for (const framing of ["raw", "line", "len", "json"] as const) {
  Deno.test(`fuzz: ${framing}, ${INPUTS} random and mutated inputs`, () => {
    const rng = new Rng(0xf00d + framing.length);
    let thrown = 0;
    using probe = probeAllocations();
    for (let i = 0; i < INPUTS; i++) {
      const input = randomInput(rng, framing);
      probe.largest = 0;
      if (decodeChecked(framing, input, rng)) thrown++;
      const bound = Math.max(input.maxFrame + 1, MAX_PREFIX_BYTES);
      if (probe.largest > bound) {
        assert.fail(`${framing} input ${i}: allocated ${probe.largest} bytes > ${bound}`);
      }
    }
    // Both paths were taken often: the inputs are neither all good nor all bad.
    if (framing !== "raw") {
      assert.ok(thrown > INPUTS / 10 && thrown < INPUTS * 0.95, `${thrown} threw`);
    }
  });
}
