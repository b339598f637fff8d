/**
 * How a decoder fails without losing what it decoded (as std's `DelimiterStream`
 * enqueues the chunks it completed, then errors the stream): a `push` whose
 * chunk completes frames and then meets bad bytes returns those frames, and
 * the decoder is failed from then on.
 */
import { FrameError } from "./frame_error.ts";

/** What every incremental decoder shares: `push` returns what a chunk completed; it may fail. */
export interface FailingDecoder<T> {
  push(chunk: Uint8Array): T[];
  /** Set once bad bytes were met; `push` and `end` then throw it. */
  readonly failure: FrameError | undefined;
}

/**
 * A decoder's failed state. Its `push` calls {@linkcode check} first, and
 * hands what it completed to {@linkcode keep} when it meets bad bytes.
 */
export class DecoderFailure {
  #error: FrameError | undefined;

  /** The error that failed the decoder, once it has. */
  get error(): FrameError | undefined {
    return this.#error;
  }

  /** Throws the kept error: a failed decoder takes no more bytes. */
  check(): void {
    if (this.#error !== undefined) throw this.#error;
  }

  /**
   * Fails the decoder with `error` (anything but a FrameError is a bug, rethrown as is).
   * Returns `completed`, the frames before the bad bytes; throws at once when there are none.
   */
  keep<T>(error: unknown, completed: T[]): T[] {
    if (!(error instanceof FrameError)) throw error;
    this.#error = error;
    if (completed.length === 0) throw error;
    return completed;
  }
}

/**
 * Decodes one chunk for a caller that handles what it completed first, then the
 * failure: `[frames, failure]`, where `failure` is set when bad bytes followed
 * the frames (or came first: then `frames` is empty).
 */
export function decodeChunk<T>(
  decoder: FailingDecoder<T>,
  chunk: Uint8Array,
): [completed: T[], failure: FrameError | undefined] {
  try {
    return [decoder.push(chunk), decoder.failure];
  } catch (error) {
    if (!(error instanceof FrameError)) throw error;
    return [[], error];
  }
}
