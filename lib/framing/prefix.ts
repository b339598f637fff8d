/**
 * Length prefixes: pure functions over `Uint8Array` that read, write and
 * check the lengths of `len` and `json` frames.
 */
import { endOfStreamError, FrameError } from "./frame_error.ts";
import { looksLikeTls } from "./tls_hint.ts";
import { listed, said } from "../i18n/say.ts";
import { SaidRangeError, UsageError } from "../errors.ts";
import type { Said } from "../events/types.ts";
import {
  type CodecOptions,
  DEFAULT_MAX_FRAME,
  DEFAULT_MAX_HEADER,
  DEFAULT_PREFIX,
  type Prefix,
  PREFIXES,
} from "./types.ts";

/** The longest prefix: a 10-byte varint (64 bits, 7 per byte). */
export const MAX_PREFIX_BYTES = 10;

const WIDTHS: Readonly<Record<Prefix, number>> = {
  u8: 1,
  u16be: 2,
  u16le: 2,
  u32be: 4,
  u32le: 4,
  u64be: 8,
  u64le: 8,
  varint: 0,
};

/** Same width, other byte order: the reading a peer of the other endianness meant. */
const SWAPPED: Readonly<Partial<Record<Prefix, Prefix>>> = {
  u16be: "u16le",
  u16le: "u16be",
  u32be: "u32le",
  u32le: "u32be",
  u64be: "u64le",
  u64le: "u64be",
};

/**
 * Python `struct` codes as the course writes them, for the same prefixes:
 * native order (no mark, `=`, `<`) is little-endian on every common machine,
 * network order (`!`, `>`) big-endian. A length is never negative, so the
 * signed codes read as the unsigned ones.
 */
const STRUCT_CODES: Readonly<Record<string, Prefix>> = {
  ...structCodes(["i", "I"], "u32le", "u32be"),
  ...structCodes(["h", "H"], "u16le", "u16be"),
  ...structCodes(["q", "Q"], "u64le", "u64be"),
  b: "u8",
  B: "u8",
};

function structCodes(codes: string[], little: Prefix, big: Prefix): Record<string, Prefix> {
  const table: Record<string, Prefix> = {};
  for (const code of codes) {
    for (const mark of ["", "=", "<"]) table[mark + code] = little;
    for (const mark of ["!", ">"]) table[mark + code] = big;
  }
  return table;
}

/** A `--prefix` as written: a framecat name (`u32le`) or a Python struct code (`i`, `!I`). */
export function parsePrefix(text: string): Prefix {
  if ((PREFIXES as readonly string[]).includes(text)) return text as Prefix;
  const prefix = STRUCT_CODES[text];
  if (prefix) return prefix;
  throw new UsageError(said("usage.prefix", { value: text, prefixes: listed(PREFIXES) }));
}

/** {@linkcode CodecOptions} with the defaults filled in and checked. */
export interface ResolvedCodecOptions {
  prefix: Prefix;
  maxFrame: number;
  maxHeader: number;
}

/** Fills in the defaults; a RangeError names the valid choices or range. */
export function resolveCodecOptions(options: CodecOptions = {}): ResolvedCodecOptions {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (!PREFIXES.includes(prefix)) {
    throw new RangeError(`Cannot use --prefix ${prefix}: expected one of ${PREFIXES.join(", ")}`);
  }
  const maxFrame = options.maxFrame ?? DEFAULT_MAX_FRAME;
  checkByteCount("--max-frame", maxFrame);
  const maxHeader = options.maxHeader ?? DEFAULT_MAX_HEADER;
  checkByteCount("--max-header", maxHeader);
  return { prefix, maxFrame, maxHeader };
}

/** Throws a RangeError unless `value` is a whole number of bytes (0 to 2^53 - 1). */
export function checkByteCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(
      `Cannot use ${name} ${value}: expected a whole number of bytes from 0 to ${Number.MAX_SAFE_INTEGER}`,
    );
  }
}

/** Width in bytes of a fixed-width prefix; 0 for `varint`. */
export function prefixWidth(prefix: Prefix): number {
  return WIDTHS[prefix];
}

/** Largest length the prefix can carry (`u8`: 255, … `u64*`/`varint`: 2^53 - 1). */
export function prefixCapacity(prefix: Prefix): number {
  const width = WIDTHS[prefix];
  return width === 0 || width === 8 ? Number.MAX_SAFE_INTEGER : 2 ** (8 * width) - 1;
}

/** Bytes the prefix of `length` takes. */
export function prefixSize(prefix: Prefix, length: number): number {
  const width = WIDTHS[prefix];
  if (width !== 0) return width;
  let size = 1;
  for (let rest = length; rest >= 0x80; rest = Math.floor(rest / 0x80)) size++;
  return size;
}

/**
 * Writes `length` as `prefix` at `buf[offset]`; returns the offset after it.
 * @throws {RangeError} when the length is not a whole number the prefix can carry
 */
export function writePrefix(
  prefix: Prefix,
  length: number,
  buf: Uint8Array,
  offset: number,
): number {
  const capacity = prefixCapacity(prefix);
  if (!Number.isSafeInteger(length) || length < 0 || length > capacity) {
    throw new SaidRangeError(said("prefix.too_long", { length, prefix, capacity }));
  }
  if (prefix === "varint") return writeVarint(length, buf, offset);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const littleEndian = prefix.endsWith("le");
  switch (WIDTHS[prefix]) {
    case 1:
      view.setUint8(offset, length);
      break;
    case 2:
      view.setUint16(offset, length, littleEndian);
      break;
    case 4:
      view.setUint32(offset, length, littleEndian);
      break;
    default:
      view.setBigUint64(offset, BigInt(length), littleEndian);
  }
  return offset + WIDTHS[prefix];
}

/** The prefix bytes of `length`. */
export function encodePrefix(prefix: Prefix, length: number): Uint8Array {
  const buf = new Uint8Array(prefixSize(prefix, length));
  writePrefix(prefix, length, buf, 0);
  return buf;
}

/** Unsigned LEB128 (protobuf's varint) of a safe integer. */
export function encodeVarint(value: number): Uint8Array {
  return encodePrefix("varint", value);
}

function writeVarint(value: number, buf: Uint8Array, offset: number): number {
  let at = offset;
  let rest = value;
  while (rest >= 0x80) {
    buf[at++] = (rest % 0x80) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  buf[at++] = rest;
  return at;
}

/**
 * Decodes the unsigned LEB128 varint at `buf[offset]`: `[value, nextOffset]`.
 * Values past 2^53 come back rounded; every length limit refuses them.
 * @param streamOffset where `buf[offset]` is in the stream, for the error
 * @throws {FrameError} when the varint is longer than 10 bytes or 64 bits, or `buf` ends inside it
 */
export function decodeVarint(
  buf: Uint8Array,
  offset = 0,
  streamOffset = offset,
): [number, number] {
  const end = varintEnd(buf, offset, buf.length, streamOffset);
  if (end < 0) {
    throw new FrameError(
      said("subject.varint"),
      streamOffset,
      said("reason.varint_unfinished", { got: buf.length - offset }),
    );
  }
  let value = 0;
  let scale = 1;
  for (let at = offset; at < end; at++) {
    value += (buf[at] & 0x7f) * scale;
    scale *= 0x80;
  }
  return [value, end];
}

/**
 * Offset after the varint at `buf[offset]`, or -1 when `buf` ends (at `end`) inside it.
 * @throws {FrameError} when it is longer than 10 bytes or 64 bits
 */
export function varintEnd(
  buf: Uint8Array,
  offset: number,
  end: number,
  streamOffset: number,
): number {
  const stop = Math.min(end, offset + MAX_PREFIX_BYTES);
  for (let at = offset; at < stop; at++) {
    if (buf[at] < 0x80) {
      // The 10th byte holds bit 63 only.
      if (at - offset === MAX_PREFIX_BYTES - 1 && buf[at] > 1) break;
      return at + 1;
    }
  }
  if (stop - offset < MAX_PREFIX_BYTES) return -1;
  throw new FrameError(said("subject.varint"), streamOffset, said("reason.varint_overflow"));
}

/** Reads a whole prefix at `buf[offset]` as a number (rounded past 2^53). */
export type LengthReader = (buf: Uint8Array, offset: number) => number;

const READERS: Readonly<Record<Prefix, LengthReader>> = {
  u8: (b, o) => b[o],
  u16be: (b, o) => (b[o] << 8) | b[o + 1],
  u16le: (b, o) => (b[o + 1] << 8) | b[o],
  u32be: (b, o) => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0,
  u32le: (b, o) => ((b[o + 3] << 24) | (b[o + 2] << 16) | (b[o + 1] << 8) | b[o]) >>> 0,
  u64be: (b, o) => Number(readU64(b, o, false)),
  u64le: (b, o) => Number(readU64(b, o, true)),
  varint: (b, o) => decodeVarint(b, o)[0],
};

/** The reader of `prefix`, for hot loops that have already checked the bytes are there. */
export function lengthReader(prefix: Prefix): LengthReader {
  return READERS[prefix];
}

function readU64(buf: Uint8Array, offset: number, littleEndian: boolean): bigint {
  return new DataView(buf.buffer, buf.byteOffset + offset, 8).getBigUint64(0, littleEndian);
}

/** The exact value of the whole prefix at `buf[offset]`, for messages. */
function exactLength(prefix: Prefix, buf: Uint8Array, offset: number): bigint {
  if (prefix === "u64be" || prefix === "u64le") return readU64(buf, offset, prefix === "u64le");
  if (prefix !== "varint") return BigInt(READERS[prefix](buf, offset));
  let value = 0n;
  for (let at = offset, shift = 0n; at < offset + MAX_PREFIX_BYTES; at++, shift += 7n) {
    value |= BigInt(buf[at] & 0x7f) << shift;
    if (buf[at] < 0x80) break;
  }
  return value;
}

/** What a length over its limit is, beside the bytes that say it. */
export interface TooLong {
  /** What the length is of: the frame (the default), or a json frame's header. */
  subject?: "subject.frame" | "subject.header";
  /** The option that sets the limit (default `--max-frame`). */
  limit?: string;
  /** A hint the caller knows to be right (it wins over the guesses from the bytes). */
  known?: Said;
  /** A datagram's (the subject said is the datagram), whose size says the length is not real. */
  datagram?: boolean;
}

/**
 * The refusal of a length over `max`, read from the whole prefix at
 * `buf[offset]`, with a hint when the bytes look like another prefix or text.
 * @param streamOffset where the prefix is in the stream
 */
export function tooLongError(
  prefix: Prefix,
  buf: Uint8Array,
  offset: number,
  streamOffset: number,
  max: number,
  { subject = "subject.frame", limit = "--max-frame", known, datagram = false }: TooLong = {},
): FrameError {
  const exact = exactLength(prefix, buf, offset);
  const length = String(exact);
  // struct.pack('i', n) of a small negative n (-1, -5): a signed int read as a length.
  const signed = Number(exact) - 2 ** 32;
  const negative = WIDTHS[prefix] === 4 && signed < 0 && signed >= -65536
    ? said("hint.negative", { value: signed })
    : undefined;
  // A length a few times the limit may be a real message (a file sent the course's way), even
  // when the other byte order reads as a small one: both are said, the swap first.
  const near = !datagram && Number(exact) <= NEAR_LIMIT * max;
  const hint = prefixHint(prefix, buf, offset, (other) => other <= max);
  // Text right after a frame that decoded may be bytes that frame's length left out (the course's
  // exec server's stderr), not only a peer that sends lines: the hint names both.
  const swap = hint?.key === "hint.text" && streamOffset > 0
    ? said("hint.text_after", hint.vars)
    : hint;
  const swapOrLong = swap && near && swap.key.startsWith("hint.swap")
    ? said("hint.or_raise", { hint: swap, limit })
    : swap;
  return new FrameError(
    said(datagram && subject === "subject.frame" ? "subject.datagram" : subject),
    streamOffset,
    said("reason.too_long", { length, limit, max }),
    known ?? swapOrLong ?? negative ?? (near ? said("hint.raise", { limit }) : undefined),
  );
}

/**
 * How many times its limit a length may be and still be taken for a real message's. A byte-swapped
 * small length is 2^24 times it (5 reads as 80 MiB): most of them are further off.
 */
const NEAR_LIMIT = 4;

/** Whether `hint` says the peer sends text where a prefix should be (after a frame or not). */
export function isTextHint(hint: Said | undefined): boolean {
  return hint?.key === "hint.text" || hint?.key === "hint.text_after";
}

/**
 * Why a prefix may be wrong: it is a TLS record, its bytes spell text, or the
 * other byte order gives a length `plausible` accepts.
 */
export function prefixHint(
  prefix: Prefix,
  buf: Uint8Array,
  offset: number,
  plausible: (length: number) => boolean,
): Said | undefined {
  if (looksLikeTls(buf.subarray(offset))) return said("hint.tls");
  const width = WIDTHS[prefix];
  if (width < 2) return undefined;
  const bytes = buf.subarray(offset, offset + width);
  if (bytes.every(isText)) {
    return said("hint.text", { text: JSON.stringify(String.fromCharCode(...bytes)) });
  }
  const other = SWAPPED[prefix]!;
  const length = READERS[other](buf, offset);
  if (!plausible(length)) return undefined;
  // u32le is what the course's struct.pack('i', n) writes: name the course's spelling too.
  return said(other === "u32le" ? "hint.swap_course" : "hint.swap", { other, length });
}

/** Printable ASCII, tab, CR or LF. */
function isText(byte: number): boolean {
  return (byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** The stream ended inside a prefix of which `got` bytes arrived. */
export function prefixEndError(
  prefix: Prefix,
  streamOffset: number,
  got: number,
  hint?: Said,
): FrameError {
  const width = WIDTHS[prefix];
  if (width !== 0) return endOfStreamError(streamOffset, "part.prefix", got, width, hint);
  return new FrameError(
    said("subject.frame"),
    streamOffset,
    said("reason.varint_prefix_end", { got }),
    hint,
  );
}

/** A datagram too short for its own prefix. */
export function datagramPrefixError(prefix: Prefix, held: number): FrameError {
  return new FrameError(
    said("subject.datagram"),
    0,
    said("reason.datagram_prefix", { held, prefix }),
  );
}
