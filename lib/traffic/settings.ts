/**
 * What flood and sink are told, in traffic's own terms. The command line's
 * flood and sink options carry these fields under the same names, so
 * commands/ hands them over as they are; a demo or a test gives just these.
 */
import type { Endpoint } from "../transport/endpoint.ts";
import type { GroupOptions } from "../transport/multicast.ts";

export interface FloodSettings extends GroupOptions {
  /** Bytes per datagram (UDP) or per write (TCP). Default: 1400, or 1 MiB for TCP. */
  size?: number;
  /** Datagrams or writes to send; none: for `duration`. */
  count?: number;
  /** ms to send for. Default 10 s. */
  duration?: number;
  /** Datagrams per second (UDP) or bytes per second (TCP); 0: as fast as possible. */
  rate: number;
  /** UDP: measure round trips against an echo server. */
  rtt: boolean;
  /** ms to wait after the last send, for echoes or for the sink to close. */
  wait: number;
  /** A testing aid: TCP flips the byte at this offset, so the sink must see it. */
  corruptAt?: number;
}

export interface SinkSettings extends GroupOptions {
  /** Where it listens (sink over TCP and unix; UDP takes its endpoint apart). */
  endpoint: Endpoint;
  /** ms between interim reports; none: only the final one. */
  interval?: number;
  /** End after the first flood. */
  once: boolean;
  /** ms without traffic after which it ends; none: never. */
  idleTimeout?: number;
  /** Bytes asked of each read. */
  readSize: number;
  /** ms to wait before each read (a slow reader). */
  readDelay: number;
}
