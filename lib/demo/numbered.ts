/**
 * Numbered datagrams, as flood and sink use them: each carries its sequence
 * number, so the receiver can tell which ones never came. An end marker,
 * repeated until it gets through, tells the receiver the sender is done.
 */
import { receiveDatagram, sendDatagram } from "../transport/datagram.ts";
import { sleep } from "../sleep.ts";
import type { PhaseLog } from "./log.ts";
import { bytes } from "./loopback.ts";

/** Size of every numbered datagram. */
export const SIZE = 1400;
/** The end marker, shorter than any numbered datagram. */
const END = bytes("end");
const END_INTERVAL_MS = 10;
/** Bound on the end markers: 2 s of them. */
const END_TRIES = 200;
/** Loss ranges named in the timeline; more are summed up as "…". */
const RANGES_SHOWN = 12;

export type Span = [first: number, last: number];

/** A numbered datagram: the sequence number (u32be), then dots. */
export function datagram(seq: number): Uint8Array {
  const data = new Uint8Array(SIZE).fill(0x2e);
  new DataView(data.buffer).setUint32(0, seq);
  return data;
}

export function seqOf(data: Uint8Array): number {
  return new DataView(data.buffer, data.byteOffset).getUint32(0);
}

/** Sends datagrams first…last back to back. */
export async function sendSpan(sock: Deno.DatagramConn, to: Deno.NetAddr, [first, last]: Span) {
  for (let seq = first; seq <= last; seq++) await sendDatagram(sock, datagram(seq), to);
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
    const d = await receiveDatagram(receiver, SIZE);
    if (d.size !== SIZE) return seqs;
    seqs.push(seqOf(d.data));
  }
}

/**
 * Sends the end marker until `drained` settles: the first ones may find a
 * full buffer, or be dropped on purpose by a relay.
 */
export async function signalEnd(
  sock: Deno.DatagramConn,
  to: Deno.NetAddr,
  drained: Promise<unknown>,
): Promise<void> {
  let done = false;
  drained.finally(() => done = true).catch(() => {});
  for (let tries = 0; !done; tries++) {
    if (tries === END_TRIES) throw new Error("The demo's receiver never saw the end marker");
    await sendDatagram(sock, END, to);
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
