/**
 * Every --checksum name against its catalogue check value for `123456789`,
 * appended in both byte orders where a checksum has two; the CRC engine
 * cross-checked against npm `crc` on random messages (whose `crc16ccitt` is
 * CCITT-FALSE, not RevEng's CRC-16/CCITT); Modbus RTU's frame as it is sent.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import * as npmCrc from "crc";
import { CHECKSUMS, findChecksum } from "../lib/checksum/catalog.ts";
import { checksumOf, parseChecksum } from "../lib/checksum/mod.ts";
import { UsageError } from "../lib/errors.ts";
import { parseHex } from "../lib/notation/hex.ts";

const CHECK_INPUT = new TextEncoder().encode("123456789");

/** The catalogue check values, as RevEng and the README's table write them. */
const CATALOGUE: Record<string, number> = {
  "crc16-modbus": 0x4b37,
  "crc16-ccitt-false": 0x29b1,
  "crc16-xmodem": 0x31c3,
  "crc16-kermit": 0x2189,
  "crc16-x25": 0x906e,
  "crc16-arc": 0xbb3d,
  "crc16-usb": 0xb4c8,
  "crc8": 0xf4,
  "crc8-maxim": 0xa1,
  "crc32": 0xcbf43926,
  "crc32c": 0xe3069283,
  "crc32-bzip2": 0xfc891918,
  "crc32-mpeg2": 0x0376e6e7,
  "xor8": 0x31,
  "lrc": 0x23,
  "sum8": 0xdd,
  "sum16": 0x01dd,
};

/** `value` as `size` bytes, most significant first. */
function bigEndian(value: number, size: number): number[] {
  return Array.from({ length: size }, (_, i) => (value >>> (8 * (size - 1 - i))) & 0xff);
}

Deno.test("checksum: every name gives its catalogue check value, appended in both byte orders", () => {
  assert.deepEqual(CHECKSUMS.map((c) => c.name), Object.keys(CATALOGUE), "the table is complete");
  for (const c of CHECKSUMS) {
    const check = CATALOGUE[c.name];
    assert.equal(c.compute(CHECK_INPUT), check, c.name);
    assert.equal(c.check, check, `${c.name}: the value the README shows`);
    const be = bigEndian(check, c.size);
    const orders = c.size === 1 ? [""] : ["", ":be", ":le"];
    for (const order of orders) {
      const sum = parseChecksum(c.name + order);
      const wire = order === ":le" || (order === "" && sum.order === "le") ? be.toReversed() : be;
      assert.deepEqual(
        [...sum.append(CHECK_INPUT).subarray(9)],
        wire,
        `${c.name}${order} appends ${wire}`,
      );
      const verdict = sum.verify(sum.append(CHECK_INPUT));
      assert.ok(verdict.ok, `${c.name}${order} verifies what it appended`);
      assert.deepEqual(verdict.body, CHECK_INPUT);
    }
  }
});

Deno.test("checksum: crc16-modbus is sent low byte first, as Modbus RTU does", () => {
  const modbus = parseChecksum("crc16-modbus");
  assert.equal(modbus.append(parseHex("01 03 00 00 00 02")).toHex(), "010300000002c40b");
  assert.equal(
    parseChecksum("CRC-16/MODBUS:be").append(parseHex("010300000002")).toHex(),
    "010300000002" + "0bc4",
  );
  // The default order of every other two- and four-byte checksum is the check value as written.
  for (const c of CHECKSUMS.filter((c) => c.name !== "crc16-modbus")) assert.equal(c.order, "be");
});

Deno.test("checksum: the RevEng names and aliases find the same checksum, in any case", () => {
  const names: Array<[string, string]> = [
    ["CRC-16/MODBUS", "crc16-modbus"],
    ["crc-16/ccitt-false", "crc16-ccitt-false"],
    ["CRC-16/IBM-3740", "crc16-ccitt-false"],
    // RevEng's CRC-16/CCITT is KERMIT, not what npm crc calls crc16ccitt.
    ["CRC-16/CCITT", "crc16-kermit"],
    ["CRC-32C", "crc32c"],
    ["CRC-32/ISO-HDLC", "crc32"],
    ["CRC-8", "crc8"],
    ["CRC-16/X-25", "crc16-x25"],
  ];
  for (const [written, name] of names) assert.equal(findChecksum(written)?.name, name, written);
});

Deno.test("checksum: a bad name or order is one line naming the choices", () => {
  const refusal = (text: string) => {
    try {
      parseChecksum(text);
    } catch (err) {
      assert.ok(err instanceof UsageError);
      return err.message;
    }
    assert.fail(`${text} was taken`);
  };
  assert.match(refusal("crc17"), /Cannot use the checksum "crc17": the names are crc16-modbus, /);
  assert.match(refusal("crc16-modbus:middle"), /write NAME, NAME:be or NAME:le/);
  assert.match(refusal("xor8:le"), /xor8 is one byte, it has no byte order/);
});

Deno.test("checksum: a mismatch gives both values; a message too short to hold one says so", () => {
  const modbus = parseChecksum("crc16-modbus");
  const bad = modbus.verify(parseHex("01 03 00 00 00 02 C4 0C"));
  assert.deepEqual(
    { ok: bad.ok, expected: bad.expected, got: bad.got, body: bad.body.toHex() },
    { ok: false, expected: "c40b", got: "c40c", body: "010300000002" },
  );
  const short = modbus.verify(Uint8Array.of(1));
  assert.deepEqual({ ok: short.ok, got: short.got, body: short.body.toHex() }, {
    ok: false,
    got: "",
    body: "01",
  });
});

/** npm crc's function for each of ours that it has. */
const NPM: Record<string, (data: Buffer) => number> = {
  "crc16-modbus": npmCrc.crc16modbus,
  "crc16-ccitt-false": npmCrc.crc16ccitt, // the naming trap: npm's "ccitt" is CCITT-FALSE
  "crc16-xmodem": npmCrc.crc16xmodem,
  "crc16-kermit": npmCrc.crc16kermit,
  "crc16-arc": npmCrc.crc16,
  "crc8": npmCrc.crc8,
  "crc8-maxim": npmCrc.crc81wire,
  "crc32": npmCrc.crc32,
  "crc32-mpeg2": npmCrc.crc32mpeg2,
  "sum8": npmCrc.crc1,
};

Deno.test("checksum: the engine agrees with npm crc on 2,000 random messages", () => {
  let seed = 20240611;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let n = 0; n < 2000; n++) {
    const data = Uint8Array.from({ length: Math.floor(random() * 300) }, () => random() * 256);
    for (const [name, theirs] of Object.entries(NPM)) {
      const ours = findChecksum(name)!;
      assert.equal(
        ours.compute(data),
        theirs(Buffer.from(data)) >>> 0,
        `${name} of ${data.toHex()}`,
      );
    }
  }
  // And through append, in the byte order each is sent in.
  const crc32 = checksumOf(findChecksum("crc32")!, "be");
  assert.equal(
    crc32.append(CHECK_INPUT).subarray(9).toHex(),
    npmCrc.crc32(Buffer.from(CHECK_INPUT)).toString(16),
  );
});
