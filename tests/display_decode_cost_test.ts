/**
 * Showing received bytes in another encoding than UTF-8 costs about what it
 * did before every encoding was read character by character: a read event is
 * formatted for every message an echo server answers, and the web page shows
 * a message of up to 16 MiB whole. What a character costs is counted in
 * calls to the platform's decoder (each a trip out of JavaScript, where the
 * rest is a look-up): a few a message, not one or more a character.
 */
import assert from "node:assert/strict";
import { escapeBytes } from "../lib/display/escape.ts";
import { escapeShown } from "../lib/shared/escape.js";
import { encodeText, loadEncoders } from "../lib/notation/text_encoding.ts";
import { concatBytes } from "../lib/bytes.ts";

// What the command line loads first when it is asked for (lib/options/cli.ts).
await loadEncoders();

/** How many times `show` calls TextDecoder.decode. */
function decodes(show: () => void): number {
  const decode = TextDecoder.prototype.decode;
  let calls = 0;
  TextDecoder.prototype.decode = function (...args) {
    calls++;
    return decode.apply(this, args);
  };
  try {
    show();
  } finally {
    TextDecoder.prototype.decode = decode;
  }
  return calls;
}

/** The same pseudo-random bytes every run. */
function noise(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    bytes[i] = seed >> 16;
  }
  return bytes;
}

/** `before` text lines of an encoding, bytes that are no character in it, then `after` lines. */
function linesWithBad(
  encoding: string,
  line: string,
  before: number,
  bad: number[],
  after: number,
) {
  const one = encodeText(line, encoding);
  return concatBytes([...Array(before).fill(one), Uint8Array.from(bad), ...Array(after).fill(one)]);
}

const CASES = [
  {
    name: "gbk lines, a bad byte",
    encoding: "gbk",
    data: linesWithBad("gbk", "你好 世界\n", 5, [0xff], 135),
  },
  {
    name: "big5 lines, a bad byte",
    encoding: "big5",
    data: linesWithBad("big5", "你好 世界\n", 5, [0xff], 135),
  },
  {
    name: "utf-16le lines, a lone surrogate",
    encoding: "utf-16le",
    data: linesWithBad("utf-16le", "你好 世界\n", 5, [0x3d, 0xd8], 110),
  },
  // Valid text a limit cuts inside a character: it cannot be shown in one decode.
  {
    name: "gbk lines, cut by the limit",
    encoding: "gbk",
    data: encodeText("你好 世界\n".repeat(140), "gbk"),
  },
  { name: "binary data as gbk", encoding: "gbk", data: noise(1400, 7) },
  { name: "binary data as shift_jis", encoding: "shift_jis", data: noise(1400, 11) },
];

Deno.test("a read event in another encoding costs a few decodes, not one a character", () => {
  for (const { name, encoding, data } of CASES) {
    // The first message of an encoding learns its characters; later ones only look them up.
    escapeBytes(data, encoding);
    const calls = decodes(() => escapeBytes(data, encoding));
    // Asking the decoder of each character took 200 to 400 for these 256 bytes.
    assert.ok(calls <= 16, `${name}: ${calls} decodes for one line`);
  }
});

Deno.test("a message opened whole in the page costs a few decodes, however long", () => {
  const data = linesWithBad("gbk", "你好 世界 hello\n", 40_000, [0xff], 40_000);
  escapeShown(data, "gbk", Infinity);
  const calls = decodes(() => escapeShown(data, "gbk", Infinity));
  // Every character asked of the decoder: a million calls or more, seconds in a browser.
  assert.ok(calls <= 16, `${calls} decodes for ${data.length} B`);
  const { body, used } = escapeShown(data, "gbk", Infinity);
  assert.equal(used, data.length);
  assert.ok(body.includes("世界 hello\\n\\xff你好"), "the bad byte alone is escaped");
});
