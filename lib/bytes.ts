/** Byte-array helpers shared by codecs, behaviours and the relay. */

/** The parts, one after the other, in one new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Where the UTF-8 of `bytes` first goes wrong (it does somewhere): the byte the decoder's first
 * U+FFFD stands for, one that was not itself the three bytes of U+FFFD.
 */
export function firstBadUtf8Byte(bytes: Uint8Array): number {
  let at = 0;
  for (const ch of new TextDecoder().decode(bytes)) {
    const spelled = bytes[at] === 0xef && bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd;
    if (ch === "\ufffd" && !spelled) return at;
    const code = ch.codePointAt(0)!;
    at += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes.length - 1;
}
