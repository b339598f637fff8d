/**
 * Received text in every --encoding is shown as UTF-8's is: what decodes is
 * text, only the bytes that do not are escaped, and an invisible character
 * (zero-width, a bidi override, a C1 control) is shown as its bytes. In
 * memory over every writable encoding, then as a user sees it: `framecat
 * connect --encoding gbk` to a python3 server.
 */
import assert from "node:assert/strict";
import { escapeBytes } from "../lib/display/escape.ts";
import { encodeText, loadEncoders, WRITABLE_ENCODINGS } from "../lib/notation/text_encoding.ts";
import { concatBytes } from "../lib/bytes.ts";
import { runFramecat } from "./helpers/cli.ts";
import { PYTHON, startProcess } from "./helpers/process.ts";

// What the command line loads first when it is asked for (lib/options/cli.ts).
await loadEncoders();

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => `\\x${b.toString(16).padStart(2, "0")}`).join("");
const of = (...parts: (Uint8Array | number[])[]) =>
  concatBytes(parts.map((p) => p instanceof Uint8Array ? p : Uint8Array.from(p)));

/** Text each multi-byte encoding holds, and a byte that starts no character in it. */
const MULTI_BYTE: Record<string, { text: [string, string]; bad: number[] }> = {
  "utf-8": { text: ["你好", "世界"], bad: [0xff] },
  gbk: { text: ["你好", "世界"], bad: [0xff] },
  gb18030: { text: ["你好", "世界"], bad: [0xff] },
  big5: { text: ["你好", "世界"], bad: [0xff] },
  shift_jis: { text: ["日本語", "テスト"], bad: [0xff] },
  "euc-jp": { text: ["日本語", "テスト"], bad: [0xff] },
  "euc-kr": { text: ["한국어", "시험"], bad: [0xff] },
  // A lone surrogate: UTF-16's bad bytes are a code unit of two.
  "utf-16le": { text: ["你好", "世界"], bad: [0x3d, 0xd8] },
  "utf-16be": { text: ["你好", "世界"], bad: [0xd8, 0x3d] },
};

Deno.test("every encoding escapes only the byte that is not text, as UTF-8 does", () => {
  for (const [encoding, { text: [a, b], bad }] of Object.entries(MULTI_BYTE)) {
    const data = of(encodeText(a, encoding), bad, encodeText(` ${b}\n`, encoding));
    assert.equal(
      escapeBytes(data, encoding),
      `"${a}${hex(Uint8Array.from(bad))} ${b}\\n"`,
      encoding,
    );
    // A character cut by the end of a read is escaped, the text before it kept.
    const cut = encodeText(`${a}${b}`, encoding);
    const lastChar = encodeText(b.at(-1)!, encoding).length;
    const shown = escapeBytes(cut.subarray(0, cut.length - 1), encoding);
    const kept = cut.subarray(cut.length - lastChar, cut.length - 1);
    assert.equal(shown, `"${a}${b.slice(0, -1)}${hex(kept)}"`, `${encoding}, cut`);
  }
  // One-byte encodings: a byte the encoding leaves undefined.
  for (const encoding of WRITABLE_ENCODINGS.filter((e) => !(e in MULTI_BYTE))) {
    const undefinedByte = firstUndefinedByte(encoding);
    if (undefinedByte === undefined) continue;
    const data = of(encodeText("Ab", encoding), [undefinedByte], encodeText("cD", encoding));
    assert.equal(
      escapeBytes(data, encoding),
      `"Ab${hex(Uint8Array.of(undefinedByte))}cD"`,
      encoding,
    );
  }
});

function firstUndefinedByte(encoding: string): number | undefined {
  const decoder = new TextDecoder(encoding, { fatal: true });
  for (let b = 0x80; b < 0x100; b++) {
    try {
      decoder.decode(Uint8Array.of(b));
    } catch {
      return b;
    }
  }
  return undefined;
}

Deno.test("bad bytes scattered through text: each alone, every character between them shown", () => {
  // A fixed seed: the same mixtures every run. Each encoding's characters are the pairs of
  // bytes its decoder reads as one plain character, so no encoder stands between.
  let seed = 12345;
  const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  for (const encoding of ["gbk", "gb18030", "big5", "shift_jis", "euc-jp", "euc-kr"]) {
    const chars = twoByteCharacters(encoding);
    for (let round = 0; round < 20; round++) {
      const parts: Uint8Array[] = [];
      let expected = "";
      for (let i = 0; i < 40; i++) {
        if (random(10) === 0) {
          parts.push(Uint8Array.of(0xff));
          expected += "\\xff";
        } else {
          const [bytes, ch] = chars[random(chars.length)];
          parts.push(bytes);
          expected += ch;
        }
      }
      const data = concatBytes(parts);
      assert.equal(escapeBytes(data, encoding, Infinity), `"${expected}"`, encoding);
    }
  }
});

/** Pairs of bytes that one plain (printable, visible) character decodes from. */
function twoByteCharacters(encoding: string): [Uint8Array, string][] {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const found: [Uint8Array, string][] = [];
  for (let lead = 0x81; lead < 0xff; lead += 7) {
    for (let trail = 0x40; trail < 0xff; trail += 3) {
      const bytes = Uint8Array.of(lead, trail);
      try {
        const ch = decoder.decode(bytes);
        if ([...ch].length === 1 && /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch)) found.push([bytes, ch]);
      } catch { /* not a character */ }
    }
  }
  assert.ok(found.length > 100, `${encoding}: ${found.length} characters`);
  return found;
}

Deno.test("invisible characters are shown as their bytes in every encoding, as in UTF-8", () => {
  const invisible = ["\u200b", "\u202e", "\u2066", "\ufeff", "\u00ad", "\u2028", "\ue000"];
  // The gbk decoder reads gb18030's four-byte characters: a GBK peer can send any of them.
  const writer = (encoding: string) => encoding === "gbk" ? "gb18030" : encoding;
  for (const encoding of ["utf-8", "gbk", "gb18030", "utf-16le", "utf-16be"]) {
    for (const ch of invisible) {
      const bytes = encodeText(`a${ch}b`, writer(encoding));
      const inner = encodeText(ch, writer(encoding));
      const shown = escapeBytes(bytes, encoding);
      const [a, b] = ["a", "b"].map((s) =>
        escapeBytes(encodeText(s, encoding), encoding).slice(1, -1)
      );
      assert.equal(
        shown,
        `"${a}${hex(inner)}${b}"`,
        `${encoding} U+${ch.codePointAt(0)!.toString(16)}`,
      );
    }
  }
  // In one-byte encodings too: windows-1252's soft hyphen, ISO 8859-2's C1 control CSI.
  assert.equal(escapeBytes(Uint8Array.of(0x41, 0xad, 0x42), "windows-1252"), '"A\\xadB"');
  assert.equal(escapeBytes(Uint8Array.of(0x41, 0x9b, 0x32, 0x4a), "iso-8859-2"), '"A\\x9b2J"');
  assert.equal(
    escapeBytes(Uint8Array.of(0x41, 0xc2, 0x9b, 0x32, 0x4a), "utf-8"),
    '"A\\xc2\\x9b2J"',
  );
  // A byte order mark is a character to show, not to drop.
  assert.equal(escapeBytes(encodeText("\ufeffhi", "utf-16le"), "utf-16le"), '"\\xff\\xfehi"');
});

Deno.test("the limit cuts between characters in every encoding, the rest counted", () => {
  const gbk = encodeText("粘包".repeat(20), "gbk");
  // The fifth character would end past the limit: it is left out whole, and counted.
  assert.equal(escapeBytes(gbk, "gbk", 9), '"粘包粘包"… (+72 B)');
  assert.equal(
    escapeBytes(of(gbk.subarray(0, 6), [0xff], gbk), "gbk", 10),
    '"粘包粘\\xff"… (+80 B)',
  );
  // Mostly not text: byte by byte, as UTF-8's binary data is.
  const binary = Uint8Array.of(0xff, 0xfe, 0x80, 0xff, 0xc4, 0xff);
  assert.equal(escapeBytes(binary, "gbk"), `"${hex(binary)}"`);
});

/** A server that sends its bytes (argv[1], hex) to the first client, then closes. */
const SENDER_PY = `import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
s.settimeout(30)
print(s.getsockname()[1], flush=True)
c, _ = s.accept()
c.sendall(bytes.fromhex(sys.argv[1]))
c.close()
`;

Deno.test("a short read that cuts a character at its edge is text, not binary (--read-size 3)", () => {
  // 你好 in gbk is c4e3 bac3: a read of 3 bytes is 你 and the first half of 好.
  assert.equal(escapeBytes(encodeText("你好", "gbk").subarray(0, 3), "gbk"), '"你\\xba"');
  // UTF-8 likewise: the end of 好 starts this read.
  assert.equal(escapeBytes(encodeText("好你", "utf-8").subarray(2, 6), "utf-8"), '"\\xbd你"');
});

Deno.test("connect --encoding gbk: a bad byte and a zero-width space are escaped alone", async () => {
  const text = (s: string) => encodeText(s, "gb18030");
  const cases = [
    {
      encoding: "gbk",
      data: of(text("你好"), [0xff], text("世界 a\u200bb\n")),
      shown: '"你好\\xff世界 a\\x81\\x36\\xa4\\x37b\\n"',
    },
    {
      encoding: "utf-8",
      data: of(encodeText("你好"), [0xff], encodeText("世界 a\u200bb\n")),
      shown: '"你好\\xff世界 a\\xe2\\x80\\x8bb\\n"',
    },
  ];
  for (const { encoding, data, shown } of cases) {
    await using server = await startProcess(PYTHON, ["-c", SENDER_PY, data.toHex()]);
    const client = await runFramecat(
      ["connect", server.firstLine, "--encoding", encoding, "--output", "text"],
      { process: true, timeoutMs: 30_000 },
    );
    assert.equal(client.code, 0, client.stderr);
    const read = `${client.stdout}${client.stderr}`.split("\n").find((l) => l.includes(" read "));
    assert.ok(read?.endsWith(` read #1 ${data.length} B ${shown}`), `${encoding}: ${read}`);
  }
});
