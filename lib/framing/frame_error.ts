/**
 * The one error every decoder throws on bad bytes: what could not be decoded,
 * why, where in the stream, and a hint when one is likely. Immutable: what a
 * decoder completed before the bad bytes is returned by its `push`, not
 * carried here (see failure.ts).
 */
export class FrameError extends Error {
  override readonly name = "FrameError";
  /** Stream offset, in bytes from the start of the stream (or datagram), where the problem is. */
  readonly offset: number;
  /** What the user may try, e.g. `read as u32le it is 5, try --prefix u32le`; also ends the message. */
  readonly hint?: string;
  /** What could not be decoded, e.g. `the JSON header`. */
  readonly subject: string;
  /** Why, without where: e.g. `end of stream in the body: got 4 of 10 bytes`. */
  readonly reason: string;

  /**
   * @param subject what could not be decoded, e.g. `the frame`, `the JSON header`
   * @param offset where it starts in the stream
   * @param reason why, e.g. `length 83886080 exceeds --max-frame (16777216 bytes)`
   * @param hint what to try, appended to the message after a semicolon
   */
  constructor(subject: string, offset: number, reason: string, hint?: string) {
    super(`Cannot decode ${subject} at offset ${offset}: ${reason}${hint ? `; ${hint}` : ""}`);
    this.offset = offset;
    this.subject = subject;
    this.reason = reason;
    if (hint !== undefined) this.hint = hint;
  }
}

/**
 * A datagram whose announced size disagrees with what it holds (over UDP a
 * datagram is exactly one frame): "truncated" when shorter, "malformed" when longer.
 *
 * @param announcer what announced the size, e.g. `the length prefix`, `total_size`
 * @param offset where the announced bytes start in the datagram
 */
export function datagramSizeError(
  announcer: string,
  announced: number,
  held: number,
  offset: number,
  hint?: string,
): FrameError {
  const size = byteCount(announced);
  const extra = byteCount(held - announced, "extra ");
  const reason = held < announced
    ? `truncated: ${announcer} announces ${size} but only ${held} follow`
    : `malformed: ${extra} after the ${size} ${announcer} announces`;
  return new FrameError("the datagram", offset, reason, hint);
}

/** The stream ended inside a frame: `got 3 of 10 bytes` of its `part`. */
export function endOfStreamError(
  offset: number,
  part: string,
  got: number,
  expected: number,
): FrameError {
  return new FrameError(
    "the frame",
    offset,
    `end of stream in the ${part}: got ${got} of ${expected} bytes`,
  );
}

/** `1 byte`, `2 bytes`, `2 extra bytes`. */
export function byteCount(count: number, adjective = ""): string {
  return `${count} ${adjective}byte${count === 1 ? "" : "s"}`;
}
