/**
 * `raw` framing: no boundaries. Each chunk read is one message as it came.
 */
import type { Frame, FrameDecoder, FrameEncoder } from "./types.ts";

/** Writes messages as they are. */
export class RawEncoder implements FrameEncoder {
  encode(payload: Uint8Array): Uint8Array {
    return payload;
  }
}

/** Every non-empty chunk is one frame, the chunk itself. */
export class RawDecoder implements FrameDecoder {
  readonly buffered = 0;
  /** Any bytes are a raw message: it never fails. */
  readonly failure = undefined;
  #streamOffset = 0;

  /** The next chunk is the next frame. */
  get frameStart(): number {
    return this.#streamOffset;
  }

  push(chunk: Uint8Array): Frame[] {
    this.#streamOffset += chunk.length;
    return chunk.length === 0 ? [] : [{ payload: chunk }];
  }

  end(): void {
    // Nothing is ever held, so no frame can be cut short.
  }
}

/** A datagram is one message. */
export function decodeRawDatagram(bytes: Uint8Array): Frame {
  return { payload: bytes };
}
