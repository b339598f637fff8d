/**
 * Text the user gives (`--send`, typed or piped lines) as the bytes sent:
 * encoded in --encoding, with `-e` escapes read, and with `--crlf` line
 * endings in raw framing (nc -C).
 */
import { concatBytes } from "../bytes.ts";
import { encodeText } from "./text_encoding.ts";

export interface TextInput {
  /** WHATWG label the text is sent in. Default `utf-8`. */
  encoding: string;
  /** -e: read `\r`, `\n`, `\t`, `\0`, `\\`, `\xHH` in the text. Default false. */
  escapes?: boolean;
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  r: 0x0d,
  n: 0x0a,
  t: 0x09,
  "0": 0x00,
  "\\": 0x5c,
};

const CR = 0x0d;
const LF = 0x0a;

/** The bytes of `text` as the options ask. */
export function encodeInput(text: string, o: TextInput): Uint8Array {
  return o.escapes ? unescapeText(text, o.encoding) : encodeText(text, o.encoding);
}

/**
 * `\r`, `\n`, `\t`, `\0`, `\\` and `\xH`/`\xHH` as the bytes they name, the
 * rest encoded in `encoding`. An unknown escape is kept as written, as printf
 * and `echo -e` keep it.
 */
export function unescapeText(text: string, encoding = "utf-8"): Uint8Array {
  const parts: Uint8Array[] = [];
  let plain = "";
  const byte = (value: number) => {
    if (plain !== "") parts.push(encodeText(plain, encoding));
    plain = "";
    parts.push(Uint8Array.of(value));
  };
  for (let i = 0; i < text.length; i++) {
    const next = text[i + 1];
    const hex = next === "x" ? /^[0-9a-f]{1,2}/i.exec(text.slice(i + 2)) : null;
    if (text[i] !== "\\" || next === undefined) {
      plain += text[i];
    } else if (Object.hasOwn(SIMPLE_ESCAPES, next)) {
      byte(SIMPLE_ESCAPES[next]);
      i++;
    } else if (hex) {
      byte(parseInt(hex[0], 16));
      i += 1 + hex[0].length;
    } else {
      plain += text[i];
    }
  }
  if (plain !== "") parts.push(encodeText(plain, encoding));
  return concatBytes(parts);
}

/** Piped raw bytes with each bare `\n` sent as `\r\n` (a `\r\n` already there is kept). */
export async function* withCrlf(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let previous = -1; // the last byte of the chunk before: a CR there pairs with a leading LF
  for await (const chunk of chunks) {
    const out: number[] = [];
    for (const b of chunk) {
      if (b === LF && previous !== CR) out.push(CR);
      out.push(b);
      previous = b;
    }
    yield Uint8Array.from(out);
  }
}
