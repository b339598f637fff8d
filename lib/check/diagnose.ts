/**
 * Why a case failed, from what happened: what the exchange sent and how
 * the way cut it, what came back, and what that says about the server.
 * A way that fails where the plain run passed fails because of how the
 * bytes were cut: that is the lesson the explanation names (粘包, 拆包, a
 * datagram cut by recvfrom). So does one that fails otherwise than the
 * plain run did: at a step the plain run got past, or with a close, a
 * reset or silence where the plain run got a whole (wrong) reply. Only a
 * way that fails as the plain run did is "not about how the bytes were
 * cut". A framed reply comes whole whatever the cut, so a wrong one is
 * blamed on the cutting only when the exchange's replies show it;
 * otherwise it is a reply of another value (a counter, a time).
 * Language-free: explain.ts puts it in words.
 */
import { Buffer } from "node:buffer";
import { concatBytes } from "../bytes.ts";
import type { CheckFailure } from "../events/types.ts";
import type { Framing } from "../framing/types.ts";
import type { Said } from "../i18n/say.ts";
import type { Expectation, WrongReply } from "./conversation.ts";
import type { Ending } from "./inbox.ts";
import type { Way } from "./ways.ts";

/** What a failed case shows, as the `check` event's `failure` names it. */
export type FailureKind = CheckFailure;

/** What happened in the exchange that failed. */
export interface Facts {
  way: Way;
  datagram: boolean;
  sendFraming: Framing;
  /** How replies are read (default: as the messages are framed). */
  recvFraming?: Framing;
  /** Whether the plain run of the same conversation passed (true for the plain run itself). */
  plainPassed: boolean;
  /** How the plain run failed, when it did. */
  plainFailure?: HowFailed;
  /** Which of the conversation's expectations failed, counted from 0 (none: not reached). */
  at?: number;
  /** The last way before this one whose case reached the target, if one did. */
  reachedIn?: Way;
  /** The server closed or reset the connection before anything was written to it. */
  endedUnwritten?: boolean;
  /** The exchange's messages, as sent. */
  sent: Uint8Array[];
  /** What came back in the exchange, the reply that failed included. */
  replies: Uint8Array[];
  /** The expectation that failed (none when the target could not be reached). */
  expect?: Expectation;
  /** A reply that came and was not the one expected. */
  wrong?: Uint8Array;
  /** What ended the wait, when no wrong reply did. */
  ending?: Ending | "timeout";
  /** The expectation's time limit, ms (the one that ran out while the rest were awaited). */
  within: number;
  /** After a wrong reply that came whole (a frame on a stream): the rest of the exchange. */
  rest?: Rest;
  /** Silence: the bytes the server had still not read when the wait ran out (the kernel's). */
  unread?: number;
}

/**
 * What came after a wrong framed reply while the check waited for the
 * replies its client still expected in the exchange, each within its limit,
 * then, where the way cuts messages in pieces, for pieces that come unasked.
 */
export interface Rest {
  /** The replies that came, in order. */
  replies: Uint8Array[];
  /** How many of them the expectations still ahead took; the others came unasked. */
  taken: number;
  /** What ended the wait before every expectation ahead had a reply (none: each had one). */
  ending?: Ending | "timeout";
}

/** What the server did where a case failed: the plain run's is set beside each other way's. */
export type Symptom = "answered" | "silent" | "ended" | "malformed" | "other";

/** Where a case failed and what the server did there. */
export interface HowFailed {
  /** The expectation that failed, counted from 0 (none: the target was not reached). */
  at?: number;
  did: Symptom;
}

/** Where the case of `f` failed and what the server did there. */
export function howFailed(f: Facts): HowFailed {
  return { ...(f.at === undefined ? {} : { at: f.at }), did: symptomOf(f) };
}

function symptomOf(f: Facts): Symptom {
  if (f.wrong) return "answered";
  const e = f.ending;
  if (e === undefined || e === "timeout") return "silent";
  if (e.why === "eof" || e.why === "reset") return "ended";
  return e.why === "malformed" ? "malformed" : "other";
}

/**
 * Whether the plain run failed where this case did, so that what it showed there says nothing of
 * the cut: not when the plain run passed, nor when it got past this case's step and failed later.
 */
export function plainFailedHere(
  plainPassed: boolean,
  plain: HowFailed | undefined,
  at: number | undefined,
): boolean {
  if (plainPassed) return false;
  return !(plain?.at !== undefined && at !== undefined && at < plain.at);
}

/** What came back, as the explanation tells it. */
export type Got =
  | { what: "unreachable" | "error" | "malformed"; error: string | Said }
  | { what: "flood" | "silent" | "closed" | "reset" }
  | { what: "wrong"; got: Uint8Array; expected: string; exact?: Uint8Array }
  | {
    what: "replies";
    replies: Uint8Array[];
    then?: "silent" | "closed" | "reset";
    /** The reply expected, as shown (a cut datagram is told against it). */
    expected?: string;
  };

export type MeansKey =
  | "sticking"
  | "splitting"
  | "large"
  | "truncation"
  | "piled"
  | "stderr_md5"
  | "not_reading"
  | WrongReply
  | "silent"
  | "closed"
  | "reset"
  | "malformed"
  | "wrong"
  | "flood"
  | "unreachable"
  | "gone"
  | "queue_full"
  | "unanswered"
  | "ended_first"
  | "error";

export type FixKey = Framing | "datagram" | WrongReply | "not_reading";

export interface Diagnosis {
  kind: FailureKind;
  got: Got;
  means: MeansKey;
  fix?: FixKey;
  /**
   * The plain run failed at this step too, and this way's failure is none of the cut's: not
   * about how the bytes were cut.
   */
  plainFailed?: boolean;
  /** gone: the last way whose case reached the target. */
  reachedIn?: Way;
  /** not_reading: the bytes it had not read. */
  unread?: number;
}

/** Ways that cut the bytes differently from the plain run: a failure there is about the cutting. */
const CUTTING: ReadonlySet<Way> = new Set(["stuck", "split", "large"]);

/** Ways that cut a message in pieces: a reply can come cut, or in pieces. */
export const SPLITTING: ReadonlySet<Way> = new Set(["split", "large"]);

export function diagnose(f: Facts): Diagnosis {
  const got = gotOf(f);
  // Not reached after an earlier case got in. Refused: the server stopped since (a student's
  // crashed). No answer at all: the kernel queued the earlier connections and its listen()
  // backlog is full, so the server is not calling accept() (stuck, paused, or never does).
  const noAnswer = got.what === "unreachable" && typeof got.error !== "string" &&
    got.error.key === "check_got.no_connect";
  if (got.what === "unreachable" && f.reachedIn) {
    return { kind: got.what, got, means: noAnswer ? "queue_full" : "gone", reachedIn: f.reachedIn };
  }
  if (noAnswer) return { kind: "unreachable", got, means: "unanswered" };
  if (got.what === "unreachable" || got.what === "flood" || got.what === "error") {
    return { kind: got.what, got, means: got.what };
  }
  // Silent over bytes it has not read: not about how they were cut, since it reads none of them
  // (the student's loop that spins on recv()'s b'' and never comes back to accept()).
  if (got.what === "silent" && f.unread) {
    return { kind: "silent", got, means: "not_reading", fix: "not_reading", unread: f.unread };
  }
  // Gone before any byte reached it: whatever the way did to the bytes, the server never saw it.
  if (f.endedUnwritten && (got.what === "closed" || got.what === "reset")) {
    return { kind: got.what, got, means: "ended_first" };
  }
  if (f.wrong && f.expect?.wrong) {
    return { kind: f.expect.wrong, got, means: f.expect.wrong, fix: f.expect.wrong };
  }
  // The same mistake where the md5 covers all it sends: its body, cut at total_size, fails it
  // (the header announces the md5 of the whole output: not an md5 of the wrong bytes).
  const md5 = got.what === "malformed" && typeof got.error !== "string"
    ? found(got.error, "reason.md5")
    : undefined;
  if (md5 && f.expect?.md5s?.includes(String(md5.vars?.announced))) {
    return { kind: "stderr", got, means: "stderr_md5", fix: "stderr" };
  }
  const fix: FixKey = f.datagram ? "datagram" : f.sendFraming;
  const byWay = blamesWay(f) ? causeOfWay(f, got, fix) : undefined;
  if (byWay) return byWay;
  const kind = got.what === "replies" ? "wrong" : got.what;
  const plainFailed = plainFailedHere(f.plainPassed, f.plainFailure, f.at);
  return { kind, got, means: kind, ...(plainFailed ? { plainFailed } : {}) };
}

/** The failure a way caused, when it is the way's (blamesWay). */
function causeOfWay(f: Facts, got: Got, fix: FixKey): Diagnosis | undefined {
  switch (f.way) {
    case "stuck":
      // Datagrams sent back to back stay apart: nothing stuck, so no lesson to draw.
      if (f.datagram || f.sent.length < 2) return undefined;
      return { kind: "sticking", got, means: "sticking", fix };
    case "split":
      return { kind: "splitting", got, means: "splitting", fix };
    case "large":
      return f.datagram
        ? { kind: "truncation", got, means: "truncation", fix }
        : { kind: "splitting", got, means: "large", fix };
    case "delayed":
      // Replies that came but were wrong ran together; silence read late is still silence.
      if (got.what !== "wrong" && got.what !== "replies") return undefined;
      return { kind: "piled", got, means: "piled", fix };
  }
  return undefined;
}

/** `s`, or the sentence within it, of `key`; undefined when there is none. */
function found(s: Said, key: string): Said | undefined {
  if (s.key === key) return s;
  for (const v of Object.values(s.vars ?? {})) {
    const inner = typeof v === "object" ? found(v, key) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

function gotOf(f: Facts): Got {
  const e = f.ending;
  if (e && e !== "timeout") {
    if (e.why === "unreachable" || e.why === "error" || e.why === "malformed") {
      return { what: e.why, error: e.error ?? "" };
    }
    if (e.why === "flood") return { what: "flood" };
  }
  // A way that cuts the bytes is explained by everything that came back; otherwise the one reply.
  const cutting = CUTTING.has(f.way) && blamesWay(f);
  if (f.wrong && !cutting) {
    const { shown, exact } = f.expect!;
    return { what: "wrong", got: f.wrong, expected: shown, ...(exact ? { exact } : {}) };
  }
  const replies = [...f.replies, ...(f.rest?.replies ?? [])];
  const then = thenOf(f.rest ? f.rest.ending : e);
  if (replies.length === 0) return { what: then ?? "silent" };
  const expected = f.expect?.shown;
  return { what: "replies", replies, ...(then ? { then } : {}), ...(expected ? { expected } : {}) };
}

/** What the server did after its replies, as an explanation tells it (a frame error is not told). */
function thenOf(e: Ending | "timeout" | undefined): "silent" | "closed" | "reset" | undefined {
  if (e === "timeout") return "silent";
  if (e?.why === "eof") return "closed";
  return e?.why === "reset" ? "reset" : undefined;
}

/**
 * Whether the way, not the server's answer, is to blame: it failed otherwise
 * than the plain run, and what came shows the cut. Where the plain run
 * passed (or got past this step), silence, a close, raw bytes (no frame to
 * call whole) and datagrams are the way's. Where the plain run failed at
 * this step with a whole (wrong) reply, a close, a reset, silence or an
 * unreadable reply is the way's, but wrong raw bytes or a wrong datagram
 * are not (the plain run's wrong answer says more); where it failed here
 * otherwise, nothing is. A wrong framed reply only on evidence of what the
 * way does: replies that ran together where the sends were stuck or read
 * late, a reply that came cut or in pieces where the bytes were split, or
 * fewer replies than messages once the rest were waited for.
 */
function blamesWay(f: Facts): boolean {
  if (f.way === "plain") return false;
  const { rest, wrong, expect } = f;
  if (plainFailedHere(f.plainPassed, f.plainFailure, f.at)) {
    // A server that could not answer the plain run here says nothing about the cut by failing.
    // One that answered it, if wrongly or unreadably, and fails otherwise here, shows the cut:
    // the upload server whose unframed ack fails the plain run, and whose recv(4) split in
    // pieces fails struct.unpack and closes.
    const plainDid = f.plainFailure?.did;
    if (plainDid !== "answered" && plainDid !== "malformed") return false;
    const did = symptomOf(f);
    if (did === plainDid) {
      if (did === "malformed") return false;
    } else if (did !== "answered") return did !== "other";
    // Wrong both ways: the cut shows only in framed replies that ran together or came in pieces.
    if (!rest || !wrong || !expect) return false;
  }
  if (!rest || !wrong || !expect) return true;
  if (rest.ending) return true;
  if (SPLITTING.has(f.way)) {
    return rest.replies.length > rest.taken || cameCut(wrong, rest.replies, expect);
  }
  return ranTogether(wrong, expect);
}

/** Longest reply searched for a part the pattern matches (each cut is two matches to try). */
const SEARCHED = 4096;

/** `reply` holds the expected reply and more: it is the expected one run together with another. */
function ranTogether(reply: Uint8Array, expect: Expectation): boolean {
  if (expect.exact) return holds(reply, expect.exact);
  if (reply.length > SEARCHED) return false;
  for (let at = 1; at < reply.length; at++) {
    // Cut between characters only: a part that starts inside one is no reply.
    if ((reply[at] & 0xc0) === 0x80) continue;
    const head = reply.subarray(0, at);
    const tail = reply.subarray(at);
    if (expect.test({ payload: head }) || expect.test({ payload: tail })) return true;
  }
  return false;
}

/** `reply` is a piece of the expected one: alone, or with the replies after it. */
export function cameCut(reply: Uint8Array, after: Uint8Array[], expect: Expectation): boolean {
  if (expect.exact) return holds(expect.exact, reply);
  for (let n = 1; n <= after.length; n++) {
    if (expect.test({ payload: concatBytes([reply, ...after.slice(0, n)]) })) return true;
  }
  return false;
}

/** `whole` holds `part` and more. */
function holds(whole: Uint8Array, part: Uint8Array): boolean {
  if (part.length >= whole.length) return false;
  return Buffer.from(whole.buffer, whole.byteOffset, whole.byteLength).indexOf(part) >= 0;
}
