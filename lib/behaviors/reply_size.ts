/** Every reply a server builds is at most --max-frame (PRODUCT.md, "Bad input and hard times"). */
import { SaidRangeError } from "../errors.ts";
import { said } from "../i18n/say.ts";

/**
 * Returns `reply` when it fits in `maxFrame` bytes.
 * @throws {RangeError} when it does not: that message gets an error event, not a reply
 */
export function withinMaxFrame(
  reply: Uint8Array,
  maxFrame: number,
  what: "time" | "upper",
): Uint8Array {
  if (reply.length <= maxFrame) return reply;
  throw new SaidRangeError(
    said("reply.too_large", {
      behavior: said(`behavior.${what}`),
      size: reply.length,
      max: maxFrame,
    }),
  );
}
