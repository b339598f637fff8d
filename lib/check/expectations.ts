/**
 * The expectations a check makes of a reply: exactly these bytes, text that
 * matches, a JSON acknowledgement that says ok or not (the built-in
 * checks), or a reply-rule pattern (a scenario's `expect`).
 */
import { escapeBytes } from "../display/escape.ts";
import { parsePattern } from "../replies/pattern.ts";
import { acknowledgement } from "../framing/acknowledgement.ts";
import type { Expectation, WrongReply } from "./conversation.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Exactly these bytes (text is taken as UTF-8). */
export function exactly(expected: Uint8Array | string, wrong?: WrongReply): Expectation {
  const bytes = typeof expected === "string" ? encoder.encode(expected) : expected;
  return {
    shown: escapeBytes(bytes, "utf-8", 48),
    exact: bytes,
    test: (reply) => sameBytes(reply.payload, bytes),
    ...(wrong ? { wrong } : {}),
  };
}

/** Text (UTF-8) that `pattern` matches; `shown` is how it is quoted (the text expected). */
export function matching(
  pattern: RegExp,
  shown: string,
  more: Pick<Expectation, "skip" | "wrong" | "md5s"> = {},
): Expectation {
  return { shown, test: (reply) => pattern.test(decoder.decode(reply.payload)), ...more };
}

/** Text holding `text`, other replies passed over (a chat member hears everyone). */
export function hearing(text: string): Expectation {
  return {
    // Ellipses either side: somewhere in a message (the same in English and Chinese).
    shown: `…${escapeBytes(encoder.encode(text), "utf-8", 48)}…`,
    test: (reply) => decoder.decode(reply.payload).includes(text),
    skip: true,
  };
}

/**
 * A JSON acknowledgement whose `ok` is `ok`: in the reply's header, or in its
 * body when that is a JSON object (framecat's save puts it in both).
 */
export function acknowledged(ok: boolean, wrong?: WrongReply): Expectation {
  return {
    shown: `{"ok": ${ok}}`,
    test: (reply) => acknowledgement(reply)?.ok === ok,
    ...(wrong ? { wrong } : {}),
  };
}

/** A reply-rule pattern (`TEXT`, `prefix:`, `contains:`, `/re/`, `hex:01 ?? *`, `*`), checked as read. */
export function pattern(source: string): Expectation {
  const read = parsePattern(source);
  return {
    shown: read.exact ? escapeBytes(read.exact, "utf-8", 48) : source,
    ...(read.exact ? { exact: read.exact } : {}),
    test: (reply) => read.match(reply.payload) !== undefined,
  };
}
