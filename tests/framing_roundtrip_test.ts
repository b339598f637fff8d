import assert from "node:assert/strict";
import {
  createDecoder,
  createEncoder,
  DEFAULT_MAX_FRAME,
  encodePrefix,
  FrameError,
  type Framing,
  type Prefix,
  PREFIXES,
} from "../lib/framing/mod.ts";
import { concatBytes } from "../lib/bytes.ts";
import {
  byteSlices,
  decodeAll,
  encodeAll,
  randomMessage,
  randomSlices,
  Rng,
  sameBytes,
  text,
} from "./framing_helpers.ts";

interface Case {
  framing: Framing;
  prefix?: Prefix;
  maxFrame: number;
}

/** Every framing × prefix (json takes every prefix but varint); u8 cannot say 4096. */
const CASES: Case[] = [
  { framing: "raw", maxFrame: 4096 },
  { framing: "line", maxFrame: 4096 },
  ...PREFIXES.map((prefix): Case => ({ framing: "len", prefix, maxFrame: maxFrameFor(prefix) })),
  ...PREFIXES.filter((prefix) => prefix !== "varint").map((prefix): Case => ({
    framing: "json",
    prefix,
    maxFrame: maxFrameFor(prefix),
  })),
];

function maxFrameFor(prefix: Prefix): number {
  return prefix === "u8" ? 200 : 4096;
}

function name(c: Case): string {
  return c.prefix ? `${c.framing} ${c.prefix}` : c.framing;
}

function messagesFor(c: Case, seed: number): Uint8Array[] {
  const rng = new Rng(seed);
  const messages = [new Uint8Array(0), text("x"), new Uint8Array(0)];
  for (let i = 0; i < 20; i++) messages.push(randomMessage(rng, c.framing, 150));
  messages.push(randomMessage(rng, c.framing, 0), fill(c, c.maxFrame), text("after"));
  return messages;
}

/** `size` bytes that survive the framing (no newline for `line`). */
function fill(c: Case, size: number): Uint8Array {
  return new Uint8Array(size).fill(c.framing === "line" ? 0x61 : 0x0a);
}

function payloads(frames: { payload: Uint8Array }[]): Uint8Array[] {
  return frames.map((frame) => frame.payload);
}

for (const c of CASES) {
  const options = { prefix: c.prefix, maxFrame: c.maxFrame };

  Deno.test(`round trip: ${name(c)}, empty to exactly max-frame, any slicing`, () => {
    const messages = messagesFor(c, 7);
    if (c.framing === "raw") {
      // raw: each read is a message; an empty read is none.
      const decoder = createDecoder("raw");
      const encoder = createEncoder("raw");
      const frames = decodeAll(decoder, messages.map((message) => encoder.encode(message)));
      assert.deepEqual(payloads(frames), messages.filter((message) => message.length > 0));
      return;
    }
    const stream = encodeAll(c.framing, messages, options, { file_name: "a.txt" });
    const rng = new Rng(11);
    const slicings = [[stream], [...byteSlices(stream)], randomSlices(rng, stream, 64)];
    for (const chunks of slicings) {
      const frames = decodeAll(createDecoder(c.framing, options), chunks);
      assert.deepEqual(payloads(frames), messages);
      if (c.framing === "json") {
        assert.deepEqual(
          frames.map((frame) => frame.header?.file_name),
          messages.map(() => "a.txt"),
        );
        assert.deepEqual(
          frames.map((frame) => frame.header?.total_size),
          messages.map((m) => m.length),
        );
      }
    }
  });

  if (c.framing === "raw") continue;

  Deno.test(`round trip: ${name(c)}, one byte over max-frame is refused`, () => {
    const over = fill(c, c.maxFrame + 1);
    const stream = c.framing === "len"
      ? concatBytes([encodePrefix(c.prefix!, over.length), over]) // the encoder checks no limit
      : createEncoder(c.framing, options).encode(over);
    for (const chunks of [[stream], byteSlices(stream)]) {
      const decoder = createDecoder(c.framing, options);
      assert.throws(() => decodeAll(decoder, chunks), FrameError);
      assert.ok(decoder.buffered <= c.maxFrame + 1 + 8, `buffered ${decoder.buffered}`);
    }
  });

  Deno.test(`zero copy: ${name(c)}, whole frames are views; cut frames one exact buffer`, () => {
    const messages = [text("first message"), text("second message")];
    const stream = encodeAll(c.framing, messages, options);
    for (const frame of createDecoder(c.framing, options).push(stream)) {
      assert.equal(frame.payload.buffer, stream.buffer);
    }
    if (c.framing === "line") return; // a cut line grows a buffer: no size is announced
    const decoder = createDecoder(c.framing, options);
    const cut = stream.length - 3;
    assert.deepEqual(decoder.push(stream.subarray(0, cut)).map((f) => f.payload), [messages[0]]);
    const [last] = decoder.push(stream.subarray(cut));
    assert.deepEqual(last.payload, messages[1]);
    assert.equal(last.payload.buffer.byteLength, messages[1].length);
  });
}

Deno.test("round trip: len u32be at the default max-frame (16 MiB), and one byte over", () => {
  const rng = new Rng(3);
  const big = rng.bytes(DEFAULT_MAX_FRAME);
  const stream = encodeAll("len", [big, text("tail")]);
  const frames = decodeAll(createDecoder("len"), randomSlices(rng, stream, 65536));
  assert.equal(frames.length, 2);
  assert.ok(sameBytes(frames[0].payload, big));
  assert.deepEqual(frames[1].payload, text("tail"));

  // Refused from the prefix alone, before anything is allocated or read.
  const decoder = createDecoder("len");
  assert.throws(() => decoder.push(encodePrefix("u32be", DEFAULT_MAX_FRAME + 1)), {
    name: "FrameError",
    message: /length 16777217 exceeds --max-frame \(16777216 bytes\)/,
  });
  assert.equal(decoder.buffered, 0);
});

Deno.test("round trip: line drops a trailing \\r, keeps inner ones", () => {
  const stream = text("a\r\nb\rc\n\r\n\n");
  for (const chunks of [[stream], byteSlices(stream)]) {
    const frames = decodeAll(createDecoder("line"), chunks);
    assert.deepEqual(payloads(frames), ["a", "b\rc", "", ""].map(text));
  }
});

Deno.test("round trip: line takes a line of max-frame bytes plus \\r\\n", () => {
  const line = new Uint8Array(16).fill(0x61);
  const stream = concatBytes([line, text("\r\n")]);
  for (const chunks of [[stream], byteSlices(stream)]) {
    assert.deepEqual(payloads(decodeAll(createDecoder("line", { maxFrame: 16 }), chunks)), [line]);
  }
});

Deno.test("round trip: json header fields pass through, total_size and md5 overwrite", () => {
  const encoder = createEncoder("json");
  const stream = encoder.encode(text("body"), { file_name: "x", total_size: 99, md5: "nope" });
  const [frame] = createDecoder("json").push(stream);
  assert.deepEqual(frame.header, {
    file_name: "x",
    total_size: 4,
    md5: "841a2d689ad86bd1611447453c22c6fc",
  });
  assert.deepEqual(Object.keys(frame.header!), ["file_name", "total_size", "md5"]);
});

Deno.test("round trip: json refuses --prefix varint at construction", () => {
  for (const make of [createDecoder, createEncoder]) {
    assert.throws(() => make("json", { prefix: "varint" }), {
      name: "RangeError",
      message: /json framing does not take --prefix varint/,
    });
  }
});

Deno.test("round trip: the len encoder refuses a message its prefix cannot say", () => {
  assert.throws(
    () => createEncoder("len", { prefix: "u8" }).encode(new Uint8Array(256)),
    RangeError,
  );
  assert.equal(createEncoder("len", { prefix: "u8" }).encode(new Uint8Array(255)).length, 256);
});

Deno.test("round trip: bad options name the valid choices", () => {
  assert.throws(() => createDecoder("nope" as Framing), /expected one of raw, line, len, json/);
  assert.throws(() => createDecoder("len", { prefix: "u24" as Prefix }), /expected one of u8/);
  assert.throws(() => createDecoder("len", { maxFrame: -1 }), RangeError);
});
