/**
 * Every option of every command, one table entry each: its flags and help,
 * how its value is checked, its default. The command line adds them to
 * commander and reads them back typed (table.ts); the option types of
 * types.ts are derived from them. Durations are read into milliseconds,
 * sizes into bytes.
 */
import { DEFAULT_MAX_FRAME, DEFAULT_MAX_HEADER, FRAMINGS, PREFIXES } from "../framing/types.ts";
import { parsePrefix } from "../framing/prefix.ts";
import { OUTPUTS } from "../display/output.ts";
import { checkEncoding } from "../notation/text_encoding.ts";
import { parseWebAddress } from "./web_address.ts";
import { choice, flag, list, opt, table } from "./table.ts";
import { parseHex } from "../notation/hex.ts";
import { CHECKSUM_NAMES, parseChecksum } from "../checksum/mod.ts";
import {
  parseDelay,
  parseInteger,
  parsePercent,
  parsePositiveDuration,
  parseRange,
} from "./units.ts";
import { UsageError } from "../errors.ts";
import { parseWays } from "./ways.ts";
import { count, ms, parseHeaderField, positiveMs, seconds, size, text } from "./values.ts";

export const BEHAVIORS = [
  "echo",
  "upper",
  "discard",
  "print",
  "exec",
  "time",
  "chat",
  "save",
] as const;
export const DIRECTIONS = ["both", "up", "down"] as const;
export const LANGS = ["en", "zh"] as const;
/** How `framecat check` reports: text, TAP 13, JUnit XML, NDJSON events. */
export const REPORTS = ["text", "tap", "junit", "json"] as const;
/** framecat check's built-in checks (lib/check/catalog.ts has each), in the order they are listed. */
export const CHECK_NAMES = [
  "echo",
  "upper",
  "len-echo",
  "json-exec",
  "save",
  "time",
  "udp-echo",
  "chat",
] as const;
export const INPUTS = ["text", "hex"] as const;

/** How events are shown (every command but web). */
export const DISPLAY = table({
  output: choice({
    flags: "--output <format>",
    help: "how events are shown; json is NDJSON, raw the received bytes alone (as nc)",
    choices: OUTPUTS,
    default: "text",
  }),
  /** A WHATWG label, checked: one framecat cannot write is refused. */
  encoding: opt({
    flags: "--encoding <label>",
    help: "text encoding of what is shown and typed, e.g. gbk",
    parse: checkEncoding,
    default: "utf-8",
  }),
  quiet: flag({ flags: "-q, --quiet", help: "show only data, errors and final figures" }),
  verbose: flag({
    flags: "-v, --verbose",
    help: "show more: raw frames, server replies, relay faults",
  }),
  web: opt({
    flags: "--web <[host:]port>",
    help: "also show this command live in the browser",
    parse: parseWebAddress,
  }),
  webPublic: flag({ flags: "--web-public", help: "let --web listen on a non-loopback address" }),
});

/** Shared by serve, connect, relay and sink (PRODUCT.md). */
export const COMMON = table({
  framing: choice({
    flags: "--framing <f>",
    help: "how messages are delimited, both ways",
    choices: FRAMINGS,
    default: "raw",
  }),
  sendFraming: choice({
    flags: "--send-framing <f>",
    help: "framing of what is written, if not --framing",
    choices: FRAMINGS,
  }),
  recvFraming: choice({
    flags: "--recv-framing <f>",
    help: "framing of what is read, if not --framing",
    choices: FRAMINGS,
  }),
  prefix: opt({
    flags: "--prefix <p>",
    help: `length prefix of len and json: ${PREFIXES.join(", ")}, ` +
      "or a Python struct code: i (the course's struct.pack('i'), u32le), !I (u32be)…",
    parse: parsePrefix,
    default: "u32be",
  }),
  maxFrame: opt({
    flags: "--max-frame <size>",
    help: "largest frame accepted, as 1024, 64KiB or 16MiB",
    parse: size(1, 1024 ** 3),
    default: DEFAULT_MAX_FRAME,
    defaultHelp: "16MiB",
  }),
  maxHeader: opt({
    flags: "--max-header <size>",
    help: "largest JSON header accepted (json framing)",
    parse: size(1, 1024 ** 3),
    default: DEFAULT_MAX_HEADER,
    defaultHelp: "64KiB",
  }),
  /** Also the UDP receive buffer: a longer datagram is truncated. */
  readSize: opt({
    flags: "--read-size <bytes>",
    help: "bytes asked of each read, as recv(n); for UDP the receive buffer",
    parse: size(1, 16 * 1024 * 1024),
    default: 65536,
  }),
  readDelay: opt({
    flags: "--read-delay <ms>",
    help: "wait before each read, so data piles up",
    parse: ms,
    default: 0,
  }),
  nodelay: flag({ flags: "--nodelay", help: "set TCP_NODELAY (no Nagle delay)" }),
});

/** How text given by the user becomes bytes (serve and connect). */
export const TEXT_INPUT = table({
  crlf: flag({
    flags: "--crlf",
    help: "lines end with \\r\\n on the wire, typed or piped ones too (nc -C)",
  }),
  escapes: flag({
    flags: "-e, --escapes",
    help: "--send text and typed lines may hold \\r \\n \\t \\0 \\\\ \\xHH",
  }),
  input: choice({
    flags: "--input <mode>",
    help:
      "how typed or piped lines are read: text, or hex (any --send-hex spelling, a message a line)",
    choices: INPUTS,
    default: "text",
  }),
});

/** Talking back (serve and connect): reply rules and a checksum on every message. */
export const TALK = table({
  reply: list({
    flags: "--reply <rule>",
    help: "answer messages that match: 'MATCH => RESPONSE' (repeatable; tried in order)",
    parse: (t) => t,
  }),
  replies: list({
    flags: "--replies <file>",
    help: "reply rules from a file, one a line (# comments)",
    parse: (t) => t,
  }),
  checksum: opt({
    flags: "--checksum <name[:be|:le]>",
    help: `append a checksum to every message sent, verify it on every one received: ${
      CHECKSUM_NAMES.join(", ")
    }`,
    parse: parseChecksum,
  }),
});

/** One to many: a UDP group or broadcast address (serve, connect, sink, flood). */
export const GROUP = table({
  iface: opt({
    flags: "--iface <addr|name>",
    help:
      "UDP group or broadcast: the interface, by address or name (default: the system's choice)",
    parse: text,
  }),
  ttl: opt({
    flags: "--ttl <n>",
    help: "UDP group: hop limit of what is sent",
    parse: (t) => parseInteger(t, 0, 255),
    default: 1,
  }),
  loop: flag({ flags: "--no-loop", help: "UDP group: our own datagrams do not come back to us" }),
});

export const SERVE = table({
  behavior: choice({
    flags: "--behavior <b>",
    help: "what the server does",
    choices: BEHAVIORS,
    default: "echo",
  }),
  serial: flag({ flags: "--serial", help: "one connection at a time; others wait in the backlog" }),
  once: flag({ flags: "--once", help: "exit after the first connection (TCP) or exchange (UDP)" }),
  maxConns: opt({
    flags: "--max-conns <n>",
    help: "at most N connections at once; more are closed",
    parse: count(1),
  }),
  /** ms */
  idleTimeout: opt({
    flags: "--idle-timeout <s>",
    help: "close a peer silent for S seconds (UDP: forget it)",
    parse: seconds,
  }),
  execPublic: flag({ flags: "--exec-public", help: "exec: allow a non-loopback bind (dangerous)" }),
  execAnyUser: flag({
    flags: "--exec-any-user",
    help: "exec: let every local user run commands, not only this one (dangerous)",
  }),
  /** ms */
  execTimeout: opt({
    flags: "--exec-timeout <s>",
    help: "exec: kill commands after S seconds",
    parse: seconds,
    default: 10_000,
    defaultHelp: "10",
  }),
  /** ms */
  interval: opt({
    flags: "--interval <s>",
    help: "chat: drop a peer silent for S seconds",
    parse: seconds,
    default: 10_000,
    defaultHelp: "10",
  }),
  dir: opt({
    flags: "--dir <path>",
    help: "save: where received files go",
    parse: text,
    default: "./received",
  }),
  /** The body's bound, in bytes. */
  maxFile: opt({
    flags: "--max-file <size>",
    help: "save: largest file",
    parse: size(0),
    default: 4 * 1024 ** 3,
    defaultHelp: "4GiB",
  }),
  overwrite: flag({ flags: "--overwrite", help: "save: replace existing files" }),
});

export const CONNECT = table({
  send: list({
    flags: "--send <text>",
    help: "a message to send (repeatable; none: type them, or pipe them in)",
    parse: (t) => t,
  }),
  sendHex: list({
    flags: "--send-hex <hex>",
    help: "a message given in hex: 4142, 41 42, 41:42, 0x41,0x42 or \\x41\\x42 (repeatable)",
    parse: parseHex,
  }),
  sendFile: opt({
    flags: "--send-file <path>",
    help: "a file as one message (json framing adds file_name, total_size, md5)",
    parse: text,
  }),
  header: list({
    flags: "--header <key=value>",
    help: "extra field of the json header (repeatable)",
    parse: parseHeaderField,
  }),
  count: opt({
    flags: "--count <n>",
    help: "repeat the sends N times; 0: until stopped (Ctrl-C)",
    parse: count(0),
    default: 1,
  }),
  /** ms */
  interval: opt({
    flags: "--interval <ms>",
    help: "pause between sends; 0: back to back",
    parse: ms,
    default: 0,
  }),
  /** ms */
  coalesce: opt({
    flags: "--coalesce <ms>",
    help: "hold what is sent within MS and write it as one segment: the sender-side cause " +
      "of sticking (the course's cause 2, as Nagle's algorithm does)",
    parse: positiveMs,
  }),
  expect: opt({
    flags: "--expect <n>",
    help: "exit 0 after N messages came back; fewer: exit 4",
    parse: count(0),
  }),
  /** ms; the command picks the default (1000 when not interactive, 5000 with --expect). */
  wait: opt({
    flags: "--wait <ms>",
    help: "after the last send, wait this long for replies (default: 1000; 5000 with --expect)",
    parse: ms,
  }),
  halfClose: flag({
    flags: "--half-close",
    help: "shut the write side after sending (the peer reads EOF)",
  }),
  /** ms */
  heartbeat: opt({
    flags: "--heartbeat <s>",
    help: "chat: send ^hb^ every S seconds; typing quit leaves",
    parse: seconds,
  }),
});

export const RELAY = table({
  seed: opt({
    flags: "--seed <n>",
    help: "seed of every random choice: same seed, same faults",
    parse: count(0),
  }),
  slice: opt({
    flags: "--slice <min-max>",
    help: "TCP: forward in writes of MIN to MAX bytes",
    parse: (t) => parseRange(t, 1, 16 * 1024 * 1024),
  }),
  /** ms */
  coalesce: opt({
    flags: "--coalesce <ms>",
    help: "TCP: merge what arrives within MS into one write",
    parse: positiveMs,
  }),
  delay: opt({
    flags: "--delay <ms[:jitter]>",
    help: "hold every chunk or datagram MS ± JITTER ms",
    parse: parseDelay,
  }),
  /** bytes per second */
  rate: opt({
    flags: "--rate <bytes/s>",
    help: "TCP: bandwidth limit in bytes per second",
    parse: size(1),
  }),
  closeAfter: opt({
    flags: "--close-after <bytes>",
    help: "TCP: close both sides after this many bytes",
    parse: size(0),
  }),
  resetAfter: opt({
    flags: "--reset-after <bytes>",
    help: "TCP: reset both sides (RST) after this many bytes",
    parse: size(0),
  }),
  stallAfter: opt({
    flags: "--stall-after <bytes>",
    help: "TCP: after this many bytes, stop forwarding but keep the connections open",
    parse: size(0),
  }),
  direction: choice({
    flags: "--direction <d>",
    help: "which way faults apply; up is client to target",
    choices: DIRECTIONS,
    default: "both",
  }),
  /** percent, 0..100 */
  loss: opt({
    flags: "--loss <pct>",
    help: "UDP: drop this percentage of datagrams",
    parse: parsePercent,
    default: 0,
  }),
  dup: opt({
    flags: "--dup <pct>",
    help: "UDP: send this percentage twice",
    parse: parsePercent,
    default: 0,
  }),
  reorder: opt({
    flags: "--reorder <pct>",
    help: "UDP: hold back this percentage behind later ones",
    parse: parsePercent,
    default: 0,
  }),
  truncate: opt({
    flags: "--truncate <bytes>",
    help: "UDP: cut longer datagrams to this size",
    parse: size(0, 65535),
  }),
  /** ms */
  idleTimeout: opt({
    flags: "--idle-timeout <s>",
    help: "UDP: a client silent this many seconds is forgotten",
    parse: seconds,
    default: 60_000,
    defaultHelp: "60",
  }),
});

export const SINK = table({
  /** ms */
  interval: opt({
    flags: "--interval <s>",
    help: "a report every S seconds (default: only the final one)",
    parse: seconds,
  }),
  once: flag({ flags: "--once", help: "exit after the first flood ends" }),
  /** ms */
  idleTimeout: opt({
    flags: "--idle-timeout <s>",
    help: "exit after S seconds without traffic",
    parse: seconds,
  }),
});

export const FLOOD = table({
  /** Bytes per datagram (UDP) or per write (TCP); the command picks the default. */
  size: opt({
    flags: "--size <bytes>",
    help: "datagram size (default: 1400) or TCP write size (1MiB)",
    parse: size(1, 16 * 1024 * 1024),
  }),
  count: opt({ flags: "--count <n>", help: "how many datagrams or writes", parse: count(1) }),
  /** ms */
  duration: opt({
    flags: "--duration <s>",
    help: "send for S seconds (default: 10)",
    parse: seconds,
  }),
  rate: opt({
    flags: "--rate <r>",
    help: "packets/s (UDP) or bytes/s (TCP); 0: as fast as possible",
    parse: size(0),
    default: 0,
  }),
  rtt: flag({ flags: "--rtt", help: "UDP: measure round trips against an echo server" }),
  /** ms */
  wait: opt({
    flags: "--wait <ms>",
    help: "after the last send, wait for echoes or the sink",
    parse: ms,
    default: 1000,
  }),
  corruptAt: opt({
    flags: "--corrupt-at <offset>",
    help: "testing aid: TCP flips the byte at OFFSET",
    parse: size(0),
    hidden: true,
  }),
});

export const DEMO = table({
  /** The command picks the default from the locale. */
  lang: choice({
    flags: "--lang <lang>",
    help: "narration language, from LANG if not given",
    choices: LANGS,
  }),
});

export const CHECK = table({
  targets: opt({
    flags: "--targets <file>",
    help: "the servers to check, one NAME ENDPOINT a line (# comments)",
    parse: text,
  }),
  parallel: opt({
    flags: "--parallel <n>",
    help: "targets checked at once",
    parse: (t) => parseInteger(t, 1, 256),
    default: 8,
  }),
  report: choice({
    flags: "--report <format>",
    help: "how the results are reported: TAP 13, JUnit XML (CI, graders), NDJSON events",
    choices: REPORTS,
    default: "text",
  }),
  /** The command picks the default from the locale. */
  lang: choice({
    flags: "--lang <lang>",
    help: "language of the explanations, from LANG if not given",
    choices: LANGS,
  }),
  /** The command picks the default (u32le), and refuses it for a check without a length. */
  prefix: opt({
    flags: "--prefix <p>",
    help: "length prefix of len-echo, json-exec and save: a struct code or a name " +
      "(default: i, the course's struct.pack('i'))",
    parse: parsePrefix,
  }),
  /** ms */
  timeout: opt({
    flags: "--timeout <ms>",
    help: "time limit of connecting and of each reply",
    parse: checkTimeout,
    default: 2000,
  }),
  ways: opt({
    flags: "--ways <list>",
    help: "run only these ways: plain, stuck, split, delayed, large (comma-separated)",
    parse: parseWays,
  }),
});

/** How check's results are shown, besides --report: the encoding of replies, and --web. */
export const CHECK_DISPLAY = table({
  encoding: DISPLAY.encoding,
  web: DISPLAY.web,
  webPublic: DISPLAY.webPublic,
});

/** A time limit of a check: a reply takes a moment, never a minute. */
function checkTimeout(text: string): number {
  const value = parsePositiveDuration(text, "ms");
  if (value > 60_000) throw new UsageError(`Cannot use "${text}": the most is 60000 ms`);
  return value;
}

export const WEB = table({
  output: choice({
    flags: "--output <format>",
    help: "how the address is printed; json is NDJSON",
    choices: ["text", "json"],
    default: "text",
  }),
  webPublic: flag({
    flags: "--web-public",
    help: "listen on a non-loopback address (others can start commands)",
  }),
});
