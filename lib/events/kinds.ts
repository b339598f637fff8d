/**
 * Every event, defined once: each kind's fields, their JSON types and what
 * they mean. `framecat schema` prints these definitions (schema.ts) and the
 * TypeScript types of events are read from them (types.ts), so the two can
 * never say different things.
 *
 * To add a field: add it to its kind below (`optional(...)` unless every
 * event of that kind has it), then emit it; `deno check` refuses an event
 * with a field its kind does not define. To add a kind: define it with
 * `eventKind`, add it to KINDS and to EVENT_KINDS (types.ts), then give it a
 * sentence in display/text_line.ts. `info`, `report` and `stats` come in
 * sub-kinds, told apart by their `kind` field: to add one, define it with
 * `subKind` and add it to its list (INFO, REPORT, STATS). Fields are only
 * ever added, never renamed or removed (PRODUCT.md). A list of words a field
 * takes, which code also checks at run time, goes in choices.ts: importing
 * this module loads TypeBox and builds every schema, which only `framecat
 * schema` needs (the types of these definitions cost nothing at run time).
 */
import {
  anyObject,
  anyValue,
  bool,
  choice,
  int,
  intOrNull,
  list,
  num,
  object,
  only,
  optional,
  orNull,
  sentence,
  str,
  strOrNull,
  type TProperties,
} from "./fields.ts";
import { Type } from "@sinclair/typebox";
import { CHECK_FAILURES, CHECK_WAYS, CLOSE_REASONS, FAULTS, TRANSPORTS } from "./choices.ts";

/** Fields any event may have. */
const COMMON = {
  peer: optional(str("The peer: HOST:PORT, [V6]:PORT, or the socket path")),
  demo: optional(str("demo: the demo")),
  phase: optional(str("demo: its phase")),
  role: optional(str("demo: the side (sender, receiver, server, client); flood/sink: which")),
};

/** The message as a sentence of framecat's catalogues, for a reader in another language. */
const SAID = sentence(
  "The message as a key of framecat's catalogues (lib/i18n/) and the values it quotes, " +
    "for a reader in another language",
);

const TS = Type.String({ format: "date-time", description: "When it happened (ISO 8601)" });

/** `properties` after the fields any event has: a field of both is the kind's own. */
function withCommon<P extends TProperties>(properties: P): Omit<typeof COMMON, keyof P> & P {
  return { ...COMMON, ...properties };
}

/** One kind of event: `ts`, `event` fixed to its kind, the fields any event has, then its own. */
export function eventKind<const E extends string, P extends TProperties>(
  event: E,
  description: string,
  properties: P,
) {
  return Type.Object(
    { ts: TS, event: Type.Literal(event), ...withCommon(properties) },
    { description, additionalProperties: false },
  );
}

/** One sub-kind of `info`, `report` or `stats`: as a kind, with `kind` telling it apart. */
export function subKind<const E extends string, const K extends string, P extends TProperties>(
  event: E,
  kind: K,
  description: string,
  properties: P,
) {
  return Type.Object(
    {
      ts: TS,
      event: Type.Literal(event),
      kind: Type.Literal(kind, { description: `Which ${event}: ${kind}` }),
      ...withCommon(properties),
    },
    { description, additionalProperties: false },
  );
}

/**
 * The fields of an event with data. In memory the event holds `data` (the
 * bytes); NDJSON writes them as these three (types.ts maps one to the other).
 */
const DATA = {
  bytes: optional(int("The data's size in bytes")),
  base64: optional(Type.String({ contentEncoding: "base64", description: "The data" })),
  text: optional(str("The data as text, when it decodes in --encoding")),
};

const GROUP = {
  group: optional(str("UDP one to many: the multicast group joined")),
  iface: optional(str("UDP one to many: the interface the group was joined on")),
};

const RELAY_IDS = {
  connection: optional(int("relay: its TCP connection number, from 1")),
  session: optional(int("relay: its UDP session number, from 1")),
};

/** A peer's counters, and a server's totals of them. */
const COUNTERS = {
  reads: int("Reads (recv calls, or datagrams)"),
  frames: int("Frames decoded"),
  sends: int("Sends"),
  bytes_in: int("Bytes received"),
  bytes_out: int("Bytes sent"),
};

const SPAN = {
  datagrams: optional(int("demo: how many numbered datagrams this row stands for")),
  first_seq: optional(int("demo: the first one's sequence number")),
  last_seq: optional(int("demo: the last one's sequence number")),
  datagram_bytes: optional(int("The size of each datagram (read: the datagram before truncation)")),
};

const SAVE = {
  save: optional(str("save: receiving, saved, refused or failed")),
  file_name: optional(anyValue("save, send-file: the file's name, as the header gave it")),
  total_size: optional(int("The file's size in bytes")),
  md5: optional(str("The md5 (hex)")),
  path: optional(str("save: where the file was saved")),
  md5_checked: optional(
    bool("save: false when the header's md5 was not a hex digest (saved unverified)"),
  ),
};

const EXEC = {
  exit_code: optional(intOrNull("exec: the command's exit code (null: it did not run)")),
  output_bytes: optional(int("exec: bytes of output")),
};

/** What a TLS handshake agreed, as `connected.tls` shows it. */
export const TLS_INFO = object({
  alpn: strOrNull("The protocol chosen by ALPN, or null when none was"),
  verified: optional(bool("False when --insecure skipped the check of the server's certificate")),
  servername: optional(str("The name sent (SNI) and checked, on the client side")),
  protocol: optional(str("The TLS version, where the backend tells it (node:tls does)")),
  cipher: optional(str("The cipher, where the backend tells it")),
}, "TLS: what the handshake agreed (at least alpn)");

// ---- info: a sentence for people, in sub-kinds ----

const INFO = [
  subKind("info", "note", "A remark: progress, a hint, what happened", {
    message: str("The sentence"),
    said: optional(SAID),
    hint: optional(str("The option likely to help (--encoding gbk)")),
  }),
  subKind("info", "warning", "A warning: something is less safe than it looks", {
    message: str("The sentence"),
    said: optional(SAID),
    warning: only(true, "Always true: a warning"),
  }),
  subKind("info", "chat", "chat: a peer joined or left", {
    message: str("The sentence"),
    said: optional(SAID),
    chat: choice(["join", "leave", "expire", "overflow", "full"], "What happened to peer"),
    online: int("Peers in the chat now"),
  }),
  subKind("info", "save", "save: a file is coming in, or was saved", {
    message: str("The sentence"),
    said: optional(SAID),
    save: choice(["receiving", "saved"], "receiving (its header came) or saved"),
    file_name: anyValue("The file's name, as the header gave it"),
    total_size: int("The file's size in bytes"),
    md5: optional(str("saved: the md5 (hex)")),
    path: optional(str("saved: where the file was saved")),
    md5_checked: optional(
      bool("saved: false when the header's md5 was not a hex digest (saved unverified)"),
    ),
  }),
  subKind("info", "exec", "exec: a command ran", {
    message: str("The sentence"),
    said: optional(SAID),
    exit_code: intOrNull("The command's exit code (null: it did not run)"),
    output_bytes: int("Bytes of output"),
  }),
  subKind("info", "page", "--web on a command: its page is open", {
    message: str("The sentence"),
    said: optional(SAID),
    url: str("The page's address, token included"),
    token: str("The token every request must carry"),
  }),
  subKind("info", "stream", "flood/sink: a flood's stream began, or ended without its marker", {
    message: str("The sentence"),
    said: optional(SAID),
    stream: str("The flood's stream id (8 hex digits)"),
  }),
  subKind("info", "ignored", "sink: datagrams that were not flood probes", {
    message: str("The sentence"),
    said: optional(SAID),
    ignored: int("Datagrams that were not flood probes"),
    malformed: int("Datagrams judged implausible, kept out of the figures"),
  }),
  subKind("info", "seed", "relay: the seed it drew", {
    message: str("The sentence"),
    said: optional(SAID),
    seed: int("The seed of its random choices"),
  }),
  subKind(
    "info",
    "sent_file",
    "send-file: the server acknowledged the whole file (json over TCP or unix; without an acknowledgement there is no such event)",
    {
      message: str("The sentence"),
      said: optional(SAID),
      file_name: anyValue("The file's name, as sent"),
      total_size: int("The file's size in bytes"),
      acknowledged: bool("Always true: the event comes only with the server's acknowledgement"),
    },
  ),
] as const;

// ---- report: flood and sink measurements, in sub-kinds ----

const MEASURED = {
  message: str("The report as one readable line"),
  said: optional(SAID),
  bytes: int("Bytes"),
  seconds: num("Seconds measured"),
  bits_per_second: num("Throughput, bit/s"),
};

const FLOOD = {
  ...MEASURED,
  role: only("flood", "flood"),
  final: only(true, "The final report"),
  stream: str("The flood's stream id (8 hex digits)"),
  size: int("Bytes per datagram or per write"),
  rate: num("--rate"),
};

/** What a UDP receiver counted: a sink, or a flood counting its echoes. */
const ARRIVALS = {
  received: int("Datagrams received, duplicates included"),
  unique: int("Datagrams received once or more"),
  duplicates: int("Datagrams received more than once"),
  out_of_order: int("Datagrams that came after a later one"),
  truncated: int(
    "Datagrams that came cut: longer than the receive buffer, or (a flood's echoes) shorter than the probe they echo",
  ),
  jitter_ms: num("Jitter (RFC 3550), ms"),
};

const LOSS = {
  lost: int("sent − unique"),
  lost_percent: num("lost as a percentage of sent"),
};

const UDP_FLOOD = {
  ...FLOOD,
  transport: only("udp", "udp"),
  sent: int("Datagrams the flood sent"),
  packets_per_second: num("Datagrams per second"),
};

const INTERVAL = {
  interval: only(true, "An interval report (sink --interval)"),
  start: num("Interval start, seconds since the first byte"),
  end: num("Interval end, seconds since the first byte"),
};

const REPORT = [
  subKind("report", "flood", "flood over TCP (or TLS, unix): what it sent", {
    ...FLOOD,
    transport: only("tcp", "tcp"),
  }),
  subKind("report", "flood_udp", "flood over UDP: what it sent", UDP_FLOOD),
  subKind("report", "flood_udp_rtt", "flood --rtt over UDP: what it sent, and its echoes", {
    ...UDP_FLOOD,
    ...ARRIVALS,
    ...LOSS,
    rtt_ms: orNull(
      object({
        samples: int("Echoes measured"),
        min: num("Shortest"),
        mean: num("Mean"),
        p50: num("Median"),
        p90: num("90th percentile"),
        p99: num("99th percentile"),
        max: num("Longest"),
      }),
      "Round-trip times in ms (null: no echo came back whole enough to carry its send time)",
    ),
  }),
  subKind("report", "sink_interval", "sink over TCP: one interval", {
    ...MEASURED,
    ...INTERVAL,
    role: only("sink", "sink"),
    transport: only("tcp", "tcp"),
  }),
  subKind("report", "sink_final", "sink over TCP: one connection, whole", {
    ...MEASURED,
    role: only("sink", "sink"),
    transport: only("tcp", "tcp"),
    final: only(true, "The final report"),
    stream: strOrNull("The flood's stream id (null: not flood traffic)"),
    end_marker: bool("Whether the flood's trailer arrived"),
    expected_bytes: intOrNull("The bytes the flood's trailer announced"),
    intact: bool("Every byte matched the pattern"),
    mismatches: int("Bytes that differ from the pattern"),
    first_mismatch: intOrNull("The offset of the first byte that differs"),
  }),
  subKind("report", "sink_udp_interval", "sink over UDP: one interval of one stream", {
    ...MEASURED,
    ...INTERVAL,
    ...ARRIVALS,
    role: only("sink", "sink"),
    transport: only("udp", "udp"),
    stream: str("The flood's stream id (8 hex digits)"),
    packets_per_second: num("Datagrams per second"),
    missing: int("Holes so far: they may still arrive"),
  }),
  subKind("report", "sink_udp_final", "sink over UDP: one stream, whole", {
    ...MEASURED,
    ...ARRIVALS,
    ...LOSS,
    role: only("sink", "sink"),
    transport: only("udp", "udp"),
    final: only(true, "The final report"),
    stream: str("The flood's stream id (8 hex digits)"),
    sent: int("Datagrams the flood sent (its end marker says; else the highest seen + 1)"),
    packets_per_second: num("Datagrams per second"),
    malformed: int("Implausible datagrams (forged probes), kept out of the figures"),
    end_marker: bool("Whether the flood's end marker arrived"),
  }),
] as const;

// ---- stats: the counters of a run, in sub-kinds ----

/** Reply rules: how many messages each answered (serve, connect). */
const RULE_HITS = {
  rules: optional(list(
    object({
      rule: int("Its number, from 1, in the order given"),
      source: str("The rule as written"),
      hits: int("Messages it answered"),
    }),
    "Reply rules: each one's hits",
  )),
};

/** The relay's counters over TCP, TLS and unix sockets (relay/stats.ts counts them). */
export const RELAY_COUNTERS = {
  connections: int("Connections relayed"),
  unreached: int("Connections accepted whose target could not be reached (not relayed)"),
  handshakes_failed: int("TLS connections accepted whose handshake failed (not relayed)"),
  bytes_up: int("Bytes client → target"),
  bytes_down: int("Bytes target → client"),
  slices: int("Writes made by --slice"),
  coalesced_writes: int("Writes by --coalesce that merged two reads or more"),
  coalesced_reads: int("The reads those writes merged"),
  delayed: int("Chunks held by --delay"),
  rate_waits: int("Chunks --rate held back"),
  throttled_ms: int("ms --rate held them in all"),
  closes: int("Connections ended by --close-after"),
  resets: int("Connections ended by --reset-after"),
  stalls: int("Connections stopped by --stall-after"),
};

/** The relay's counters over UDP. */
export const RELAY_UDP_COUNTERS = {
  sessions: int("Sessions (one per client address)"),
  expired: int("Sessions ended by --idle-timeout"),
  evicted: int("Sessions closed to make room for a new one at the cap (the longest silent)"),
  datagrams_up: int("Datagrams client → target"),
  datagrams_down: int("Datagrams target → client"),
  bytes_up: int("Bytes client → target"),
  bytes_down: int("Bytes target → client"),
  dropped: int("Datagrams dropped by --loss"),
  duplicated: int("Datagrams sent twice by --dup"),
  reordered: int("Datagrams delivered after at least one later datagram of their session"),
  truncated: int("Datagrams cut by --truncate"),
  delayed: int("Datagrams held by --delay"),
  overflowed: int("Datagrams dropped because a session's delay queue was full (not --loss)"),
};

/**
 * The figures each demo phase quotes in its narration, by demo and phase:
 * its `stats` event carries them (lib/demo returns them).
 */
export const DEMO_FIGURES = {
  "sticky": {
    problem: {
      bytes: int("Bytes the receiver's one read returned"),
      joined: str("What that read held: the messages run together"),
    },
    fix: { bytes: int("Bytes read"), frames: int("Messages the length prefixes recovered") },
  },
  "nagle": {
    problem: {
      bytes: int("Bytes the receiver's one read returned"),
      joined: str("What that read held: the small sends merged into one segment"),
      ms: int("How long the sender held its sends (ms)"),
    },
    fix: { bytes: int("Bytes read"), frames: int("Messages the length prefixes recovered") },
  },
  "split": {
    problem: { size: int("The message's size"), reads: int("Reads it took") },
    fix: {
      size: int("The message's size, as the prefix gave it"),
      reads: int("Reads it took"),
      md5: str("The md5 of the message reassembled"),
    },
  },
  "exec-leftover": {
    problem: {
      first: str("The first command"),
      second: str("The second command"),
      size: int("The first reply's size"),
      left: int("Bytes of it left unread, that the second reply's read returns"),
    },
    fix: {
      first: str("The first command"),
      second: str("The second command"),
      size: int("The first reply's size"),
      reads: int("Reads the framed reply took"),
    },
  },
  "udp-boundaries": {
    udp: { datagrams: int("Datagrams sent, and read one by one") },
    tcp: { bytes: int("Bytes the one read returned"), joined: str("What it held") },
  },
  "udp-truncate": {
    problem: {
      size: int("The datagram's size"),
      kept: int("Bytes the small read kept"),
      lost: int("Bytes lost"),
      next: str("What the next read returned: the next datagram"),
    },
    fix: { size: int("The datagram's size, read whole") },
  },
  "udp-loss": {
    problem: {
      sent: int("Datagrams sent in the burst"),
      received: int("Datagrams read"),
      lost: int("Datagrams lost"),
      lost_percent: num("lost as a percentage of sent"),
      lost_seqs: str("The sequence numbers lost, as ranges"),
      size: int("Bytes per datagram"),
    },
    fix: {
      sent: int("Datagrams sent"),
      received: int("Datagrams read"),
      lost: int("Datagrams lost"),
      lost_percent: num("lost as a percentage of sent"),
      window: int("Datagrams per window"),
      rounds: int("Windows sent"),
    },
    relay: {
      sent: int("Datagrams sent"),
      received: int("Datagrams read"),
      lost: int("Datagrams lost"),
      lost_percent: num("lost as a percentage of sent"),
      lost_seqs: str("The sequence numbers lost, as ranges"),
      dropped: int("Datagrams the relay dropped"),
      loss: num("The relay's --loss, percent"),
      seed: int("The relay's --seed"),
    },
  },
  "multicast": {
    group: {
      group: str("The group and port"),
      sends: int("Datagrams sent"),
      copies: int("Copies received, one per member"),
    },
    tcp: { sends: int("Writes made, one per receiver"), copies: int("Copies received") },
  },
};

type DemoFiguresTable = typeof DEMO_FIGURES;
export type DemoName = keyof DemoFiguresTable;
export type PhaseName<D extends DemoName> = keyof DemoFiguresTable[D] & string;
/** A phase's figures, known to be field definitions (for generic D and P). */
type Properties<T> = T extends TProperties ? T : never;

/** The `stats` sub-kind of one demo phase: `demo` and `phase` say which. */
function demoStats<D extends DemoName, P extends PhaseName<D>>(demo: D, phase: P) {
  return subKind("stats", "demo", `demo ${demo}, phase ${phase}: the figures it quotes`, {
    demo: only(demo, "The demo"),
    phase: only(phase, "Its phase"),
    ...(DEMO_FIGURES[demo][phase] as Properties<DemoFiguresTable[D][P]>),
  });
}

/** Every demo phase's stats definition, typed one by one. */
type DemoStatsDef = {
  [D in DemoName]: { [P in PhaseName<D>]: ReturnType<typeof demoStats<D, P>> }[PhaseName<D>];
}[DemoName];

/** Every phase of every demo (TypeScript cannot follow the table's keys through a loop). */
const DEMO_STATS = Object.entries(DEMO_FIGURES).flatMap(([demo, phases]) =>
  Object.keys(phases).map((phase) =>
    demoStats(demo as DemoName, phase as never) as unknown as DemoStatsDef
  )
);

const STATS = [
  subKind("stats", "serve", "serve over TCP, TLS or unix: the whole run", {
    connections: int("Connections accepted"),
    refused: int("Connections refused for --max-conns"),
    errors: int(
      "Connections an error was said about (a bad frame, a refused file, a failure), each once however many; one said after its connection ended counts alone",
    ),
    ...COUNTERS,
    ...RULE_HITS,
  }),
  subKind("stats", "serve_udp", "serve over UDP: the whole run", {
    peers: int("Peers heard"),
    errors: int("Errors"),
    ...COUNTERS,
    ...RULE_HITS,
  }),
  subKind("stats", "connect", "connect: what went each way, and what its reply rules answered", {
    ...COUNTERS,
    ...RULE_HITS,
  }),
  subKind("stats", "relay", "relay over TCP, TLS or unix: what it did", {
    transport: choice(["tcp", "unix"], "Its transport (TLS is tcp)"),
    seed: int("The seed of its random choices"),
    ...RELAY_COUNTERS,
  }),
  subKind("stats", "relay_udp", "relay over UDP: what it did", {
    transport: only("udp", "udp"),
    seed: int("The seed of its random choices"),
    ...RELAY_UDP_COUNTERS,
  }),
  subKind("stats", "web", "framecat web: the whole run", {
    sessions: int("Sessions the page started"),
  }),
] as const;

// ---- check: the cases of framecat check, and its summary ----

/** The kinds a failed case's conversation holds: the events of its connections. */
const CONVERSATION_KINDS = ["connected", "sent", "read", "frame", "fault", "error", "closed"];

const CHECK_WAY = choice(
  CHECK_WAYS,
  "plain; stuck (the sends in one segment); split (every byte in a segment of its own); " +
    "delayed (the replies read late); large (a message larger than recv(1024))",
);

const CHECK = eventKind(
  "check",
  "framecat check: one case (a target, one way), passed or failed and why",
  {
    check: str("The built-in check, or the scenario file"),
    target: str("The target's name (its endpoint, when given on the command line)"),
    address: str("The target's endpoint: tcp://HOST:PORT, udp://HOST:PORT or unix:PATH"),
    way: CHECK_WAY,
    passed: bool("Whether the case passed"),
    failure: optional(choice(
      CHECK_FAILURES,
      "What the failure shows: sticking (粘包), splitting (拆包), truncation (a UDP datagram " +
        "cut), piled (replies that ran together), md5, stderr, chars (a length counted in characters), " +
        "silent, closed, reset, malformed, " +
        "wrong, flood, unreachable, error",
    )),
    message: str(
      "The explanation: what was sent and how it was cut, what came back, what that means, " +
        "the fix (--lang)",
    ),
    said: optional(SAID),
    ms: int("How long the case took, ms"),
    conversation: optional(Type.Unsafe<Record<string, unknown>[]>({
      type: "array",
      description: "A failed case's conversation: the events of its connections, as NDJSON",
      items: { oneOf: CONVERSATION_KINDS.map((k) => ({ $ref: `#/$defs/${k}` })) },
    })),
  },
);

const SUMMARY = eventKind("summary", "framecat check: the counts and the table of targets × ways", {
  check: str("The built-in check, or the scenario file"),
  ways: Type.Array(CHECK_WAY, { description: "The ways run, in order: the table's columns" }),
  targets: int("Targets checked"),
  cases: int("Cases run (targets × ways)"),
  passed: int("Cases passed"),
  failed: int("Cases failed"),
  unreachable: int("Targets that could not be reached at all"),
  not_run: int(
    "Cases not run: the check was stopped (Ctrl-C, the page's Stop) before them; 0 when it ran whole",
  ),
  table: Type.Array(
    object({
      target: str("The target's name"),
      address: str("Its endpoint"),
      results: Type.Unsafe<Partial<Record<typeof CHECK_WAYS[number], "pass" | "fail">>>({
        type: "object",
        description: "By way: pass or fail (a way the check does not run is absent)",
        propertyNames: { enum: [...CHECK_WAYS] },
        additionalProperties: { enum: ["pass", "fail"] },
      }),
    }),
    { description: "One row per target" },
  ),
  message: str("The counts as one line (--lang)"),
  said: optional(SAID),
});

// ---- every kind ----

/** Every kind of event, in the order the README lists them: the one source of events. */
export const KINDS = {
  listening: eventKind("listening", "A server, relay or sink is bound and accepting", {
    address: str("HOST:PORT as bound, or the socket path"),
    port: optional(int("The bound port (0 is never shown: the one the system chose is)")),
    transport: optional(choice(TRANSPORTS, "tcp, tls, udp or unix")),
    message: optional(str("The sentence text output shows")),
    said: optional(SAID),
    behavior: optional(str("serve: the behaviour")),
    target: optional(str("relay: where it forwards to")),
    seed: optional(int("relay: the seed of its random choices")),
    fingerprint: optional(str("TLS: the SHA-256 fingerprint of the server's certificate")),
    ...GROUP,
    url: optional(str("web: the page's address, token included")),
    token: optional(str("web: the token every request must carry")),
  }),
  connected: eventKind("connected", "A connection is open (or a UDP client has its socket)", {
    ...RELAY_IDS,
    ...GROUP,
    local: optional(str("Our own address on it")),
    message: optional(str("The sentence text output shows")),
    said: optional(SAID),
    target: optional(str("relay: where this client is forwarded to")),
    tls: optional(TLS_INFO),
  }),
  read: eventKind("read", "One read (recv) or one datagram, as it came", {
    ...DATA,
    ...SPAN,
    read: optional(int("Its number on that connection or from that UDP peer, from 1")),
    member: optional(int("demo multicast: which member of the group read it, from 1")),
    truncated: optional(bool("UDP: the datagram was longer than --read-size")),
    lost_bytes: optional(int("UDP: the bytes the truncation lost")),
  }),
  frame: eventKind("frame", "One decoded message, with the reads it began and ended in", {
    ...DATA,
    frame: int("Its number, from 1"),
    read: int("The read that completed it"),
    first_read: optional(int(
      "The read that carried its first byte: less than read when the frame was split " +
        "across reads (TCP, unix, TLS; UDP: equal to read, a datagram is its own read)",
    )),
    header: optional(anyObject("json framing: the header as received")),
    md5: optional(str("demo: the payload's md5")),
  }),
  sent: eventKind("sent", "One message sent", {
    ...DATA,
    ...SPAN,
    wire_bytes: optional(int("Bytes put on the wire, framing included")),
    header: optional(anyObject("json framing: the header sent")),
    file: optional(str("send-file: the file's path")),
    total_size: optional(int("send-file: the file's size")),
    sent_bytes: optional(int("send-file: how much of it was sent")),
    write: optional(int(
      "The write (one segment) that carried it, numbered on its side: demo, --coalesce",
    )),
    coalesced: optional(
      int("--coalesce, demo nagle, check: how many messages left together in that write"),
    ),
    rule: optional(int("The reply rule (its number, from 1) that answered with this message")),
    md5: optional(str("demo: the payload's md5")),
  }),
  closed: eventKind("closed", "A connection, UDP peer or relay session ended", {
    ...RELAY_IDS,
    reads: optional(COUNTERS.reads),
    frames: optional(COUNTERS.frames),
    sends: optional(COUNTERS.sends),
    bytes_in: optional(COUNTERS.bytes_in),
    bytes_out: optional(COUNTERS.bytes_out),
    reason: choice(
      CLOSE_REASONS,
      "eof (the peer closed), us, reset (RST), idle (--idle-timeout), error, " +
        "leave and expired (chat), evicted (too many UDP peers), " +
        "overflow (a peer that does not read, dropped by chat or print), " +
        "full (turned away by a full chat)",
    ),
    message: optional(str("Why, in words")),
    said: optional(SAID),
    side: optional(str("relay: the side whose end closed the link")),
    bytes_up: optional(int("relay: bytes client → target")),
    bytes_down: optional(int("relay: bytes target → client")),
    datagrams_up: optional(int("relay: datagrams client → target")),
    datagrams_down: optional(int("relay: datagrams target → client")),
  }),
  error: eventKind(
    "error",
    "Something went wrong: a malformed frame, a failed peer, a refused file",
    {
      ...RELAY_IDS,
      ...SAVE,
      ...EXEC,
      message: str("What went wrong, and where"),
      said: optional(SAID),
      hint: optional(str("The likely fix")),
      offset: optional(int("A malformed frame: the stream offset of the bad bytes")),
    },
  ),
  stats: Type.Union([...STATS, ...DEMO_STATS], {
    description: "The counters of a whole run (at its end), or the figures of a demo phase",
  }),
  info: Type.Union([...INFO], {
    description: "A lifecycle message for people: warnings, joins, progress, notes",
  }),
  fault: eventKind("fault", "A fault the relay applied (text shows them with -v)", {
    ...RELAY_IDS,
    fault: choice(FAULTS, "Which fault"),
    direction: choice(["up", "down"], "up: client → target; down: back"),
    seq: optional(int("The chunk's or datagram's number in its direction, from 1")),
    bytes: optional(int("Its size")),
    passed: optional(int("reorder: later datagrams that went first")),
    kept: optional(int("truncate: bytes kept")),
    ms: optional(num("delay: ms held")),
    pieces: optional(int("slice: writes it was cut into")),
    reads: optional(int("coalesce: reads merged into one write")),
    waited_ms: optional(num("rate: ms held for --rate")),
    rst: optional(bool("reset: a real RST was sent")),
  }),
  report: Type.Union([...REPORT], {
    description: "An interval or final measurement of flood or sink",
  }),
  checksum: eventKind(
    "checksum",
    "A warning: a received message whose --checksum does not match (still shown and handled)",
    {
      message: str("What did not match, in words"),
      said: optional(SAID),
      frame: int("The message's number on that connection (or from that UDP peer), from 1"),
      checksum: str("The checksum, as --checksum names it"),
      expected: str(
        'The checksum of the message\'s body as it would be sent, in hex ("": too short)',
      ),
      got: str('The bytes the message ended with, in hex ("": too short to hold a checksum)'),
    },
  ),
  check: CHECK,
  summary: SUMMARY,
};
