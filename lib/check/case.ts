/**
 * One case: one target, one way. Plays the way's steps of the conversation
 * against the target, each expectation bounded by its time limit, and on
 * the first one that is not met says why (diagnose.ts, explain.ts): after a
 * wrong reply that came whole, once the rest of its exchange came or their
 * limits ran out. The conversation is recorded as it happens, and kept when
 * the case fails.
 */
import { concatBytes } from "../bytes.ts";
import type { Frame } from "../framing/types.ts";
import type { Said } from "../i18n/say.ts";
import { sleep } from "../sleep.ts";
import { type Endpoint, formatHostPort } from "../transport/endpoint.ts";
import { type Client, openClient, Unreachable } from "./clients.ts";
import {
  type CheckPlan,
  type Conversation,
  exchanges,
  type Expect,
  type Send,
  type Step,
  stepsFor,
} from "./conversation.ts";
import {
  cameCut,
  diagnose,
  type Facts,
  type FailureKind,
  type HowFailed,
  howFailed,
  plainFailedHere,
  type Rest,
  SPLITTING,
} from "./diagnose.ts";
import { explain } from "./explain.ts";
import { exactly } from "./expectations.ts";
import type { Ending, Item } from "./inbox.ts";
import { Recorder } from "./recorder.ts";
import type { Way } from "./ways.ts";

/** A server to check, as the teacher named it. */
export interface Target {
  name: string;
  endpoint: Endpoint;
  /** The endpoint as the user would write it. */
  address: string;
}

export interface CaseOptions {
  /** Connecting is given up after this long (ms). */
  timeout: number;
  /** How replies are shown in explanations and events. */
  encoding: string;
  /** Whether this target passed the plain run (a failure elsewhere is then about the cutting). */
  plainPassed: boolean;
  /** How the plain run failed, when it did: a way that fails otherwise is about the cutting. */
  plainFailure?: HowFailed;
  /** The last way before this one whose case reached the target (none: no case did yet). */
  reachedIn?: Way;
  signal: AbortSignal;
}

export interface CaseResult {
  target: Target;
  way: Way;
  passed: boolean;
  /** What the failure shows (none when it passed). */
  failure?: FailureKind;
  /** Where it failed and what the server did there (none when it passed). */
  failed?: HowFailed;
  /** The explanation, as a sentence of framecat's catalogues (said in --lang, or the page's). */
  said?: Said;
  ms: number;
  /** The conversation as NDJSON events: kept when the case failed. */
  conversation?: Record<string, unknown>[];
}

/**
 * Why an expectation was not met: a reply that did not match, or what ended the wait; after a
 * wrong framed reply, the rest of the exchange (and the limit that ran out waiting for it).
 */
type Miss = {
  wrong?: Uint8Array;
  ending?: Ending | "timeout";
  rest?: Rest;
  within?: number;
  endedUnwritten?: boolean;
  /** Which of the conversation's expectations it was, counted from 0. */
  at?: number;
  /** Raw bytes on a stream: the exchange's expectations as one, which the wrong bytes answer. */
  joined?: Expect;
  /** Silence: the bytes the server had still not read when the wait ran out. */
  unread?: number;
};

/** What an exchange has seen so far: an explanation quotes it. */
interface Seen {
  sent: Uint8Array[];
  replies: Uint8Array[];
}

export async function runCase(
  plan: CheckPlan,
  target: Target,
  way: Way,
  o: CaseOptions,
): Promise<CaseResult> {
  const started = performance.now();
  const conversation = plan.conversation(way);
  const recorder = new Recorder();
  const clients = new Clients(target, way, conversation, recorder, o);
  const steps = stepsFor(way, conversation);
  // Each expectation's place in the conversation, the same in every way (stuck moves only sends).
  const order = new Map(steps.filter((s) => s.step === "expect").map((s, i) => [s, i]));
  let failed: Facts | undefined;
  try {
    const all = exchanges(steps);
    for (const [index, exchange] of all.entries()) {
      const seen: Seen = { sent: [], replies: [] };
      const run = exchange.steps;
      for (let i = 0; i < run.length && !failed; i++) {
        const s = run[i];
        if (s.step === "send") {
          // stuck: the exchange's messages from one client leave in one write.
          const group = way === "stuck" ? sameClientSends(run, i) : [s];
          i += group.length - 1;
          const payloads = group.map((g) => g.payload);
          seen.sent.push(...payloads);
          await (await clients.get(s.client)).send(group.map((g) => g.wire), payloads);
        } else if (s.step === "expect") {
          const client = await clients.get(s.client);
          const miss = await expectReply(client, { run, i }, conversation, seen, o.signal);
          if (miss) {
            const at = order.get(s);
            const rest = miss.wrong && wholeReplies(conversation, way, o, at)
              ? await restAfter(client, s, aheadOf(run, i, s.client), miss.wrong, way, o.signal)
              : {};
            const { joined, ...missed } = miss;
            const endedUnwritten = client.endedUnwritten;
            const more = { ...missed, ...rest, endedUnwritten, at };
            failed = facts(conversation, way, o, seen, joined ?? s, more);
          }
        } else if (s.step === "wait") await sleep(s.ms, o.signal);
        else await clients.close(s.client);
      }
      if (!failed) {
        const last = index === all.length - 1;
        const more = await beyondExpected(clients, conversation, run, last, o.signal);
        if (more) {
          const at = order.get(run.findLast((s) => s.step === "expect")!);
          failed = facts(conversation, way, o, seen, more.expect, { wrong: more.got, at });
        }
      }
      if (failed) break;
    }
  } catch (err) {
    if (!(err instanceof Unreachable)) throw err;
    failed = facts(conversation, way, o, { sent: [], replies: [] }, undefined, {
      ending: { why: "unreachable", error: err.said },
    });
  } finally {
    await clients.closeAll();
  }
  const result = { target, way, ms: Math.round(performance.now() - started) };
  if (!failed) return { ...result, passed: true };
  const diagnosis = diagnose(failed);
  return {
    ...result,
    passed: false,
    failure: diagnosis.kind,
    failed: howFailed(failed),
    said: explain(diagnosis, { ...failed, encoding: o.encoding, protocol: plan.protocol }),
    conversation: recorder.conversation(o.encoding),
  };
}

/** How long the last exchange waits for bytes a server sends beyond the replies expected. */
const SETTLE_MS = 100;

/**
 * Bytes an echo-like server sent beyond the exact replies an exchange expects (each message
 * answered twice, a stray newline after each reply): with what was expected, as one wrong
 * reply ("helloworldhelloworld" where "helloworld" was expected). Looked for where replies are
 * raw bytes on a stream and every one is known exactly; the last exchange first waits
 * SETTLE_MS, so that an extra that leaves after the expected bytes is there too.
 */
async function beyondExpected(
  clients: Clients,
  c: Conversation,
  run: Step[],
  last: boolean,
  signal: AbortSignal,
): Promise<{ expect: Expect; got: Uint8Array } | undefined> {
  const expects = run.filter((s): s is Expect => s.step === "expect");
  if (c.transport !== "stream" || c.recvFraming !== "raw") return undefined;
  if (expects.length === 0 || expects.some((s) => !s.expect.exact || s.expect.skip)) {
    return undefined;
  }
  if (last) await sleep(SETTLE_MS, signal);
  const extra: Uint8Array[] = [];
  for (const n of new Set(expects.map((s) => s.client))) {
    extra.push(...(await clients.get(n)).inbox.takeWaiting().map((f) => f.payload));
  }
  const more = concatBytes(extra);
  if (more.length === 0) return undefined;
  const expected = concatBytes(expects.map((s) => s.expect.exact!));
  const expect: Expect = { ...expects.at(-1)!, expect: exactly(expected) };
  return { expect, got: concatBytes([expected, more]) };
}

/**
 * Whether a wrong reply of this case came whole and is judged with the rest of its exchange: a
 * frame on a stream (raw bytes have no boundary to call whole, a datagram no way to run together)
 * in a way that cuts the bytes differently from a plain run that passed this step, or that
 * failed it with a whole reply too (the rest tells whether this one came cut).
 */
function wholeReplies(c: Conversation, way: Way, o: CaseOptions, at?: number): boolean {
  if (c.transport !== "stream" || c.recvFraming === "raw" || way === "plain") return false;
  return !plainFailedHere(o.plainPassed, o.plainFailure, at) || o.plainFailure?.did === "answered";
}

/** The expectations of the exchange before step `i`, of `client`, back to its close. */
function behindOf(run: Step[], i: number, client: number): Expect[] {
  const behind: Expect[] = [];
  for (const s of run.slice(0, i).reverse()) {
    if (s.step === "close" && s.client === client) break;
    if (s.step === "expect" && s.client === client) behind.unshift(s);
  }
  return behind;
}

/** The expectations of the exchange after step `i`, of `client`, up to its close. */
function aheadOf(run: Step[], i: number, client: number): Expect[] {
  const ahead: Expect[] = [];
  for (const s of run.slice(i + 1)) {
    if (s.step === "close" && s.client === client) break;
    if (s.step === "expect" && s.client === client) ahead.push(s);
  }
  return ahead;
}

/**
 * After a wrong reply that came whole, what the rest of the exchange brings, so that an
 * explanation says how many replies came (a case does not close 2 ms after the first): a reply
 * for each expectation ahead, each within its limit. Where the way cuts messages in pieces and
 * the reply alone does not show it came cut, the pieces after it come unasked: the first within
 * the failed expectation's limit, then those SETTLE_MS behind it.
 */
async function restAfter(
  client: Client,
  failed: Expect,
  ahead: Expect[],
  wrong: Uint8Array,
  way: Way,
  signal: AbortSignal,
): Promise<{ rest: Rest; within?: number }> {
  const awaited = await awaitAhead(client, ahead, signal);
  const { rest } = awaited;
  // A skipping expectation hears others' messages too: what comes unasked then says nothing.
  if (rest.ending || !SPLITTING.has(way) || ahead.some((s) => s.expect.skip)) return awaited;
  if (cameCut(wrong, rest.replies, failed.expect)) return awaited;
  const first = await client.inbox.next(performance.now() + failed.within, signal);
  if (first === "timeout" || !("frame" in first)) return awaited;
  await sleep(SETTLE_MS, signal);
  const unasked = [first.frame, ...client.inbox.takeWaiting()].map(replyBytes);
  return { rest: { ...rest, replies: [...rest.replies, ...unasked] } };
}

/**
 * A reply for each expectation ahead, each within its limit (a passed-over reply does not count
 * for one that skips); bounded by the limits ahead. With the limit that ran out, if one did.
 */
async function awaitAhead(
  client: Client,
  ahead: Expect[],
  signal: AbortSignal,
): Promise<{ rest: Rest; within?: number }> {
  const replies: Uint8Array[] = [];
  for (const s of ahead) {
    const deadline = performance.now() + s.within;
    while (true) {
      const item = await client.inbox.next(deadline, signal);
      if (item === "timeout" || "why" in item) {
        return { rest: { replies, taken: replies.length, ending: item }, within: s.within };
      }
      if ("malformed" in item) {
        const ending: Ending = { why: "malformed", error: item.malformed };
        return { rest: { replies, taken: replies.length, ending } };
      }
      replies.push(replyBytes(item.frame));
      if (!s.expect.skip || s.expect.test(item.frame)) break;
    }
  }
  return { rest: { replies, taken: replies.length } };
}

/** The sends from `i` on that one client makes in a row. */
function sameClientSends(steps: Step[], i: number): Send[] {
  const first = steps[i] as Send;
  const group: Send[] = [];
  for (let j = i; j < steps.length; j++) {
    const s = steps[j];
    if (s.step !== "send" || s.client !== first.client) break;
    group.push(s);
  }
  return group;
}

function facts(
  c: Conversation,
  way: Way,
  o: CaseOptions,
  seen: Seen,
  s?: Expect,
  miss: Miss = {},
): Facts {
  return {
    way,
    datagram: c.transport === "datagram",
    sendFraming: c.sendFraming,
    recvFraming: c.recvFraming,
    plainPassed: way === "plain" || o.plainPassed,
    ...(way !== "plain" && o.plainFailure ? { plainFailure: o.plainFailure } : {}),
    reachedIn: o.reachedIn,
    sent: seen.sent,
    replies: seen.replies,
    expect: s?.expect,
    ...miss,
    within: miss.within ?? s?.within ?? o.timeout,
  };
}

/**
 * Waits for the reply `s` expects, at most its time limit; undefined when it
 * came. A framed reply is a frame (or a datagram); raw bytes on a stream
 * are gathered until there are as many as expected, or the pattern matches.
 */
async function expectReply(
  client: Client,
  exchange: { run: Step[]; i: number },
  c: Conversation,
  seen: Seen,
  signal: AbortSignal,
): Promise<Miss | undefined> {
  const s = exchange.run[exchange.i] as Expect;
  const deadline = performance.now() + s.within;
  const gather = c.transport === "stream" && c.recvFraming === "raw";
  const exact = s.expect.exact;
  let got: Uint8Array = new Uint8Array(0);
  while (true) {
    const item: Item | Ending | "timeout" = await client.inbox.next(deadline, signal);
    if (item === "timeout" || "why" in item) {
      if (got.length > 0) seen.replies.push(got);
      // Not silence: a reply began and never ended (announced more bytes than it sent).
      const unended = item === "timeout" ? client.unended?.(s.within) : undefined;
      if (unended) return { ending: { why: "malformed", error: unended } };
      // Silence over bytes the server has not even read: it is not reading this connection.
      const unread = item === "timeout" && got.length === 0 ? await client.unread?.() : undefined;
      return { ending: item, ...(unread ? { unread } : {}) };
    }
    if ("malformed" in item) return { ending: { why: "malformed", error: item.malformed } };
    if (!gather) {
      seen.replies.push(replyBytes(item.frame));
      if (s.expect.test(item.frame)) return undefined;
      if (!s.expect.skip) return { wrong: replyBytes(item.frame) };
      continue;
    }
    got = concatBytes([got, item.frame.payload]);
    // What came after the expected bytes belongs to the next expectation, once this one is met.
    const head = exact && got.length > exact.length ? got.subarray(0, exact.length) : got;
    const whole = exact ? head.length === exact.length : true;
    if (whole && s.expect.test(rawFrame(head))) {
      if (head.length < got.length) client.inbox.unshift(rawFrame(got.subarray(head.length)));
      seen.replies.push(head);
      return undefined;
    }
    // Bytes that already differ from the expected ones will not come right by waiting.
    if (exact && (whole || !startsWith(exact, head))) {
      return await sentBack(client, got, exchange, seen, signal);
    }
  }
}

/**
 * A wrong reply of raw bytes on a stream, as the server sent it back: the bytes the expectation
 * took, not cut where the expected ones end, and those that came SETTLE_MS after them; beside
 * the bytes this client's exchange expects in all (its expectations met before this one took the
 * bytes they expected), so that "ACK:helloworld" is quoted where "ACK:helloACK:world" was
 * expected, not "world" where "ACK:world" was, nor "ACK:hACK:" of "ACK:h" and "ACK:e".
 */
async function sentBack(
  client: Client,
  taken: Uint8Array,
  exchange: { run: Step[]; i: number },
  seen: Seen,
  signal: AbortSignal,
): Promise<Miss> {
  await sleep(SETTLE_MS, signal);
  const came = concatBytes([taken, ...client.inbox.takeWaiting().map((f) => f.payload)]);
  seen.replies.push(came);
  const { run, i } = exchange;
  const s = run[i] as Expect;
  const before = behindOf(run, i, s.client);
  const all = [...before, s, ...aheadOf(run, i, s.client)];
  if (all.length === 1 || all.some((e) => !e.expect.exact || e.expect.skip)) return { wrong: came };
  const expected = concatBytes(all.map((e) => e.expect.exact!));
  const wrong = concatBytes([...before.map((e) => e.expect.exact!), came]);
  return { wrong, joined: { ...s, expect: exactly(expected) } };
}

function rawFrame(payload: Uint8Array): Frame {
  return { payload };
}

function startsWith(whole: Uint8Array, head: Uint8Array): boolean {
  return head.length <= whole.length && head.every((b, i) => whole[i] === b);
}

/** The clients of a case, opened when a step first needs them and after a close. */
class Clients {
  readonly #open = new Map<number, Promise<Client>>();

  constructor(
    readonly target: Target,
    readonly way: Way,
    readonly conversation: Conversation,
    readonly recorder: Recorder,
    readonly o: CaseOptions,
  ) {}

  get(n: number): Promise<Client> {
    let client = this.#open.get(n);
    if (!client) {
      const ep = this.target.endpoint;
      const server = ep.transport === "unix" ? ep.path : formatHostPort(ep.host, ep.port);
      // A second client is told apart as unix clients are: the address and its number.
      const peer = n === 0 ? server : `${server}#${n + 1}`;
      client = openClient(this.target.endpoint, {
        conversation: this.conversation,
        way: this.way,
        recorder: this.recorder,
        peer,
        timeout: this.o.timeout,
        signal: this.o.signal,
      });
      this.#open.set(n, client);
    }
    return client;
  }

  async close(n: number): Promise<void> {
    const client = this.#open.get(n);
    this.#open.delete(n);
    await (await client?.catch(() => undefined))?.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#open.keys()].map((n) => this.close(n)));
  }
}

/** What a reply says, to quote: its body, or its JSON header when it is a header alone (an ack). */
function replyBytes(frame: Frame): Uint8Array {
  if (!frame.header || "total_size" in frame.header) return frame.payload;
  return new TextEncoder().encode(JSON.stringify(frame.header));
}
