/** The simplest servers: echo, upper, discard. */
import type { Behavior, BehaviorContext } from "./types.ts";
import { decodeText } from "../display/escape.ts";
import { encodeGiven } from "../notation/text_encoding.ts";
import { concatBytes } from "../bytes.ts";
import { UsageError } from "../errors.ts";
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
        : upperText(frame.payload, text, encoding);
      return ctx.replies.send(peer, withinMaxFrame(reply, ctx.options.maxFrame, "upper"));
    },
  };
}

/**
 * `text` (the message's bytes read in `encoding`) upper-cased. A character the encoding reads but
 * cannot write (gb18030's four-byte ones under gbk) goes back as it came, never as `?`.
 */
function upperText(bytes: Uint8Array, text: string, encoding: string): Uint8Array {
  const whole = text.toUpperCase();
  try {
    return encodeGiven(whole, encoding);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
  }
  // Character by character, each with the bytes it came in: a decoder fed one byte at a time
  // gives a character once its last byte is in.
  const decoder = new TextDecoder(encoding);
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    const ch = decoder.decode(bytes.subarray(i, i + 1), { stream: true });
    if (ch === "") continue;
    const came = bytes.subarray(start, i + 1);
    start = i + 1;
    const upper = ch.toUpperCase();
    if (upper === ch) out.push(came);
    else {
      try {
        out.push(encodeGiven(upper, encoding));
      } catch {
        out.push(came);
      }
    }
  }
  return concatBytes(out);
}

function asciiUpper(bytes: Uint8Array): Uint8Array {
  return bytes.map((b) => (b >= 0x61 && b <= 0x7a ? b - 32 : b));
}

/** Count and show, reply nothing (the frame events already show it). */
export function discard(): Behavior {
  return {};
}
