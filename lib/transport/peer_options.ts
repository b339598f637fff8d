/** What a connection needs to know to read, decode, encode and report. */
import type { Emit, FcEvent } from "../events/types.ts";
import type { Frame, Framing, JsonHeader, Prefix } from "../framing/types.ts";

export interface PeerOptions {
  recvFraming: Framing;
  sendFraming: Framing;
  prefix: Prefix;
  maxFrame: number;
  /** Line framing writes `\r\n`. Default false. */
  crlf?: boolean;
  maxHeader: number;
  readSize: number;
  readDelay: number;
  emit: Emit;
  /** Show `sent` events only with -v (servers); clients show them always. */
  sentIsDetail?: boolean;
}

/** Counters every connection keeps, summed into the `stats` event. */
export interface PeerCounters {
  reads: number;
  frames: number;
  bytes_in: number;
  bytes_out: number;
  sends: number;
}

/** Every counter at zero. */
export function newCounters(): PeerCounters {
  return { reads: 0, frames: 0, bytes_in: 0, bytes_out: 0, sends: 0 };
}

/** Adds one connection's counters into a total. */
export function addCounters(into: PeerCounters, from: PeerCounters): void {
  for (const k of Object.keys(from) as (keyof PeerCounters)[]) into[k] += from[k];
}

/** The `sent` event of one message written to `peer`, the same for every transport. */
export function sentEvent(
  opts: PeerOptions,
  peer: string,
  payload: Uint8Array,
  wireBytes: number,
  header?: JsonHeader,
): FcEvent {
  return {
    event: "sent",
    peer,
    data: payload,
    wire_bytes: wireBytes,
    ...(header ? { header } : {}),
    ...(opts.sentIsDetail ? { level: "detail" } : {}),
  };
}

/** The `frame` event of frame number `n`, completed by read number `read`. */
export function frameEvent(
  opts: PeerOptions,
  peer: string,
  n: number,
  read: number,
  frame: Frame,
): FcEvent {
  return {
    event: "frame",
    peer,
    frame: n,
    read,
    data: frame.payload,
    ...(frame.header ? { header: frame.header } : {}),
    // A raw frame is the read itself: shown in text only with -v.
    ...(opts.recvFraming === "raw" ? { level: "detail" } : {}),
  };
}
