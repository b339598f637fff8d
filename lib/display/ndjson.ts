/**
 * `--output json`: one JSON object per line, as bytes ready to write. An
 * echo server shows each chunk three times (its read, its raw frame, the
 * echo sent), all views of one array: the data's fields (`bytes`, `base64`,
 * `text`) are encoded once per array, and the line around them is the only
 * new work.
 */
import { isUtf8 } from "node:buffer";
import { eventData, type FcEvent } from "../events/types.ts";
import { decodeText } from "./escape.ts";

const encoder = new TextEncoder();
const LINE_END = encoder.encode("}\n");
const TEXT_OPEN = encoder.encode(',"text":"');
const QUOTE = encoder.encode('"');
/** The WHATWG labels of UTF-8 (`--encoding`). */
const UTF8 = new Set([
  "utf-8",
  "utf8",
  "unicode-1-1-utf-8",
  "unicode11utf8",
  "unicode20utf8",
  "x-unicode20utf8",
]);

/** The encoded data fields of an array, for the encoding they were made in. */
interface DataFields {
  encoding: string;
  parts: Uint8Array[];
}

/** Kept while the array lives: the events of one chunk come close together. */
const dataFieldsOf = new WeakMap<Uint8Array, DataFields>();

/**
 * The NDJSON object of an event (the web page's feed): `ts`, `event`, then
 * its fields, data as bytes/base64/text. {@linkcode ndjsonLine} writes the
 * same object as bytes; tests/ndjson_test.ts checks that they agree.
 */
export function toJson(ev: FcEvent, encoding: string, at = new Date()): Record<string, unknown> {
  const { event, level: _level, ...fields } = ev;
  const data = eventData(ev);
  if (data) delete (fields as { data?: Uint8Array }).data;
  const obj: Record<string, unknown> = { ts: at.toISOString(), event, ...fields };
  if (data) {
    obj.bytes = data.length;
    obj.base64 = data.toBase64();
    const text = decodeText(data, encoding);
    if (text !== undefined) obj.text = text;
  }
  return obj;
}

/**
 * The event as one NDJSON line, `\n` included: the bytes `--output json`
 * writes, in parts (the data's parts are shared by the events of one array).
 */
export function ndjsonLine(ev: FcEvent, encoding: string, at: Date): Uint8Array[] {
  const { event, level: _level, ...fields } = ev;
  const data = eventData(ev);
  if (data) delete (fields as { data?: Uint8Array }).data;
  const rest = JSON.stringify(fields);
  const head = `{"ts":"${at.toISOString()}","event":${JSON.stringify(event)}` +
    (rest === "{}" ? "" : `,${rest.slice(1, -1)}`);
  if (!data) return [encoder.encode(`${head}}\n`)];
  return [encoder.encode(`${head},`), ...encodedData(data, encoding), LINE_END];
}

/** `"bytes":N,"base64":"…","text":"…"` (text when the data decodes), encoded once per array. */
function encodedData(data: Uint8Array, encoding: string): Uint8Array[] {
  const known = dataFieldsOf.get(data);
  if (known?.encoding === encoding) return known.parts;
  // base64 needs no JSON escaping: its alphabet has no quote and no backslash.
  const parts: Uint8Array[] = [
    encoder.encode(`"bytes":${data.length},"base64":"${data.toBase64()}"`),
  ];
  parts.push(...textField(data, encoding));
  dataFieldsOf.set(data, { encoding, parts });
  return parts;
}

/** `,"text":"…"` when the data decodes, or nothing. */
function textField(data: Uint8Array, encoding: string): Uint8Array[] {
  // UTF-8 that needs no escape is its own JSON string: the bytes go out as they came,
  // checked natively and never decoded (unless a BOM starts them: decoding drops it).
  const bom = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
  if (UTF8.has(encoding.toLowerCase()) && !bom && noEscapeNeeded(data) && isUtf8(data)) {
    return [TEXT_OPEN, data, QUOTE];
  }
  const text = decodeText(data, encoding);
  return text === undefined ? [] : [encoder.encode(`,"text":${JSON.stringify(text)}`)];
}

/**
 * Whether no byte needs a JSON escape (a control character, `"` or `\`),
 * tested four bytes at a time: a byte-wise loop costs more than the rest of
 * the line. Bit tricks: (x - 0x01010101) & ~x & 0x80808080 is non-zero iff
 * x has a zero byte; with 0x20… it finds a byte below 0x20.
 */
function noEscapeNeeded(data: Uint8Array): boolean {
  // A view that does not start on a word boundary is tested byte by byte.
  const words = data.byteOffset % 4 === 0
    ? new Uint32Array(data.buffer, data.byteOffset, data.length >> 2)
    : new Uint32Array(0);
  const aligned = words.length;
  for (let i = 0; i < words.length; i++) {
    const x = words[i];
    const quote = x ^ 0x22222222;
    const backslash = x ^ 0x5c5c5c5c;
    const found = ((x - 0x20202020) & ~x) |
      ((quote - 0x01010101) & ~quote) |
      ((backslash - 0x01010101) & ~backslash);
    if ((found & 0x80808080) !== 0) return false;
  }
  for (let i = aligned * 4; i < data.length; i++) {
    const b = data[i];
    if (b < 0x20 || b === 0x22 || b === 0x5c) return false;
  }
  return true;
}
