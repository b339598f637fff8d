/**
 * Framing codecs: pure and incremental, bytes in, frames out, no sockets.
 *
 * ```ts
 * const decoder = createDecoder("len", { prefix: "u32le" });
 * const [frames, failure] = decodeChunk(decoder, chunk);
 * for (const frame of frames) show(frame.payload);
 * if (failure) report(failure); // bad bytes after them: the decoder is done
 * ```
 */
import { decodeJsonDatagram, JsonDecoder, JsonEncoder } from "./json.ts";
import { decodeLenDatagram, LenDecoder, LenEncoder } from "./len.ts";
import { decodeLineDatagram, LineDecoder, LineEncoder } from "./line.ts";
import { decodeRawDatagram, RawDecoder, RawEncoder } from "./raw.ts";
import {
  type CodecOptions,
  type Frame,
  type FrameDecoder,
  type FrameEncoder,
  type Framing,
  FRAMINGS,
} from "./types.ts";

export * from "./types.ts";
export { FrameError } from "./frame_error.ts";
export { decodeChunk, type FailingDecoder } from "./failure.ts";
export {
  announcedMd5,
  encodeJsonHeader,
  headerAsWritten,
  JsonStreamDecoder,
  type JsonStreamOptions,
} from "./json.ts";
export {
  decodeVarint,
  encodePrefix,
  encodeVarint,
  MAX_PREFIX_BYTES,
  prefixCapacity,
  prefixWidth,
} from "./prefix.ts";

interface Codec {
  decoder(options?: CodecOptions): FrameDecoder;
  encoder(options?: CodecOptions): FrameEncoder;
  datagram(bytes: Uint8Array, options?: CodecOptions): Frame;
}

const CODECS: Readonly<Record<Framing, Codec>> = {
  raw: {
    decoder: () => new RawDecoder(),
    encoder: () => new RawEncoder(),
    datagram: decodeRawDatagram,
  },
  line: {
    decoder: (options) => new LineDecoder(options),
    encoder: (options) => new LineEncoder(options),
    datagram: decodeLineDatagram,
  },
  len: {
    decoder: (options) => new LenDecoder(options),
    encoder: (options) => new LenEncoder(options),
    datagram: decodeLenDatagram,
  },
  json: {
    decoder: (options) => new JsonDecoder(options),
    encoder: (options) => new JsonEncoder(options),
    datagram: decodeJsonDatagram,
  },
};

function codec(framing: Framing): Codec {
  if (!FRAMINGS.includes(framing)) {
    throw new RangeError(`Cannot use --framing ${framing}: expected one of ${FRAMINGS.join(", ")}`);
  }
  return CODECS[framing];
}

/**
 * A decoder for a stream (TCP, unix socket, a pipe).
 * @throws {RangeError} for an unknown framing, a bad option, or json with `--prefix varint`
 */
export function createDecoder(framing: Framing, options?: CodecOptions): FrameDecoder {
  return codec(framing).decoder(options);
}

/**
 * An encoder for either a stream or datagrams.
 * @throws {RangeError} for an unknown framing, a bad option, or json with `--prefix varint`
 */
export function createEncoder(framing: Framing, options?: CodecOptions): FrameEncoder {
  return codec(framing).encoder(options);
}

/**
 * The one frame a datagram holds (UDP keeps boundaries, so a datagram is
 * exactly one frame; its payload is a view of `bytes`). Stateless: a datagram
 * is its frame or an error, never both, so it simply throws.
 * @throws {FrameError} when the datagram is truncated ("truncated"), longer than its
 *   prefix says ("malformed: N extra bytes"), or otherwise bad
 */
export function decodeDatagram(
  framing: Framing,
  bytes: Uint8Array,
  options?: CodecOptions,
): Frame {
  return codec(framing).datagram(bytes, options);
}
