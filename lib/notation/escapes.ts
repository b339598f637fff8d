/**
 * The escapes of `-e`, read the same everywhere text becomes bytes (`--send`,
 * typed and piped lines, the page's send box, reply rules): `\r`, `\n`,
 * `\t`, `\0`, `\\` and `\xHH` (two digits). Anything else after a backslash,
 * and `\x` without two digits, is refused naming where, rather than sent as
 * written (printf's way): a byte that was not meant is worse than an error.
 */
import { concatBytes } from "../bytes.ts";
import { UsageError } from "../errors.ts";
import { encodeGiven } from "./text_encoding.ts";
import { said } from "../i18n/say.ts";

const SIMPLE: Readonly<Record<string, number>> = {
  r: 0x0d,
  n: 0x0a,
  t: 0x09,
  "0": 0x00,
  "\\": 0x5c,
};

/** The bytes of `text`: escapes as the bytes they name, the rest encoded in `encoding`. */
export function unescapeText(text: string, encoding = "utf-8"): Uint8Array {
  const parts: Uint8Array[] = [];
  let plain = 0; // where the text not yet encoded begins
  const byte = (at: number, value: number, next: number) => {
    if (at > plain) parts.push(encodeGiven(text.slice(plain, at), encoding));
    parts.push(Uint8Array.of(value));
    plain = next;
  };
  for (let i = text.indexOf("\\"); i >= 0; i = text.indexOf("\\", plain)) {
    const name = text[i + 1];
    if (name !== undefined && Object.hasOwn(SIMPLE, name)) {
      byte(i, SIMPLE[name], i + 2);
    } else if (name === "x" && /^[0-9a-f]{2}$/i.test(text.slice(i + 2, i + 4))) {
      byte(i, parseInt(text.slice(i + 2, i + 4), 16), i + 4);
    } else {
      const written = name === "x" ? text.slice(i, i + 4) : text.slice(i, i + 2);
      throw new UsageError(said("escape.cannot", { written, at: i + 1 }));
    }
  }
  if (plain < text.length) parts.push(encodeGiven(text.slice(plain), encoding));
  return concatBytes(parts);
}
