/**
 * `--output json`: one JSON object per line, as parts ready to write. An
 * echo server shows each chunk three times (its read, its raw frame, the
 * echo sent), all views of one array: the data's fields (`bytes`, `base64`,
 * `text`) are worked out once per array, and the line around them is the
 * only new work. Nothing as big as the data is kept from event to event:
 * UTF-8 text is the data's own bytes, and base64 is made in pieces into one
 * reused buffer that serves the events of one array in a row (a 64 KiB
 * read's base64 kept as a string between its events cost more in garbage
 * collection and page faults than all the rest of the line). What is reused
 * belongs to one {@linkcode NdjsonLines}, one per reporter: two commands in
 * one process never share it.
 */
import { isUtf8 } from "node:buffer";
import { eventData, type FcEvent, type JsonEvent } from "../events/types.ts";
import { decodeText } from "./escape.ts";
import { type Lang, type Said, sayIn } from "../i18n/say.ts";

/** A piece of a line: text (encoded as UTF-8 when written), bytes as they are, or bytes as base64. */
export type LinePart = string | Uint8Array | Base64Part;

/** Bytes the writer writes as base64 (with {@linkcode base64Pieces}). */
export interface Base64Part {
  base64: Uint8Array;
}

/** Bytes made into base64 at a time: a multiple of 3, so the pieces join with no padding between. */
const BASE64_PIECE = 12 * 1024;

/** The base64 of `data`, in pieces: each a short-lived string of at most 16 KiB. */
export function* base64Pieces(data: Uint8Array): Generator<string> {
  for (let at = 0; at < data.length; at += BASE64_PIECE) {
    yield data.subarray(at, at + BASE64_PIECE).toBase64();
  }
}

/** Data up to this size has its base64 kept in a reused buffer (a bound on that buffer). */
const REUSED_MAX = 1 << 20;
const REUSED_BASE64_MAX = Math.ceil(REUSED_MAX / 3) * 4;
const encoder = new TextEncoder();

/** The WHATWG labels of UTF-8 (`--encoding`). */
const UTF8 = new Set([
  "utf-8",
  "utf8",
  "unicode-1-1-utf-8",
  "unicode11utf8",
  "unicode20utf8",
  "x-unicode20utf8",
]);

/** The data fields of an array, for the encoding they were made in. */
interface DataFields {
  encoding: string;
  parts: LinePart[];
}

/**
 * The NDJSON object of an event (the web page's feed): `ts`, `event`, then
 * its fields, data as bytes/base64/text. {@linkcode ndjsonLine} writes the
 * same object as bytes; tests/ndjson_test.ts checks that they agree.
 */
export function toJson(ev: FcEvent, encoding: string, at = new Date()): JsonEvent {
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
  // The event's own fields, `ts`, and its data as its kind writes it: the JSON form of its kind.
  return obj as JsonEvent;
}

/** Smaller data is worked out afresh for each event: cheaper than a WeakMap entry. */
const SHARED_MIN = 1024;

/** A number as JSON.stringify writes it (NaN and Infinity are null). */
function jsonNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : "null";
}

/**
 * The NDJSON lines of one reporter, and what it reuses from line to line:
 * the base64 buffer of the last array, the timestamp of the last
 * millisecond, the data fields of the arrays still alive.
 */
export class NdjsonLines {
  /** @param lang the language of `message` fields (the event's `said`, said in it) */
  constructor(readonly lang: Lang = "en") {}

  #reused = new Uint8Array(0);
  #reusedLength = 0;
  /** The array whose base64 `#reused` holds: the events of one read come one after the other. */
  #reusedFor?: Uint8Array;
  #lastMs = NaN;
  #lastIso = "";
  /** Kept while the array lives: the events of one chunk come close together. */
  readonly #fieldsOf = new WeakMap<Uint8Array, DataFields>();

  /**
   * The event as one NDJSON line, `\n` included: what `--output json` writes,
   * in parts (the data's parts are shared by the events of one array). The
   * fields are written one by one in the event's own order, as JSON.stringify
   * would, without first copying the event into a new object.
   */
  line(ev: FcEvent, encoding: string, at: Date): LinePart[] {
    let head = `{"ts":"${this.#isoTime(at)}","event":"${ev.event}"`;
    const fields = ev as unknown as Record<string, unknown>;
    for (const key in fields) {
      if (key === "event" || key === "level" || key === "data") continue;
      const value = key === "message" ? this.#message(ev) : fields[key];
      if (value === undefined) continue;
      head += `,${JSON.stringify(key)}:${
        typeof value === "number" ? jsonNumber(value) : JSON.stringify(value)
      }`;
    }
    const data = eventData(ev);
    if (!data) return [`${head}}\n`];
    return [`${head},`, ...this.#dataFields(data, encoding), "}\n"];
  }

  /**
   * The base64 of `data` as bytes, made once for the events of one array in a
   * row (an echo's read, frame and sent): a view valid until the next call.
   * Undefined for data over 1 MiB: write {@linkcode base64Pieces} instead.
   */
  base64Bytes(data: Uint8Array): Uint8Array | undefined {
    if (data.length > REUSED_MAX) return undefined;
    if (data !== this.#reusedFor) {
      const size = Math.ceil(data.length / 3) * 4;
      if (this.#reused.length < size) {
        const grown = Math.max(size, 2 * this.#reused.length);
        this.#reused = new Uint8Array(Math.min(grown, REUSED_BASE64_MAX));
      }
      this.#reusedLength = 0;
      for (const piece of base64Pieces(data)) {
        this.#reusedLength += encoder.encodeInto(piece, this.#reused.subarray(this.#reusedLength))
          .written;
      }
      this.#reusedFor = data;
    }
    return this.#reused.subarray(0, this.#reusedLength);
  }

  /** The event's `message` in this reporter's language: its `said` said, else its English. */
  #message(ev: FcEvent): string | undefined {
    const { message, said } = ev as { message?: string; said?: Said };
    return said === undefined || this.lang === "en" ? message : sayIn(this.lang, said);
  }

  /** `at` in ISO 8601, made once per millisecond: a flood has many events in each. */
  #isoTime(at: Date): string {
    const ms = at.getTime();
    if (ms !== this.#lastMs) {
      this.#lastMs = ms;
      this.#lastIso = at.toISOString();
    }
    return this.#lastIso;
  }

  /** `"bytes":N,"base64":"…","text":"…"` (text when the data decodes), made once per array. */
  #dataFields(data: Uint8Array, encoding: string): LinePart[] {
    if (data.length < SHARED_MIN) return fieldsOf(data, encoding, data.toBase64());
    const known = this.#fieldsOf.get(data);
    if (known?.encoding === encoding) return known.parts;
    const parts = fieldsOf(data, encoding, { base64: data });
    this.#fieldsOf.set(data, { encoding, parts });
    return parts;
  }
}

function fieldsOf(data: Uint8Array, encoding: string, base64: string | Base64Part): LinePart[] {
  // base64 needs no JSON escaping: its alphabet has no quote and no backslash.
  return [`"bytes":${data.length},"base64":"`, base64, '"', ...textField(data, encoding)];
}

/** `,"text":"…"` when the data decodes, or nothing. */
function textField(data: Uint8Array, encoding: string): LinePart[] {
  // UTF-8 that needs no escape is its own JSON string: the bytes go out as they came,
  // checked natively and never decoded (unless a BOM starts them: decoding drops it).
  const bom = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
  if (UTF8.has(encoding.toLowerCase()) && !bom && noEscapeNeeded(data) && isUtf8(data)) {
    return [',"text":"', data, '"'];
  }
  // Text that needs escapes (or another encoding) is escaped once per array, natively, and kept
  // as bytes: the events of the array copy them. A string kept instead was joined to the parts
  // around it and encoded again by each event, a fresh copy of the text every time (twice the
  // plain path's cost); a loop over the bytes in JS cost more still.
  const text = decodeText(data, encoding);
  return text === undefined ? [] : [',"text":', encoder.encode(JSON.stringify(text))];
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
