/**
 * Every encoding --encoding accepts can be written: each character its
 * decoder makes from one or two bytes is encoded back to bytes that decode
 * to it. Labels without an encoder are refused with the list.
 */
import assert from "node:assert/strict";
import { UsageError } from "../lib/errors.ts";
import iconv from "iconv-lite";
import { connectTo, eventsOf, Framecat } from "./helpers/cli.ts";
import {
  checkEncoding,
  encodeGiven,
  encodeText,
  loadEncoders,
  MULTI_BYTE_ENCODERS,
  WHATWG_ENCODINGS,
  WRITABLE_ENCODINGS,
} from "../lib/notation/text_encoding.ts";

// What the command line loads first when it is asked for (lib/options/cli.ts).
await loadEncoders();

/**
 * Characters the WHATWG encoders themselves do not write (so neither does framecat): the
 * private-use area of shift_jis (decoded only), and 18 characters iconv-lite's gbk lacks
 * (documented in the README): the vertical forms U+FE10–U+FE19 and U+9FB4–U+9FBB.
 */
function unwritable(encoding: string, ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if (encoding === "shift_jis") return cp >= 0xe000 && cp <= 0xf8ff;
  if (encoding === "gbk") return (cp >= 0xfe10 && cp <= 0xfe19) || (cp >= 0x9fb4 && cp <= 0x9fbb);
  return false;
}

/** Every character `encoding` decodes from one byte, or from a lead byte 0x80+ and a trail. */
function decodableCharacters(encoding: string): Set<string> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const chars = new Set<string>();
  const learn = (bytes: Uint8Array) => {
    try {
      const ch = decoder.decode(bytes);
      if ([...ch].length === 1) chars.add(ch);
    } catch { /* not a character */ }
  };
  for (let a = 0; a < 256; a++) {
    learn(Uint8Array.of(a));
    // A second byte makes one character only in the multi-byte encodings (not in utf-8, whose
    // characters of 2 bytes and more are tested by the platform's own decoder and encoder).
    if (a >= 0x80 && MULTI_BYTE_ENCODERS.includes(encoding)) {
      for (let b = 0; b < 256; b++) learn(Uint8Array.of(a, b));
    }
  }
  return chars;
}

Deno.test("the multi-byte encodings framecat writes are those iconv-lite has an encoder for", () => {
  const singleByte = WRITABLE_ENCODINGS.filter((e) => !MULTI_BYTE_ENCODERS.includes(e));
  const multiByte = WHATWG_ENCODINGS.filter((e) =>
    e !== "utf-8" && !singleByte.includes(e) && iconv.encodingExists(e)
  );
  assert.deepEqual([...MULTI_BYTE_ENCODERS].sort(), multiByte.sort());
  assert.ok(!WRITABLE_ENCODINGS.includes("iso-2022-jp"), "iconv-lite cannot write iso-2022-jp");
});

Deno.test("every writable encoding writes back every character it reads", () => {
  for (const encoding of WRITABLE_ENCODINGS) {
    const decoder = new TextDecoder(encoding);
    const wrong: string[] = [];
    for (const ch of decodableCharacters(encoding)) {
      if (unwritable(encoding, ch)) continue;
      if (decoder.decode(encodeText(ch, encoding)) !== ch) wrong.push(ch);
    }
    assert.deepEqual(wrong, [], encoding);
  }
});

Deno.test("utf-16 and gb18030's four-byte characters are written, not replaced by ?", () => {
  for (const encoding of ["utf-16le", "utf-16be", "gb18030"]) {
    const text = "粘包 sticky 𠀀 €";
    const bytes = encodeText(text, checkEncoding(encoding));
    assert.equal(new TextDecoder(encoding).decode(bytes), text, encoding);
  }
  assert.deepEqual([...encodeText("A", "utf-16be")], [0, 0x41]);
});

Deno.test("a label that can be read but not written is refused with the list", () => {
  for (const label of ["iso-2022-jp", "x-user-defined", "klingon"]) {
    assert.throws(() => checkEncoding(label), (err: Error) => {
      assert.ok(err instanceof UsageError);
      assert.match(err.message, /use a WHATWG label framecat can write: utf-8, /);
      return true;
    });
  }
  assert.equal(checkEncoding("latin1"), "windows-1252");
  assert.equal(checkEncoding("UTF-16"), "utf-16le");
});

Deno.test("text the user gives with a character --encoding cannot write is refused naming it, never sent as ?", async () => {
  const { framecat: server, port } = await Framecat.listening(
    ["serve", "127.0.0.1:0", "--framing", "line", "--output", "json"],
  );
  await using _ = server;
  // --send: the user's mistake, said before anything goes (exit 2), in one line.
  const sent = await connectTo(port, ["--encoding", "latin1", "--send", "中文 café"]);
  assert.equal(sent.code, 2);
  assert.equal(
    sent.stderr.trim(),
    'framecat: "中" (U+4E2D) cannot be written in windows-1252 (--encoding): framecat does not send it as "?"',
  );
  // Piped lines: that one is refused by its number, the others go.
  const piped = await connectTo(port, [
    "--framing",
    "line",
    "--encoding",
    "gbk",
    "--output",
    "json",
  ], {
    stdin: "ok\nsmile 😀\nfine\n",
  });
  assert.equal(piped.code, 0, piped.stderr);
  const refused = eventsOf(piped.events, "error").map((e) => e.message);
  assert.deepEqual(refused, [
    'line 2 not sent: "😀" (U+1F600) cannot be written in gbk (--encoding): framecat does not send it as "?"',
  ]);
  const lines = eventsOf(piped.events, "sent").map((e) => atob(e.base64 as string));
  assert.deepEqual(lines, ["ok", "fine"]);
  // What can be written still is: € is gbk's 0x80.
  assert.deepEqual(encodeGiven("€", "gbk"), Uint8Array.of(0x80));
  assert.throws(() => encodeGiven("中", "windows-1252"), UsageError);
});

Deno.test("upper under --encoding gbk sends gb18030's four-byte characters back as they came, not as ?", async () => {
  const { framecat: server, port } = await Framecat.listening(
    ["serve", "127.0.0.1:0", "--behavior", "upper", "--encoding", "gbk", "--output", "json"],
  );
  await using _ = server;
  // a, 㐀 (81 39 EE 39), 😀 (94 39 FC 36), ｘ (A3 F8, full-width): gbk reads all, writes only two.
  const message = "61 8139ee39 9439fc36 a3f8";
  const run = await connectTo(port, ["--send-hex", message, "--expect", "1", "--output", "json"]);
  assert.equal(run.code, 0, run.stderr);
  const [reply] = eventsOf(run.events, "read").map((e) =>
    Uint8Array.fromBase64(e.base64 as string)
  );
  // A and Ｘ (A3 D8) upper-cased; the four-byte ones unchanged.
  assert.deepEqual(reply, Uint8Array.fromHex("4181" + "39ee399439fc36a3d8"));
});
