/**
 * What the relay did, counted for the final `stats` event. Flat numeric
 * fields, so scripts read them straight from the NDJSON line; `_up` is
 * client → target, `_down` target → client. What each counter means is
 * said where the event is defined (events/kinds.ts, RELAY_COUNTERS).
 */
import type { RELAY_COUNTERS, RELAY_UDP_COUNTERS } from "../events/kinds.ts";
import type { FcEvent, SubKindOf } from "../events/types.ts";

/** Which way bytes flow: up is client → target, down is target → client. */
export type Way = "up" | "down";

export type TcpStats = Pick<SubKindOf<"stats", "relay">, keyof typeof RELAY_COUNTERS>;
export type UdpStats = Pick<SubKindOf<"stats", "relay_udp">, keyof typeof RELAY_UDP_COUNTERS>;

/** Every TCP counter at zero (the compiler checks that none is missing or extra). */
export function newTcpStats(): TcpStats {
  return {
    connections: 0,
    unreached: 0,
    handshakes_failed: 0,
    bytes_up: 0,
    bytes_down: 0,
    slices: 0,
    coalesced_writes: 0,
    coalesced_reads: 0,
    delayed: 0,
    rate_waits: 0,
    throttled_ms: 0,
    closes: 0,
    resets: 0,
    stalls: 0,
  };
}

/** Every UDP counter at zero. */
export function newUdpStats(): UdpStats {
  return {
    sessions: 0,
    expired: 0,
    evicted: 0,
    datagrams_up: 0,
    datagrams_down: 0,
    bytes_up: 0,
    bytes_down: 0,
    dropped: 0,
    duplicated: 0,
    reordered: 0,
    truncated: 0,
    delayed: 0,
    overflowed: 0,
  };
}

/** The counters as whole numbers (throttled time is summed in fractions of a ms). */
function whole<T extends object>(counters: T): T {
  return Object.fromEntries(
    Object.entries(counters).map(([k, v]) => [k, Math.round(v)]),
  ) as T;
}

/** The final `stats` event of a TCP (TLS, unix) relay: the transport, the seed, its counters. */
export function tcpStatsEvent(transport: "tcp" | "unix", seed: number, stats: TcpStats): FcEvent {
  return { event: "stats", kind: "relay", transport, seed, ...whole(stats) };
}

/** The final `stats` event of a UDP relay. */
export function udpStatsEvent(seed: number, stats: UdpStats): FcEvent {
  return { event: "stats", kind: "relay_udp", transport: "udp", seed, ...whole(stats) };
}
