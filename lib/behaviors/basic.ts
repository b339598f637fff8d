/** The simplest servers: echo, upper, discard. */
import type { Behavior, BehaviorContext } from "./types.ts";
import { decodeText } from "../display/escape.ts";
import { encodeText } from "../notation/text_encoding.ts";
import { withinMaxFrame } from "./reply_size.ts";

/** Each message back unchanged (a json header's own fields too). */
export function echo(ctx: BehaviorContext): Behavior {
  return { message: (peer, frame) => ctx.replies.send(peer, frame.payload, frame.header) };
}

/** Each message back upper-cased (as text in --encoding; bytes that are not text unchanged). */
export function upper(ctx: BehaviorContext): Behavior {
  const encoding = ctx.options.encoding;
  return {
    message(peer, frame) {
      const text = decodeText(frame.payload, encoding);
      // Upper case can grow text (ß is SS): at most three times the message, then checked.
      const reply = text === undefined
        ? asciiUpper(frame.payload)
        : encodeText(text.toUpperCase(), encoding);
      return ctx.replies.send(peer, withinMaxFrame(reply, ctx.options.maxFrame, "upper"));
    },
  };
}

function asciiUpper(bytes: Uint8Array): Uint8Array {
  return bytes.map((b) => (b >= 0x61 && b <= 0x7a ? b - 32 : b));
}

/** Count and show, reply nothing (the frame events already show it). */
export function discard(): Behavior {
  return {};
}
