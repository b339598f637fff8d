/**
 * A check's conversation: what the client sends, what must come back and
 * how soon, pauses and closes. Built-in checks and scenario files both
 * become one, and the same runner plays it each way.
 */
import type { CodecOptions, Frame, Framing } from "../framing/types.ts";
import type { Said } from "../i18n/say.ts";
import type { Way } from "./ways.ts";

/** What a reply must be. */
export interface Expectation {
  /** How it is shown to people: `"hello"`, `/^\d+$/`, `contains:hi`, `{"ok": true}`. */
  shown: string;
  /** The payload expected, when it is known exactly: what came is compared with it. */
  exact?: Uint8Array;
  /** Whether `reply` is the one expected. */
  test(reply: Frame): boolean;
  /**
   * Replies that do not match are passed over, not failed (a chat member
   * hears the others too). Default false: the next reply must match.
   */
  skip?: boolean;
  /** What a reply that came but does not match means, when the check knows better than "wrong". */
  wrong?: WrongReply;
  /**
   * The md5 (hex) of each whole reply it takes: a reply whose header announces one of these
   * and whose body, cut at its total_size, fails it, left out part of what it sent.
   */
  md5s?: string[];
}

/** The explanations a check gives for a wrong reply of its own (messages_en.ts: means.X, fix.X). */
export type WrongReply = "md5" | "stderr" | "chars";

export type Step =
  | {
    step: "send";
    /** Which client sends, from 0. */
    client: number;
    /** The message, as shown. */
    payload: Uint8Array;
    /** The bytes written: the payload framed (or a datagram's bytes). */
    wire: Uint8Array;
  }
  | { step: "expect"; client: number; expect: Expectation; /** ms */ within: number }
  | { step: "wait"; /** ms */ ms: number }
  | { step: "close"; client: number };

export type Send = Extract<Step, { step: "send" }>;
export type Expect = Extract<Step, { step: "expect" }>;

export interface Conversation {
  transport: "stream" | "datagram";
  /** How replies are read. */
  recvFraming: Framing;
  /** How requests are framed: the fix an explanation gives is the fix for this framing. */
  sendFraming: Framing;
  codec: Required<Pick<CodecOptions, "prefix" | "maxFrame" | "maxHeader">>;
  /** The steps, as the plain way plays them (the large way's have a message larger than recv(1024)). */
  steps: Step[];
}

/** A check ready to run: its name, its ways, the conversation of each. */
export interface CheckPlan {
  /** A built-in check's name, or the scenario file's. */
  name: string;
  /** A stream (TCP, unix) or datagrams (UDP): every conversation's transport. */
  transport: "stream" | "datagram";
  /** The ways that apply, in the order they run. */
  ways: readonly Way[];
  /** The conversation of one way, made for each case (a save check names its files anew). */
  conversation(way: Way): Conversation;
  /**
   * What it sends and wants back, recalled when a server fails the plain run too (does the
   * server speak that?); none where that is no question (UDP's built-in checks).
   */
  protocol?: Said;
}

/**
 * An exchange: sends, then what follows them until the next send (the
 * replies, pauses, closes). An explanation quotes an exchange's sends and
 * replies; the stuck way sends an exchange's messages in one segment.
 */
export interface Exchange {
  steps: Step[];
}

/** The steps as a way plays them: stuck moves each phase's sends first. */
export function stepsFor(way: Way, conversation: Conversation): Step[] {
  return way === "stuck" ? sendsFirst(conversation.steps) : conversation.steps;
}

/**
 * Within each phase (the steps between pauses and closes), every send goes
 * before every expect, in their order: the messages leave together, then
 * their replies are awaited.
 */
function sendsFirst(steps: Step[]): Step[] {
  const out: Step[] = [];
  let phase: Step[] = [];
  const flush = () => {
    out.push(...phase.filter((s) => s.step === "send"), ...phase.filter((s) => s.step !== "send"));
    phase = [];
  };
  for (const s of steps) {
    if (s.step === "wait" || s.step === "close") {
      flush();
      out.push(s);
    } else phase.push(s);
  }
  flush();
  return out;
}

/** The steps cut into exchanges: a new one begins at each send that follows something else. */
export function exchanges(steps: Step[]): Exchange[] {
  const out: Exchange[] = [];
  let current: Step[] = [];
  for (const s of steps) {
    const last = current.at(-1);
    if (s.step === "send" && last !== undefined && last.step !== "send") {
      out.push({ steps: current });
      current = [];
    }
    current.push(s);
  }
  if (current.length > 0) out.push({ steps: current });
  return out;
}
