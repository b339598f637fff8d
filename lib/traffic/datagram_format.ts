/**
 * The flood probe datagram, pure encode/decode (no sockets). Every field is
 * big-endian (network order):
 *
 * | offset | size | field                                               |
 * |-------:|-----:|-----------------------------------------------------|
 * |      0 |    4 | magic `FCAT` (46 43 41 54)                          |
 * |      4 |    1 | version, 1                                          |
 * |      5 |    1 | flags: bit 0 set = end marker, clear = data         |
 * |      6 |    2 | reserved, 0                                         |
 * |      8 |    4 | stream id, random per flood                         |
 * |     12 |    4 | size of the datagram as sent (bytes)                |
 * |     16 |    8 | data: sequence number from 0; end marker: total sent |
 * |     24 |    8 | send time, µs since the Unix epoch (sender's clock) |
 * |     32 |    … | zero padding up to `--size`                         |
 *
 * The declared size lets a receiver tell a truncated datagram from a short
 * one, whoever cut it (its own buffer, a relay's `--truncate`).
 */

/** "FCAT". */
export const MAGIC = 0x46434154;
export const VERSION = 1;
/** Bytes before the padding: the smallest data datagram. */
export const HEADER_SIZE = 32;
/** A datagram cut shorter than this has lost its sequence number. */
const MIN_DECODABLE = 24;
export const FLAG_END = 0x01;

const TWO_32 = 2 ** 32;

export interface Probe {
  /** True for an end marker, false for data. */
  end: boolean;
  streamId: number;
  /** The datagram's size as sent. */
  size: number;
  /** Data: the sequence number. End marker: how many data datagrams were sent. */
  seq: number;
  /** Send time, µs since the Unix epoch; 0 when the datagram was cut before it. */
  sentUs: number;
}

/** A probe decoded from received bytes, with whether it arrived shorter than sent. */
export interface ReceivedProbe extends Probe {
  truncated: boolean;
}

/** Writes a 64-bit unsigned integer (exact up to 2^53) as two 32-bit halves. */
function setU64(view: DataView, offset: number, value: number): void {
  view.setUint32(offset, Math.floor(value / TWO_32));
  view.setUint32(offset + 4, value >>> 0);
}

function getU64(view: DataView, offset: number): number {
  return view.getUint32(offset) * TWO_32 + view.getUint32(offset + 4);
}

/**
 * A reusable datagram of `size` bytes for one stream: the fixed fields are
 * written once, `stamp` rewrites sequence and time before each send (the
 * flood's hot path: no allocation per datagram).
 */
export class ProbeWriter {
  readonly bytes: Uint8Array;
  readonly #view: DataView;

  /** A probe of `size` bytes, written in `into` (that many bytes) when given. */
  constructor(streamId: number, size: number, end = false, into?: Uint8Array) {
    if (size < HEADER_SIZE) {
      throw new RangeError(
        `Cannot build a probe of ${size} bytes: the header alone takes ${HEADER_SIZE}`,
      );
    }
    if (into && into.byteLength !== size) {
      throw new RangeError(`Cannot build a probe of ${size} bytes in ${into.byteLength}`);
    }
    this.bytes = into ?? new Uint8Array(size);
    this.#view = new DataView(this.bytes.buffer, this.bytes.byteOffset, size);
    this.#view.setUint32(0, MAGIC);
    this.#view.setUint8(4, VERSION);
    this.#view.setUint8(5, end ? FLAG_END : 0);
    this.#view.setUint32(8, streamId >>> 0);
    this.#view.setUint32(12, size);
  }

  /** Sets the sequence number (or total, for an end marker) and the send time. */
  stamp(seq: number, sentUs: number): Uint8Array {
    setU64(this.#view, 16, seq);
    setU64(this.#view, 24, Math.round(sentUs));
    return this.bytes;
  }
}

/** Encodes one probe (tests and one-off markers; the flood reuses a ProbeWriter). */
export function encodeProbe(p: Probe): Uint8Array {
  return new ProbeWriter(p.streamId, p.size, p.end).stamp(p.seq, p.sentUs);
}

/**
 * Decodes received bytes. Returns undefined when they are not a probe: wrong
 * magic or version, or cut before the sequence number (MIN_DECODABLE).
 */
export function decodeProbe(bytes: Uint8Array): ReceivedProbe | undefined {
  if (bytes.length < MIN_DECODABLE) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== MAGIC || view.getUint8(4) !== VERSION) {
    return undefined;
  }
  const size = view.getUint32(12);
  return {
    end: (view.getUint8(5) & FLAG_END) !== 0,
    streamId: view.getUint32(8),
    size,
    seq: getU64(view, 16),
    sentUs: bytes.length >= HEADER_SIZE ? getU64(view, 24) : 0,
    truncated: bytes.length < size,
  };
}

/**
 * Whether `bytes`, too short to decode, are the start of `probe` (a probe of ours): its magic,
 * version, flags, stream id and size as far as they go, cut before its sequence number ends.
 */
export function isCutProbe(bytes: Uint8Array, probe: Uint8Array): boolean {
  if (bytes.length >= MIN_DECODABLE) return false;
  // The fields before the sequence number (offset 16) are the same in every data probe.
  const fixed = Math.min(bytes.length, 16);
  for (let i = 0; i < fixed; i++) if (bytes[i] !== probe[i]) return false;
  return true;
}

/** Now, in µs since the Unix epoch, on a monotonic base (immune to clock steps mid-run). */
export function nowUs(): number {
  return (performance.timeOrigin + performance.now()) * 1000;
}
