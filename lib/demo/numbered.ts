/**
 * Numbered datagrams, as flood and sink use them: each is a flood probe
 * (traffic/datagram_format.ts) carrying its sequence number, so the receiver
 * can tell which ones never came. An end marker, repeated until it gets
 * through, tells the receiver the sender is done.
 */
import { receiveDatagram, sendDatagram } from "../transport/datagram.ts";
import {
  decodeProbe,
  encodeProbe,
  HEADER_SIZE,
  nowUs,
  ProbeWriter,
} from "../traffic/datagram_format.ts";
import { sleep } from "../sleep.ts";
import type { PhaseLog } from "./log.ts";

/** Size of every numbered datagram. */
export const SIZE = 1400;
/** The demos' stream id ("DEMO"): each phase's receiver hears only its own sender. */
const STREAM = 0x44454d4f;
const END_INTERVAL_MS = 10;
/** Bound on the end markers: 2 s of them. */
const END_TRIES = 200;
/** Loss ranges named in the timeline; more are summed up as "…". */
const RANGES_SHOWN = 12;

export type Span = [first: number, last: number];

/** The sequence number of one of our numbered datagrams. */
export function seqOf(data: Uint8Array): number {
  const probe = decodeProbe(data);
  if (!probe || probe.end) throw new Error("The demo's receiver got a datagram it did not number");
  return probe.seq;
}

/** Sends datagrams first…last back to back (one buffer, stamped afresh for each). */
export async function sendSpan(sock: Deno.DatagramConn, to: Deno.NetAddr, [first, last]: Span) {
  const writer = new ProbeWriter(STREAM, SIZE);
  for (let seq = first; seq <= last; seq++) {
    await sendDatagram(sock, writer.stamp(seq, nowUs()), to);
  }
}

/** One event for a span of datagrams (thousands of rows would say nothing more). */
export function spanEvent(event: "sent" | "read", [first, last]: Span) {
  return {
    event,
    datagrams: last - first + 1,
    first_seq: first,
    last_seq: last,
    datagram_bytes: SIZE,
  } as const;
}

/** Runs of consecutive numbers: [[0, 91]] for 0…91. */
export function spans(seqs: Iterable<number>): Span[] {
  const out: Span[] = [];
  for (const seq of seqs) {
    const last = out.at(-1);
    if (last && seq === last[1] + 1) last[1] = seq;
    else out.push([seq, seq]);
  }
  return out;
}

/** Reads until the end marker; returns the sequence numbers that arrived. */
export async function drain(receiver: Deno.DatagramConn): Promise<number[]> {
  const seqs: number[] = [];
  for (;;) {
    const probe = decodeProbe((await receiveDatagram(receiver, SIZE)).data);
    if (probe?.end) return seqs;
    if (probe) seqs.push(probe.seq);
  }
}

/**
 * Sends the end marker, which says `sent` datagrams were sent, until `drained`
 * settles: the first ones may find a full buffer, or be dropped on purpose by
 * a relay.
 */
export async function signalEnd(
  sock: Deno.DatagramConn,
  to: Deno.NetAddr,
  sent: number,
  drained: Promise<unknown>,
): Promise<void> {
  // Shorter than any numbered datagram: the relay phase's count of drops leaves it out.
  const end = encodeProbe({ end: true, streamId: STREAM, size: HEADER_SIZE, seq: sent, sentUs: 0 });
  let done = false;
  drained.finally(() => done = true).catch(() => {});
  for (let tries = 0; !done; tries++) {
    if (tries === END_TRIES) throw new Error("The demo's receiver never saw the end marker");
    await sendDatagram(sock, end, to);
    await sleep(END_INTERVAL_MS);
  }
}

/** The counts that must add up: sent = received + lost; and which were lost. */
export function tally(sent: number, seqs: number[]) {
  const have = new Set(seqs);
  const lost = sent - have.size;
  const gaps = spans(Array.from({ length: sent }, (_, seq) => seq).filter((s) => !have.has(s)));
  const named = gaps.slice(0, RANGES_SHOWN).map(([a, b]) => a === b ? `${a}` : `${a}–${b}`);
  return {
    sent,
    received: have.size,
    lost,
    lost_percent: Math.round(lost / sent * 1000) / 10,
    /** `92–4999` or `3, 17–20, 41, …` */
    lost_seqs: named.join(", ") + (gaps.length > RANGES_SHOWN ? ", …" : ""),
  };
}

/** The receiver's side of a burst: a `read` event per run of arrivals, and the loss, counted and noted. */
export function reportReceived(log: PhaseLog, sent: number, seqs: number[]) {
  for (const span of spans(seqs)) log.event("receiver", spanEvent("read", span));
  const count = tally(sent, seqs);
  log.note("receiver", log.t("note.lost", { lost: count.lost, ranges: count.lost_seqs }), true);
  return count;
}
