/**
 * Readable renderings of bytes: escaped text (lib/shared/escape.js, which the
 * web page loads too, so both show the same) and an xxd-style hex dump.
 */
export { decodeText, escapeBytes, TEXT_LIMIT } from "../shared/escape.js";

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
