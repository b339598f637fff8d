/** Readable renderings of bytes: escaped text and an xxd-style hex dump. */

/** Characters of text shown before the rest is summarised as "(+N bytes)". */
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

/** Backs a cut off to a UTF-8 character boundary, so the shown part decodes. */
function utf8Boundary(data: Uint8Array, cut: number): number {
  let end = cut;
  while (end > 0 && end > cut - 4 && (data[end] & 0xc0) === 0x80) end--;
  return end;
}

/**
 * One-line, quoted, escaped rendering of bytes: text when it decodes in
 * `encoding`, `\xNN` for bytes that do not; long data is cut with the count
 * of bytes left out.
 */
export function escapeBytes(
  data: Uint8Array,
  encoding: string,
  limit = TEXT_LIMIT,
): string {
  const end = data.length <= limit
    ? data.length
    : encoding === "utf-8"
    ? utf8Boundary(data, limit)
    : limit;
  const shown = data.subarray(0, end);
  const text = decodeText(shown, encoding, end < data.length);
  const body = text !== undefined ? escapeText(text) : escapeRaw(shown);
  return end < data.length ? `"${body}"… (+${data.length - end} bytes)` : `"${body}"`;
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

function escapeRaw(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += BYTE_SHOWN[b];
  return out;
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
