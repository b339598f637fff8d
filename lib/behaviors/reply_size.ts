/** Every reply a server builds is at most --max-frame (PRODUCT.md, "Bad input and hard times"). */

/**
 * Returns `reply` when it fits in `maxFrame` bytes.
 * @throws {RangeError} when it does not: that message gets an error event, not a reply
 */
export function withinMaxFrame(reply: Uint8Array, maxFrame: number, what: string): Uint8Array {
  if (reply.length <= maxFrame) return reply;
  throw new RangeError(
    `Cannot reply: the ${what} reply is ${reply.length} bytes, over --max-frame (${maxFrame} bytes)`,
  );
}
