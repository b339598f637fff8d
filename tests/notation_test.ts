/**
 * The one hex parser and the one unescape: every spelling gives the same
 * bytes, and every mistake is refused in one line that names where it is.
 */
import assert from "node:assert/strict";
import { parseHex, parseHexPattern } from "../lib/notation/hex.ts";
import { unescapeText } from "../lib/notation/escapes.ts";
import { UsageError } from "../lib/errors.ts";
import { loadEncoders } from "../lib/notation/text_encoding.ts";

// What the command line loads first when it is asked for (lib/options/cli.ts).
await loadEncoders();

const bytes = (...values: number[]) => Uint8Array.from(values);

Deno.test("hex: every spelling of the same bytes reads the same", () => {
  const spellings = [
    "0103C40B",
    "01 03 c4 0b",
    "01:03:C4:0B",
    "01-03-C4-0B",
    "0x01,0x03,0xC4,0x0B",
    "0x01, 0x03, 0xc4, 0x0b",
    "\\x01\\x03\\xC4\\x0B",
    "0x0103 C40B",
    "  01 03\tc4;0b ",
  ];
  for (const text of spellings) assert.deepEqual(parseHex(text), bytes(1, 3, 0xc4, 0x0b), text);
  assert.deepEqual(parseHex(""), bytes());
});

/** The one line a mistake gives. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof UsageError, String(err));
    assert.ok(!err.message.includes("\n"), err.message);
    return err.message;
  }
  assert.fail("not refused");
}

Deno.test("hex: an odd run of digits is refused, naming where it begins, in every spelling", () => {
  // Once `C4 0` was quietly sent as c4 00 while 0103000000021 was refused: now both say where.
  assert.match(
    refusal(() => parseHex("01 03 C4 0")),
    /"0" has an odd number of digits \(1\).* at character 10;/,
  );
  assert.match(
    refusal(() => parseHex("0103000000021")),
    /"0103000000021" has an odd number of digits \(13\).* at character 1;/,
  );
  assert.match(refusal(() => parseHex("0x41,0x5")), /"0x5" has an odd .* at character 6/);
  assert.match(refusal(() => parseHex("\\x41\\x4")), /"\\x4" has an odd .* at character 5/);
  assert.match(refusal(() => parseHex("41 0x")), /"0x" has no digits after it at character 4/);
  assert.match(
    refusal(() => parseHex("41 4g")),
    /"g" is not a hex digit at character 5;.*0x68,0x65/,
  );
  assert.match(refusal(() => parseHex("41 ??")), /"\?" is not a hex digit at character 4/);
});

Deno.test("hex patterns: ?? is one byte, * any run, bytes between them merged", () => {
  assert.deepEqual(parseHexPattern("01 03 ?? ?? *"), [bytes(1, 3), "??", "??", "*"]);
  assert.deepEqual(parseHexPattern("0103????*0d0a"), [bytes(1, 3), "??", "??", "*", bytes(13, 10)]);
  assert.deepEqual(parseHexPattern("*"), ["*"]);
  assert.match(
    refusal(() => parseHexPattern("01 ? 03")),
    /a lone "\?" \(one unknown byte is \?\?\) at character 4/,
  );
  assert.match(refusal(() => parseHexPattern("01 0 *")), /"0" has an odd .* at character 4/);
});

Deno.test("escapes: \\r \\n \\t \\0 \\\\ \\xHH, the rest in the encoding", () => {
  assert.deepEqual(
    unescapeText("AT\\r\\n\\t\\0\\\\\\x41\\xfF"),
    bytes(0x41, 0x54, 0x0d, 0x0a, 0x09, 0x00, 0x5c, 0x41, 0xff),
  );
  assert.deepEqual(unescapeText("你\\x00", "gbk"), bytes(0xc4, 0xe3, 0x00));
  assert.deepEqual(unescapeText("plain"), new TextEncoder().encode("plain"));
});

Deno.test("escapes: an unknown escape, \\x without two digits, a lone backslash: refused where", () => {
  assert.match(
    refusal(() => unescapeText("C:\\path")),
    /Cannot read the escape "\\p" at character 3: use \\r, \\n, \\t, \\0, \\\\ \(a backslash\) or \\xHH/,
  );
  assert.match(refusal(() => unescapeText("ab\\x4")), /"\\x4" at character 3/);
  assert.match(refusal(() => unescapeText("ab\\x4g")), /"\\x4g" at character 3/);
  assert.match(refusal(() => unescapeText("end\\")), /"\\" at character 4/);
});
