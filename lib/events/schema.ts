/**
 * The JSON Schema (draft 2020-12) of every NDJSON event, one definition per
 * kind under `$defs`: what `framecat schema` prints and the README's events
 * section shows. Written once, here, and checked against the types of
 * `types.ts` when the code is type-checked: a field in one and not in the
 * other, or required in one and optional in the other, does not compile.
 */
import type { EventKind, EventOf } from "./types.ts";

const str = (description: string) => ({ type: "string", description }) as const;
const int = (description: string) => ({ type: "integer", minimum: 0, description }) as const;
const num = (description: string) => ({ type: "number", description }) as const;
const bool = (description: string) => ({ type: "boolean", description }) as const;
const obj = (description: string) => ({ type: "object", description }) as const;
const intOrNull = (description: string) =>
  ({ type: ["integer", "null"], minimum: 0, description }) as const;

/** Fields any event may have. */
const COMMON = {
  ts: { type: "string", format: "date-time", description: "When it happened (ISO 8601)" },
  peer: str("The peer: HOST:PORT, [V6]:PORT, or the socket path"),
  demo: str("demo: the demo"),
  phase: str("demo: its phase"),
  role: str("demo: the side (sender, receiver, server, client); flood/sink: which of them"),
} as const;

/** The fields of an event with data. */
const DATA = {
  bytes: int("The data's size in bytes"),
  base64: { type: "string", contentEncoding: "base64", description: "The data" },
  text: str("The data as text, when it decodes in --encoding"),
} as const;

const GROUP = {
  group: str("UDP one to many: the multicast group joined"),
  iface: str("UDP one to many: the interface the group was joined on"),
} as const;

const RELAY_IDS = {
  connection: int("relay: its TCP connection number, from 1"),
  session: int("relay: its UDP session number, from 1"),
} as const;

const COUNTERS = {
  reads: int("Reads (recv calls, or datagrams)"),
  frames: int("Frames decoded"),
  sends: int("Sends"),
  bytes_in: int("Bytes received"),
  bytes_out: int("Bytes sent"),
} as const;

const SPAN = {
  datagrams: int("demo: how many numbered datagrams this row stands for"),
  first_seq: int("demo: the first one's sequence number"),
  last_seq: int("demo: the last one's sequence number"),
  datagram_bytes: int("The size of each datagram (read: the datagram before truncation)"),
} as const;

const SAVE = {
  save: str("save: receiving, saved, refused or failed"),
  file_name: { description: "save, send-file: the file's name, as the header gave it" },
  total_size: int("The file's size in bytes"),
  md5: str("The md5 (hex)"),
  path: str("save: where the file was saved"),
  md5_checked: bool("save: false when the header's md5 was not a hex digest (saved unverified)"),
} as const;

const EXEC = {
  exit_code: intOrNull("exec: the command's exit code (null: it did not run)"),
  output_bytes: int("exec: bytes of output"),
} as const;

const REPORT = {
  message: str("The report as one readable line"),
  transport: str("tcp or udp"),
  interval: bool("An interval report (sink --interval)"),
  final: bool("The final report"),
  stream: { type: ["string", "null"], description: "The flood's stream id (8 hex digits)" },
  sent: int("Datagrams the flood sent"),
  received: int("Datagrams received, duplicates included"),
  unique: int("Datagrams received once or more"),
  lost: int("sent − unique"),
  lost_percent: num("lost as a percentage of sent"),
  duplicates: int("Datagrams received more than once"),
  out_of_order: int("Datagrams that came after a later one"),
  truncated: int("Datagrams cut by the receive buffer"),
  malformed: int("UDP: implausible datagrams (forged probes), kept out of the figures"),
  missing: int("Holes so far (interval reports): they may still arrive"),
  jitter_ms: num("Jitter (RFC 3550), ms"),
  bytes: int("Bytes"),
  size: int("Bytes per datagram or per write"),
  rate: num("--rate"),
  seconds: num("Seconds measured"),
  start: num("Interval start, seconds since the first byte"),
  end: num("Interval end, seconds since the first byte"),
  bits_per_second: num("Throughput, bit/s"),
  packets_per_second: num("Datagrams per second"),
  end_marker: bool("Whether the flood's end marker or trailer arrived"),
  expected_bytes: intOrNull("TCP: the bytes the flood's trailer announced"),
  intact: bool("TCP: every byte matched the pattern"),
  mismatches: int("TCP: bytes that differ from the pattern"),
  first_mismatch: intOrNull("TCP: the offset of the first byte that differs"),
  rtt_ms: {
    type: ["object", "null"],
    description: "flood --rtt: round-trip times in ms",
    properties: {
      samples: int("Echoes measured"),
      min: num("Shortest"),
      mean: num("Mean"),
      p50: num("Median"),
      p90: num("90th percentile"),
      p99: num("99th percentile"),
      max: num("Longest"),
    },
    required: ["samples", "min", "mean", "p50", "p90", "p99", "max"],
    additionalProperties: false,
  },
} as const;

/** One definition: `event` fixed to its kind, the common fields, then its own. */
function kind<K extends EventKind, P extends object, const R extends readonly string[]>(
  event: K,
  description: string,
  properties: P,
  required: R,
) {
  return {
    type: "object",
    description,
    properties: { event: { const: event }, ...COMMON, ...properties },
    required: ["ts", "event", ...required] as ["ts", "event", ...R],
    additionalProperties: false,
  } as const;
}

const DEFS = {
  listening: kind("listening", "A server, relay or sink is bound and accepting", {
    address: str("HOST:PORT as bound, or the socket path"),
    port: int("The bound port (0 is never shown: the one the system chose is)"),
    transport: { enum: ["tcp", "tls", "udp", "unix"], description: "tcp, tls, udp or unix" },
    message: str("The sentence text output shows"),
    behavior: str("serve: the behaviour"),
    target: str("relay: where it forwards to"),
    seed: int("relay: the seed of its random choices"),
    fingerprint: str("TLS: the SHA-256 fingerprint of the server's certificate"),
    ...GROUP,
    url: str("web: the page's address, token included"),
    token: str("web: the token every request must carry"),
  }, ["address"]),
  connected: kind("connected", "A connection is open (or a UDP client has its socket)", {
    ...RELAY_IDS,
    ...GROUP,
    local: str("Our own address on it"),
    message: str("The sentence text output shows"),
    target: str("relay: where this client is forwarded to"),
    tls: obj("TLS: what the handshake agreed (at least alpn)"),
    group: str("UDP one to many: the multicast group a client joined"),
    iface: str("UDP one to many: the interface the group was joined on"),
  }, []),
  read: kind("read", "One read (recv) or one datagram, as it came", {
    ...DATA,
    ...SPAN,
    read: int("Its number on that connection or from that UDP peer, from 1"),
    member: int("demo multicast: which member of the group read it, from 1"),
    truncated: bool("UDP: the datagram was longer than --read-size"),
    lost_bytes: int("UDP: the bytes the truncation lost"),
  }, []),
  frame: kind("frame", "One decoded message, with the reads it began and ended in", {
    ...DATA,
    frame: int("Its number, from 1"),
    read: int("The read that completed it"),
    first_read: int(
      "The read that carried its first byte: less than read when the frame was split " +
        "across reads (TCP, unix, TLS; UDP: equal to read, a datagram is its own read)",
    ),
    header: obj("json framing: the header as received"),
    md5: str("demo: the payload's md5"),
  }, ["frame", "read"]),
  sent: kind("sent", "One message sent", {
    ...DATA,
    ...SPAN,
    wire_bytes: int("Bytes put on the wire, framing included"),
    header: obj("json framing: the header sent"),
    file: str("send-file: the file's path"),
    total_size: int("send-file: the file's size"),
    sent_bytes: int("send-file: how much of it was sent"),
    write: int("The write (one segment) that carried it, numbered on its side: demo, --coalesce"),
    coalesced: int("--coalesce, demo nagle: how many messages left together in that write"),
    md5: str("demo: the payload's md5"),
  }, []),
  closed: kind("closed", "A connection, UDP peer or relay session ended", {
    ...RELAY_IDS,
    ...COUNTERS,
    reason: {
      enum: ["eof", "us", "reset", "idle", "error", "leave", "expired", "evicted", "overflow"],
      description: "eof (the peer closed), us, reset (RST), idle (--idle-timeout), error, " +
        "leave and expired (chat), evicted (too many UDP peers), " +
        "overflow (a peer that does not read, dropped by chat or print)",
    },
    message: str("Why, in words"),
    side: str("relay: the side whose end closed the link"),
    bytes_up: int("relay: bytes client → target"),
    bytes_down: int("relay: bytes target → client"),
    datagrams_up: int("relay: datagrams client → target"),
    datagrams_down: int("relay: datagrams target → client"),
  }, ["reason"]),
  error: kind("error", "Something went wrong: a malformed frame, a failed peer, a refused file", {
    ...RELAY_IDS,
    ...SAVE,
    ...EXEC,
    message: str("What went wrong, and where"),
    hint: str("The likely fix"),
    offset: int("A malformed frame: the stream offset of the bad bytes"),
  }, ["message"]),
  stats: {
    ...kind("stats", "The counters of a whole run (at its end); more may be added", {
      ...COUNTERS,
      connections: int("Connections accepted (relay: relayed)"),
      refused: int("Connections refused for --max-conns"),
      peers: int("UDP: peers heard"),
      errors: int("Errors"),
      malformed: int("Malformed frames"),
      transport: { enum: ["tcp", "tls", "udp", "unix"], description: "relay: its transport" },
      seed: int("relay: the seed of its random choices"),
    }, []),
    // Counters and a demo phase's figures: numbers, and the odd word a narration uses.
    additionalProperties: { type: ["number", "string", "boolean"] },
  },
  info: kind("info", "A lifecycle message for people: warnings, joins, progress, notes", {
    ...SAVE,
    ...EXEC,
    message: str("The sentence"),
    warning: bool("A warning (--exec-public)"),
    hint: str("The option likely to help (--encoding gbk)"),
    url: str("--web on a command: the page's address, token included"),
    token: str("--web on a command: the token every request must carry"),
    chat: {
      enum: ["join", "leave", "expire", "overflow"],
      description: "chat: what happened to peer",
    },
    online: int("chat: peers in the chat now"),
    stream: str("flood/sink: the flood's stream id"),
    ignored: int("sink: datagrams that were not flood probes"),
    malformed: int("sink: datagrams judged implausible, kept out of the figures"),
    seed: int("relay: the seed it drew"),
    acknowledged: bool("send-file: whether the server acknowledged the file"),
  }, ["message"]),
  fault: kind("fault", "A fault the relay applied (text shows them with -v)", {
    ...RELAY_IDS,
    fault: {
      enum: [
        "drop",
        "dup",
        "reorder",
        "truncate",
        "delay",
        "slice",
        "coalesce",
        "rate",
        "close",
        "reset",
        "stall",
      ],
      description: "Which fault",
    },
    direction: { enum: ["up", "down"], description: "up: client → target; down: back" },
    seq: int("The chunk's or datagram's number in its direction, from 1"),
    bytes: int("Its size"),
    passed: int("reorder: later datagrams that went first"),
    kept: int("truncate: bytes kept"),
    ms: num("delay: ms held"),
    pieces: int("slice: writes it was cut into"),
    reads: int("coalesce: reads merged into one write"),
    waited_ms: num("rate: ms held for --rate"),
    rst: bool("reset: a real RST was sent"),
  }, ["fault", "direction"]),
  report: kind("report", "An interval or final measurement of flood or sink", REPORT, [
    "message",
  ]),
} as const;

/** The schema `framecat schema` prints. */
export const EVENT_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "framecat NDJSON event",
  description: "One line of `--output json`. Fields are only ever added, never renamed.",
  oneOf: (Object.keys(DEFS) as EventKind[]).map((k) => ({ $ref: `#/$defs/${k}` })),
  $defs: DEFS,
} as const;

// ---- The check: the schema and the types say the same, kind by kind. ----

/** The declared keys of T (an index signature is not a key). */
type Declared<T> = keyof {
  [K in keyof T as string extends K ? never : K]: T[K];
};
/** The keys of T that are not optional. */
type RequiredOf<T> = {
  [K in Declared<T>]-?: undefined extends T[K & keyof T] ? never : K;
}[Declared<T>];
/** The NDJSON keys of an event type: `data` is written as bytes/base64/text, `level` not at all. */
type JsonKeys<E> =
  | "ts"
  | Exclude<Declared<E>, "level" | "data">
  | ("data" extends Declared<E> ? keyof typeof DATA : never);
type SchemaDef<K extends EventKind> = (typeof DEFS)[K];
type Mismatch<A, B> = Exclude<A, B> | Exclude<B, A>;
type Same<A, B> = [Mismatch<A, B>] extends [never] ? true : Mismatch<A, B>;

/** Compiles only when every kind is `true`; otherwise the error names the fields that differ. */
type AllSame<T extends { [K in EventKind]: true }> = T;

export type SchemaFieldsMatchTypes = AllSame<
  { [K in EventKind]: Same<JsonKeys<EventOf<K>>, keyof SchemaDef<K>["properties"]> }
>;
export type SchemaRequiredMatchesTypes = AllSame<
  { [K in EventKind]: Same<"ts" | RequiredOf<EventOf<K>>, SchemaDef<K>["required"][number]> }
>;
