/**
 * A diagnosis in words, in the course's: what was sent and how it was cut,
 * what came back, what that means, and the fix, e.g. `sent "hello" and
 * "world" back to back, in one segment; the server answered once,
 * "helloworld": it treats one recv() as one message (粘包). Fix: …`. Made as
 * a sentence of framecat's catalogues (lib/i18n/check_en.ts), so the
 * terminal says it in --lang and the web page in its own language.
 */
import { escapeBytes } from "../display/escape.ts";
import { concatBytes } from "../bytes.ts";
import { readableBytes } from "../display/size.ts";
import { type Said, said } from "../i18n/say.ts";
import type { Diagnosis, Got } from "./diagnose.ts";
import { FLOOD_BYTES } from "./inbox.ts";
import { COURSE_RECV, DELAYED_READ_MS, type Way } from "./ways.ts";

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
  /** How messages are quoted (`--encoding`). */
  encoding: string;
  /** How the messages were framed. */
  sendFraming?: string;
  /**
   * How replies are read (default: as the messages are framed): raw bytes on a stream are one
   * stream of bytes, not answers.
   */
  recvFraming?: string;
  /**
   * What the check sends and wants back, recalled when a server fails the plain run too (does it
   * speak that?); none where that is no question (UDP's built-in checks).
   */
  protocol?: Said;
}

export function explain(d: Diagnosis, t: Telling): Said {
  const quote = (bytes: Uint8Array) => escapeBytes(bytes, t.encoding, QUOTED);
  const list = (items: Uint8Array[]): Said | string => {
    const shown: string[] = items.slice(0, LISTED).map(quote);
    if (items.length > LISTED) shown.push("…");
    return shown.slice(0, -1).reduceRight<Said | string>(
      (rest, first) => said("check.list", { first, rest }),
      shown.at(-1)!,
    );
  };
  const limits = { s: t.within / 1000, limit: readableBytes(FLOOD_BYTES) };
  const stream = (t.recvFraming ?? t.sendFraming) === "raw" && !t.datagram;
  const got = gotClause(d.got, quote, list, limits, stream, d.means === "truncation");
  // A datagram server waits for no more bytes of a message: its silence is its own.
  const meansKey = t.datagram && d.means === "silent" ? "silent.datagram" : d.means;
  let means: Said = said(`check_means.${meansKey}`, {
    ...limits,
    ...(d.reachedIn ? { way: said(`check_way.${d.reachedIn}`) } : {}),
    ...(d.unread ? { n: d.unread } : {}),
  });
  if (d.plainFailed) {
    const also = t.protocol
      ? said("check_means.plainFailed_protocol", { protocol: t.protocol })
      : said("check_means.plainFailed");
    means = said("check.also", { means, also });
  }
  // Nothing sent (a server that cannot be reached, a greeting that never came): no sent clause.
  if (t.sent.length === 0) return said("check.explain_unsent", { got, means });
  const sent = sentClause(t, quote, list);
  if (!d.fix) return said("check.explain", { sent, got, means });
  return said("check.explain_fix", { sent, got, means, fix: said(`check_fix.${d.fix}`) });
}

function sentClause(
  t: Telling,
  quote: (b: Uint8Array) => string,
  list: (items: Uint8Array[]) => Said | string,
): Said {
  const { sent } = t;
  const what = sent.length === 1
    ? said("check_sent.one", { a: quote(sent[0]) })
    : sent.length === 2
    ? said("check_sent.two", { a: quote(sent[0]), b: quote(sent[1]) })
    : said("check_sent.many", { n: sent.length, list: list(sent) });
  const largest = Math.max(...sent.map((m) => m.length));
  const how = {
    plain: undefined,
    stuck: said(t.datagram ? "check_how.stuck.datagram" : "check_how.stuck"),
    split: said("check_how.split"),
    delayed: said("check_how.delayed", { ms: DELAYED_READ_MS }),
    // The large way's other messages are small: only the large one is said to be.
    large: largest > COURSE_RECV
      ? said(t.datagram ? "check_how.large.datagram" : "check_how.large", { bytes: largest })
      : undefined,
  }[t.way];
  return how ? said("check.how", { what, how }) : what;
}

function gotClause(
  got: Got,
  quote: (b: Uint8Array) => string,
  list: (items: Uint8Array[]) => Said | string,
  limits: { s: number; limit: string },
  stream: boolean,
  truncated: boolean,
): Said {
  switch (got.what) {
    case "unreachable":
    case "error":
    case "malformed":
      return said(`check_got.${got.what}`, { error: got.error });
    case "flood":
    case "silent":
    case "closed":
    case "reset":
      return said(`check_got.${got.what}`, limits);
    case "wrong": {
      const vars = { got: quote(got.got), expected: got.expected };
      // Raw bytes on a stream are what the server sent back, in however many sends, not a reply.
      // Long replies can quote alike (both cut after the same first bytes): say where they part.
      if (vars.got !== vars.expected || !got.exact) {
        return said(stream ? "check_got.wrong_sent_back" : "check_got.wrong", vars);
      }
      // The byte where they part, counted from 1 as people count (its offset is one less).
      const parting = {
        ...vars,
        nth: firstDifference(got.got, got.exact) + 1,
        size: got.got.length,
      };
      return said(stream ? "check_got.wrong_sent_back_at" : "check_got.wrong_at", parting);
    }
    case "replies": {
      const { replies, then } = got;
      // Raw bytes on a stream come in reads, not answers: what came, however many reads it took.
      // A datagram cut by the server's buffer: one reply, and what matters is how short it is.
      const answered = stream
        ? said("check_got.sent_back", { a: quote(concatBytes(replies)) })
        : replies.length === 1 && truncated
        ? shortDatagram(replies[0], got.expected, quote)
        : replies.length === 1
        ? said("check_got.once", { a: quote(replies[0]) })
        : said("check_got.times", { n: replies.length, list: list(replies) });
      if (!then) return answered;
      return said("check.then", { answered, then: said(`check_then.${then}`, limits) });
    }
  }
}

/** A datagram reply cut short by the server's buffer: how long it was, and what was expected. */
function shortDatagram(
  reply: Uint8Array,
  expected: string | undefined,
  quote: (b: Uint8Array) => string,
): Said {
  const vars = { a: quote(reply), size: reply.length };
  return expected === undefined
    ? said("check_got.short_datagram", vars)
    : said("check_got.short_datagram_expected", { ...vars, expected });
}

/** The offset of the first byte where `a` and `b` differ (the shorter one's length if one is a prefix). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}
