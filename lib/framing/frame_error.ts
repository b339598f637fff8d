/**
 * The one error every decoder throws on bad bytes: what could not be decoded,
 * why, where in the stream, and a hint when one is likely. Each part is a
 * sentence of framecat's catalogues (lib/i18n/), so the error reads in any
 * language (`said`); its message is the English one. Immutable: what a
 * decoder completed before the bad bytes is returned by its `push`, not
 * carried here (see failure.ts).
 */
import { said, sayEn } from "../i18n/say.ts";
import type { Said } from "../events/types.ts";

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
  /** The whole message as a sentence, for any language. */
  readonly said: Said;
  /** Its parts as sentences, to make another error from (save's own hint). */
  readonly parts: { subject: Said; reason: Said; hint?: Said };

  /**
   * @param subject what could not be decoded, e.g. `subject.frame`, `subject.header`
   * @param offset where it starts in the stream
   * @param reason why, e.g. `reason.too_long`
   * @param hint what to try, appended to the message after a semicolon
   */
  constructor(subject: Said, offset: number, reason: Said, hint?: Said) {
    const whole = hint
      ? said("frame.error_hint", { subject, offset, reason, hint })
      : said("frame.error", { subject, offset, reason });
    super(sayEn(whole));
    this.offset = offset;
    this.subject = sayEn(subject);
    this.reason = sayEn(reason);
    if (hint !== undefined) this.hint = sayEn(hint);
    this.said = whole;
    this.parts = hint ? { subject, reason, hint } : { subject, reason };
  }
}

/**
 * A datagram whose announced size disagrees with what it holds (over UDP a
 * datagram is exactly one frame): "truncated" when shorter, "malformed" when longer.
 *
 * @param announcer what announced the size: `announcer.prefix` or `announcer.total_size`
 * @param offset where the announced bytes start in the datagram
 */
export function datagramSizeError(
  announcer: "announcer.prefix" | "announcer.total_size",
  announced: number,
  held: number,
  offset: number,
  hint?: Said,
): FrameError {
  const reason = held < announced
    ? said("reason.datagram_short", { announcer: said(announcer), size: announced, held })
    : said("reason.datagram_long", {
      announcer: said(announcer),
      size: announced,
      extra: held - announced,
    });
  return new FrameError(said("subject.datagram"), offset, reason, hint);
}

/** The stream ended inside a frame: `got 3 of 10 bytes` of its `part`. */
export function endOfStreamError(
  offset: number,
  part: "part.prefix" | "part.header" | "part.body",
  got: number,
  expected: number,
  hint?: Said,
): FrameError {
  return new FrameError(
    said("subject.frame"),
    offset,
    said("reason.end_of_stream", { part: said(part), got, expected }),
    hint,
  );
}
