/**
 * time: each message is a strftime pattern (Python's, C locale); the reply is
 * the server's local time formatted by it. An empty message means
 * `%Y-%m-%d %X`, as the course's time server does.
 */
import { encodeText } from "../notation/text_encoding.ts";
import { withinMaxFrame } from "./reply_size.ts";
import { formatTime } from "../notation/time_format.ts";
import type { Behavior, BehaviorContext } from "./types.ts";

export function time(ctx: BehaviorContext): Behavior {
  const encoding = ctx.options.encoding;
  const decoder = new TextDecoder(encoding);
  return {
    message(peer, frame) {
      const pattern = decoder.decode(frame.payload);
      const { maxFrame } = ctx.options;
      const reply = encodeText(formatTime(pattern, ctx.now(), maxFrame), encoding);
      return ctx.replies.send(peer, withinMaxFrame(reply, maxFrame, "time"));
    },
  };
}
