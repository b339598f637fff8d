/**
 * The command line: every command and option of PRODUCT.md, parsed with
 * commander, each value checked while it is read. `parseCommandLine` returns
 * what to run; it never exits (main.ts does).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import denoJson from "../../deno.json" with { type: "json" };
import {
  DEFAULT_MAX_HEADER,
  type Framing,
  FRAMINGS,
  type JsonHeader,
  type Prefix,
  PREFIXES,
} from "../framing/types.ts";
import { OUTPUTS } from "../display/reporter.ts";
import { checkEncoding, encodeText } from "../display/text_encoding.ts";
import { errorMessage, UsageError } from "../errors.ts";
import { checkConnect, checkFlood, checkFramings, checkRelay, checkServe } from "./rules.ts";
import { type Endpoint, parseEndpoint } from "./endpoint.ts";
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
  LANGS,
  type RelayOptions,
  type ServeOptions,
  type SinkOptions,
} from "./types.ts";

export const VERSION: string = denoJson.version;

export type Invocation =
  | { command: "serve"; options: ServeOptions }
  | { command: "connect"; options: ConnectOptions }
  | { command: "relay"; options: RelayOptions }
  | { command: "sink"; options: SinkOptions }
  | { command: "flood"; options: FloodOptions }
  | { command: "demo"; options: DemoOptions }
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
      new Option("--output <format>", "how events are shown; json is NDJSON")
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
    .option("-v, --verbose", "show more: raw frames, server replies, relay faults", false);
}

function commonOptions(cmd: Command): Command {
  return displayOptions(
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
        new Option("--prefix <p>", "length prefix of len and json")
          .choices(
            PREFIXES,
          ).default(
            "u32be",
          ),
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

function display(raw: Raw): DisplayOptions {
  return {
    output: raw.output,
    encoding: raw.encoding,
    quiet: raw.quiet,
    verbose: raw.verbose,
  };
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

function parseHex(text: string): Uint8Array {
  const clean = text.replace(/[\s:]/g, "").replace(/^0x/i, "");
  if (!/^([0-9a-f]{2})*$/i.test(clean)) {
    throw new UsageError(
      `Cannot read the hex "${text}": use pairs of hex digits like 68656c6c6f`,
    );
  }
  return Uint8Array.fromHex(clean);
}

/**
 * Commander's "option '--count <n>' argument '0' is invalid. Cannot use "0":
 * it must…" as `--count: Cannot use "0": it must…` (the option, then our
 * sentence); its "Allowed choices are …" in the same shape.
 */
function plainError(text: string): string {
  const bad = /^option '(\S+)[^']*' argument '(.*)' is invalid\. (.*)$/s.exec(text.trimEnd());
  if (!bad) return text;
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

/** serve ENDPOINT: a server and its behaviour. */
function addServe(program: Command, done: Done): void {
  commonOptions(
    program.command("serve").description(
      "run a server (echo, upper, exec, time, chat, save…)",
    )
      .argument("<endpoint>", "where to listen: PORT, HOST:PORT, udp://HOST:PORT, unix:PATH")
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
  ).action((endpoint: string, raw: Raw, cmd: Command) => {
    // save receives json frames: that is its framing unless another is asked for.
    if (raw.behavior === "save" && cmd.getOptionValueSource("framing") === "default") {
      raw.framing = "json";
    }
    const options: ServeOptions = {
      ...common(raw),
      endpoint: parseEndpoint(endpoint),
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
    };
    checkServe(options);
    done({ command: "serve", options });
  });
}

/** connect ENDPOINT: send messages and show what comes back. */
function addConnect(program: Command, done: Done): void {
  // --send and --send-hex share one list so their order on the line is kept.
  const sends: Array<{ text?: string; hex?: Uint8Array }> = [];
  commonOptions(
    program.command("connect").description(
      "connect, send messages, show what comes back",
    )
      .argument("<endpoint>", "where to connect: PORT, HOST:PORT, udp://HOST:PORT, unix:PATH")
      .option(
        "--send <text>",
        "a message to send (repeatable; none: type them, or pipe them in)",
        (t: string) => {
          sends.push({ text: t });
        },
      )
      .option(
        "--send-hex <hex>",
        "a message given in hex, e.g. 00000005 (repeatable)",
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
        new Option("--expect <n>", "exit after N messages came back").argParser(
          count(0),
        ),
      )
      .addOption(
        new Option(
          "--wait <ms>",
          "after the last send, wait this long for replies (default: 1000 unless --expect)",
        ).argParser(ms),
      )
      .option("--half-close", "shut the write side after sending (the peer reads EOF)", false)
      .addOption(
        new Option("--heartbeat <s>", "chat: send ^hb^ every S seconds; typing quit leaves")
          .argParser(seconds),
      ),
  ).action((endpoint: string, raw: Raw) => {
    const base = common(raw);
    const options: ConnectOptions = {
      ...base,
      endpoint: parseEndpoint(endpoint),
      sends: sends.map((s) => s.hex ?? encodeText(s.text!, base.encoding)),
      sendFile: raw.sendFile,
      headers: raw.header ?? {},
      count: raw.count,
      interval: raw.interval,
      expect: raw.expect,
      wait: raw.wait,
      halfClose: raw.halfClose,
      heartbeat: raw.heartbeat,
    };
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
    const options: RelayOptions = {
      ...common(raw),
      listen: parseEndpoint(listen),
      target: parseEndpoint(target),
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
    checkRelay(options);
    done({ command: "relay", options });
  });
}

/** sink ENDPOINT: receive flood traffic and measure it. */
function addSink(program: Command, done: Done): void {
  commonOptions(
    program.command("sink").description("receive flood traffic and measure it")
      .argument("<endpoint>", "where to listen: PORT, HOST:PORT, udp://HOST:PORT")
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
  ).action((endpoint: string, raw: Raw) => {
    const options: SinkOptions = {
      ...common(raw),
      endpoint: parseEndpoint(endpoint),
      interval: raw.interval,
      once: raw.once,
      idleTimeout: raw.idleTimeout,
    };
    checkFramings(options);
    done({ command: "sink", options });
  });
}

/** flood ENDPOINT: send measured traffic. */
function addFlood(program: Command, done: Done): void {
  displayOptions(
    program.command("flood").description(
      "send measured traffic to a sink or an echo server",
    )
      .argument("<endpoint>", "the sink (or echo server): PORT, HOST:PORT, udp://HOST:PORT")
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
  ).action((endpoint: string, raw: Raw) => {
    const options: FloodOptions = {
      ...display(raw),
      endpoint: parseEndpoint(endpoint),
      size: raw.size,
      count: raw.count,
      duration: raw.duration,
      rate: raw.rate,
      rtt: raw.rtt,
      wait: raw.wait,
      corruptAt: raw.corruptAt,
    };
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
        "sticky, split, exec-leftover, udp-boundaries, udp-truncate, udp-loss, all (none: list them)",
      )
      .addOption(
        new Option("--lang <lang>", "narration language, from LANG if not given").choices(LANGS),
      ),
  ).action((name: string | undefined, raw: Raw) => {
    const options: DemoOptions = {
      ...display(raw),
      name,
      lang: raw.lang ?? localeLang(),
    };
    done({ command: "demo", options });
  });
}

/** Builds the program. `done` receives the parsed invocation of the command that ran. */
function buildProgram(done: (inv: Invocation) => void): Command {
  const program = new Command("framecat")
    .description(
      "netcat that shows what TCP and UDP do to your messages: framing, sticking and splitting, loss",
    )
    .version(VERSION, "-V, --version", "print the version")
    .showSuggestionAfterError(true)
    .configureHelp({ optionDescription: describeOption })
    .exitOverride()
    .configureOutput({
      outputError: (str, write) => write(`framecat: ${plainError(str.replace(/^error: /, ""))}`),
    });

  addServe(program, done);
  addConnect(program, done);
  addRelay(program, done);
  addSink(program, done);
  addFlood(program, done);
  addDemo(program, done);
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
 */
export async function parseCommandLine(argv: string[]): Promise<Invocation> {
  let invocation: Invocation = { command: "none" };
  const program = buildProgram((inv) => (invocation = inv));
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

export type { Endpoint };
