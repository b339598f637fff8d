/**
 * What the relay did, counted for the final `stats` event. Flat numeric
 * fields, so scripts read them straight from the NDJSON line; `_up` is
 * client → target, `_down` target → client.
 */
import type { FcEvent } from "../events/types.ts";

/** Which way bytes flow: up is client → target, down is target → client. */
export type Way = "up" | "down";

export const TCP_COUNTERS = [
  "connections",
  "bytes_up",
  "bytes_down",
  /** Writes made by --slice. */
  "slices",
  /** Writes by --coalesce that merged two reads or more, and the reads they merged. */
  "coalesced_writes",
  "coalesced_reads",
  /** Chunks held by --delay. */
  "delayed",
  /** Chunks --rate held back, and for how long in all. */
  "rate_waits",
  "throttled_ms",
  /** Connections ended by --close-after, --reset-after, --stall-after. */
  "closes",
  "resets",
  "stalls",
] as const;

export const UDP_COUNTERS = [
  "sessions",
  /** Sessions ended by --idle-timeout. */
  "expired",
  /** Sessions closed to make room for a new one at the cap (the longest silent). */
  "evicted",
  "datagrams_up",
  "datagrams_down",
  "bytes_up",
  "bytes_down",
  "dropped",
  "duplicated",
  /** Datagrams delivered after at least one later datagram of their session. */
  "reordered",
  "truncated",
  "delayed",
  /** Datagrams dropped because a session's delay queue was full (not --loss). */
  "overflowed",
] as const;

export type TcpStats = Record<typeof TCP_COUNTERS[number], number>;
export type UdpStats = Record<typeof UDP_COUNTERS[number], number>;

/** Every counter at zero. */
export function zeroStats<T extends string>(names: readonly T[]): Record<T, number> {
  return Object.fromEntries(names.map((n) => [n, 0])) as Record<T, number>;
}

/** The final `stats` event: the transport, the seed, one whole number per counter. */
export function statsEvent(
  transport: "tcp" | "udp" | "unix",
  seed: number,
  counters: Record<string, number>,
): FcEvent {
  const fields = Object.fromEntries(
    Object.entries(counters).map(([k, v]) => [k, Math.round(v)]),
  );
  return { event: "stats", transport, seed, ...fields };
}
