/**
 * Everything observable is an event (PRODUCT.md, Events). Each kind has its
 * own type and {@linkcode FcEvent} is their union, discriminated by `event`:
 * formatters switch on it and never guess a kind from the fields present.
 * Producers emit facts only, the same whatever the output; the NDJSON object
 * of an event is its fields under their own names, `data` written as
 * `bytes`/`base64`/`text`. `schema.ts` is the JSON Schema of these types.
 *
 * This folder is the bottom of the house: it imports nothing.
 */

/** Fields every event may have. */
export interface EventBase {
  /** `HOST:PORT`, `[V6]:PORT` or the socket path of the peer concerned. */
  peer?: string;
  /** Shown in text only with -v (always in NDJSON). Not written to NDJSON. */
  level?: "detail";
  /** The demo, phase and side that did this (`framecat demo --output json`). */
  demo?: string;
  phase?: string;
  role?: string;
}

/** The bytes of an event with data: shown as `bytes`, `base64`, `text`. */
export interface WithData {
  data?: Uint8Array;
}

/** What a relay connection (TCP) or session (UDP) an event is about is numbered. */
export interface RelayIds {
  /** The relay's TCP connection number, from 1. */
  connection?: number;
  /** The relay's UDP session number, from 1. */
  session?: number;
}

/** Counters of one peer (and their totals in `stats`). */
export interface PeerCounterFields {
  reads?: number;
  frames?: number;
  sends?: number;
  bytes_in?: number;
  bytes_out?: number;
}

/** Demo events for a span of numbered datagrams, sent or read. */
export interface DatagramSpan {
  datagrams?: number;
  first_seq?: number;
  last_seq?: number;
  datagram_bytes?: number;
}

export type TransportName = "tcp" | "tls" | "udp" | "unix";

export interface ListeningEvent extends EventBase, GroupFields {
  event: "listening";
  /** `HOST:PORT` as bound, or the socket path. */
  address: string;
  port?: number;
  transport?: TransportName;
  message?: string;
  /** serve: the behaviour. */
  behavior?: string;
  /** relay: where it forwards to, and the seed of its random choices. */
  target?: string;
  seed?: number;
  /** TLS: the SHA-256 fingerprint of the server's certificate. */
  fingerprint?: string;
  /** web: the page's address and its token. */
  url?: string;
  token?: string;
}

/** What a handshake agreed, as the `connected` event's `tls` shows it. */
export interface TlsInfo {
  /** The protocol chosen by ALPN, or null when none was. */
  alpn: string | null;
  /** False when --insecure skipped the check of the server's certificate. */
  verified?: boolean;
  /** The name sent (SNI) and checked, on the client side. */
  servername?: string;
  /** Version and cipher, where the backend tells them (node:tls does, Deno's does not). */
  protocol?: string;
  cipher?: string;
}

/** UDP one to many: the multicast group joined, and on which interface (listening, connected). */
export interface GroupFields {
  group?: string;
  iface?: string;
}

export interface ConnectedEvent extends EventBase, RelayIds, GroupFields {
  event: "connected";
  /** Our own address on the connection. */
  local?: string;
  message?: string;
  /** relay: where this client is forwarded to. */
  target?: string;
  /** TLS: what the handshake agreed (at least `alpn`). */
  tls?: TlsInfo;
  /** UDP one to many: the multicast group a client joined, and on which interface. */
  group?: string;
  iface?: string;
}

export interface ReadEvent extends EventBase, WithData, DatagramSpan {
  event: "read";
  /** Its number on that connection (or from that UDP peer), from 1. */
  read?: number;
  /** demo multicast: which member of the group read it, from 1. */
  member?: number;
  /** The size, when the bytes are not part of the event (a streamed body). */
  bytes?: number;
  /** UDP: the datagram was longer than --read-size. */
  truncated?: boolean;
  lost_bytes?: number;
}

export interface FrameEvent extends EventBase, WithData {
  event: "frame";
  /** Its number, from 1. */
  frame: number;
  /** The read that completed it. */
  read: number;
  /**
   * The read that carried its first byte: less than `read` when it was split
   * across reads. TCP, unix and TLS always; UDP equal to `read`; absent from
   * demos and logs of older framecats.
   */
  first_read?: number;
  /** json framing: the header as received. */
  header?: Record<string, unknown>;
  /** demo: the md5 of the payload. */
  md5?: string;
}

export interface SentEvent extends EventBase, WithData, DatagramSpan {
  event: "sent";
  /** Bytes put on the wire, framing included. */
  wire_bytes?: number;
  header?: Record<string, unknown>;
  /** send-file: the path, its size, how much of it went. */
  file?: string;
  total_size?: number;
  sent_bytes?: number;
  /** The write (one segment) that carried it, numbered on its side: demo, connect --coalesce. */
  write?: number;
  /** connect --coalesce, demo nagle: how many messages left together in that write. */
  coalesced?: number;
  /** demo: the payload's md5. */
  md5?: string;
}

export type CloseReason =
  | "eof"
  | "us"
  | "reset"
  | "idle"
  | "error"
  | "leave"
  | "expired"
  | "evicted"
  | "overflow";

export interface ClosedEvent extends EventBase, RelayIds, PeerCounterFields {
  event: "closed";
  reason: CloseReason;
  message?: string;
  /** relay: the side whose end closed the link, and what went through. */
  side?: string;
  bytes_up?: number;
  bytes_down?: number;
  datagrams_up?: number;
  datagrams_down?: number;
}

export interface ErrorEvent extends EventBase, RelayIds, SaveFields, ExecFields {
  event: "error";
  message: string;
  /** The likely fix, when there is one. */
  hint?: string;
  /** A malformed frame: the stream offset of the bad bytes. */
  offset?: number;
}

/** save: what happened to a file (`receiving`, `saved`, `refused`, `failed`). */
export interface SaveFields {
  save?: string;
  file_name?: unknown;
  total_size?: number;
  md5?: string;
  path?: string;
  /** false: the header's md5 was not a hex digest (the course sends a number), so not checked. */
  md5_checked?: boolean;
}

/** exec: how the command ended. */
export interface ExecFields {
  exit_code?: number | null;
  output_bytes?: number;
}

export interface InfoEvent extends EventBase, SaveFields, ExecFields {
  event: "info";
  message: string;
  /** --exec-public and other warnings. */
  warning?: boolean;
  /** The option likely to help (`--encoding gbk`). */
  hint?: string;
  /** `--web` on a command: its page's address (token included) and token. */
  url?: string;
  token?: string;
  /** chat: who joined or left, and how many are in the chat now. */
  chat?: "join" | "leave" | "expire" | "overflow";
  online?: number;
  /** flood/sink: the flood's stream id. */
  stream?: string;
  /** sink: datagrams that were not flood probes, and those judged implausible. */
  ignored?: number;
  malformed?: number;
  /** relay: the seed drawn at random. */
  seed?: number;
  /** send-file: whether the server acknowledged the file. */
  acknowledged?: boolean;
}

/** serve and relay counters of a whole run. */
export interface StatsEvent extends EventBase, PeerCounterFields {
  event: "stats";
  connections?: number;
  refused?: number;
  peers?: number;
  errors?: number;
  /** Malformed frames seen. */
  malformed?: number;
  /** relay: its transport and seed, and one counter per fault (relay/stats.ts). */
  transport?: TransportName;
  seed?: number;
  [counter: string]: number | string | boolean | undefined;
}

/** The faults a relay applies. */
export type FaultName =
  | "drop"
  | "dup"
  | "reorder"
  | "truncate"
  | "delay"
  | "slice"
  | "coalesce"
  | "rate"
  | "close"
  | "reset"
  | "stall";

export interface FaultEvent extends EventBase, RelayIds {
  event: "fault";
  fault: FaultName;
  direction: "up" | "down";
  /** The chunk's or datagram's number in its direction, and its size. */
  seq?: number;
  bytes?: number;
  passed?: number;
  kept?: number;
  ms?: number;
  pieces?: number;
  reads?: number;
  waited_ms?: number;
  /** --reset-after: a real RST was sent. */
  rst?: boolean;
}

/** RTT percentiles of `flood --rtt`, in ms. */
export interface RttMs {
  samples: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** A measurement of flood or sink: an interval or the final one. */
export interface ReportEvent extends EventBase {
  event: "report";
  /** The report as one readable line. */
  message: string;
  transport?: string;
  interval?: boolean;
  final?: boolean;
  stream?: string | null;
  sent?: number;
  received?: number;
  unique?: number;
  lost?: number;
  lost_percent?: number;
  duplicates?: number;
  out_of_order?: number;
  truncated?: number;
  /** UDP sink: implausible datagrams (forged or foreign probes), kept out of the figures. */
  malformed?: number;
  missing?: number;
  jitter_ms?: number;
  bytes?: number;
  size?: number;
  rate?: number;
  seconds?: number;
  start?: number;
  end?: number;
  bits_per_second?: number;
  packets_per_second?: number;
  end_marker?: boolean;
  expected_bytes?: number | null;
  intact?: boolean;
  mismatches?: number;
  first_mismatch?: number | null;
  rtt_ms?: RttMs | null;
}

export type FcEvent =
  | ListeningEvent
  | ConnectedEvent
  | ReadEvent
  | FrameEvent
  | SentEvent
  | ClosedEvent
  | ErrorEvent
  | InfoEvent
  | StatsEvent
  | FaultEvent
  | ReportEvent;

export type EventKind = FcEvent["event"];

/** The events that carry what peers said. */
export type DataEvent = ReadEvent | FrameEvent | SentEvent;

/** The event of one kind. */
export type EventOf<K extends EventKind> = Extract<FcEvent, { event: K }>;

/** Every kind, in the order the README lists them. */
export const EVENT_KINDS: readonly EventKind[] = [
  "listening",
  "connected",
  "read",
  "frame",
  "sent",
  "closed",
  "error",
  "stats",
  "info",
  "fault",
  "report",
];

/** Where events go: a reporter, the web page's session, or a wrapper around one. */
export interface Emit {
  (ev: FcEvent): void;
  /**
   * Whether an event of this kind and level would be shown at all (the
   * options' -q, -v and --output decide), so that producers need not build
   * an event only for it to be dropped. Absent: every event is shown.
   */
  shows?: (kind: EventKind, level?: "detail") => boolean;
}

/** Whether `emit` shows events of this kind and level: ask before building a costly one. */
export function shows(emit: Emit, kind: EventKind, level?: "detail"): boolean {
  return emit.shows?.(kind, level) ?? true;
}

/** `wrapper`, which passes events on to `inner`, showing what `inner` shows. */
export function showingAs(wrapper: (ev: FcEvent) => void, inner: Emit): Emit {
  return inner.shows ? Object.assign(wrapper, { shows: inner.shows }) : wrapper;
}

/** The bytes an event carries: only `read`, `frame` and `sent` have data. */
export function eventData(ev: FcEvent): Uint8Array | undefined {
  return ev.event === "read" || ev.event === "frame" || ev.event === "sent" ? ev.data : undefined;
}
