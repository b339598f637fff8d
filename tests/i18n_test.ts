/**
 * framecat's words (lib/i18n/): both catalogues have the same keys and
 * values, every key is used, and the errors a peer's bytes cause read in
 * Chinese with no English word left, their English being exactly the message.
 */
import assert from "node:assert/strict";
import { createDecoder, decodeDatagram, FrameError } from "../lib/framing/mod.ts";
import type { CodecOptions, Framing } from "../lib/framing/types.ts";
import { sayEn, sayIn, WORDS } from "../lib/i18n/say.ts";
import { englishWords } from "./helpers/english.ts";

/** The names a line quotes (a plural's number counts as its name). */
const names = (line: string) =>
  [...new Set([...line.matchAll(/\{(\w+)/g)].map((m) => m[1]))].sort();

Deno.test("i18n: the en and zh catalogues have the same keys, each quoting the same values", () => {
  const { en, zh } = WORDS;
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  for (const [key, line] of Object.entries(en) as [keyof typeof en, string][]) {
    assert.ok(zh[key].trim() !== "", `${key} is empty in zh`);
    // The system's reason: English quotes the system's own words, Chinese says what they mean.
    if (key.startsWith("os.") && line === "{text}") continue;
    assert.deepEqual(names(zh[key]), names(line), `the values of ${key}`);
  }
});

Deno.test("i18n: every key is said somewhere (literally, or as a family: closed.${reason})", async () => {
  let code = "";
  for (const dir of ["../lib/", "../lib/web/page/"]) {
    for await (const file of walk(new URL(dir, import.meta.url))) {
      // The catalogues hold every key: a key is used when code outside them says it.
      const catalogue = file.pathname.includes("/lib/i18n/") && !file.pathname.endsWith("/say.ts");
      if (!catalogue) code += await Deno.readTextFile(file);
    }
  }
  for (const key of Object.keys(WORDS.en)) {
    // Its families: `check.` and `check.got.` for check.got.unreachable.
    const families = [...key.matchAll(/\./g)].map((m) => key.slice(0, m.index + 1));
    const used = code.includes(`"${key}"`) ||
      families.some((f) => code.includes(`\`${f}\${`) || code.includes(`"${f}" +`));
    assert.ok(used, `${key} is never said`);
  }
});

async function* walk(dir: URL): AsyncGenerator<URL> {
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory && entry.name !== "vendor") yield* walk(url);
    else if (/\.(ts|js)$/.test(entry.name)) yield url;
  }
}

const bytes = (text: string) => new TextEncoder().encode(text);
const u32 = (n: number, little = false) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, little);
  return b;
};
const join = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));
const jsonFrame = (header: string) => join(u32(bytes(header).length), bytes(header));

/** Bad bytes of every kind a peer can send, and how they are read. */
const BAD: [string, Framing, Uint8Array, CodecOptions?, "datagram"?][] = [
  ["the course's struct.pack('i') to a u32be reader", "len", join(u32(5, true), bytes("hello"))],
  ["text to a len reader", "len", bytes("GET / HTTP/1.1\r\n")],
  ["TLS to a len reader", "len", Uint8Array.of(0x16, 0x03, 0x01, 0x02, 0x00)],
  ["a cut body", "len", join(u32(10), bytes("abc"))],
  ["a cut prefix", "len", Uint8Array.of(0, 0)],
  ["a cut varint", "len", Uint8Array.of(0x80, 0x80), { prefix: "varint" }],
  ["an overflowing varint", "len", new Uint8Array(11).fill(0xff), { prefix: "varint" }],
  ["bad JSON", "json", jsonFrame('{"a":1}}')],
  ["JSON cut short", "json", jsonFrame('{"a":1,')],
  ["a JSON array", "json", jsonFrame("[1]")],
  ["no total_size", "json", jsonFrame('{"file_name":"x"}')],
  ["a bad total_size", "json", jsonFrame('{"total_size":-1}')],
  ["a JSON header too deep", "json", jsonFrame("[".repeat(40))],
  ["latin-1 in the header", "json", join(u32(3), Uint8Array.of(0xe9, 0xe9, 0xe9))],
  ["a wrong md5", "json", jsonFrame(`{"total_size":0,"md5":"${"0".repeat(32)}"}`)],
  ["a line without its newline", "line", bytes("no newline")],
  ["a line too long", "line", bytes("0123456789\n"), { maxFrame: 4 }],
  ["a datagram shorter than its prefix says", "len", join(u32(9), bytes("abc")), {}, "datagram"],
  ["a datagram longer than its prefix says", "len", join(u32(1), bytes("abc")), {}, "datagram"],
  ["a datagram too short for its prefix", "len", Uint8Array.of(1), {}, "datagram"],
  ["a datagram line too long", "line", bytes("0123456789"), { maxFrame: 4 }, "datagram"],
];

function failure(framing: Framing, input: Uint8Array, o?: CodecOptions, datagram?: "datagram") {
  try {
    if (datagram) decodeDatagram(framing, input, o);
    else {
      const decoder = createDecoder(framing, o);
      decoder.push(input);
      decoder.end();
    }
  } catch (err) {
    if (err instanceof FrameError) return err;
    throw err;
  }
  throw new Error("no error");
}

for (const [what, framing, input, options, datagram] of BAD) {
  Deno.test(`i18n: ${what} reads in Chinese, its English is the message`, () => {
    const err = failure(framing, input, options, datagram);
    assert.equal(sayEn(err.said), err.message);
    const zh = sayIn("zh", err.said);
    assert.doesNotMatch(zh, /\{\w+/, zh);
    assert.match(zh, /[\u4e00-\u9fff]/, zh);
    assert.deepEqual(englishWords(zh), [], zh);
  });
}

/**
 * The README's 中文用词: one word for one thing, in the terminal, the demos and
 * the page alike. Each entry is a word that must not be used, and the word to use.
 */
const NOT_OUR_WORDS: Array<[RegExp, string]> = [
  [/服务器/, "服务端 (server)"],
  [/(?<!分)帧/, "消息 (a frame, a message; 分帧 is the framing)"],
  [/线路上/, "实际发出 (on the wire)"],
  [/数据包/, "数据报 (datagram)"],
];

Deno.test("i18n: the terminal, the demos and the page say the same thing with the same word", async () => {
  const { ZH: demos } = await import("../lib/demo/messages_zh.ts");
  const { WORDS: page } = await import("../lib/web/page/i18n.js");
  const catalogues = { framecat: WORDS.zh, demos, page: page.zh };
  const wrong: string[] = [];
  for (const [name, words] of Object.entries(catalogues)) {
    for (const [key, line] of Object.entries(words as Record<string, string>)) {
      for (const [word, ours] of NOT_OUR_WORDS) {
        if (word.test(line)) wrong.push(`${name} ${key}: ${line} (say ${ours})`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});
