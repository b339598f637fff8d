/**
 * Why a case failed, from what happened: what the exchange sent and how
 * the way cut it, what came back, and what that says about the server.
 * A way that fails where the plain run passed fails because of how the
 * bytes were cut: that is the lesson the explanation names (粘包, 拆包, a
 * datagram cut by recvfrom). Language-free: explain.ts puts it in words.
 */
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
  /** Whether the plain run of the same conversation passed (true for the plain run itself). */
  plainPassed: boolean;
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
  /** The expectation's time limit, ms. */
  within: number;
}

/** What came back, as the explanation tells it. */
export type Got =
  | { what: "unreachable" | "error" | "malformed"; error: string | Said }
  | { what: "flood" | "silent" | "closed" | "reset" }
  | { what: "wrong"; got: Uint8Array; expected: string; exact?: Uint8Array }
  | { what: "replies"; replies: Uint8Array[]; then?: "silent" | "closed" | "reset" };

export type MeansKey =
  | "sticking"
  | "splitting"
  | "large"
  | "truncation"
  | "piled"
  | WrongReply
  | "silent"
  | "closed"
  | "reset"
  | "malformed"
  | "wrong"
  | "flood"
  | "unreachable"
  | "error";

export type FixKey = Framing | "datagram" | WrongReply;

export interface Diagnosis {
  kind: FailureKind;
  got: Got;
  means: MeansKey;
  fix?: FixKey;
  /** The plain run failed too: this way's failure is not about how the bytes were cut. */
  plainFailed?: boolean;
}

/** Ways that cut the bytes differently from the plain run: a failure there is about the cutting. */
const CUTTING: ReadonlySet<Way> = new Set(["stuck", "split", "large"]);

export function diagnose(f: Facts): Diagnosis {
  const got = gotOf(f);
  if (got.what === "unreachable" || got.what === "flood" || got.what === "error") {
    return { kind: got.what, got, means: got.what };
  }
  if (f.wrong && f.expect?.wrong) {
    return { kind: f.expect.wrong, got, means: f.expect.wrong, fix: f.expect.wrong };
  }
  const fix: FixKey = f.datagram ? "datagram" : f.sendFraming;
  const byWay = f.way !== "plain" && f.plainPassed ? causeOfWay(f, got, fix) : undefined;
  if (byWay) return byWay;
  const kind = got.what === "replies" ? "wrong" : got.what;
  return { kind, got, means: kind, ...(f.plainPassed ? {} : { plainFailed: true }) };
}

/** The failure a way caused, when the plain run passed. */
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

function gotOf(f: Facts): Got {
  const e = f.ending;
  if (e && e !== "timeout") {
    if (e.why === "unreachable" || e.why === "error" || e.why === "malformed") {
      return { what: e.why, error: e.error ?? "" };
    }
    if (e.why === "flood") return { what: "flood" };
  }
  const then = e === "timeout" ? "silent" : e?.why === "eof" ? "closed" : e ? "reset" : undefined;
  // A way that cuts the bytes is explained by everything that came back; otherwise the one reply.
  const cutting = CUTTING.has(f.way) && f.plainPassed;
  if (f.wrong && !cutting) {
    const { shown, exact } = f.expect!;
    return { what: "wrong", got: f.wrong, expected: shown, ...(exact ? { exact } : {}) };
  }
  if (f.replies.length === 0) return { what: then ?? "silent" };
  return { what: "replies", replies: f.replies, ...(then ? { then } : {}) };
}
