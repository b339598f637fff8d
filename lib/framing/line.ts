/**
 * `line` framing: messages end with `\n`; a trailing `\r` is dropped on receive.
 */
import { DecoderFailure } from "./failure.ts";
import { FrameError } from "./frame_error.ts";
import { said } from "../i18n/say.ts";
import { resolveCodecOptions } from "./prefix.ts";
import type { CodecOptions, Frame, FrameDecoder, FrameEncoder } from "./types.ts";

const LF = 0x0a;
const CR = 0x0d;
/** First size of the buffer holding an unfinished line. */
const MIN_CAPACITY = 256;

/** Appends `\n` (`\r\n` with `crlf`). A message holding `\n` reads back as several lines. */
export class LineEncoder implements FrameEncoder {
  readonly #ending: Uint8Array;

  constructor(options?: CodecOptions) {
    this.#ending = options?.crlf ? Uint8Array.of(CR, LF) : Uint8Array.of(LF);
  }

  encode(payload: Uint8Array): Uint8Array {
    const out = new Uint8Array(payload.length + this.#ending.length);
    out.set(payload);
    out.set(this.#ending, payload.length);
    return out;
  }
}

/**
 * Incremental `line` decoder. A line inside one chunk comes out as a view of
 * it; a line cut by chunk ends is copied into a buffer that grows by doubling,
 * and comes out as a view of that.
 */
export class LineDecoder implements FrameDecoder {
  readonly #maxFrame: number;
  /** The start of an unfinished line, copied; grows by doubling (bounded: maxFrame + 1 bytes). */
  #pending: Uint8Array | undefined;
  #pendingLength = 0;
  /** Stream offset of the line in progress. */
  #lineStart = 0;
  /** Stream offset of the next chunk. */
  #streamOffset = 0;
  readonly #failure = new DecoderFailure();

  constructor(options?: CodecOptions) {
    this.#maxFrame = resolveCodecOptions(options).maxFrame;
  }

  get buffered(): number {
    return this.#pendingLength;
  }

  get failure(): FrameError | undefined {
    return this.#failure.error;
  }

  get frameStart(): number {
    return this.#lineStart;
  }

  push(chunk: Uint8Array): Frame[] {
    this.#failure.check();
    const frames: Frame[] = [];
    const n = chunk.length;
    let at = 0;
    try {
      // A plain loop: faster than indexOf on the short reads of interactive use.
      for (let lf = 0; lf < n; lf++) {
        if (chunk[lf] !== LF) continue;
        frames.push({ payload: this.#line(chunk, at, lf) });
        at = lf + 1;
        this.#lineStart = this.#streamOffset + at;
      }
      if (at < n) this.#hold(chunk, at, n);
    } catch (error) {
      return this.#failure.keep(error, frames);
    }
    this.#streamOffset += n;
    return frames;
  }

  end(): void {
    this.#failure.check();
    if (this.#pendingLength > 0) {
      throw new FrameError(
        said("subject.line"),
        this.#lineStart,
        said("reason.line_unended", { got: this.#pendingLength }),
      );
    }
  }

  /** The line held so far plus `chunk[from, lf)`, without its `\r`. */
  #line(chunk: Uint8Array, from: number, lf: number): Uint8Array {
    const total = this.#pendingLength + lf - from;
    const last = lf > from ? chunk[lf - 1] : this.#pending?.[this.#pendingLength - 1];
    const length = last === CR ? total - 1 : total;
    if (length > this.#maxFrame) throw this.#tooLong("reason.line_too_long", length);
    if (this.#pendingLength === 0) return chunk.subarray(from, from + length);
    this.#hold(chunk, from, lf);
    const line = this.#pending!.subarray(0, length);
    this.#pending = undefined;
    this.#pendingLength = 0;
    return line;
  }

  /** Copies `chunk[from, to)` after the held bytes. */
  #hold(chunk: Uint8Array, from: number, to: number): void {
    const total = this.#pendingLength + to - from;
    // Bound: a line of maxFrame bytes plus its `\r`.
    if (total > this.#maxFrame + 1) {
      throw this.#tooLong("reason.line_no_newline", total);
    }
    const held = this.#pending;
    if (held === undefined || total > held.length) {
      const capacity = Math.max(total, 2 * (held?.length ?? 0), MIN_CAPACITY);
      this.#pending = new Uint8Array(Math.min(capacity, this.#maxFrame + 1));
      if (held !== undefined) this.#pending.set(held.subarray(0, this.#pendingLength));
    }
    this.#pending!.set(chunk.subarray(from, to), this.#pendingLength);
    this.#pendingLength = total;
  }

  /** `got` bytes of one line are more than --max-frame: said as `why`. */
  #tooLong(why: "reason.line_too_long" | "reason.line_no_newline", got: number): FrameError {
    return new FrameError(
      said("subject.line"),
      this.#lineStart,
      said(why, { got, max: this.#maxFrame }),
    );
  }
}

/** The one line a datagram holds, without its `\n` or `\r\n` (both optional). */
export function decodeLineDatagram(bytes: Uint8Array, options?: CodecOptions): Frame {
  const { maxFrame } = resolveCodecOptions(options);
  let length = bytes.length;
  if (bytes[length - 1] === LF) length--;
  if (bytes[length - 1] === CR) length--;
  if (length > maxFrame) {
    throw new FrameError(
      said("subject.datagram"),
      0,
      said("reason.datagram_line", { got: length, max: maxFrame }),
    );
  }
  return { payload: bytes.subarray(0, length) };
}
