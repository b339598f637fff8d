import assert from "node:assert/strict";
import {
  decodeVarint,
  encodePrefix,
  encodeVarint,
  type Prefix,
  prefixCapacity,
  PREFIXES,
  prefixWidth,
} from "../lib/framing/mod.ts";
import { python, Rng } from "./framing_helpers.ts";

Deno.test("prefix: varint is protobuf's unsigned LEB128", () => {
  const cases: [number, number[]][] = [
    [0, [0]],
    [1, [1]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [300, [0xac, 0x02]],
    [16384, [0x80, 0x80, 0x01]],
    [2 ** 32, [0x80, 0x80, 0x80, 0x80, 0x10]],
    [Number.MAX_SAFE_INTEGER, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]],
  ];
  for (const [value, bytes] of cases) {
    assert.deepEqual([...encodeVarint(value)], bytes, `encode ${value}`);
    assert.deepEqual(decodeVarint(new Uint8Array([9, ...bytes, 9]), 1), [value, bytes.length + 1]);
  }
});

Deno.test("prefix: a varint cut short is an error in the pure decoder", () => {
  assert.throws(() => decodeVarint(new Uint8Array([0x80])), {
    name: "FrameError",
    message: /got 1 byte of an unfinished varint/,
  });
});

Deno.test("prefix: fixed widths match DataView in both byte orders", () => {
  const rng = new Rng(9);
  for (const prefix of PREFIXES.filter((p) => p !== "varint")) {
    const width = prefixWidth(prefix);
    const littleEndian = prefix.endsWith("le");
    for (let i = 0; i < 200; i++) {
      const value = Math.floor(rng.next() * Math.min(prefixCapacity(prefix), 2 ** 53));
      const view = new DataView(encodePrefix(prefix, value).buffer);
      assert.equal(view.byteLength, width);
      const read = width === 1
        ? view.getUint8(0)
        : width === 2
        ? view.getUint16(0, littleEndian)
        : width === 4
        ? view.getUint32(0, littleEndian)
        : Number(view.getBigUint64(0, littleEndian));
      assert.equal(read, value, `${prefix} ${value}`);
    }
  }
});

Deno.test("prefix: capacities, and lengths a prefix cannot carry are refused", () => {
  assert.equal(prefixCapacity("u8"), 255);
  assert.equal(prefixCapacity("u16le"), 65535);
  assert.equal(prefixCapacity("u32be"), 4294967295);
  assert.equal(prefixCapacity("u64be"), Number.MAX_SAFE_INTEGER);
  for (
    const [prefix, length] of [["u8", 256], ["u16be", 65536], ["u32le", 2 ** 32], ["varint", -1]]
  ) {
    assert.throws(() => encodePrefix(prefix as Prefix, length as number), RangeError);
  }
  assert.throws(() => encodePrefix("u64be", 2 ** 53), RangeError);
  assert.throws(() => encodePrefix("u32be", 1.5), RangeError);
});

Deno.test("prefix: python's struct agrees on every fixed prefix", async () => {
  const formats: Record<string, string> = {
    u8: "B",
    u16be: ">H",
    u16le: "<H",
    u32be: ">I",
    u32le: "<I",
    u64be: ">Q",
    u64le: "<Q",
  };
  const values = [0, 1, 200, 255];
  const code = `
import struct, sys
for fmt in ${JSON.stringify(Object.values(formats))}:
    for v in ${JSON.stringify(values)}:
        sys.stdout.buffer.write(struct.pack(fmt, v * 0x01010101 % (1 << (8 * struct.calcsize(fmt)))))
`;
  const expected = await python(code);
  const ours = Object.keys(formats).flatMap((prefix) =>
    values.map((v) =>
      encodePrefix(prefix as Prefix, (v * 0x01010101) % 2 ** (8 * prefixWidth(prefix as Prefix)))
    )
  );
  assert.deepEqual([...expected], ours.flatMap((bytes) => [...bytes]));
});
