/** Error messages: what could not be decoded, why, where, and a hint when one is likely. */
import assert from "node:assert/strict";
import {
  createDecoder,
  createEncoder,
  decodeVarint,
  encodeJsonHeader,
  encodePrefix,
  FrameError,
  type Framing,
  type Prefix,
  PREFIXES,
} from "../lib/framing/mod.ts";
import { concatBytes } from "../lib/bytes.ts";
import { byteSlices, Rng, text } from "./framing_helpers.ts";

/** Feeds `stream` whole and byte by byte, then ends it; both must fail with the same FrameError. */
function decodeError(
  framing: Framing,
  stream: Uint8Array,
  options: { prefix?: Prefix; maxFrame?: number; maxHeader?: number } = {},
): FrameError {
  const errors = [[stream], [...byteSlices(stream)]].map((chunks) => {
    const decoder = createDecoder(framing, options);
    try {
      for (const chunk of chunks) decoder.push(chunk);
      decoder.end();
    } catch (error) {
      assert.ok(error instanceof FrameError, String(error));
      return error;
    }
    return assert.fail("no FrameError");
  });
  assert.equal(errors[1].message, errors[0].message);
  assert.equal(errors[1].offset, errors[0].offset);
  return errors[0];
}

function jsonFrame(headerJson: string, body = new Uint8Array(0)): Uint8Array {
  const header = text(headerJson);
  return concatBytes([encodePrefix("u32be", header.length), header, body]);
}

Deno.test("errors: a little-endian length read as u32be hints --prefix u32le", () => {
  const error = decodeError("len", new Uint8Array([5, 0, 0, 0, 1, 2, 3, 4, 5]));
  assert.equal(
    error.message,
    "Cannot decode the frame at offset 0: length 83886080 exceeds --max-frame (16777216 bytes); " +
      "read as u32le it is 5, try --prefix u32le (the course's struct.pack('i'): --prefix i)",
  );
  assert.equal(error.name, "FrameError");
  assert.equal(error.offset, 0);
  assert.equal(
    error.hint,
    "read as u32le it is 5, try --prefix u32le (the course's struct.pack('i'): --prefix i)",
  );
});

Deno.test("errors: struct.pack('i', -5) as a length says it is a negative int, not 4294967291 bytes alone", () => {
  const error = decodeError("len", Uint8Array.of(0xfb, 0xff, 0xff, 0xff, 1, 2, 3), {
    prefix: "u32le",
  });
  assert.match(error.message, /length 4294967291 exceeds --max-frame/);
  assert.equal(
    error.hint,
    "as a signed 32-bit int (struct 'i') it is -5: the peer sent a negative length",
  );
  // Bytes far from a small negative number get no such guess.
  assert.equal(decodeError("len", Uint8Array.of(0x00, 0x00, 0x00, 0x90)).hint, undefined);
});

Deno.test("errors: the byte-swap hint works both ways and for every width", () => {
  assert.equal(
    decodeError("len", new Uint8Array([0, 0, 0, 0x10]), { prefix: "u32le" }).hint,
    "read as u32be it is 16, try --prefix u32be",
  );
  assert.equal(
    decodeError("len", new Uint8Array([0, 0x20]), { prefix: "u16le", maxFrame: 100 }).hint,
    "read as u16be it is 32, try --prefix u16be",
  );
  assert.equal(
    decodeError("len", new Uint8Array([9, 0, 0, 0, 0, 0, 0, 0]), { prefix: "u64be" }).hint,
    "read as u64le it is 9, try --prefix u64le",
  );
});

Deno.test("errors: a length a few times --max-frame may be a real message: raising the limit is said beside the swap", () => {
  // struct.pack('i', 17825792) (17 MiB: a file sent the course's way) reads as 4097 swapped.
  const file = concatBytes([encodePrefix("u32le", 17825792), text("a".repeat(5000))]);
  assert.equal(
    decodeError("len", file, { prefix: "u32le" }).hint,
    "read as u32be it is 4097, try --prefix u32be; or, if it really is that long, raise --max-frame",
  );
  // No plausible swap: raising the limit alone.
  assert.equal(
    decodeError("len", encodePrefix("u32le", 33554431), { prefix: "u32le" }).hint,
    "if it really is that long, raise --max-frame",
  );
  // Past four times the limit, the swap alone, as before (5 swapped reads as 80 MiB).
  assert.equal(
    decodeError("len", encodePrefix("u32le", 80 * 2 ** 20), { prefix: "u32le" }).hint,
    "read as u32be it is 5, try --prefix u32be",
  );
});

Deno.test("errors: an HTTP request on len u32be hints --framing line", () => {
  const stream = text("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  const error = decodeError("len", stream);
  assert.equal(
    error.message,
    "Cannot decode the frame at offset 0: length 1195725856 exceeds --max-frame (16777216 bytes); " +
      'the peer is sending text ("GET "), try --framing line',
  );
  assert.equal(error.hint, 'the peer is sending text ("GET "), try --framing line');
});

Deno.test("errors: text sent to json framing names the text", () => {
  assert.match(decodeError("json", text('{"to":"x"}')).message, /sending text \(".*to"\)/);
  assert.match(decodeError("len", text("HTTP/1.1 200 OK\r\n")).message, /\("HTTP"\)/);
});

Deno.test("errors: the offset is where the bad frame starts in the stream", () => {
  const encoder = createEncoder("len");
  const stream = concatBytes([
    encoder.encode(text("ok")),
    encoder.encode(text("fine")),
    text("GET "),
  ]);
  assert.equal(decodeError("len", stream).offset, 14);
});

Deno.test("errors: invalid JSON names the byte in the header and the header's offset", () => {
  const error = decodeError("json", jsonFrame('{"total_size": tru}'));
  assert.equal(
    error.message,
    "Cannot decode the JSON header at offset 4: invalid JSON at byte 18 of 19: unexpected '}'",
  );
  assert.equal(error.offset, 4);
  assert.match(decodeError("json", jsonFrame('{"a":1,')).message, /it ends early, at byte 7/);
  assert.match(
    decodeError("json", jsonFrame('{"a":1} x')).message,
    /at byte 8 of 9: unexpected 'x'/,
  );
  // Bytes, not characters: é takes two.
  assert.match(
    decodeError("json", jsonFrame('{"é":"\t"}')).message,
    /at byte 7 of 10: unexpected 0x09/,
  );
  // Nesting is bounded before the header is parsed (MAX_HEADER_DEPTH).
  assert.match(decodeError("json", jsonFrame("[" + "[".repeat(5000))).message, /nests 5001 deep/);
});

Deno.test("errors: the header must be a UTF-8 JSON object", () => {
  assert.match(decodeError("json", jsonFrame("[1]")).message, /it is an array, not a JSON object/);
  assert.match(decodeError("json", jsonFrame("null")).message, /it is null, not a JSON object/);
  const latin1 = concatBytes([new Uint8Array([0, 0, 0, 3]), new Uint8Array([0x22, 0xe9, 0x22])]);
  assert.match(decodeError("json", latin1).message, /its 3 bytes are not valid UTF-8/);
});

Deno.test("errors: a header without total_size says so and lists its fields", () => {
  const error = decodeError("json", jsonFrame('{"file_name":"a","size":3}'));
  assert.equal(
    error.message,
    "Cannot decode the JSON header at offset 4: it has no total_size field (it has file_name, size)",
  );
});

Deno.test("errors: total_size must be a whole number of bytes within max-frame", () => {
  for (const bad of ['"3"', "-1", "1.5", "null", "-1e400"]) {
    assert.match(
      decodeError("json", jsonFrame(`{"total_size":${bad}}`)).message,
      new RegExp(`total_size must be a whole number of bytes, got ${bad.replace(".", "\\.")}$`),
    );
  }
  assert.match(
    decodeError("json", jsonFrame('{"total_size":101}'), { maxFrame: 100 }).message,
    /total_size 101 exceeds --max-frame \(100 bytes\)/,
  );
  // Whole but past what a double holds exactly, or past any double: quoted as the peer wrote it.
  for (const big of ["9007199254740993", "18446744073709551616", "1e400"]) {
    assert.match(
      decodeError("json", jsonFrame(`{"total_size":${big}}`)).message,
      new RegExp(`total_size ${big} exceeds --max-frame \\(16777216 bytes\\)$`),
    );
  }
});

Deno.test("errors: an md5 mismatch shows both digests", () => {
  const body = text("hello");
  const stream = concatBytes([
    encodeJsonHeader({ md5: "00000000000000000000000000000000" }, body.length),
    body,
  ]);
  const error = decodeError("json", stream);
  assert.equal(
    error.message,
    "Cannot decode the frame at offset 0: md5 mismatch: the header says " +
      "00000000000000000000000000000000, the body hashes to 5d41402abc4b2a76b9719d911017c592",
  );
});

Deno.test("errors: a md5 that is not 32 hex digits is passed through unchecked", () => {
  const body = text("hello");
  const stream = concatBytes([encodeJsonHeader({ md5: "n/a" }, body.length), body]);
  const [frame] = createDecoder("json").push(stream);
  assert.equal(frame.header?.md5, "n/a");
  const upper = concatBytes([
    encodeJsonHeader({ md5: "5D41402ABC4B2A76B9719D911017C592" }, body.length),
    body,
  ]);
  assert.equal(createDecoder("json").push(upper).length, 1);
});

Deno.test("errors: varint overflow", () => {
  const eleven = new Uint8Array(11).fill(0xff);
  const error = decodeError("len", eleven, { prefix: "varint" });
  assert.match(
    error.message,
    /^Cannot decode the varint at offset 0: Malformed or overflow varint/,
  );
  // Ten bytes whose last carries more than bit 63.
  const tooBig = new Uint8Array([...new Uint8Array(9).fill(0x80), 0x02]);
  assert.match(decodeError("len", tooBig, { prefix: "varint" }).message, /overflow varint/);
  assert.throws(() => decodeVarint(eleven), /Malformed or overflow varint/);
  // 2^64 - 1 is a varint, but no frame is that long.
  const max = new Uint8Array([...new Uint8Array(9).fill(0xff), 0x01]);
  assert.match(
    decodeError("len", max, { prefix: "varint" }).message,
    /length 18446744073709551615 exceeds --max-frame/,
  );
});

Deno.test("errors: end of stream mid-frame says how much of which part arrived", () => {
  const len = concatBytes([new Uint8Array([0, 0, 0, 10]), text("abc")]);
  assert.equal(
    decodeError("len", len).message,
    "Cannot decode the frame at offset 0: end of stream in the body: got 3 of 10 bytes",
  );
  assert.match(
    decodeError("len", new Uint8Array([0, 0])).message,
    /end of stream in the length prefix: got 2 of 4 bytes/,
  );
  assert.match(
    decodeError("len", new Uint8Array([0x80, 0x80]), { prefix: "varint" }).message,
    /end of stream in the varint length prefix: got 2 bytes of an unfinished varint/,
  );
  const json = createEncoder("json").encode(text("0123456789"));
  assert.match(
    decodeError("json", json.subarray(0, json.length - 7)).message,
    /end of stream in the body: got 3 of 10 bytes/,
  );
  assert.match(
    decodeError("json", json.subarray(0, 10)).message,
    /in the header: got 6 of \d+ bytes/,
  );
  assert.match(
    decodeError("json", json.subarray(0, 1)).message,
    /in the length prefix: got 1 of 4/,
  );
  const second = concatBytes([createEncoder("len").encode(text("ok")), len]);
  assert.equal(decodeError("len", second).offset, 6);
});

Deno.test("errors: a last line without a newline is an error at end of stream", () => {
  const error = decodeError("line", text("one\ntwo"));
  assert.equal(
    error.message,
    "Cannot decode the line at offset 4: got 3 bytes without a newline at end of stream",
  );
});

Deno.test("errors: a line over max-frame is refused before more than max-frame + 1 bytes are held", () => {
  const decoder = createDecoder("line", { maxFrame: 8 });
  decoder.push(text("ok\n012345678"));
  assert.equal(decoder.buffered, 9);
  assert.throws(() => decoder.push(text("9")), {
    name: "FrameError",
    message: "Cannot decode the line at offset 3: got 10 bytes without a newline, " +
      "more than --max-frame (8 bytes)",
  });
  assert.match(decodeError("line", text("012345678\n"), { maxFrame: 8 }).message, /it has 9 bytes/);
});

/** Bad bytes for each framing and prefix (with maxFrame 100): a line or a length too long, HTTP. */
const BAD_AFTER_GOOD: { framing: Framing; prefix?: Prefix; bad: Uint8Array }[] = [
  { framing: "line", bad: text("x".repeat(200) + "\n") },
  ...PREFIXES.map((prefix) => ({
    framing: "len" as const,
    prefix,
    bad: encodePrefix(prefix, 101),
  })),
  { framing: "json", bad: text("GET / HTTP/1.1\r\n") },
];

Deno.test("errors: frames before the bad bytes in the same read are returned, then the decoder fails", () => {
  const good = [text("one"), text("two")];
  for (const { framing, prefix, bad } of BAD_AFTER_GOOD) {
    const label = `${framing} ${prefix ?? ""}`;
    const encoder = createEncoder(framing, { prefix });
    const frames = concatBytes(good.map((m) => encoder.encode(m)));
    const decoder = createDecoder(framing, { prefix, maxFrame: 100 });
    const payloads = decoder.push(concatBytes([frames, bad])).map((frame) => frame.payload);
    assert.deepEqual(payloads, good, label);
    const failure = decoder.failure;
    assert.ok(failure instanceof FrameError, label);
    assert.equal(failure.offset, frames.length, label);
    // Failed for good: later calls throw the same error, and no frame comes out of good bytes.
    assert.throws(() => decoder.push(frames), (error) => error === failure, label);
    assert.throws(() => decoder.end(), (error) => error === failure, label);
  }
});

Deno.test("errors: bad bytes with no frame before them throw at once, and the decoder stays failed", () => {
  for (const { framing, prefix, bad } of BAD_AFTER_GOOD) {
    const label = `${framing} ${prefix ?? ""}`;
    const decoder = createDecoder(framing, { prefix, maxFrame: 100 });
    let thrown: unknown;
    assert.throws(
      () => decoder.push(bad),
      (error) => (thrown = error) instanceof FrameError,
      label,
    );
    assert.equal(decoder.failure, thrown, label);
    assert.equal(decoder.failure?.offset, 0, label);
    const good = createEncoder(framing, { prefix }).encode(text("ok"));
    assert.throws(() => decoder.push(good), (error) => error === thrown, label);
  }
});

Deno.test("errors: raw framing never fails", () => {
  const decoder = createDecoder("raw");
  assert.equal(decoder.push(text("GET / HTTP/1.1\r\n")).length, 1);
  assert.equal(decoder.failure, undefined);
  decoder.end();
});

Deno.test("errors: every invalid JSON header gets a byte position, V8's where it gives one", () => {
  const rng = new Rng(12);
  const base =
    '{"file_name":"a b.txt","total_size":12,"md5":null,"n":[1,-2.5e+3,true,false,{"k":"\\u00e9"}]}';
  const alphabet = '{}[]",:-+.eE0123456789 \\/utfnrlsaex\t\n';
  for (let i = 0; i < 5000; i++) {
    const chars = [...base];
    for (let edits = rng.int(1, 3); edits > 0; edits--) {
      const at = rng.int(0, chars.length - 1);
      const roll = rng.int(0, 2);
      if (roll === 0) chars.splice(at, 1);
      else if (roll === 1) chars.splice(at, 0, rng.pick([...alphabet]));
      else chars[at] = rng.pick([...alphabet]);
    }
    const json = chars.join("");
    let v8Position: string | undefined;
    try {
      JSON.parse(json);
      continue;
    } catch (error) {
      v8Position = (error as Error).message.match(/at position (\d+)/)?.[1] ?? "";
    }
    const message = decodeError("json", jsonFrame(json)).message;
    const ours = message.match(
      /invalid JSON at byte (\d+) of|invalid JSON: it ends early, at byte (\d+)/,
    );
    assert.ok(ours, `${json}: ${message}`);
    // ASCII text: V8's character position is our byte position.
    if (v8Position) assert.equal(ours[1] ?? ours[2], v8Position, json);
  }
});

Deno.test("errors: a header over --max-header is refused by its length; depth counts no string", () => {
  const error = decodeError("json", jsonFrame(`{"total_size":0,"x":"${"y".repeat(100)}"}`), {
    maxHeader: 64,
  });
  assert.match(error.message, /at offset 0: length 123 exceeds --max-header \(64 bytes\)/);
  // Brackets inside strings (escaped quotes too) are text, not nesting.
  const header = `{"total_size":0,"x":"\\"${"[".repeat(100)}"}`;
  const [frame] = createDecoder("json").push(jsonFrame(header));
  assert.equal(frame.header?.x, `"${"[".repeat(100)}`);
  assert.match(
    decodeError("json", jsonFrame(`{"total_size":0,"x":${"[".repeat(33)}${"]".repeat(33)}}`))
      .message,
    /nests 34 deep, over the 32 levels a header may have/,
  );
});
