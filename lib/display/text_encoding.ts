/**
 * Text in any WHATWG encoding, both ways. Decoding is built in; encoding is
 * not (TextEncoder only speaks UTF-8), so for a legacy label such as `gbk`
 * the encoder is the decoder's table read backwards, built once on first use.
 */
import { UsageError } from "../errors.ts";

/** Checks an encoding label; returns its canonical name (`gbk`, `utf-8`…). */
export function checkEncoding(label: string): string {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    throw new UsageError(
      `Cannot use the encoding "${label}": use a WHATWG label such as utf-8, gbk, gb18030, big5, shift_jis, euc-kr, windows-1252`,
    );
  }
}

const tables = new Map<string, Map<string, Uint8Array>>();

/** Byte sequences of one and two bytes: every character of the CJK double-byte encodings. */
function reverseTable(encoding: string): Map<string, Uint8Array> {
  let table = tables.get(encoding);
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder(encoding, { fatal: true });
  const learn = (bytes: Uint8Array) => {
    try {
      const ch = decoder.decode(bytes);
      if ([...ch].length === 1 && ch !== "\ufffd" && !table!.has(ch)) {
        table!.set(ch, bytes);
      }
    } catch { /* not a character in this encoding */ }
  };
  for (let a = 0; a < 256; a++) {
    learn(Uint8Array.of(a));
    if (a >= 0x80) {
      for (let b = 0x30; b < 256; b++) learn(Uint8Array.of(a, b));
    }
  }
  tables.set(encoding, table);
  return table;
}

/** Encodes text in `encoding`; a character it cannot hold becomes `?` (as iconv -c would drop it). */
export function encodeText(text: string, encoding = "utf-8"): Uint8Array {
  if (encoding === "utf-8") return new TextEncoder().encode(text);
  const table = reverseTable(encoding);
  const out: number[] = [];
  for (const ch of text) out.push(...(table.get(ch) ?? [0x3f]));
  return Uint8Array.from(out);
}
