/**
 * Which read carried the first byte of a frame. The decoder says where the
 * next frame begins in the stream (`FrameDecoder.frameStart`); reads are
 * numbered in order and frames complete in order, so remembering where the
 * last two reads began is enough (bounded: three numbers per connection).
 */
export class FirstReads {
  /** Stream offset where the previous read began, and where the next one begins. */
  #previousStart = 0;
  #nextStart = 0;
  /** The read that carried the first byte of the next frame to complete. */
  #carrier = 0;

  /**
   * Called for read number `read` of `size` bytes before it is decoded, with
   * the decoder's `frameStart`: returns the read the first frame it completes
   * began in. Any later frame it completes began in `read` itself.
   */
  next(read: number, size: number, frameStart: number): number {
    if (frameStart >= this.#nextStart) this.#carrier = read;
    // A frame completed in the previous read, and the next one began after it, in that read.
    else if (frameStart >= this.#previousStart) this.#carrier = read - 1;
    // Otherwise it is the frame that was in progress before the previous read too.
    this.#previousStart = this.#nextStart;
    this.#nextStart += size;
    return this.#carrier;
  }
}
