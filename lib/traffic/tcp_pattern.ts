/**
 * The TCP flood's byte stream, pure (no sockets): cheap to write, cheap to
 * verify, and every byte depends on its position.
 *
 * A connection carries: a 16-byte preamble, the pattern, a 16-byte trailer.
 * - preamble: `FCAT`, version 1, flags 0x02 (TCP), 2 reserved bytes, the
 *   stream id (u32), 4 reserved bytes.
 * - pattern: byte x of the connection (x counted from the preamble's first
 *   byte) is REFERENCE[x mod 64 KiB], except the first 8 bytes of each
 *   64 KiB block, which hold the block number floor(x / 64 KiB) as a
 *   big-endian u64. REFERENCE is 64 KiB of xorshift32 output (seed "FCAT",
 *   each 32-bit word big-endian). So a block lost, repeated or swapped is
 *   caught as surely as a flipped byte.
 * - trailer: `FCAT`, version 1, flags 0x03 (TCP, end), 2 reserved bytes,
 *   then the connection's length in bytes, trailer included (u64).
 *
 * The sink compares whole segments natively (Buffer.compare: memcmp), and
 * walks bytes only inside a segment that differs, to find the offset.
 */
import { Buffer } from "node:buffer";
import { FLAG_END, MAGIC, VERSION } from "./datagram_format.ts";

export const BLOCK = 64 * 1024;
export const PREAMBLE_SIZE = 16;
const TRAILER_SIZE = 16;
const FLAG_TCP = 0x02;
const STAMP = 8;
const TWO_32 = 2 ** 32;

/** 64 KiB of xorshift32 from the seed "FCAT": the pattern's content. */
const REFERENCE: Uint8Array = buildReference();

function buildReference(): Uint8Array {
  const bytes = new Uint8Array(BLOCK);
  const view = new DataView(bytes.buffer);
  let x = MAGIC;
  for (let i = 0; i < BLOCK; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    view.setUint32(i, x >>> 0);
  }
  return bytes;
}

const REFERENCE_BUFFER = Buffer.from(REFERENCE.buffer);

/** Byte i (0..7) of block j's stamp: j as a big-endian u64. */
function stampByte(block: number, i: number): number {
  return i < 4
    ? (Math.floor(block / TWO_32) >>> (8 * (3 - i))) & 0xff
    : (block >>> (8 * (7 - i))) & 0xff;
}

/** The expected byte at connection offset x (for x past the preamble). */
export function patternByte(x: number): number {
  const inBlock = x % BLOCK;
  return inBlock < STAMP ? stampByte(Math.floor(x / BLOCK), inBlock) : REFERENCE[inBlock];
}

function marker(flags: number, value: number): Uint8Array {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC);
  view.setUint8(4, VERSION);
  view.setUint8(5, flags);
  if (flags & FLAG_END) {
    view.setUint32(8, Math.floor(value / TWO_32));
    view.setUint32(12, value >>> 0);
  } else {
    view.setUint32(8, value >>> 0);
  }
  return bytes;
}

export function encodePreamble(streamId: number): Uint8Array {
  return marker(FLAG_TCP, streamId);
}

/** The trailer of a connection whose pattern ends at `patternEnd` (offset of the trailer). */
export function encodeTrailer(patternEnd: number): Uint8Array {
  return marker(FLAG_TCP | FLAG_END, patternEnd + TRAILER_SIZE);
}

/** Reads a preamble (returns the stream id) or a trailer (returns the length); undefined if neither. */
function decodeMarker(bytes: Uint8Array, flags: number): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
  if (view.getUint32(0) !== MAGIC || view.getUint8(4) !== VERSION) return undefined;
  if (view.getUint8(5) !== flags) return undefined;
  return flags & FLAG_END ? view.getUint32(8) * TWO_32 + view.getUint32(12) : view.getUint32(8);
}

/**
 * Fills a reusable buffer with the pattern at any offset. When the write
 * size is a multiple of the block, every write starts at the same place in
 * REFERENCE and only the stamps change: no copy per write.
 */
export class PatternWriter {
  readonly #buf: Uint8Array;
  /** REFERENCE position the buffer's content starts at, when only stamps differ. */
  #phase = -1;

  constructor(size: number) {
    this.#buf = new Uint8Array(size);
  }

  /** The pattern bytes for [offset, offset + length) (length ≤ size), valid until the next call. */
  fill(offset: number, length = this.#buf.length): Uint8Array {
    const buf = this.#buf.subarray(0, length);
    const phase = offset % BLOCK;
    if (phase !== this.#phase || length !== this.#buf.length) this.#copy(offset, buf);
    this.#phase = length === this.#buf.length ? phase : -1;
    for (let block = Math.floor(offset / BLOCK); block * BLOCK < offset + length; block++) {
      const at = block * BLOCK - offset;
      for (let i = Math.max(0, -at); i < STAMP && at + i < length; i++) {
        buf[at + i] = stampByte(block, i);
      }
    }
    return buf;
  }

  #copy(offset: number, buf: Uint8Array): void {
    for (let done = 0; done < buf.length;) {
      const from = (offset + done) % BLOCK;
      const n = Math.min(BLOCK - from, buf.length - done);
      buf.set(REFERENCE.subarray(from, from + n), done);
      done += n;
    }
  }

  /** Spoils the buffer's byte at `index` (a testing aid); the next fill rebuilds it. */
  flip(index: number): void {
    this.#buf[index] ^= 0xff;
    this.#phase = -1;
  }
}

/** Whether `bytes` equal REFERENCE from `from` on, compared natively (memcmp). */
function sameAsReference(bytes: Uint8Array, from: number): boolean {
  const mine = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  return mine.equals(REFERENCE_BUFFER.subarray(from, from + bytes.length));
}

/** Counts bytes that differ from the pattern and remembers the first. */
class PatternVerifier {
  mismatches = 0;
  firstMismatch?: number;

  /** Checks `chunk`, which sits at connection offset `offset` (past the preamble). */
  check(chunk: Uint8Array, offset: number): void {
    for (let done = 0; done < chunk.length;) {
      const at = offset + done;
      const inBlock = at % BLOCK;
      const n = Math.min(BLOCK - inBlock, chunk.length - done);
      const stamp = Math.max(0, Math.min(STAMP - inBlock, n));
      if (stamp > 0) this.#bytewise(chunk, done, stamp, at);
      const rest = n - stamp;
      if (rest > 0 && !sameAsReference(chunk.subarray(done + stamp, done + n), inBlock + stamp)) {
        this.#bytewise(chunk, done + stamp, rest, at + stamp);
      }
      done += n;
    }
  }

  /** The slow path: byte by byte, only where something differs (or for stamps). */
  #bytewise(chunk: Uint8Array, from: number, n: number, at: number): void {
    for (let i = 0; i < n; i++) {
      if (chunk[from + i] !== patternByte(at + i)) {
        this.mismatches++;
        this.firstMismatch ??= at + i;
      }
    }
  }
}

export interface PatternResult {
  /** Bytes received on the connection. */
  bytes: number;
  /** False when the connection did not start with a flood preamble: nothing was verified. */
  flood: boolean;
  streamId?: number;
  /** Whether the trailer arrived. */
  endMarker: boolean;
  /** The connection's length according to the trailer. */
  expectedBytes?: number;
  mismatches: number;
  firstMismatch?: number;
  /** Everything arrived, every byte matched, and the length agrees with the trailer. */
  intact: boolean;
}

/**
 * Verifies a connection however it is sliced into reads: collects the
 * preamble, verifies the pattern as it comes, and holds back the last 16
 * bytes, which are the trailer if the flood ended properly.
 */
export class PatternReceiver {
  readonly #verifier = new PatternVerifier();
  readonly #head = new Uint8Array(PREAMBLE_SIZE);
  /** The last bytes received, not verified yet: maybe the trailer. */
  readonly #tail = new Uint8Array(TRAILER_SIZE);
  #tailLength = 0;
  #received = 0;
  #streamId?: number;

  get bytes(): number {
    return this.#received;
  }

  push(chunk: Uint8Array): void {
    let rest = chunk;
    if (this.#received < PREAMBLE_SIZE) {
      const take = Math.min(PREAMBLE_SIZE - this.#received, rest.length);
      this.#head.set(rest.subarray(0, take), this.#received);
      this.#received += take;
      rest = rest.subarray(take);
      if (this.#received === PREAMBLE_SIZE) {
        this.#streamId = decodeMarker(this.#head, FLAG_TCP);
      }
    }
    if (rest.length > 0) this.#pushBody(rest);
  }

  #pushBody(chunk: Uint8Array): void {
    const held = this.#tailLength + chunk.length - TRAILER_SIZE;
    if (held <= 0) {
      this.#tail.set(chunk, this.#tailLength);
      this.#tailLength += chunk.length;
    } else {
      const fromTail = Math.min(this.#tailLength, held);
      const tailStart = this.#received - this.#tailLength;
      this.#verify(this.#tail.subarray(0, fromTail), tailStart);
      this.#verify(chunk.subarray(0, held - fromTail), this.#received);
      // The new tail is the old one's unverified rest, then the chunk's end: shifted in place.
      this.#tail.copyWithin(0, fromTail, this.#tailLength);
      this.#tail.set(chunk.subarray(held - fromTail), this.#tailLength - fromTail);
      this.#tailLength = TRAILER_SIZE;
    }
    this.#received += chunk.length;
  }

  #verify(bytes: Uint8Array, offset: number): void {
    if (this.#streamId !== undefined && bytes.length > 0) this.#verifier.check(bytes, offset);
  }

  /** The verdict once the connection has ended. */
  finish(): PatternResult {
    const flood = this.#streamId !== undefined;
    const tail = this.#tail.subarray(0, this.#tailLength);
    const expected = this.#tailLength === TRAILER_SIZE
      ? decodeMarker(tail, FLAG_TCP | FLAG_END)
      : undefined;
    if (expected === undefined) this.#verify(tail, this.#received - this.#tailLength);
    const v = this.#verifier;
    return {
      bytes: this.#received,
      flood,
      streamId: this.#streamId,
      endMarker: expected !== undefined,
      expectedBytes: expected,
      mismatches: v.mismatches,
      firstMismatch: v.firstMismatch,
      intact: flood && v.mismatches === 0 && expected === this.#received,
    };
  }
}
