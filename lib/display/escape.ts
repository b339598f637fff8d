/** Readable renderings of bytes: escaped text and an xxd-style hex dump. */

/** Bytes (and about as many characters) shown before the rest is summarised as "(+N bytes)". */
export const TEXT_LIMIT = 256;

const NAMED: Record<number, string> = {
  0x0a: "\\n",
  0x0d: "\\r",
  0x09: "\\t",
  0x5c: "\\\\",
  0x22: '\\"',
};
const hex = (b: number) => `\\x${b.toString(16).padStart(2, "0")}`;

/**
 * How each byte value is shown when the data is not text: printable ASCII as
 * itself, the rest escaped. Built once; escaping runs for every event shown.
 */
const BYTE_SHOWN: string[] = Array.from(
  { length: 256 },
  (_, b) => NAMED[b] ?? (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : hex(b)),
);

/** Escapes for the characters of decoded text that need one (controls, `\\`, `"`); else undefined. */
const CHAR_ESCAPE: (string | undefined)[] = Array.from(
  { length: 128 },
  (_, c) => (c < 0x20 || c === 0x7f || c === 0x5c || c === 0x22 ? BYTE_SHOWN[c] : undefined),
);

/** One fatal decoder per encoding: making one costs more than decoding a short message. */
const decoders = new Map<string, TextDecoder>();

/** Decodes bytes in `encoding`, or undefined when they are not valid text in it. */
export function decodeText(data: Uint8Array, encoding: string, stream = false): string | undefined {
  let decoder = decoders.get(encoding);
  if (!decoder) decoders.set(encoding, decoder = new TextDecoder(encoding, { fatal: true }));
  let text: string | undefined;
  try {
    text = decoder.decode(data, { stream });
  } catch {
    text = undefined;
  }
  // A streaming decode keeps a cut character pending: drop it so the next call starts clean.
  if (stream) {
    try {
      decoder.decode();
    } catch { /* the pending bytes were an incomplete character: dropped */ }
  }
  return text;
}

/**
 * One-line, quoted, escaped rendering of bytes: text when it decodes in
 * `encoding`, `\xNN` for bytes that do not. At most `limit` bytes are shown
 * and the rendering stays within about `limit` characters (a `\x00` takes
 * four), then the count of bytes left out follows.
 */
export function escapeBytes(
  data: Uint8Array,
  encoding: string,
  limit = TEXT_LIMIT,
): string {
  const { body, used } = encoding === "utf-8"
    ? escapeUtf8(data, limit)
    : escapeLegacy(data, encoding, limit);
  return used < data.length ? `"${body}"… (+${data.length - used} bytes)` : `"${body}"`;
}

interface Shown {
  body: string;
  /** Bytes of the data the body shows. */
  used: number;
}

/**
 * UTF-8, character by character: a stray byte (a length prefix, a character
 * cut at a read boundary) is escaped alone and the text around it stays
 * readable. Data that is mostly not UTF-8 (compressed, random) is escaped
 * byte by byte instead of being shown as a scatter of unrelated letters.
 */
function escapeUtf8(data: Uint8Array, limit: number): Shown {
  let body = "";
  let used = 0;
  let invalid = 0;
  for (let cost = 0; used < data.length;) {
    const n = utf8Length(data, used);
    const size = Math.max(n, 1);
    const unit = n > 1 ? utf8Char(data, used, n) : BYTE_SHOWN[data[used]];
    cost += Math.max(size, unit.length);
    if (cost > limit) break;
    if (n === 0) invalid++;
    body += unit;
    used += size;
  }
  return invalid * 4 > used ? escapeRaw(data, limit) : { body, used };
}

/** Length of the valid, printable UTF-8 character at `i` (1 for ASCII), or 0. */
function utf8Length(data: Uint8Array, i: number): number {
  const b = data[i];
  if (b < 0x80) return 1;
  const cont = (k: number) => i + k < data.length && (data[i + k] & 0xc0) === 0x80;
  let n: number;
  let second: [number, number] = [0x80, 0xbf];
  if (b >= 0xc2 && b <= 0xdf) n = 2;
  else if (b >= 0xe0 && b <= 0xef) {
    n = 3;
    if (b === 0xe0) second = [0xa0, 0xbf]; // no overlong forms
    if (b === 0xed) second = [0x80, 0x9f]; // no surrogates
  } else if (b >= 0xf0 && b <= 0xf4) {
    n = 4;
    if (b === 0xf0) second = [0x90, 0xbf];
    if (b === 0xf4) second = [0x80, 0x8f];
  } else return 0;
  const b1 = data[i + 1];
  if (!(b1 >= second[0] && b1 <= second[1])) return 0;
  for (let k = 2; k < n; k++) if (!cont(k)) return 0;
  // C1 controls (U+0080–U+009F) can drive a terminal: shown as bytes.
  if (b === 0xc2 && b1 < 0xa0) return 0;
  return n;
}

/** The character of `n` valid UTF-8 bytes at `i`, escaped when a terminal must not see it. */
function utf8Char(data: Uint8Array, i: number, n: number): string {
  let cp = data[i] & (0xff >> (n + 1));
  for (let k = 1; k < n; k++) cp = (cp << 6) | (data[i + k] & 0x3f);
  // Bidirectional overrides, zero-width and other invisible format characters.
  if (INVISIBLE.test(String.fromCodePoint(cp))) {
    return Array.from(data.subarray(i, i + n), (b) => BYTE_SHOWN[b]).join("");
  }
  return String.fromCodePoint(cp);
}

const INVISIBLE = /^[\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]$/u;

/** Other encodings: text when the shown bytes decode, else byte by byte. */
function escapeLegacy(data: Uint8Array, encoding: string, limit: number): Shown {
  const end = Math.min(data.length, limit);
  const text = decodeText(data.subarray(0, end), encoding, end < data.length);
  return text !== undefined ? { body: escapeText(text), used: end } : escapeRaw(data, limit);
}

function escapeText(text: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const escaped = code < 0x80 ? CHAR_ESCAPE[code] : undefined;
    if (escaped !== undefined) {
      out += text.slice(from, i) + escaped;
      from = i + 1;
    }
  }
  return out + text.slice(from);
}

/** Byte by byte, within `limit` bytes and about `limit` characters. */
function escapeRaw(data: Uint8Array, limit: number): Shown {
  let body = "";
  let used = 0;
  for (let cost = 0; used < data.length; used++) {
    const unit = BYTE_SHOWN[data[used]];
    cost += unit.length;
    if (cost > limit) break;
    body += unit;
  }
  return { body, used };
}

/** xxd-style dump: offset, 16 bytes as hex in pairs, printable ASCII. */
export function hexDump(data: Uint8Array, indent = "  "): string {
  const lines: string[] = [];
  for (let off = 0; off < data.length; off += 16) {
    const row = data.subarray(off, off + 16);
    let hex = "";
    for (let i = 0; i < 16; i++) {
      hex += i < row.length ? row[i].toString(16).padStart(2, "0") : "  ";
      if (i % 2 === 1) hex += " ";
    }
    const ascii = Array.from(
      row,
      (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : "."),
    ).join("");
    lines.push(
      `${indent}${off.toString(16).padStart(8, "0")}: ${hex} ${ascii}`,
    );
  }
  return lines.join("\n");
}
