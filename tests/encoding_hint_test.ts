/** "try --encoding gbk": given once for GBK text under UTF-8, never for binary data or UTF-8. */
import assert from "node:assert/strict";
import { eventsOf, Framecat } from "./helpers/cli.ts";
import { readBytes, writeAll } from "./helpers/net.ts";
import { encodeText, loadEncoders } from "../lib/notation/text_encoding.ts";
import { parseChecksum } from "../lib/checksum/mod.ts";

// What the command line loads first when it is asked for (lib/options/cli.ts).
await loadEncoders();

/** The `info` hints an echo server gives for `messages`, each sent and echoed in turn. */
async function hintsFor(messages: Uint8Array[], args: string[] = []) {
  await using server = new Framecat(["serve", "127.0.0.1:0", "--output", "json", ...args]);
  using conn = await Deno.connect({ hostname: "127.0.0.1", port: await server.port() });
  for (const message of messages) {
    await writeAll(conn, message);
    await readBytes(conn, message.length); // one read each: the echo came back
  }
  await server.waitFor((evs) => eventsOf(evs, "read").length === messages.length);
  return server.of("info", "note").filter((e) => e.hint === "--encoding gbk").map((e) => e.message);
}

Deno.test("encoding hint: GBK text under UTF-8 is named once, with the text it reads as", async () => {
  const gbk = encodeText("你好，世界", "gbk");
  const hints = await hintsFor([gbk, gbk]);
  assert.deepEqual(hints, [
    'not UTF-8, but it reads as GBK text ("你好，世界"): try --encoding gbk',
  ]);
});

Deno.test("encoding hint: none for UTF-8 text, binary bytes, or when --encoding gbk is given", async () => {
  const binary = Uint8Array.of(0xff, 0x00, 0x81, 0x02, 0x90, 0x10);
  assert.deepEqual(await hintsFor([new TextEncoder().encode("你好"), binary]), []);
  assert.deepEqual(await hintsFor([encodeText("你好", "gbk")], ["--encoding", "gbk"]), []);
});

Deno.test("encoding hint: UTF-8 cut by a read's end gives none; GBK cut across reads still does", async () => {
  // 你好，同学们 with 好 cut after its first byte: the second read begins inside a character.
  const utf8 = new TextEncoder().encode("你好，同学们");
  assert.deepEqual(await hintsFor([utf8.subarray(0, 4), utf8.subarray(4)]), []);
  // Cut the other way round too: inside the last character of the first read.
  assert.deepEqual(await hintsFor([utf8.subarray(0, 8), utf8.subarray(8)]), []);
  const gbk = encodeText("你好，同学们", "gbk");
  const hints = await hintsFor([gbk.subarray(0, 3), gbk.subarray(3)]);
  assert.equal(hints.length, 1);
  assert.match(hints[0], /try --encoding gbk$/);
});

Deno.test("encoding hint: a length prefix is not taken for text; a framed GBK message still is", async () => {
  // 中文 × 25 is 150 bytes of UTF-8: its u8 prefix 0x96 and the first bytes read as GBK.
  const utf8 = new TextEncoder().encode("中文".repeat(25));
  const args = ["--framing", "len", "--prefix", "u8"];
  assert.deepEqual(await hintsFor([Uint8Array.of(utf8.length, ...utf8)], args), []);
  const gbk = encodeText("你好，世界", "gbk");
  assert.deepEqual(await hintsFor([Uint8Array.of(gbk.length, ...gbk)], args), [
    'not UTF-8, but it reads as GBK text ("你好，世界"): try --encoding gbk',
  ]);
});

Deno.test("encoding hint: a message's checksum is not taken for GBK text; a GBK message before it still is", async () => {
  const crc32 = parseChecksum("crc32");
  // 123456789 with its CRC-32 after it: the CRC's bytes read as GBK with the digits before them
  // ("123456789唆9&", both ends said), though the message itself is plain UTF-8.
  const framed = (body: Uint8Array) => {
    const message = crc32.append(body);
    return Uint8Array.of(message.length, ...message);
  };
  const args = ["--framing", "len", "--prefix", "u8", "--checksum", "crc32"];
  assert.deepEqual(await hintsFor([framed(new TextEncoder().encode("123456789"))], args), []);
  assert.deepEqual(await hintsFor([framed(encodeText("你好，世界", "gbk"))], args), [
    'not UTF-8, but it reads as GBK text ("你好，世界"): try --encoding gbk',
  ]);
});
