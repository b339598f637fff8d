/**
 * The framing contract: pure, incremental codecs over bytes. No sockets here.
 *
 * A decoder takes the stream in any slicing and returns the frames each chunk
 * completed; an encoder turns one message into the bytes to write.
 */
import type { FrameError } from "./frame_error.ts";

/** The framings of PRODUCT.md, Wire formats. */
export const FRAMINGS = ["raw", "line", "len", "json"] as const;
export type Framing = typeof FRAMINGS[number];

/** Length prefixes of `len` (all) and `json` (all but varint). */
export const PREFIXES = [
  "u8",
  "u16be",
  "u16le",
  "u32be",
  "u32le",
  "u64be",
  "u64le",
  "varint",
] as const;
export type Prefix = typeof PREFIXES[number];

/**
 * The course's length prefix as the course writes it, `struct.pack('i', n)`:
 * `--prefix i`, read as u32le on every common machine. Offered first wherever a prefix is chosen.
 */
export const COURSE_PREFIX_CODE = "i";

/** The JSON header of a `json` frame: an object, `total_size` required. */
export type JsonHeader = Record<string, unknown>;

/**
 * The text a received header was parsed from, kept on it (not enumerable, so never sent on)
 * when it holds an integer a double cannot: the course's sender writes its md5 as
 * `int(hexdigest, 16)`, 39 digits that a parsed header would show as 1.942383057686436e+37.
 */
export const HEADER_SOURCE: unique symbol = Symbol("framecat.headerSource");

/**
 * The fields of such a header with those integers as the peer wrote them (JSON.rawJSON values,
 * which JSON.stringify writes as they are), kept on it (not enumerable): what a header passed on
 * (an echo) is written from, and what `--output json` writes it as.
 */
export const HEADER_EXACT: unique symbol = Symbol("framecat.headerExact");

/** A header's fields to write: with a received header's big integers as the peer wrote them. */
export function exactFields(header: JsonHeader): JsonHeader {
  return (header as { [HEADER_EXACT]?: JsonHeader })[HEADER_EXACT] ?? header;
}

/** How a header is shown: as the peer wrote it when numbers would be rounded, else as parsed. */
export function headerText(header: JsonHeader): string {
  const source = (header as { [HEADER_SOURCE]?: string })[HEADER_SOURCE];
  return source ?? JSON.stringify(header);
}

/** One decoded message. */
export interface Frame {
  /** The message bytes (a view into the pushed chunk when it arrived whole). */
  payload: Uint8Array;
  /** The JSON header, for `json` framing only (as received, all fields kept). */
  header?: JsonHeader;
}

export interface CodecOptions {
  /** Length prefix of `len` and `json`. Default `u32be`. */
  prefix?: Prefix;
  /** Largest frame accepted, in bytes (payload; for `json` the body). Default 16 MiB. */
  maxFrame?: number;
  /** `line` framing writes `\r\n` (nc -C). Default false. */
  crlf?: boolean;
  /** Largest `json` header accepted, in bytes. Default 64 KiB. */
  maxHeader?: number;
  /**
   * `json`: a header without `total_size` is a message with no body, as a course server's
   * acknowledgement `{"ok": true}` is (check reads replies so). Default false: refused.
   */
  bodilessHeaders?: boolean;
}

/**
 * Incremental decoder: bytes in, in any slicing; whole frames out.
 *
 * Bad bytes fail it, and nothing decoded before them is lost (as std's
 * `DelimiterStream` enqueues what it completed, then errors): `push` returns
 * the frames its chunk completed before the bad bytes and keeps the error in
 * `failure`, to be reported right after those frames; when no frame came
 * first, `push` throws it at once. A failed decoder throws the same error
 * from every later `push` and `end`. (`decodeChunk` in failure.ts gives a
 * caller both at once.)
 */
export interface FrameDecoder {
  /**
   * Feeds the next chunk of the stream; returns the frames it completed, in order.
   * @throws {FrameError} when the chunk starts with bad bytes, or the decoder had already failed
   */
  push(chunk: Uint8Array): Frame[];
  /** Declares end of stream; throws {@linkcode FrameError} if a frame is incomplete or it had failed. */
  end(): void;
  /** Why the decoder failed, once it has: set by the `push` that met bad bytes. */
  readonly failure: FrameError | undefined;
  /** Bytes held that do not yet make a frame. */
  readonly buffered: number;
  /**
   * Stream offset of the first byte of the next frame to complete: where the
   * frame in progress began, or the end of the stream so far when none is.
   * (Not `buffered > 0`: a len body may be due with no byte of it held yet.)
   */
  readonly frameStart: number;
}

/** Encoder: one message in, the bytes to write out. */
export interface FrameEncoder {
  /** Frames one message. `header` adds fields to a `json` header (ignored otherwise). */
  encode(payload: Uint8Array, header?: JsonHeader): Uint8Array;
}

/** Default of {@linkcode CodecOptions.prefix}. */
export const DEFAULT_PREFIX: Prefix = "u32be";

/** Default of {@linkcode CodecOptions.maxFrame}: 16 MiB. */
export const DEFAULT_MAX_FRAME = 16 * 1024 * 1024;

/** --max-header's default: a file's header is a few fields, never more than a few KiB. */
export const DEFAULT_MAX_HEADER = 64 * 1024;

/** What `JsonStreamDecoder` (json.ts) reports, in stream order: header, body parts, end. */
export type JsonPart =
  | {
    type: "header";
    /** The whole header, all fields kept. */
    header: JsonHeader;
    /** Body size: the header's `total_size`. */
    totalSize: number;
    /** Stream offset where the frame (its prefix) starts. */
    offset: number;
  }
  | {
    type: "body";
    /** The next bytes of the body: a view of the pushed chunk, not a copy. */
    bytes: Uint8Array;
  }
  | {
    type: "end";
    /** md5 of the body, lower-case hex; undefined when not computed (see `hashAlways`). */
    md5: string | undefined;
    /** Whether it matches the header's `md5`; undefined when the header has no 32-digit hex `md5`. */
    md5ok: boolean | undefined;
  };
