/** Over UDP a datagram is exactly one frame; one that disagrees with its prefix is reported. */
import assert from "node:assert/strict";
import { createEncoder, decodeDatagram, FrameError, PREFIXES } from "../lib/framing/mod.ts";
import { concatBytes } from "../lib/bytes.ts";
import { text } from "./framing_helpers.ts";

Deno.test("datagram: each framing reads back the one frame its encoder wrote", () => {
  for (const framing of ["raw", "line", "len", "json"] as const) {
    const prefixes = framing === "len"
      ? PREFIXES
      : framing === "json"
      ? ["u32be", "u16le"] as const
      : [undefined];
    for (const prefix of prefixes) {
      for (const message of [text(""), text("hello"), new Uint8Array(300).fill(7)]) {
        if (prefix === "u8" && message.length > 255) continue;
        const datagram = createEncoder(framing, { prefix }).encode(message, { seq: 1 });
        const frame = decodeDatagram(framing, datagram, { prefix });
        assert.deepEqual(frame.payload, message, `${framing} ${prefix}`);
        assert.equal(frame.payload.buffer, datagram.buffer, "a view, not a copy");
        if (framing === "json") assert.equal(frame.header?.seq, 1);
      }
    }
  }
});

Deno.test("datagram: a line's \\n or \\r\\n is optional", () => {
  for (const datagram of ["hi", "hi\n", "hi\r\n"]) {
    assert.deepEqual(decodeDatagram("line", text(datagram)).payload, text("hi"));
  }
});

Deno.test("datagram: shorter than its prefix says is truncated", () => {
  const datagram = concatBytes([new Uint8Array([0, 0, 0, 10]), text("abc")]);
  assert.throws(() => decodeDatagram("len", datagram), {
    name: "FrameError",
    message: "Cannot decode the datagram at offset 0: truncated: the length prefix announces " +
      "10 bytes but only 3 follow",
  });
  assert.throws(
    () => decodeDatagram("len", new Uint8Array([0, 0])),
    /truncated: 2 bytes cannot hold/,
  );
  const json = createEncoder("json").encode(text("0123456789"));
  assert.throws(
    () => decodeDatagram("json", json.subarray(0, json.length - 4)),
    /truncated: total_size announces 10 bytes but only 6 follow/,
  );
  assert.throws(() => decodeDatagram("json", json.subarray(0, 8)), /truncated: the length prefix/);
});

Deno.test("datagram: longer than its prefix says is malformed", () => {
  const datagram = concatBytes([new Uint8Array([0, 0, 0, 1]), text("abc")]);
  assert.throws(() => decodeDatagram("len", datagram), {
    name: "FrameError",
    message: "Cannot decode the datagram at offset 0: malformed: 2 extra bytes after the 1 byte " +
      "the length prefix announces",
  });
  const json = concatBytes([createEncoder("json").encode(text("abc")), text("!!")]);
  assert.throws(
    () => decodeDatagram("json", json),
    /malformed: 2 extra bytes after the 3 bytes total_size/,
  );
});

Deno.test("datagram: a size that fits when byte-swapped hints the other prefix", () => {
  const datagram = concatBytes([new Uint8Array([3, 0]), text("abc")]);
  try {
    decodeDatagram("len", datagram, { prefix: "u16be" });
    assert.fail("no error");
  } catch (error) {
    assert.ok(error instanceof FrameError);
    assert.match(error.message, /^Cannot decode the datagram at offset 0: truncated/);
    assert.equal(error.hint, "read as u16le it is 3, try --prefix u16le");
  }
});

Deno.test("datagram: over max-frame, bad json and md5 mismatch are refused", () => {
  assert.throws(
    () =>
      decodeDatagram("len", new Uint8Array(104).fill(0, 0, 3).fill(100, 3, 4), { maxFrame: 99 }),
    // Said of the datagram, as its other refusals are; and never "raise the limit": its size is
    // known (100 bytes, within 4 × 99, would draw that hint on a stream).
    /: Cannot decode the datagram at offset 0: length 100 exceeds --max-frame \(99 bytes\)$/,
  );
  assert.throws(
    () => decodeDatagram("line", text("abcd\n"), { maxFrame: 3 }),
    /the line has 4 bytes/,
  );
  const frame = createEncoder("json").encode(text("abc"));
  frame[frame.length - 1] ^= 1;
  assert.throws(() => decodeDatagram("json", frame), /md5 mismatch/);
  assert.throws(
    () => decodeDatagram("json", concatBytes([new Uint8Array([0, 0, 0, 2]), text("{}")])),
    /no total_size/,
  );
  assert.throws(() => decodeDatagram("json", text("x"), { prefix: "varint" }), RangeError);
});
