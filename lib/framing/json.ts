/**
 * `json` framing: a length prefix giving the size of a UTF-8 JSON header
 * object, the header, then a body of the header's `total_size` bytes.
 *
 * {@linkcode JsonStreamDecoder} streams bodies of any size (the file-transfer
 * server writes them to disk); {@linkcode JsonDecoder} collects them into frames.
 */
import { createHash, type Hash } from "node:crypto";
import { characterCountHint, MessageTail } from "./char_count.ts";
import { decodeChunk, DecoderFailure } from "./failure.ts";
import { datagramSizeError, endOfStreamError, FrameError } from "./frame_error.ts";
import { describeJsonError } from "./json_syntax.ts";
import { said, type WordKey } from "../i18n/say.ts";
import type { Said } from "../events/types.ts";
import {
  checkByteCount,
  datagramPrefixError,
  type LengthReader,
  lengthReader,
  MAX_PREFIX_BYTES,
  prefixEndError,
  prefixWidth,
  resolveCodecOptions,
  tooLongError,
  writePrefix,
} from "./prefix.ts";
import {
  type CodecOptions,
  DEFAULT_PREFIX,
  exactFields,
  type Frame,
  type FrameDecoder,
  type FrameEncoder,
  HEADER_EXACT,
  HEADER_SOURCE,
  type JsonHeader,
  type JsonPart,
  type Prefix,
} from "./types.ts";

import { holdsUnsafeInteger, parseWithDigits } from "../shared/big_integers.js";

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const UTF8_ENCODER = new TextEncoder();
const MD5_HEX = /^[0-9a-f]{32}$/i;
/**
 * Deepest nesting of objects and arrays a header may have, checked before it is parsed: with
 * --max-header, it bounds what parsing a header can cost (see the README, "Bad input").
 */
export const MAX_HEADER_DEPTH = 32;

export interface JsonStreamOptions extends CodecOptions {
  /** Largest body accepted, in bytes. Default `maxFrame`. (`maxFrame` still bounds the header.) */
  maxBody?: number;
  /** The option that sets `maxBody`, named in errors. Default `--max-frame`. */
  maxBodyOption?: string;
  /**
   * Compute the md5 of bodies whose header announces none (it is always
   * computed to check an announced one). Default `true`.
   */
  hashAlways?: boolean;
}

/** Header, body, or waiting for a prefix. */
enum Stage {
  Prefix,
  Header,
  Body,
}

/**
 * Incremental `json` reader that never holds a body: body bytes come out as
 * views of the pushed chunks, with their md5 computed on the way.
 * A md5 mismatch is reported (`md5ok: false`), not thrown.
 */
export class JsonStreamDecoder {
  readonly #prefix: Prefix;
  readonly #width: number;
  readonly #read: LengthReader;
  readonly #maxHeader: number;
  readonly #maxBody: number;
  readonly #maxBodyOption: string;
  readonly #hashAlways: boolean;
  readonly #bodiless: boolean;
  #stage = Stage.Prefix;
  /** A prefix cut by the end of a chunk (bounded: 8 bytes, json takes no varint). */
  readonly #head = new Uint8Array(MAX_PREFIX_BYTES);
  #headLength = 0;
  /** A header cut by chunk ends, at its announced size (bounded: maxHeader). */
  #header: Uint8Array | undefined;
  #headerSize = 0;
  #headerFill = 0;
  #bodySize = 0;
  #bodyLeft = 0;
  #md5: Hash | undefined;
  #announcedMd5: string | undefined;
  /** The last bytes of the body being read, or of the last one read (for a cut character's hint). */
  readonly #bodyTail = new MessageTail();
  /** Stream offset of the frame in progress (stale between frames). */
  #frameStart = 0;
  /** Stream offset of the next chunk. */
  #streamOffset = 0;
  readonly #failure = new DecoderFailure();

  /** @throws {RangeError} for `--prefix varint` or a bad limit */
  constructor(options: JsonStreamOptions = {}) {
    const { prefix, maxFrame, maxHeader } = resolveCodecOptions(options);
    this.#prefix = checkJsonPrefix(prefix);
    this.#width = prefixWidth(prefix);
    this.#read = lengthReader(prefix);
    this.#maxHeader = maxHeader;
    this.#maxBody = options.maxBody ?? maxFrame;
    this.#maxBodyOption = options.maxBodyOption ?? "--max-frame";
    this.#hashAlways = options.hashAlways ?? true;
    this.#bodiless = options.bodilessHeaders ?? false;
    checkByteCount(this.#maxBodyOption, this.#maxBody);
  }

  /** Bytes held that do not yet make a header (bodies are never held). */
  get buffered(): number {
    return this.#headLength + this.#headerFill;
  }

  /** Why the decoder failed, once it has: set by the `push` that met bad bytes. */
  get failure(): FrameError | undefined {
    return this.#failure.error;
  }

  /** Stream offset where the next frame to end begins (the end of the stream so far between frames). */
  get frameStart(): number {
    const between = this.#stage === Stage.Prefix && this.#headLength === 0;
    return between ? this.#streamOffset : this.#frameStart;
  }

  /**
   * Feeds the next chunk; returns the parts it completed, in order. Bad bytes fail
   * it as they fail a `FrameDecoder`: the parts before them are returned and the
   * error kept in `failure`, to be thrown by the next `push` or `end`.
   * @throws {FrameError} when the chunk starts with bad bytes, or the decoder had already failed
   */
  push(chunk: Uint8Array): JsonPart[] {
    this.#failure.check();
    const parts: JsonPart[] = [];
    try {
      this.#decode(chunk, parts);
    } catch (error) {
      return this.#failure.keep(error, parts);
    }
    this.#streamOffset += chunk.length;
    return parts;
  }

  #decode(chunk: Uint8Array, parts: JsonPart[]): void {
    let at = 0;
    for (;;) {
      if (this.#stage === Stage.Prefix) {
        if (at === chunk.length) break;
        at = this.#readPrefix(chunk, at);
        if (this.#stage === Stage.Prefix) break;
      }
      if (this.#stage === Stage.Header) {
        at = this.#readHeader(chunk, at, parts);
        if (this.#stage === Stage.Header) break;
      }
      at = this.#readBody(chunk, at, parts);
      if (this.#stage === Stage.Body) break;
    }
  }

  /** Declares end of stream; throws {@linkcode FrameError} if a frame is incomplete or it had failed. */
  end(): void {
    this.#failure.check();
    if (this.#stage === Stage.Header) {
      throw endOfStreamError(this.#frameStart, "part.header", this.#headerFill, this.#headerSize);
    }
    if (this.#stage === Stage.Body) {
      const got = this.#bodySize - this.#bodyLeft;
      throw endOfStreamError(this.#frameStart, "part.body", got, this.#bodySize);
    }
    if (this.#headLength > 0) {
      const head = this.#head.subarray(0, this.#headLength);
      const hint = characterCountHint(this.#bodyTail.bytes, head, "json");
      throw prefixEndError(this.#prefix, this.#frameStart, this.#headLength, hint);
    }
  }

  #readPrefix(chunk: Uint8Array, at: number): number {
    const width = this.#width;
    let source = chunk;
    let from = at;
    if (this.#headLength === 0) this.#frameStart = this.#streamOffset + at;
    if (this.#headLength === 0 && at + width <= chunk.length) {
      at += width;
    } else {
      const take = Math.min(width - this.#headLength, chunk.length - at);
      this.#head.set(chunk.subarray(at, at + take), this.#headLength);
      this.#headLength += take;
      at += take;
      if (this.#headLength < width) return at;
      this.#headLength = 0;
      source = this.#head;
      from = 0;
    }
    const size = this.#read(source, from);
    if (size > this.#maxHeader) {
      throw tooLongError(this.#prefix, source, from, this.#frameStart, this.#maxHeader, {
        subject: "subject.header",
        limit: "--max-header",
        known: characterCountHint(this.#bodyTail.bytes, source.subarray(from), "json"),
      });
    }
    this.#headerSize = size;
    this.#stage = Stage.Header;
    return at;
  }

  #readHeader(chunk: Uint8Array, at: number, parts: JsonPart[]): number {
    const size = this.#headerSize;
    let bytes: Uint8Array;
    if (this.#header === undefined && at + size <= chunk.length) {
      bytes = chunk.subarray(at, at + size);
      at += size;
    } else {
      this.#header ??= new Uint8Array(size); // bounded: size <= maxHeader, checked in #readPrefix
      const take = Math.min(size - this.#headerFill, chunk.length - at);
      this.#header.set(chunk.subarray(at, at + take), this.#headerFill);
      this.#headerFill += take;
      at += take;
      if (this.#headerFill < size) return at;
      bytes = this.#header;
      this.#header = undefined;
      this.#headerFill = 0;
    }
    const headerOffset = this.#frameStart + this.#width;
    const { header, totalSize } = parseJsonHeader(
      bytes,
      headerOffset,
      this.#maxBody,
      this.#maxBodyOption,
      this.#bodiless,
    );
    this.#announcedMd5 = announcedMd5(header);
    const hash = this.#announcedMd5 !== undefined || this.#hashAlways;
    this.#md5 = hash ? createHash("md5") : undefined;
    this.#bodySize = this.#bodyLeft = totalSize;
    this.#bodyTail.clear();
    this.#stage = Stage.Body;
    parts.push({ type: "header", header, totalSize, offset: this.#frameStart });
    return at;
  }

  #readBody(chunk: Uint8Array, at: number, parts: JsonPart[]): number {
    const take = Math.min(this.#bodyLeft, chunk.length - at);
    if (take > 0) {
      const bytes = chunk.subarray(at, at + take);
      this.#md5?.update(bytes);
      this.#bodyTail.add(bytes);
      parts.push({ type: "body", bytes });
      this.#bodyLeft -= take;
      at += take;
    }
    if (this.#bodyLeft === 0) {
      const md5 = this.#md5?.digest("hex");
      const announced = this.#announcedMd5;
      parts.push({
        type: "end",
        md5,
        md5ok: announced === undefined ? undefined : announced === md5,
      });
      this.#md5 = undefined;
      this.#stage = Stage.Prefix;
    }
    return at;
  }
}

/**
 * Incremental `json` decoder: {@linkcode JsonStreamDecoder} with each body
 * collected into a frame — the view itself when it arrived in one piece, else
 * one buffer of `total_size` bytes. A md5 mismatch fails it as bad bytes do.
 */
export class JsonDecoder implements FrameDecoder {
  readonly #stream: JsonStreamDecoder;
  #header: JsonHeader | undefined;
  #offset = 0;
  #body: Uint8Array | undefined;
  #bodySize = 0;
  #bodyFill = 0;
  /** Bad bytes in the stream, or a md5 mismatch. */
  readonly #failure = new DecoderFailure();

  /** @throws {RangeError} for `--prefix varint` */
  constructor(options?: CodecOptions) {
    this.#stream = new JsonStreamDecoder({ ...options, hashAlways: false });
  }

  get buffered(): number {
    return this.#stream.buffered + this.#bodyFill;
  }

  get frameStart(): number {
    return this.#stream.frameStart;
  }

  get failure(): FrameError | undefined {
    return this.#failure.error;
  }

  push(chunk: Uint8Array): Frame[] {
    this.#failure.check();
    const frames: Frame[] = [];
    const [parts, failure] = decodeChunk(this.#stream, chunk);
    try {
      for (const part of parts) this.#take(part, frames);
    } catch (error) {
      return this.#failure.keep(error, frames);
    }
    return failure === undefined ? frames : this.#failure.keep(failure, frames);
  }

  #take(part: JsonPart, frames: Frame[]): void {
    if (part.type === "header") {
      this.#header = part.header;
      this.#offset = part.offset;
      this.#bodySize = part.totalSize;
    } else if (part.type === "body") {
      this.#collect(part.bytes);
    } else {
      frames.push(this.#finish(part.md5, part.md5ok));
    }
  }

  end(): void {
    this.#failure.check();
    this.#stream.end();
  }

  #collect(bytes: Uint8Array): void {
    if (this.#body === undefined && bytes.length === this.#bodySize) {
      this.#body = bytes;
      return;
    }
    this.#body ??= new Uint8Array(this.#bodySize); // bounded: total_size <= maxFrame
    this.#body.set(bytes, this.#bodyFill);
    this.#bodyFill += bytes.length;
  }

  #finish(md5: string | undefined, md5ok: boolean | undefined): Frame {
    const header = this.#header!;
    if (md5ok === false) throw md5MismatchError(this.#offset, announcedMd5(header)!, md5!);
    const frame = { payload: this.#body ?? new Uint8Array(0), header };
    this.#header = this.#body = undefined;
    this.#bodyFill = 0;
    return frame;
  }
}

/**
 * `header` as JsonEncoder writes it before `payload`: its `total_size` and `md5` are the
 * payload's own, whatever the header passed on said (an echo's is the peer's, maybe its md5 as a
 * number), and a received header's big integers keep the peer's digits (shown and written so).
 */
export function headerAsWritten(header: JsonHeader, payload: Uint8Array): JsonHeader {
  const md5 = digests.get(payload) ?? createHash("md5").update(payload).digest("hex");
  const own = { total_size: payload.length, md5 };
  const written: JsonHeader = { ...header, ...own };
  const exact = (header as { [HEADER_EXACT]?: JsonHeader })[HEADER_EXACT];
  if (exact) {
    const fields = { ...exact, ...own };
    Object.defineProperty(written, HEADER_EXACT, { value: fields });
    Object.defineProperty(written, HEADER_SOURCE, { value: JSON.stringify(fields) });
    if (!Object.hasOwn(written, "toJSON")) {
      Object.defineProperty(written, "toJSON", { value: () => fields });
    }
  }
  return written;
}

/** The md5 each payload was last encoded with, for its `sent` event not to digest it again. */
const digests = new WeakMap<Uint8Array, string>();

/** Frames a message as prefix + header (`total_size`, `md5`, extra fields) + body. */
export class JsonEncoder implements FrameEncoder {
  readonly #prefix: Prefix;

  /** @throws {RangeError} for `--prefix varint` */
  constructor(options?: CodecOptions) {
    this.#prefix = checkJsonPrefix(resolveCodecOptions(options).prefix);
  }

  /** `header` fields come first; `total_size` and `md5` overwrite theirs. */
  encode(payload: Uint8Array, header: JsonHeader = {}): Uint8Array {
    const md5 = createHash("md5").update(payload).digest("hex");
    digests.set(payload, md5);
    // A received header passed on (an echo) keeps the peer's big integers as it wrote them.
    const fields = { ...exactFields(header), total_size: payload.length, md5 };
    const head = encodeJsonHeader(fields, payload.length, this.#prefix);
    const out = new Uint8Array(head.length + payload.length);
    out.set(head);
    out.set(payload, head.length);
    return out;
  }
}

/**
 * Prefix + header bytes of a `json` frame whose `totalSize`-byte body the
 * caller writes next (a file, streamed). `total_size` is set here; `md5` is
 * the caller's to put in `header`.
 * @throws {RangeError} for `--prefix varint`, a bad size, or a header too long for the prefix
 */
export function encodeJsonHeader(
  header: JsonHeader,
  totalSize: number,
  prefix: Prefix = DEFAULT_PREFIX,
): Uint8Array {
  checkJsonPrefix(prefix);
  checkByteCount("total_size", totalSize);
  const fields = { ...exactFields(header), total_size: totalSize };
  const text = UTF8_ENCODER.encode(JSON.stringify(fields));
  const width = prefixWidth(prefix);
  const out = new Uint8Array(width + text.length);
  writePrefix(prefix, text.length, out, 0);
  out.set(text, width);
  return out;
}

/** The one `json` frame a datagram holds; its body is a view of it. */
export function decodeJsonDatagram(bytes: Uint8Array, options?: CodecOptions): Frame {
  const { prefix, maxFrame, maxHeader } = resolveCodecOptions(options);
  const width = prefixWidth(checkJsonPrefix(prefix));
  if (bytes.length < width) throw datagramPrefixError(prefix, bytes.length);
  const headerSize = lengthReader(prefix)(bytes, 0);
  if (headerSize > maxHeader) {
    throw tooLongError(prefix, bytes, 0, 0, maxHeader, {
      subject: "subject.header",
      limit: "--max-header",
      datagram: true,
    });
  }
  const bodyStart = width + headerSize;
  if (bodyStart > bytes.length) {
    throw datagramSizeError("announcer.prefix", headerSize, bytes.length - width, 0);
  }
  const { header, totalSize } = parseJsonHeader(
    bytes.subarray(width, bodyStart),
    width,
    maxFrame,
    undefined,
    options?.bodilessHeaders,
  );
  const held = bytes.length - bodyStart;
  if (held !== totalSize) {
    throw datagramSizeError("announcer.total_size", totalSize, held, bodyStart);
  }
  const payload = bytes.subarray(bodyStart);
  const announced = announcedMd5(header);
  if (announced !== undefined) {
    const md5 = createHash("md5").update(payload).digest("hex");
    if (md5 !== announced) throw md5MismatchError(0, announced, md5);
  }
  return { payload, header };
}

function checkJsonPrefix(prefix: Prefix): Prefix {
  if (prefix === "varint") throw new RangeError("json framing does not take --prefix varint");
  return prefix;
}

/** The header's `md5` in lower case, when it is 32 hex digits (else it is not checked). */
export function announcedMd5(header: JsonHeader): string | undefined {
  const md5 = header.md5;
  return typeof md5 === "string" && MD5_HEX.test(md5) ? md5.toLowerCase() : undefined;
}

function md5MismatchError(offset: number, announced: string, actual: string): FrameError {
  return new FrameError(
    said("subject.frame"),
    offset,
    said("reason.md5", { announced, actual }),
  );
}

/**
 * The header object at stream offset `offset`, checked: UTF-8, a JSON object,
 * `total_size` a whole number of at most `maxBody` bytes.
 */
function parseJsonHeader(
  bytes: Uint8Array,
  offset: number,
  maxBody: number,
  maxBodyOption = "--max-frame",
  bodiless = false,
): { header: JsonHeader; totalSize: number } {
  const fail = (reason: Said) => new FrameError(said("subject.header"), offset, reason);
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw fail(said("reason.header_utf8", { size: bytes.length }));
  }
  const depth = nestingDepth(bytes);
  if (depth > MAX_HEADER_DEPTH) {
    throw fail(said("reason.header_depth", { depth, max: MAX_HEADER_DEPTH }));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw fail(describeJsonError(bytes));
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const kind = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
    throw fail(said("reason.header_kind", { kind: said(`kind.${kind}` as WordKey) }));
  }
  const header = value as JsonHeader;
  // A run of 16 digits or more may be an integer past 2^53 (the course's md5 as a number): its
  // digits are kept for the display, and `--output json` writes them as the peer did, not as the
  // double nearest them (1.2395700436387346e+38).
  if (holdsUnsafeInteger(text, header)) {
    const exact: JsonHeader = parseWithDigits(text);
    const source = text.trim().replace(/\s*\n\s*/g, " ");
    Object.defineProperty(header, HEADER_SOURCE, { value: source });
    Object.defineProperty(header, HEADER_EXACT, { value: exact });
    // JSON.stringify's own hook, for every event that carries the header; not over a field of
    // the peer's that is called toJSON (its value is written as it is, and the numbers rounded).
    if (!Object.hasOwn(header, "toJSON")) {
      Object.defineProperty(header, "toJSON", { value: () => exact });
    }
  }
  const size = header.total_size;
  if (size === undefined && bodiless) return { header, totalSize: 0 };
  if (size === undefined) {
    const fields = Object.keys(header).slice(0, 8).join(", ");
    throw fail(
      fields ? said("reason.no_total_size_has", { fields }) : said("reason.no_total_size"),
    );
  }
  // A number past what a double holds exactly (2^53, 1e400) is quoted as the peer wrote it
  // (looked up only for an error: a good header costs no search).
  const written = () => typeof size === "number" ? writtenNumber(text, "total_size") : undefined;
  if (typeof size === "number" && size > maxBody && (Number.isInteger(size) || size === Infinity)) {
    throw fail(
      said("reason.total_size_max", {
        size: written() ?? size,
        limit: maxBodyOption,
        max: maxBody,
      }),
    );
  }
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
    const value = written() ?? JSON.stringify(size) ?? String(size);
    throw fail(said("reason.total_size_type", { value }));
  }
  return { header, totalSize: size };
}

/** How deep objects and arrays nest in JSON text (brackets inside strings do not count). */
function nestingDepth(bytes: Uint8Array): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === 0x5c) i++; // a backslash escapes the next byte
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (b === 0x7d || b === 0x5d) depth--;
  }
  return deepest;
}

/** A top-level number field as its JSON text spells it (`1e400`, `9007199254740993`), if found. */
function writtenNumber(text: string, field: string): string | undefined {
  return new RegExp(`"${field}"\\s*:\\s*(-?[0-9][0-9.eE+-]*)`).exec(text)?.[1];
}
