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
import { CHECK_WAYS } from "../events/choices.ts";
import { listed, said } from "../i18n/say.ts";
import {
  byteRate,
  count,
  interval,
  ms,
  parseHeaderField,
  positiveMs,
  rate,
  seconds,
  size,
  text,
} from "./values.ts";

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
    help: "opt.output",
    choices: OUTPUTS,
    default: "text",
  }),
  /** A WHATWG label, checked: one framecat cannot write is refused. */
  encoding: opt({
    flags: "--encoding <label>",
    help: "opt.encoding",
    parse: checkEncoding,
    default: "utf-8",
  }),
  quiet: flag({ flags: "-q, --quiet", help: "opt.quiet" }),
  verbose: flag({
    flags: "-v, --verbose",
    help: "opt.verbose",
  }),
  web: opt({
    flags: "--web <[host:]port>",
    help: "opt.web",
    parse: parseWebAddress,
  }),
  webPublic: flag({ flags: "--web-public", help: "opt.web_public" }),
});

/** Shared by serve, connect, relay and sink (PRODUCT.md). */
export const COMMON = table({
  framing: choice({
    flags: "--framing <f>",
    help: "opt.framing",
    choices: FRAMINGS,
    default: "raw",
  }),
  sendFraming: choice({
    flags: "--send-framing <f>",
    help: "opt.send_framing",
    choices: FRAMINGS,
  }),
  recvFraming: choice({
    flags: "--recv-framing <f>",
    help: "opt.recv_framing",
    choices: FRAMINGS,
  }),
  prefix: opt({
    flags: "--prefix <p>",
    help: said("opt.prefix", { prefixes: listed(PREFIXES) }),
    parse: parsePrefix,
    default: "u32be",
  }),
  maxFrame: opt({
    flags: "--max-frame <size>",
    help: "opt.max_frame",
    parse: size(1, 1024 ** 3),
    default: DEFAULT_MAX_FRAME,
    defaultHelp: "16MiB",
  }),
  maxHeader: opt({
    flags: "--max-header <size>",
    help: "opt.max_header",
    parse: size(1, 1024 ** 3),
    default: DEFAULT_MAX_HEADER,
    defaultHelp: "64KiB",
  }),
  /** Also the UDP receive buffer: a longer datagram is truncated. */
  readSize: opt({
    flags: "--read-size <bytes>",
    help: "opt.read_size",
    parse: size(1, 16 * 1024 * 1024),
    default: 65536,
  }),
  readDelay: opt({
    flags: "--read-delay <ms>",
    help: "opt.read_delay",
    parse: ms,
    default: 0,
  }),
  nodelay: flag({ flags: "--nodelay", help: "opt.nodelay" }),
});

/** How text given by the user becomes bytes (serve and connect). */
export const TEXT_INPUT = table({
  crlf: flag({
    flags: "--crlf",
    help: "opt.crlf",
  }),
  escapes: flag({
    flags: "-e, --escapes",
    help: "opt.escapes",
  }),
  input: choice({
    flags: "--input <mode>",
    help: "opt.input",
    choices: INPUTS,
    default: "text",
  }),
});

/** Talking back (serve and connect): reply rules and a checksum on every message. */
export const TALK = table({
  reply: list({
    flags: "--reply <rule>",
    help: "opt.reply",
    parse: (t) => t,
  }),
  replies: list({
    flags: "--replies <file>",
    help: "opt.replies",
    parse: (t) => t,
  }),
  checksum: opt({
    flags: "--checksum <name[:be|:le]>",
    help: said("opt.checksum", { names: listed(CHECKSUM_NAMES) }),
    parse: parseChecksum,
  }),
});

/** One to many: a UDP group or broadcast address (serve, connect, sink, flood). */
export const GROUP = table({
  iface: opt({
    flags: "--iface <addr|name>",
    help: "opt.iface",
    parse: text,
  }),
  ttl: opt({
    flags: "--ttl <n>",
    help: "opt.ttl",
    parse: (t) => parseInteger(t, 0, 255),
    default: 1,
  }),
  loop: flag({ flags: "--no-loop", help: "opt.no_loop" }),
});

export const SERVE = table({
  behavior: choice({
    flags: "--behavior <b>",
    help: "opt.behavior",
    choices: BEHAVIORS,
    default: "echo",
  }),
  serial: flag({ flags: "--serial", help: "opt.serial" }),
  once: flag({ flags: "--once", help: "opt.once" }),
  maxConns: opt({
    flags: "--max-conns <n>",
    help: "opt.max_conns",
    parse: count(1),
  }),
  /** ms */
  idleTimeout: opt({
    flags: "--idle-timeout <s>",
    help: "opt.serve.idle_timeout",
    parse: seconds,
  }),
  execPublic: flag({ flags: "--exec-public", help: "opt.exec_public" }),
  execAnyUser: flag({
    flags: "--exec-any-user",
    help: "opt.exec_any_user",
  }),
  /** ms */
  execTimeout: opt({
    flags: "--exec-timeout <s>",
    help: "opt.exec_timeout",
    parse: seconds,
    default: 10_000,
    defaultHelp: "10",
  }),
  /** ms */
  interval: opt({
    flags: "--interval <ms>",
    help: "opt.serve.interval",
    parse: interval,
    default: 10_000,
    defaultHelp: "10s",
  }),
  dir: opt({
    flags: "--dir <path>",
    help: "opt.dir",
    parse: text,
    default: "./received",
  }),
  /** The body's bound, in bytes. */
  maxFile: opt({
    flags: "--max-file <size>",
    help: "opt.max_file",
    parse: size(0),
    default: 4 * 1024 ** 3,
    defaultHelp: "4GiB",
  }),
  overwrite: flag({ flags: "--overwrite", help: "opt.overwrite" }),
});

export const CONNECT = table({
  send: list({
    flags: "--send <text>",
    help: "opt.send",
    parse: (t) => t,
  }),
  sendHex: list({
    flags: "--send-hex <hex>",
    help: "opt.send_hex",
    parse: parseHex,
  }),
  sendFile: opt({
    flags: "--send-file <path>",
    help: "opt.send_file",
    parse: oneFile,
  }),
  header: list({
    flags: "--header <key=value>",
    help: "opt.header",
    parse: parseHeaderField,
  }),
  count: opt({
    flags: "--count <n>",
    help: "opt.connect.count",
    parse: count(0),
    default: 1,
  }),
  /** ms */
  interval: opt({
    flags: "--interval <ms>",
    help: "opt.connect.interval",
    parse: ms,
    default: 0,
  }),
  /** ms */
  coalesce: opt({
    flags: "--coalesce <ms>",
    help: "opt.connect.coalesce",
    parse: positiveMs,
  }),
  expect: opt({
    flags: "--expect <n>",
    help: "opt.expect",
    parse: count(0),
  }),
  expectBytes: opt({
    flags: "--expect-bytes <n>",
    help: "opt.expect_bytes",
    parse: size(1),
  }),
  /** Read as a reply-rule pattern in the encoding (cli.ts). */
  expectMatch: opt({
    flags: "--expect-match <pattern>",
    help: "opt.expect_match",
    parse: text,
  }),
  /** ms; the command picks the default (1000 when not interactive, 5000 with --expect). */
  wait: opt({
    flags: "--wait <ms>",
    help: "opt.connect.wait",
    parse: ms,
  }),
  halfClose: flag({
    flags: "--half-close",
    help: "opt.half_close",
  }),
  /** ms */
  heartbeat: opt({
    flags: "--heartbeat <s>",
    help: "opt.heartbeat",
    parse: seconds,
  }),
});

export const RELAY = table({
  seed: opt({
    flags: "--seed <n>",
    help: "opt.seed",
    parse: count(0),
  }),
  slice: opt({
    flags: "--slice <min-max>",
    help: "opt.slice",
    parse: (t) => parseRange(t, 1, 16 * 1024 * 1024),
  }),
  /** ms */
  coalesce: opt({
    flags: "--coalesce <ms>",
    help: "opt.relay.coalesce",
    parse: positiveMs,
  }),
  delay: opt({
    flags: "--delay <ms[:jitter]>",
    help: "opt.delay",
    parse: parseDelay,
  }),
  /** bytes per second */
  rate: opt({
    flags: "--rate <bytes/s>",
    help: "opt.relay.rate",
    parse: byteRate,
  }),
  closeAfter: opt({
    flags: "--close-after <bytes>",
    help: "opt.close_after",
    parse: size(0),
  }),
  resetAfter: opt({
    flags: "--reset-after <bytes>",
    help: "opt.reset_after",
    parse: size(0),
  }),
  stallAfter: opt({
    flags: "--stall-after <bytes>",
    help: "opt.stall_after",
    parse: size(0),
  }),
  direction: choice({
    flags: "--direction <d>",
    help: "opt.direction",
    choices: DIRECTIONS,
    default: "both",
  }),
  /** percent, 0..100 */
  loss: opt({
    flags: "--loss <pct>",
    help: "opt.loss",
    parse: parsePercent,
    default: 0,
  }),
  dup: opt({
    flags: "--dup <pct>",
    help: "opt.dup",
    parse: parsePercent,
    default: 0,
  }),
  reorder: opt({
    flags: "--reorder <pct>",
    help: "opt.reorder",
    parse: parsePercent,
    default: 0,
  }),
  truncate: opt({
    flags: "--truncate <bytes>",
    help: "opt.truncate",
    parse: size(0, 65535),
  }),
  /** ms */
  idleTimeout: opt({
    flags: "--idle-timeout <s>",
    help: "opt.relay.idle_timeout",
    parse: seconds,
    default: 60_000,
    defaultHelp: "60",
  }),
});

export const SINK = table({
  /** ms */
  interval: opt({
    flags: "--interval <ms>",
    help: "opt.sink.interval",
    parse: interval,
  }),
  once: flag({ flags: "--once", help: "opt.sink.once" }),
  /** ms */
  idleTimeout: opt({
    flags: "--idle-timeout <s>",
    help: "opt.sink.idle_timeout",
    parse: seconds,
  }),
});

export const FLOOD = table({
  /** Bytes per datagram (UDP) or per write (TCP); the command picks the default. */
  size: opt({
    flags: "--size <bytes>",
    help: "opt.size",
    parse: size(1, 16 * 1024 * 1024),
  }),
  count: opt({ flags: "--count <n>", help: "opt.flood.count", parse: count(1) }),
  /** ms */
  duration: opt({
    flags: "--duration <s>",
    help: "opt.duration",
    parse: seconds,
  }),
  rate: opt({
    flags: "--rate <r>",
    help: "opt.flood.rate",
    parse: rate,
    default: { per: "unit", value: 0 },
    defaultHelp: "0",
  }),
  rtt: flag({ flags: "--rtt", help: "opt.rtt" }),
  /** ms */
  wait: opt({
    flags: "--wait <ms>",
    help: "opt.flood.wait",
    parse: ms,
    default: 1000,
  }),
  corruptAt: opt({
    flags: "--corrupt-at <offset>",
    help: "opt.corrupt_at",
    parse: size(0),
    hidden: true,
  }),
});

/** Every command: the language of every line for people; the command line picks the default from the locale. */
export const LANGUAGE = table({
  lang: choice({ flags: "--lang <lang>", help: "opt.lang", choices: LANGS }),
});

export const CHECK = table({
  targets: opt({
    flags: "--targets <file>",
    help: "opt.targets",
    parse: text,
  }),
  parallel: opt({
    flags: "--parallel <n>",
    help: "opt.parallel",
    parse: (t) => parseInteger(t, 1, 256),
    default: 8,
  }),
  report: choice({
    flags: "--report <format>",
    help: "opt.report",
    choices: REPORTS,
    default: "text",
  }),
  /** The command picks the default (u32le), and refuses it for a check without a length. */
  prefix: opt({
    flags: "--prefix <p>",
    help: "opt.check.prefix",
    parse: parsePrefix,
  }),
  /** ms */
  timeout: opt({
    flags: "--timeout <ms>",
    help: "opt.timeout",
    parse: checkTimeout,
    default: 2000,
  }),
  ways: opt({
    flags: "--ways <list>",
    help: said("opt.ways", { ways: listed(CHECK_WAYS) }),
    parse: parseWays,
  }),
});

/** demo's: a demo is shown as text or as its events (no hex, no raw bytes). */
export const DEMO_DISPLAY = table({
  output: choice({
    flags: "--output <format>",
    help: "opt.demo.output",
    choices: ["text", "json"],
    default: "text",
  }),
  encoding: DISPLAY.encoding,
  quiet: DISPLAY.quiet,
  verbose: DISPLAY.verbose,
  web: DISPLAY.web,
  webPublic: DISPLAY.webPublic,
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
  if (value > 60_000) throw new UsageError(said("usage.timeout_max", { value: text }));
  // A bare number is ms: `--timeout 1` meant as a second would fail every server in 1 ms.
  if (/^\s*\d+(\.\d+)?\s*$/.test(text) && value < TIMEOUT_BARE_MIN) {
    throw new UsageError(said("usage.timeout_tiny", { value: text }));
  }
  return value;
}

/** The least a bare --timeout (ms) may be: less is taken for seconds written without their unit. */
const TIMEOUT_BARE_MIN = 100;

export const WEB = table({
  output: choice({
    flags: "--output <format>",
    help: "opt.web.output",
    choices: ["text", "json"],
    default: "text",
  }),
  webPublic: flag({
    flags: "--web-public",
    help: "opt.web.web_public",
  }),
});

/** --send-file: one file a connect; a second is refused, not sent in the first's place. */
function oneFile(path: string, first?: string): string {
  if (first !== undefined) {
    throw new UsageError(said("usage.send_file_twice", { first, path }));
  }
  return path;
}
