/** What a connection needs to know to read, decode, encode and report. */
import type { Emit } from "../display/events.ts";
import type { Framing, Prefix } from "../framing/types.ts";

export interface PeerOptions {
  recvFraming: Framing;
  sendFraming: Framing;
  prefix: Prefix;
  maxFrame: number;
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
