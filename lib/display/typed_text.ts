/**
 * Text the user gives (`--send`, typed or piped lines) as the bytes sent:
 * encoded in --encoding, with `-e` escapes read, or read as hex
 * (`--input hex`), and with `--crlf` line endings in raw framing (nc -C).
 */
import { encodeGiven } from "../notation/text_encoding.ts";
import { unescapeText } from "../notation/escapes.ts";
import { parseHex } from "../notation/hex.ts";

export interface TextInput {
  /** --crlf: in raw framing a typed line ends with `\r\n` (line framing writes its own ending). */
  crlf?: boolean;
  /** WHATWG label the text is sent in. Default `utf-8`. */
  encoding: string;
  /** -e: read `\r`, `\n`, `\t`, `\0`, `\\`, `\xHH` in the text. Default false. */
  escapes?: boolean;
  /** How typed and piped lines are read: as text (default) or as hex, one message a line. */
  input?: "text" | "hex";
}

const CR = 0x0d;
const LF = 0x0a;

/** The bytes of `text` as the options ask. */
export function encodeInput(text: string, o: TextInput): Uint8Array {
  return o.escapes ? unescapeText(text, o.encoding) : encodeGiven(text, o.encoding);
}

/** The bytes of a typed or piped line; a UsageError says what in it could not be read. */
export function lineBytes(line: string, o: TextInput): Uint8Array {
  return o.input === "hex" ? parseHex(line) : encodeInput(line, o);
}

/**
 * A typed line as raw framing sends it: as typed, without its newline (what NetAssist sends),
 * or ended with `\r\n` under --crlf (nc -C). Hex input is bytes exactly, never ended.
 */
export function rawLine(bytes: Uint8Array, o: TextInput): Uint8Array {
  if (!o.crlf || o.input === "hex") return bytes;
  const ended = new Uint8Array(bytes.length + 2);
  ended.set(bytes);
  ended.set([CR, LF], bytes.length);
  return ended;
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
