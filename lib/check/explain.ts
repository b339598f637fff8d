/**
 * A diagnosis in words, in the course's: what was sent and how it was cut,
 * what came back, what that means, and the fix, e.g. `sent "hello" and
 * "world" back to back, in one segment; the server answered once,
 * "helloworld": it treats one recv() as one message (粘包). Fix: …`.
 */
import { escapeBytes } from "../display/escape.ts";
import { readableBytes } from "../display/size.ts";
import type { Lang } from "../options/types.ts";
import type { Diagnosis, Got } from "./diagnose.ts";
import { type MessageKey, type Say, sayer } from "./i18n.ts";
import { COURSE_RECV, DELAYED_READ_MS, type Way } from "./ways.ts";
import { FLOOD_BYTES } from "./inbox.ts";

/** Bytes of each message quoted; the rest is counted. */
const QUOTED = 48;
/** Messages listed; the others are counted. */
const LISTED = 4;

export interface Telling {
  way: Way;
  datagram: boolean;
  sent: Uint8Array[];
  /** The time limit that ran out, ms. */
  within: number;
  lang: Lang;
  encoding: string;
}

export function explain(d: Diagnosis, t: Telling): string {
  const say = sayer(t.lang);
  const quote = (bytes: Uint8Array) => escapeBytes(bytes, t.encoding, QUOTED);
  const list = (items: Uint8Array[]) => {
    const shown = items.slice(0, LISTED).map(quote);
    if (items.length > LISTED) shown.push("…");
    return shown.join(t.lang === "zh" ? "、" : ", ");
  };
  const vars = { s: t.within / 1000, limit: readableBytes(FLOOD_BYTES) };
  const zh = t.lang === "zh";
  const got = gotClause(say, d.got, quote, list, vars);
  let means = say(`means.${d.means}` as MessageKey, vars);
  if (d.plainFailed) means += (zh ? "；" : "; ") + say("means.plainFailed");
  // Nothing sent (a server that cannot be reached, or a greeting that never came): no sent clause.
  const sentence = t.sent.length === 0
    ? `${got}${zh ? "；" : "; "}${means}`
    : `${sentClause(say, t, quote, list)}${zh ? "；" : "; "}${got}${zh ? "：" : ": "}${means}`;
  const ended = /[?？]$/.test(sentence) ? sentence : sentence + (zh ? "。" : ".");
  if (!d.fix) return ended;
  return ended + (zh ? "" : " ") + say(`fix.${d.fix}` as MessageKey);
}

function sentClause(
  say: Say,
  t: Telling,
  quote: (b: Uint8Array) => string,
  list: (items: Uint8Array[]) => string,
): string {
  const { sent } = t;
  const what = sent.length === 1
    ? say("sent.one", { a: quote(sent[0]) })
    : sent.length === 2
    ? say("sent.two", { a: quote(sent[0]), b: quote(sent[1]) })
    : say("sent.many", { n: sent.length, list: list(sent) });
  const largest = Math.max(...sent.map((m) => m.length));
  switch (t.way) {
    case "plain":
      return what;
    case "stuck":
      return what + say(t.datagram ? "how.stuck.datagram" : "how.stuck");
    case "split":
      return what + say("how.split");
    case "delayed":
      return what + say("how.delayed", { ms: DELAYED_READ_MS });
    case "large":
      // The large way's other messages are small: only the large one is said to be.
      return largest > COURSE_RECV ? what + say("how.large", { bytes: largest }) : what;
  }
}

function gotClause(
  say: Say,
  got: Got,
  quote: (b: Uint8Array) => string,
  list: (items: Uint8Array[]) => string,
  vars: { s: number; limit: string },
): string {
  switch (got.what) {
    case "unreachable":
    case "error":
    case "malformed":
      return say(`got.${got.what}`, { error: got.error });
    case "flood":
      return say("got.flood", vars);
    case "silent":
    case "closed":
    case "reset":
      return say(`got.${got.what}`, vars);
    case "wrong":
      return say("got.wrong", { got: quote(got.got), expected: got.expected });
    case "replies": {
      const { replies, then } = got;
      const answered = replies.length === 1
        ? say("got.once", { a: quote(replies[0]) })
        : say("got.times", { n: replies.length, list: list(replies) });
      return then ? answered + say(`got.then.${then}`, vars) : answered;
    }
  }
}
