/**
 * The command line: every command and option of PRODUCT.md, parsed with
 * commander, each value checked while it is read. `parseCommandLine` returns
 * what to run; it never exits (main.ts does).
 */
import {
  Command,
  CommanderError,
  InvalidArgumentError,
  Option,
  type OutputConfiguration,
} from "commander";
import denoJson from "../../deno.json" with { type: "json" };
import {
  DEFAULT_MAX_HEADER,
  type Framing,
  FRAMINGS,
  type JsonHeader,
  type Prefix,
  PREFIXES,
} from "../framing/types.ts";
import { parsePrefix } from "../framing/prefix.ts";
import { OUTPUTS } from "../display/output.ts";
import { checkEncoding } from "../display/text_encoding.ts";
import { encodeInput } from "../display/typed_text.ts";
import { errorMessage, UsageError } from "../errors.ts";
import {
  checkConnect,
  checkFlood,
  checkFramings,
  checkGroup,
  checkRelay,
  checkServe,
} from "./rules.ts";
import { parseEndpoint } from "./endpoint.ts";
import { checkRelayTls, checkTlsUse, isTls, tlsOptions, withTls } from "./tls.ts";
import { checkWebAddress, parseWebAddress } from "../web/address.ts";
import {
  parseDelay,
  parseDuration,
  parseInteger,
  parsePercent,
  parsePositiveDuration,
  parseRange,
  parseSize,
} from "./units.ts";
import {
  BEHAVIORS,
  type CommonOptions,
  type ConnectOptions,
  type DemoOptions,
  DIRECTIONS,
  type DisplayOptions,
  type FloodOptions,
  type GroupOptions,
  LANGS,
  type RelayOptions,
  type ServeOptions,
  type SinkOptions,
  type TextInputOptions,
  type WebOptions,
} from "./types.ts";

export const VERSION: string = denoJson.version;

export type Invocation =
  | { command: "serve"; options: ServeOptions }
  | { command: "connect"; options: ConnectOptions }
  | { command: "relay"; options: RelayOptions }
  | { command: "sink"; options: SinkOptions }
  | { command: "flood"; options: FloodOptions }
  | { command: "demo"; options: DemoOptions }
  | { command: "schema" }
  | { command: "web"; options: WebOptions }
  /** --help or --version was shown: nothing to run. */
  | { command: "none" };

/** Adapts a checking parser to commander, whose errors name the option. */
function arg<T>(
  parse: (text: string, previous: T) => T,
): (text: string, previous: T) => T {
  return (text, previous) => {
    try {
      return parse(text, previous);
    } catch (err) {
      throw new InvalidArgumentError(errorMessage(err));
    }
  };
}

const MAX_INT = Number.MAX_SAFE_INTEGER;
const size = (min = 0, max?: number) => arg((t) => parseSize(t, min, max));
const ms = arg((t) => parseDuration(t, "ms"));
/** Every option in seconds is a timeout, an interval or a length of time: 0 means nothing. */
const seconds = arg((t) => parsePositiveDuration(t, "s"));
/** A window in milliseconds that must be open to mean anything (--coalesce). */
const positiveMs = arg((t) => parsePositiveDuration(t, "ms"));
/** A whole number from `min` up; the message leaves out MAX_SAFE_INTEGER, which nobody reaches. */
const count = (min = 0) =>
  arg((t) => {
    try {
      return parseInteger(t, min, MAX_INT);
    } catch {
      throw new UsageError(`Cannot use "${t}": it must be a whole number, ${min} or more`);
    }
  });
const percent = arg(parsePercent);

function displayOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        "--output <format>",
        "how events are shown; json is NDJSON, raw the received bytes alone (as nc)",
      )
        .choices(OUTPUTS)
        .default("text"),
    )
    .addOption(
      new Option(
        "--encoding <label>",
        "text encoding of what is shown and typed, e.g. gbk",
      )
        .argParser(arg(checkEncoding)).default("utf-8"),
    )
    .option("-q, --quiet", "show only data, errors and final figures", false)
    .option("-v, --verbose", "show more: raw frames, server replies, relay faults", false)
    .addOption(
      new Option("--web <[host:]port>", "also show this command live in the browser")
        .argParser(arg(parseWebAddress)),
    )
    .option("--web-public", "let --web listen on a non-loopback address", false);
}

function commonOptions(cmd: Command): Command {
  return tlsOptions(displayOptions(
    cmd
      .addOption(
        new Option("--framing <f>", "how messages are delimited, both ways")
          .choices(FRAMINGS)
          .default("raw"),
      )
      .addOption(
        new Option("--send-framing <f>", "framing of what is written, if not --framing").choices(
          FRAMINGS,
        ),
      )
      .addOption(
        new Option("--recv-framing <f>", "framing of what is read, if not --framing").choices(
          FRAMINGS,
        ),
      )
      .addOption(
        new Option(
          "--prefix <p>",
          `length prefix of len and json: ${PREFIXES.join(", ")}, ` +
            "or a Python struct code: i (the course's struct.pack('i'), u32le), !I (u32be)…",
        ).argParser(arg(parsePrefix)).default("u32be"),
      )
      .addOption(
        new Option(
          "--max-frame <size>",
          "largest frame accepted, as 1024, 64KiB or 16MiB",
        )
          .argParser(size(1, 1024 ** 3)).default(16 * 1024 * 1024, "16MiB"),
      )
      .addOption(
        new Option("--max-header <size>", "largest JSON header accepted (json framing)")
          .argParser(size(1, 1024 ** 3)).default(DEFAULT_MAX_HEADER, "64KiB"),
      )
      .addOption(
        new Option(
          "--read-size <bytes>",
          "bytes asked of each read, as recv(n); for UDP the receive buffer",
        )
          .argParser(size(1, 16 * 1024 * 1024)).default(65536),
      )
      .addOption(
        new Option(
          "--read-delay <ms>",
          "wait before each read, so data piles up",
        )
          .argParser(ms).default(0),
      )
      .option("--nodelay", "set TCP_NODELAY (no Nagle delay)", false),
  ));
}

/** --crlf and -e: how text given by the user becomes bytes (serve and connect). */
function textInputOptions(cmd: Command): Command {
  return cmd
    .option("--crlf", "lines end with \\r\\n on the wire, typed or piped ones too (nc -C)", false)
    .option(
      "-e, --escapes",
      "--send text and typed lines may hold \\r \\n \\t \\0 \\\\ \\xHH",
      false,
    );
}

// deno-lint-ignore no-explicit-any
type Raw = Record<string, any>;

function common(raw: Raw): CommonOptions {
  const framing = raw.framing as Framing;
  return {
    ...display(raw),
    sendFraming: raw.sendFraming ?? framing,
    recvFraming: raw.recvFraming ?? framing,
    prefix: raw.prefix as Prefix,
    maxFrame: raw.maxFrame,
    maxHeader: raw.maxHeader,
    readSize: raw.readSize,
    readDelay: raw.readDelay,
    nodelay: raw.nodelay,
  };
}

function textInput(raw: Raw): TextInputOptions {
  return { crlf: raw.crlf, escapes: raw.escapes };
}

function display(raw: Raw): DisplayOptions {
  if (raw.web) checkWebAddress(raw.web, raw.webPublic);
  return {
    output: raw.output,
    encoding: raw.encoding,
    quiet: raw.quiet,
    verbose: raw.verbose,
    web: raw.web,
  };
}

/** One to many: --iface, --ttl, --no-loop (serve, connect, sink, flood on a UDP group). */
function groupOptions(cmd: Command): Command {
  return cmd
    .option(
      "--iface <addr|name>",
      "UDP group or broadcast: the interface, by address or name (default: the system's choice)",
    )
    .addOption(
      new Option("--ttl <n>", "UDP group: hop limit of what is sent")
        .argParser(arg((t) => parseInteger(t, 0, 255))).default(1),
    )
    .option("--no-loop", "UDP group: our own datagrams do not come back to us");
}

function group(raw: Raw): GroupOptions {
  return { iface: raw.iface, ttl: raw.ttl, loop: raw.loop };
}

function parseHeader(text: string, previous: JsonHeader): JsonHeader {
  const eq = text.indexOf("=");
  if (eq <= 0) {
    throw new UsageError(`Cannot read the header "${text}": use KEY=VALUE`);
  }
  const key = text.slice(0, eq);
  if (key === "total_size" || key === "md5") {
    throw new UsageError(
      `Cannot set the header "${key}": framecat writes it from the body`,
    );
  }
  return { ...previous, [key]: text.slice(eq + 1) };
}

/**
 * Hex as people write it: `4142`, `41 42`, `41:42`, `41-42`, `0x41,0x42`,
 * `\x41\x42`. A lone digit between separators is one byte (`0x5` is 05).
 */
export function parseHex(text: string): Uint8Array {
  const tokens = text.replace(/\\x|0x/gi, " ").split(/[\s,:;-]+/).filter((t) => t !== "");
  const digits = tokens.map((t) => (t.length === 1 ? `0${t}` : t)).join("");
  if (!/^([0-9a-f]{2})*$/i.test(digits)) {
    throw new UsageError(
      `Cannot read the hex "${text}": use pairs of hex digits like 68656c6c6f, 68 65, 0x68,0x65 or \\x68\\x65`,
    );
  }
  return Uint8Array.fromHex(digits);
}

/** Flags of nc and socat habits that framecat spells another way: the way, in one line. */
const HABITS: Readonly<Record<string, string>> = {
  l: "-l is nc's listen: framecat listens with `framecat serve PORT`",
  u: "-u is nc's UDP: write the endpoint as udp://HOST:PORT",
  k: "-k is nc's keep listening: `framecat serve` always does (--once stops after one)",
  N: "-N is nc's shutdown on EOF: use --half-close",
  C: "-C is nc's CRLF: use --crlf",
  w: "-w is nc's timeout: use --wait MS",
};

/** The forms of an endpoint, for a missing one. */
const ENDPOINT_FORMS =
  "PORT, HOST:PORT, tcp://HOST:PORT, udp://HOST:PORT, unix:PATH, or socat's TCP:HOST:PORT";

/**
 * Commander's messages as one line each: its "(Did you mean …?)" folded in,
 * nc's flags answered with framecat's way, a missing endpoint with its forms.
 */
function oneLine(text: string): string {
  const habit = /^unknown option '-(\w)\w*'/.exec(text);
  if (habit && HABITS[habit[1]]) return `${HABITS[habit[1]]}\n`;
  if (/^missing required argument '(endpoint|listen|target)'/.test(text)) {
    const name = /'(\w+)'/.exec(text)![1];
    // One endpoint may also be nc's two arguments; relay's two are one each.
    const forms = name === "endpoint"
      ? ENDPOINT_FORMS.replace("HOST:PORT, ", "HOST:PORT, HOST PORT, ")
      : ENDPOINT_FORMS;
    return `missing the ${name === "endpoint" ? "endpoint" : name.toUpperCase()}: give ${forms}\n`;
  }
  return plainError(text.trimEnd().replace(/\s*\(Did you mean (.*)\?\)$/s, " (did you mean $1?)"));
}

/**
 * Commander's "option '--count <n>' argument '0' is invalid. Cannot use "0":
 * it must…" as `--count: Cannot use "0": it must…` (the option, then our
 * sentence); its "Allowed choices are …" in the same shape.
 */
function plainError(text: string): string {
  const bad = /^option '(\S+)[^']*' argument '(.*)' is invalid\. (.*)$/s.exec(text.trimEnd());
  if (!bad) return `${text.trimEnd()}\n`;
  const [, flag, value, why] = bad;
  const choices = /^Allowed choices are (.*)\.$/s.exec(why);
  const reason = choices
    ? `Cannot use ${JSON.stringify(value)}: the choices are ${choices[1]}`
    : why;
  return `${flag}: ${reason}\n`;
}

/**
 * An option's line in --help: its description, then its choices and its
 * default as a user reads them (`raw, line, len, json; default: raw`), without
 * commander's quotes and without the `default: false` of every flag.
 */
function describeOption(option: Option): string {
  const extra: string[] = [];
  if (option.argChoices) extra.push(option.argChoices.join(", "));
  const value = option.defaultValue;
  if (value !== undefined && !option.isBoolean()) {
    extra.push(`default: ${option.defaultValueDescription ?? String(value)}`);
  }
  return extra.length > 0 ? `${option.description} (${extra.join("; ")})` : option.description;
}

type Done = (inv: Invocation) => void;

/** An option and whether it does anything here; when it does not, where it does. */
type Applies = [option: string, applies: boolean, where: string];

/** `--output raw` shows received messages: only serve and connect receive them. */
function refuseRawOutput(raw: Raw, command: string): void {
  if (raw.output === "raw") {
    throw new UsageError(
      `--output raw does nothing for ${command}: it applies to serve and connect`,
    );
  }
}

/**
 * No silent no-ops: an option given on the command line that does nothing for
 * this command or behaviour is refused, in one line saying where it applies.
 */
function refuseUnused(cmd: Command, rules: Applies[]): void {
  for (const [option, applies, where] of rules) {
    const key = option.replace(/^--/, "").replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    if (!applies && cmd.getOptionValueSource(key) === "cli") {
      throw new UsageError(`${option} does nothing here: it applies to ${where}`);
    }
  }
}

const PORT_ARGUMENT = "the port, when the endpoint is a host alone (as nc takes them: HOST PORT)";

/** nc's `HOST PORT` as one endpoint, `HOST:PORT` (`[V6]:PORT` for an IPv6 literal). */
function hostAndPort(endpoint: string, port: string | undefined): string {
  if (port === undefined) return endpoint;
  const v6 = endpoint.includes(":") && !endpoint.includes("]") && !endpoint.includes("//");
  return v6 ? `[${endpoint}]:${port}` : `${endpoint}:${port}`;
}

/** serve ENDPOINT: a server and its behaviour. */
function addServe(program: Command, done: Done): void {
  textInputOptions(commonOptions(
    program.command("serve").description(
      "run a server (echo, upper, exec, time, chat, save…)",
    )
      .argument("<endpoint>", "where to listen: PORT, HOST:PORT, udp://HOST:PORT, unix:PATH")
      .argument("[port]", PORT_ARGUMENT)
      .addOption(
        new Option("--behavior <b>", "what the server does").choices(BEHAVIORS)
          .default("echo"),
      )
      .option(
        "--serial",
        "one connection at a time; others wait in the backlog",
        false,
      )
      .option(
        "--once",
        "exit after the first connection (TCP) or exchange (UDP)",
        false,
      )
      .addOption(
        new Option("--max-conns <n>", "at most N connections at once; more are closed").argParser(
          count(1),
        ),
      )
      .addOption(
        new Option("--idle-timeout <s>", "close a peer silent for S seconds (UDP: forget it)")
          .argParser(seconds),
      )
      .option(
        "--exec-public",
        "exec: allow a non-loopback bind (dangerous)",
        false,
      )
      .addOption(
        new Option("--exec-timeout <s>", "exec: kill commands after S seconds")
          .argParser(seconds).default(10_000, "10"),
      )
      .addOption(
        new Option("--interval <s>", "chat: drop a peer silent for S seconds")
          .argParser(seconds).default(10_000, "10"),
      )
      .option("--dir <path>", "save: where received files go", "./received")
      .addOption(
        new Option("--max-file <size>", "save: largest file").argParser(size(0))
          .default(4 * 1024 ** 3, "4GiB"),
      )
      .option("--overwrite", "save: replace existing files", false),
  )).action((endpoint: string, port: string | undefined, raw: Raw, cmd: Command) => {
    // save receives json frames: that is its framing unless another is asked for.
    if (raw.behavior === "save" && cmd.getOptionValueSource("framing") === "default") {
      raw.framing = "json";
    }
    const b = raw.behavior;
    const lineOut = (raw.sendFraming ?? raw.framing) === "line";
    refuseUnused(cmd, [
      ["--dir", b === "save", "--behavior save"],
      ["--max-file", b === "save", "--behavior save"],
      ["--overwrite", b === "save", "--behavior save"],
      ["--exec-public", b === "exec", "--behavior exec"],
      ["--exec-timeout", b === "exec", "--behavior exec"],
      ["--interval", b === "chat", "--behavior chat"],
      ["--escapes", b === "print", "--behavior print (lines typed on stdin)"],
      ["--crlf", lineOut, "--framing line (or --send-framing line)"],
    ]);
    const options: ServeOptions = {
      ...common(raw),
      ...textInput(raw),
      endpoint: withTls(parseEndpoint(hostAndPort(endpoint, port)), raw, "server"),
      behavior: raw.behavior,
      serial: raw.serial,
      once: raw.once,
      maxConns: raw.maxConns,
      idleTimeout: raw.idleTimeout,
      execPublic: raw.execPublic,
      execTimeout: raw.execTimeout,
      interval: raw.interval,
      dir: raw.dir,
      maxFile: raw.maxFile,
      overwrite: raw.overwrite,
      ...group(raw),
    };
    checkTlsUse(raw, [[options.endpoint, "server"]]);
    checkServe(options);
    done({ command: "serve", options });
  });
}

/** connect ENDPOINT: send messages and show what comes back. */
function addConnect(program: Command, done: Done): void {
  // --send and --send-hex share one list so their order on the line is kept.
  const sends: Array<{ text?: string; hex?: Uint8Array }> = [];
  textInputOptions(commonOptions(
    program.command("connect").description(
      "connect, send messages, show what comes back",
    )
      .argument(
        "<endpoint>",
        "where to connect: PORT, HOST:PORT, HOST PORT, udp://HOST:PORT, unix:PATH, TCP:HOST:PORT",
      )
      .argument("[port]", PORT_ARGUMENT)
      .option(
        "--send <text>",
        "a message to send (repeatable; none: type them, or pipe them in)",
        (t: string) => {
          sends.push({ text: t });
        },
      )
      .option(
        "--send-hex <hex>",
        "a message given in hex: 4142, 41 42, 41:42, 0x41,0x42 or \\x41\\x42 (repeatable)",
        arg((t: string) => {
          sends.push({ hex: parseHex(t) });
        }),
      )
      .option(
        "--send-file <path>",
        "a file as one message (json framing adds file_name, total_size, md5)",
      )
      .option(
        "--header <key=value>",
        "extra field of the json header (repeatable)",
        arg(parseHeader),
      )
      .addOption(
        new Option("--count <n>", "repeat the sends N times").argParser(
          count(1),
        ).default(1),
      )
      .addOption(
        new Option("--interval <ms>", "pause between sends; 0: back to back")
          .argParser(ms).default(0),
      )
      .addOption(
        new Option("--expect <n>", "exit 0 after N messages came back; fewer: exit 4").argParser(
          count(0),
        ),
      )
      .addOption(
        new Option(
          "--wait <ms>",
          "after the last send, wait this long for replies (default: 1000; 5000 with --expect)",
        ).argParser(ms),
      )
      .option("--half-close", "shut the write side after sending (the peer reads EOF)", false)
      .addOption(
        new Option("--heartbeat <s>", "chat: send ^hb^ every S seconds; typing quit leaves")
          .argParser(seconds),
      ),
  )).action((endpoint: string, port: string | undefined, raw: Raw, cmd: Command) => {
    const base = { ...common(raw), ...textInput(raw) };
    const framing = base.sendFraming;
    refuseUnused(cmd, [
      ["--count", sends.length > 0, "--send and --send-hex (it repeats them)"],
      ["--interval", sends.length > 0, "--send and --send-hex (the pause between them)"],
      ["--crlf", framing === "line" || framing === "raw", "--framing line or raw"],
      ["--escapes", raw.sendFile === undefined, "--send text and typed lines, not --send-file"],
    ]);
    const options: ConnectOptions = {
      ...base,
      endpoint: withTls(parseEndpoint(hostAndPort(endpoint, port), "connect"), raw, "client"),
      sends: sends.map((s) => s.hex ?? encodeInput(s.text!, base)),
      sendFile: raw.sendFile,
      headers: raw.header ?? {},
      count: raw.count,
      interval: raw.interval,
      expect: raw.expect,
      wait: raw.wait,
      halfClose: raw.halfClose,
      heartbeat: raw.heartbeat,
      ...group(raw),
    };
    checkTlsUse(raw, [[options.endpoint, "client"]]);
    checkConnect(options);
    done({ command: "connect", options });
  });
}

/** relay LISTEN TARGET: forward and inject faults. */
function addRelay(program: Command, done: Done): void {
  commonOptions(
    program.command("relay").description("forward TCP or UDP and inject faults")
      .argument("<listen>", "where clients connect: PORT, HOST:PORT, udp://HOST:PORT, unix:PATH")
      .argument("<target>", "where to forward them: the real server")
      .addOption(
        new Option("--seed <n>", "seed of every random choice: same seed, same faults")
          .argParser(count(0)),
      )
      .addOption(
        new Option("--slice <min-max>", "TCP: forward in writes of MIN to MAX bytes")
          .argParser(arg((t) => parseRange(t, 1, 16 * 1024 * 1024))),
      )
      .addOption(
        new Option(
          "--coalesce <ms>",
          "TCP: merge what arrives within MS into one write",
        ).argParser(positiveMs),
      )
      .addOption(
        new Option("--delay <ms[:jitter]>", "hold every chunk or datagram MS ± JITTER ms")
          .argParser(arg(parseDelay)),
      )
      .addOption(
        new Option("--rate <bytes/s>", "TCP: bandwidth limit in bytes per second").argParser(
          size(1),
        ),
      )
      .addOption(
        new Option("--close-after <bytes>", "TCP: close both sides after this many bytes")
          .argParser(size(0)),
      )
      .addOption(
        new Option("--reset-after <bytes>", "TCP: reset both sides (RST) after this many bytes")
          .argParser(size(0)),
      )
      .addOption(
        new Option(
          "--stall-after <bytes>",
          "TCP: after this many bytes, stop forwarding but keep the connections open",
        ).argParser(size(0)),
      )
      .addOption(
        new Option("--direction <d>", "which way faults apply; up is client to target")
          .choices(DIRECTIONS).default("both"),
      )
      .addOption(
        new Option("--loss <pct>", "UDP: drop this percentage of datagrams").argParser(
          percent,
        ).default(0),
      )
      .addOption(
        new Option("--dup <pct>", "UDP: send this percentage twice").argParser(
          percent,
        ).default(0),
      )
      .addOption(
        new Option("--reorder <pct>", "UDP: hold back this percentage behind later ones")
          .argParser(percent).default(0),
      )
      .addOption(
        new Option("--truncate <bytes>", "UDP: cut longer datagrams to this size")
          .argParser(size(0, 65535)),
      )
      .addOption(
        new Option(
          "--idle-timeout <s>",
          "UDP: a client silent this many seconds is forgotten",
        ).argParser(seconds).default(60_000, "60"),
      ),
  ).action((listen: string, target: string, raw: Raw) => {
    refuseRawOutput(raw, "relay");
    const listenAt = withTls(parseEndpoint(listen), raw, "server");
    // Both sides TLS: --cert/--key are the server's; the target side presents none.
    const targetRaw = isTls(listenAt) ? { ...raw, cert: undefined, key: undefined } : raw;
    const options: RelayOptions = {
      ...common(raw),
      listen: listenAt,
      target: withTls(parseEndpoint(target, "connect"), targetRaw, "client"),
      seed: raw.seed ?? Math.floor(Math.random() * 2 ** 31),
      seedGiven: raw.seed !== undefined,
      slice: raw.slice,
      coalesce: raw.coalesce,
      delay: raw.delay,
      rate: raw.rate,
      closeAfter: raw.closeAfter,
      resetAfter: raw.resetAfter,
      stallAfter: raw.stallAfter,
      direction: raw.direction,
      loss: raw.loss,
      dup: raw.dup,
      reorder: raw.reorder,
      truncate: raw.truncate,
      idleTimeout: raw.idleTimeout,
    };
    checkTlsUse(raw, [[options.listen, "server"], [options.target, "client"]]);
    checkRelayTls(options.resetAfter, [options.listen, options.target]);
    checkRelay(options);
    done({ command: "relay", options });
  });
}

/** sink ENDPOINT: receive flood traffic and measure it. */
function addSink(program: Command, done: Done): void {
  commonOptions(
    program.command("sink").description("receive flood traffic and measure it")
      .argument("<endpoint>", "where to listen: PORT, HOST:PORT, udp://HOST:PORT")
      .argument("[port]", PORT_ARGUMENT)
      .addOption(
        new Option("--interval <s>", "a report every S seconds (default: only the final one)")
          .argParser(
            seconds,
          ),
      )
      .option("--once", "exit after the first flood ends", false)
      .addOption(
        new Option("--idle-timeout <s>", "exit after S seconds without traffic")
          .argParser(seconds),
      ),
  ).action((endpoint: string, port: string | undefined, raw: Raw) => {
    refuseRawOutput(raw, "sink");
    const options: SinkOptions = {
      ...common(raw),
      endpoint: withTls(parseEndpoint(hostAndPort(endpoint, port)), raw, "server"),
      interval: raw.interval,
      once: raw.once,
      idleTimeout: raw.idleTimeout,
      ...group(raw),
    };
    checkTlsUse(raw, [[options.endpoint, "server"]]);
    checkFramings(options);
    checkGroup(options, options.endpoint, false);
    done({ command: "sink", options });
  });
}

/** flood ENDPOINT: send measured traffic. */
function addFlood(program: Command, done: Done): void {
  tlsOptions(displayOptions(
    program.command("flood").description(
      "send measured traffic to a sink or an echo server",
    )
      .argument("<endpoint>", "the sink (or echo server): PORT, HOST:PORT, udp://HOST:PORT")
      .argument("[port]", PORT_ARGUMENT)
      .addOption(
        new Option("--size <bytes>", "datagram size (default: 1400) or TCP write size (1MiB)")
          .argParser(
            size(1, 16 * 1024 * 1024),
          ),
      )
      .addOption(
        new Option("--count <n>", "how many datagrams or writes").argParser(
          count(1),
        ),
      )
      .addOption(
        new Option("--duration <s>", "send for S seconds (default: 10)").argParser(seconds),
      )
      .addOption(
        new Option(
          "--rate <r>",
          "packets/s (UDP) or bytes/s (TCP); 0: as fast as possible",
        ).argParser(size(0)).default(0),
      )
      .option("--rtt", "UDP: measure round trips against an echo server", false)
      .addOption(
        new Option("--wait <ms>", "after the last send, wait for echoes or the sink")
          .argParser(ms).default(1000),
      )
      .addOption(
        new Option("--corrupt-at <offset>", "testing aid: TCP flips the byte at OFFSET")
          .argParser(size(0)).hideHelp(),
      ),
  )).action((endpoint: string, port: string | undefined, raw: Raw) => {
    refuseRawOutput(raw, "flood");
    const options: FloodOptions = {
      ...display(raw),
      endpoint: withTls(parseEndpoint(hostAndPort(endpoint, port), "connect"), raw, "client"),
      size: raw.size,
      count: raw.count,
      duration: raw.duration,
      rate: raw.rate,
      rtt: raw.rtt,
      wait: raw.wait,
      corruptAt: raw.corruptAt,
      ...group(raw),
    };
    checkTlsUse(raw, [[options.endpoint, "client"]]);
    checkFlood(options);
    done({ command: "flood", options });
  });
}

/** demo [NAME]: the classroom demos. */
function addDemo(program: Command, done: Done): void {
  displayOptions(
    program.command("demo").description(
      "classroom demos of sticking, splitting, truncation and loss",
    )
      .argument(
        "[name]",
        "sticky, split, exec-leftover, udp-boundaries, udp-truncate, udp-loss, multicast, all (none: list them)",
      )
      .addOption(
        new Option("--lang <lang>", "narration language, from LANG if not given").choices(LANGS),
      ),
  ).action((name: string | undefined, raw: Raw) => {
    if (raw.output !== "text" && raw.output !== "json") {
      throw new UsageError(`--output ${raw.output} does nothing here: demo shows text or json`);
    }
    const options: DemoOptions = {
      ...display(raw),
      name,
      lang: raw.lang ?? localeLang(),
    };
    done({ command: "demo", options });
  });
}

/** schema: the JSON Schema of the NDJSON events. */
function addSchema(program: Command, done: Done): void {
  program.command("schema")
    .description("print the JSON Schema (draft 2020-12) of every --output json event")
    .action(() => done({ command: "schema" }));
}

/** web [HOST:PORT]: the local web workspace. */
function addWeb(program: Command, done: Done): void {
  program.command("web").description("the web workspace: start commands and watch them live")
    .argument("[address]", "where the page listens: [HOST:]PORT (default: 127.0.0.1:0)")
    .addOption(
      new Option("--output <format>", "how the address is printed; json is NDJSON")
        .choices(["text", "json"]).default("text"),
    )
    .option("--web-public", "listen on a non-loopback address (others can start commands)", false)
    .action((address: string | undefined, raw: Raw) => {
      const ep = parseWebAddress(address ?? "127.0.0.1:0");
      checkWebAddress(ep, raw.webPublic);
      done({ command: "web", options: { address: ep, output: raw.output } });
    });
}

/** Builds the program. `done` receives the parsed invocation of the command that ran. */
function buildProgram(done: (inv: Invocation) => void, output: OutputConfiguration): Command {
  const program = new Command("framecat")
    .description(
      "netcat that shows what TCP and UDP do to your messages: framing, sticking and splitting, loss",
    )
    .version(VERSION, "-V, --version", "print the version")
    .showSuggestionAfterError(true)
    .configureHelp({ optionDescription: describeOption })
    .exitOverride()
    .configureOutput({
      ...output,
      outputError: (str, write) => write(`framecat: ${oneLine(str.replace(/^error: /, ""))}`),
    });

  addServe(program, done);
  addConnect(program, done);
  addRelay(program, done);
  addSink(program, done);
  addFlood(program, done);
  addDemo(program, done);
  addSchema(program, done);
  addWeb(program, done);
  for (const cmd of program.commands) {
    if (["serve", "connect", "sink", "flood"].includes(cmd.name())) groupOptions(cmd);
  }
  return program;
}

/** zh when LC_ALL or LANG says Chinese, else en. */
function localeLang(): "en" | "zh" {
  const locale = Deno.env.get("LC_ALL") || Deno.env.get("LC_MESSAGES") ||
    Deno.env.get("LANG") || "";
  return /^zh/i.test(locale) ? "zh" : "en";
}

/**
 * Parses argv. Returns what to run; throws UsageError (message already
 * printed by commander when it comes from there) for any bad input.
 * `output` redirects what commander prints (help, errors): the web page shows it.
 */
export async function parseCommandLine(
  argv: string[],
  output: OutputConfiguration = {},
): Promise<Invocation> {
  let invocation: Invocation = { command: "none" };
  const program = buildProgram((inv) => (invocation = inv), output);
  if (argv.length === 0) {
    program.outputHelp();
    return invocation;
  }
  checkHelpTopic(program, argv);
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return { command: "none" };
      throw new ShownUsageError(err.message);
    }
    throw err;
  }
  return invocation;
}

/** `help nope`: one line naming the commands (commander would print the whole help). */
function checkHelpTopic(program: Command, argv: string[]): void {
  if (argv[0] !== "help" || argv[1] === undefined) return;
  const names = program.commands.map((c) => c.name());
  if (names.includes(argv[1])) return;
  throw new UsageError(
    `Cannot show help for "${argv[1]}": no such command; the commands are ${names.join(", ")}`,
  );
}

/** A usage error commander has already printed. */
export class ShownUsageError extends UsageError {}
