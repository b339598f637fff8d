/**
 * The command line: every command of PRODUCT.md, with the options of its
 * tables (tables.ts), parsed with commander, each value checked while it is
 * read; each command's action reads its tables back typed and computes what
 * follows from them. `parseCommandLine` returns what to run; it never exits
 * (main.ts does).
 */
import { Command, CommanderError, Help, type Option, type OutputConfiguration } from "commander";
import { type Lang, listed, type Said, said, sayIn, type WordKey } from "../i18n/say.ts";
import { displayWidth } from "../display/width.ts";
import denoJson from "../../deno.json" with { type: "json" };
import type { Framing } from "../framing/types.ts";
import { encodeInput, rawLine } from "../display/typed_text.ts";
import { UsageError } from "../errors.ts";
import {
  checkConnect,
  checkFlood,
  checkFramings,
  checkGroup,
  checkRelay,
  checkServe,
} from "./rules.ts";
import { parseEndpoint } from "./endpoint.ts";
import { checkRelayTls, checkTlsUse, isTls, TLS, withTls } from "./tls.ts";
import { checkWebAddress, parseWebAddress } from "./web_address.ts";
import { addOptions, given, type Opt, readOptions, SaidOption } from "./table.ts";
import {
  CHECK,
  CHECK_DISPLAY,
  CHECK_NAMES,
  COMMON,
  CONNECT,
  DEMO_DISPLAY,
  DISPLAY,
  FLOOD,
  GROUP,
  LANGS,
  LANGUAGE,
  RELAY,
  SERVE,
  SINK,
  TALK,
  TEXT_INPUT,
  WEB,
} from "./tables.ts";
import { parseRule, parseRulesFile } from "../replies/rule.ts";
import { loadTimeFormat } from "../notation/time_format.ts";
import { loadEncoders } from "../notation/text_encoding.ts";
import {
  loadRegexEngine,
  parsePattern,
  type Pattern,
  PATTERN_OPTIONS,
} from "../replies/pattern.ts";
import type {
  CheckOptions,
  CommonOptions,
  ConnectOptions,
  DemoOptions,
  DisplayOptions,
  FloodOptions,
  RelayOptions,
  ServeOptions,
  SinkOptions,
  TalkOptions,
  WebOptions,
} from "./types.ts";

export const VERSION: string = denoJson.version;

/** What the command line asked for, and the language to say it in (--lang, else the locale's). */
export type Invocation = Parsed & { lang: Lang };

/** What the command line asked for. */
type Parsed =
  | { command: "serve"; options: ServeOptions }
  | { command: "connect"; options: ConnectOptions }
  | { command: "relay"; options: RelayOptions }
  | { command: "sink"; options: SinkOptions }
  | { command: "flood"; options: FloodOptions }
  | { command: "demo"; options: DemoOptions }
  | { command: "check"; options: CheckOptions }
  | { command: "schema" }
  | { command: "web"; options: WebOptions }
  /** --help or --version was shown: nothing to run. */
  | { command: "none" };

/** --output … --web-public; --web's address is checked against --web-public here. */
function display(cmd: Command): DisplayOptions {
  const { webPublic, ...shown } = readOptions(cmd, DISPLAY);
  if (shown.web) checkWebAddress(shown.web, webPublic);
  return shown;
}

/**
 * The options shared by serve, connect, relay and sink; each way's framing is
 * its own flag, else --framing, else `unsetFraming` (serve's save takes json).
 */
function common(cmd: Command, unsetFraming?: Framing): CommonOptions {
  const { framing, sendFraming, recvFraming, ...rest } = readOptions(cmd, COMMON);
  const both = unsetFraming && !given(cmd, COMMON.framing) ? unsetFraming : framing;
  const framings = [sendFraming ?? both, recvFraming ?? both];
  // A prefix is what len and json frames begin with: raw and line have none to change.
  refuseUnused(cmd, [
    [COMMON.prefix, framings.some((f) => f === "len" || f === "json"), "where.prefixed"],
  ]);
  return {
    ...display(cmd),
    ...rest,
    sendFraming: framings[0],
    recvFraming: framings[1],
  };
}

/** Flags of nc and socat habits that framecat spells another way: the way, in one line. */
const HABITS: Readonly<Record<string, WordKey>> = {
  l: "usage.nc_l",
  u: "usage.nc_u",
  k: "usage.nc_k",
  N: "usage.nc_N",
  C: "usage.nc_C",
  w: "usage.nc_w",
  z: "usage.nc_z",
  q: "usage.nc_q",
  "4": "usage.nc_4",
  "6": "usage.nc_6",
  e: "usage.nc_e",
  b: "usage.iperf_b",
  t: "usage.iperf_t",
  P: "usage.iperf_P",
  R: "usage.iperf_R",
  J: "usage.iperf_J",
};

/** The commands whose ENDPOINT is where they listen. */
const LISTENERS: readonly string[] = ["serve", "sink"];

/** What commander leaves to a subclass: its refusals, said here as framecat's sentences. */
interface Refusals {
  unknownOption(flag: string): void;
  unknownCommand(): void;
}

/**
 * A command whose refusals are UsageErrors carrying framecat's sentences
 * (said in --lang by the command line), never commander's English lines:
 * an unknown option (nc's flags answered with framecat's way), an unknown
 * command, a missing argument (an endpoint with its forms), a missing value,
 * too many arguments. Commander still finds the likely meant name.
 */
class SaidCommand extends Command {
  override createCommand(name?: string): SaidCommand {
    return new SaidCommand(name);
  }

  /** Everything commander would print and exit with is thrown instead, to be said. */
  override error(message: string, options?: { code?: string; exitCode?: number }): never {
    throw new CommanderError(options?.exitCode ?? 1, options?.code ?? "commander.error", message);
  }

  unknownOption(flag: string): never {
    const letter = /^-(\w)/.exec(flag)?.[1] ?? "";
    // A sink and a relay listen already: -l there is only to be left out.
    if (letter === "l" && ["sink", "relay"].includes(this.name())) {
      throw new UsageError(said("usage.nc_l_listens", { command: this.name() }));
    }
    const habit = HABITS[letter];
    if (habit) throw new UsageError(said(habit));
    const like = this.#likely(() =>
      (Command.prototype as unknown as Refusals).unknownOption.call(this, flag)
    );
    // A subcommand's options are in its --help; the top level's are few, and its --help lists all.
    const command = this.parent ? `framecat ${this.name()}` : "framecat";
    throw new UsageError(
      like === undefined
        ? said("usage.unknown_option", { option: flag, command })
        : said("usage.unknown_option_like", { option: flag, like }),
    );
  }

  unknownCommand(): never {
    const command = this.args[0];
    const like = this.#likely(() =>
      (Command.prototype as unknown as Refusals).unknownCommand.call(this)
    );
    const commands = listed(this.commands.map((c) => c.name()));
    throw new UsageError(
      like === undefined
        ? said("usage.unknown_command", { command, commands })
        : said("usage.unknown_command_like", { command, like }),
    );
  }

  missingArgument(name: string): never {
    // socat's spelling of a server's endpoint is TCP-LISTEN:PORT, of a client's TCP:HOST:PORT.
    const listens = name === "listen" || (name === "endpoint" && LISTENERS.includes(this.name()));
    const socat = listens ? "TCP-LISTEN:PORT" : "TCP:HOST:PORT";
    if (name === "endpoint") throw new UsageError(said("usage.missing_endpoint", { socat }));
    if (name === "listen" || name === "target") {
      throw new UsageError(
        said("usage.missing_endpoint_named", { name: name.toUpperCase(), socat }),
      );
    }
    throw new UsageError(said("usage.missing_argument", { name }));
  }

  optionMissingArgument(option: Option): never {
    const name = option.long ?? option.short ?? option.flags;
    const choices = option.argChoices && listed(option.argChoices);
    throw new UsageError(
      choices
        ? said("usage.missing_choice", { option: name, choices })
        : said("usage.missing_value", { option: name, flags: option.flags }),
    );
  }

  _excessArguments(given: string[]): never {
    // nc's `HOST PORT -e PROG`: framecat's -e (--escapes) takes no value, so PROG is left over.
    const extra = given.slice(this.registeredArguments.length);
    if (this.getOptionValueSource("escapes") === "cli" && extra.length === 1) {
      // `-e PROG HOST PORT` leaves PORT over, not PROG: the program is the word after -e.
      const program = wordAfterE(this) ?? extra[0];
      throw new UsageError(said("usage.nc_e_program", { program }));
    }
    // nc's -4 and -6 look like negative numbers to commander: arguments, not options.
    const family = given.find((arg) => arg === "-4" || arg === "-6");
    if (family) throw new UsageError(said(HABITS[family.slice(1)]));
    throw new UsageError(said("usage.too_many", {
      command: this.name(),
      expected: this.registeredArguments.length,
      got: given.length,
      given: listed(given),
    }));
  }

  /**
   * The names commander suggests for a mistyped one: its refusal, run for its
   * "(Did you mean …?)" alone (a list of names, in commander 15's fixed form).
   */
  #likely(refuse: () => void): string | undefined {
    try {
      refuse();
    } catch (err) {
      if (!(err instanceof CommanderError)) throw err;
      return /\(Did you mean (?:one of )?(.*)\?\)$/s.exec(err.message)?.[1];
    }
    return undefined;
  }
}

/**
 * An option's line in --help, in `lang`: its description, then its choices
 * and its default as a user reads them (`raw, line, len, json; default: raw`),
 * without commander's quotes and without the `default: false` of every flag.
 */
function describeOption(option: Option, lang: Lang): string {
  const text = option instanceof SaidOption ? sayIn(lang, option.help) : option.description;
  const choices = option.argChoices && listed(option.argChoices);
  const value = option.defaultValue;
  const shown = value !== undefined && !option.isBoolean()
    ? option.defaultValueDescription ?? String(value)
    : undefined;
  const extra = choices !== undefined && shown !== undefined
    ? said("help.choices_default", { choices, value: shown })
    : shown !== undefined
    ? said("help.default", { value: shown })
    : choices;
  return extra === undefined ? text : sayIn(lang, said("help.extra", { text, extra }));
}

/** Commander's headings of --help, as it names them, and their words. */
const TITLES: Readonly<Record<string, WordKey>> = {
  "Usage:": "help.title.usage",
  "Arguments:": "help.title.arguments",
  "Options:": "help.title.options",
  "Commands:": "help.title.commands",
};

/** `[options] <endpoint> [port]`: a command's usage after its name, in `lang`. */
function usage(cmd: Command, lang: Lang): string {
  const words = [sayIn(lang, said("help.word.options"))];
  if (cmd.commands.length > 0) words.push(sayIn(lang, said("help.word.command")));
  for (const a of cmd.registeredArguments) {
    const name = a.name() + (a.variadic ? "..." : "");
    words.push(a.required ? `<${name}>` : `[${name}]`);
  }
  return words.join(" ");
}

/**
 * Wraps a description at `width` columns: at spaces, as commander does, and
 * between two Chinese characters too (Chinese puts no spaces between words),
 * never before closing punctuation; a wide character counts two columns.
 */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    const tokens = paragraph.match(WRAP_TOKEN) ?? [""];
    let line = "";
    for (const token of tokens) {
      if (line !== "" && displayWidth(line + token) > width) {
        lines.push(line);
        line = token.trimStart();
      } else line += token;
    }
    lines.push(line);
  }
  return lines.join("\n");
}

/**
 * A word (spaces before it) or one wide character, each with the opening
 * punctuation before it and the closing punctuation after it: a line never
 * ends on `（` nor starts with `，`.
 */
const WRAP_TOKEN =
  /\s*[（「“‘《]*(?:[^\s\u2e80-\u9fff\uff00-\uffef]+|[\u2e80-\u9fff\uff00-\uffef])[，。；：、）」”’！？》]*/g;

/** What each command's declaration needs: where its invocation goes, and the words of --help. */
interface Build {
  /** Takes the invocation of the command that ran (`cmd`, whose --lang it reads). */
  done: (cmd: Command, inv: Parsed) => void;
  /** A sentence in the language of --help and of the refusals while parsing. */
  say: (key: WordKey, vars?: Said["vars"]) => string;
}

/** An option and whether it does anything here; when it does not, where it does. */
type Applies = [option: Opt<unknown>, applies: boolean, where: WordKey];

/** `--output raw` shows received messages: only serve and connect receive them. */
function refuseRawOutput(shown: DisplayOptions, command: string): void {
  if (shown.output === "raw") throw new UsageError(said("usage.raw_output", { command }));
}

/**
 * No silent no-ops: an option given on the command line that does nothing for
 * this command or behaviour is refused, in one line saying where it applies.
 */
function refuseUnused(cmd: Command, rules: Applies[]): void {
  for (const [o, applies, where] of rules) {
    if (!applies && given(cmd, o)) {
      throw new UsageError(said("usage.not_here", { option: o.option.long!, where: said(where) }));
    }
  }
}

/** The word given right after -e on the command line (nc's program), if one followed it. */
function wordAfterE(cmd: Command): string | undefined {
  let root = cmd;
  while (root.parent) root = root.parent;
  const argv = (root as Command & { rawArgs: string[] }).rawArgs;
  const at = argv.findIndex((w) => w === "-e" || w === "--escapes");
  const next = at < 0 ? undefined : argv[at + 1];
  return next === undefined || next.startsWith("-") ? undefined : next;
}

/** socat's `-` (STDIO): framecat's own side, never an address. */
function refuseStdio(...args: Array<string | undefined>): void {
  if (args.some((arg) => arg === "-" || /^stdio$/i.test(arg ?? ""))) {
    throw new UsageError(said("usage.socat_stdio"));
  }
}

/**
 * nc's `HOST PORT` as one endpoint, `HOST:PORT` (`[V6]:PORT` for an IPv6 literal). A first
 * argument that is already a whole endpoint (a port, HOST:PORT, a scheme) takes no second:
 * `serve 9000 9001` is two servers, not a host called 9000.
 */
function hostAndPort(endpoint: string, port: string | undefined, cmd: Command): string {
  const command = cmd.name();
  refuseStdio(endpoint, port);
  if (port === undefined) return endpoint;
  // nc's `HOST:PORT -e PROG`: framecat's -e (--escapes) takes no value, so PROG came here; or
  // `-e /bin/sh PORT`, and a path is the endpoint (`-e HOST PORT` is -e and an endpoint).
  if (cmd.getOptionValueSource("escapes") === "cli") {
    const program = wordAfterE(cmd);
    const path = program === endpoint && /^[^:]*\//.test(endpoint);
    if (path || (program === port && !/^\d+$/.test(port))) {
      throw new UsageError(said("usage.nc_e_program", { program }));
    }
  }
  // A bare IPv6 address (`::1 80`, nc's way) is a host; a trailing :PORT elsewhere is a port.
  const v6Host = endpoint.includes(":") && /^[0-9a-f:]+(%[\w.-]+)?$/i.test(endpoint);
  if (!v6Host && /^\d+$|:\d+$|:\/\//.test(endpoint)) {
    const given = `${endpoint} ${port}`;
    throw new UsageError(
      command === "serve"
        ? said("usage.one_endpoint_serve", { given })
        : said("usage.one_endpoint", { given, command }),
    );
  }
  const v6 = endpoint.includes(":") && !endpoint.includes("]") && !endpoint.includes("//");
  return v6 ? `[${endpoint}]:${port}` : `${endpoint}:${port}`;
}

/**
 * Which of --reply and --replies came in what order (as sendOrder), so that
 * their rules are tried in the order the command line gives them.
 */
function ruleOrder(cmd: Command): Array<"rule" | "file"> {
  const order: Array<"rule" | "file"> = [];
  cmd.on(`option:${TALK.reply.option.name()}`, () => order.push("rule"));
  cmd.on(`option:${TALK.replies.option.name()}`, () => order.push("file"));
  return order;
}

/** --checksum and the rules, read in the encoding (which may come after them on the line). */
function talk(cmd: Command, order: Array<"rule" | "file">, encoding: string): TalkOptions {
  const { reply, replies, ...own } = readOptions(cmd, TALK);
  const rules = reply.values();
  const files = replies.values();
  return {
    ...own,
    replies: order.flatMap((kind) =>
      kind === "rule"
        ? [parseRule(rules.next().value!, encoding)]
        : parseRulesFile(files.next().value!, encoding)
    ),
  };
}

/** serve ENDPOINT: a server and its behaviour. */
function addServe(program: Command, { done, say }: Build): void {
  const cmd = program.command("serve").description(say("cmd.serve"))
    .argument("<endpoint>", say("arg.serve.endpoint"))
    .argument("[port]", say("arg.port"));
  addOptions(cmd, SERVE, COMMON, DISPLAY, TLS, TEXT_INPUT, TALK, GROUP);
  const rules = ruleOrder(cmd);
  cmd.action((endpoint: string, port: string | undefined) => {
    const own = readOptions(cmd, SERVE);
    const b = own.behavior;
    const typing = b === "print" || b === "chat";
    // save receives json frames: that is its framing unless another is asked for.
    const base = {
      ...common(cmd, b === "save" ? "json" : undefined),
      ...readOptions(cmd, TEXT_INPUT),
    };
    // nc's `-l -e PROG` runs a program per connection: framecat's -e reads escapes.
    if (given(cmd, TEXT_INPUT.escapes) && !typing) throw new UsageError(said("usage.nc_e"));
    refuseUnused(cmd, [
      [SERVE.dir, b === "save", "where.save"],
      [SERVE.maxFile, b === "save", "where.save"],
      [SERVE.overwrite, b === "save", "where.save"],
      [SERVE.execPublic, b === "exec", "where.exec"],
      [SERVE.execAnyUser, b === "exec", "where.exec"],
      [SERVE.execTimeout, b === "exec", "where.exec"],
      [SERVE.interval, b === "chat", "where.chat"],
      [TEXT_INPUT.escapes, typing, "where.typing"],
      [TEXT_INPUT.input, typing, "where.typing"],
      [
        TEXT_INPUT.crlf,
        base.sendFraming === "line" || (typing && base.sendFraming === "raw"),
        "where.line",
      ],
      [TALK.reply, b !== "save", "where.messages"],
      [TALK.replies, b !== "save", "where.messages"],
      [TALK.checksum, b !== "save", "where.messages"],
    ]);
    const tls = readOptions(cmd, TLS);
    const options: ServeOptions = {
      ...base,
      ...own,
      ...talk(cmd, rules, base.encoding),
      ...readOptions(cmd, GROUP),
      endpoint: withTls(parseEndpoint(hostAndPort(endpoint, port, cmd)), tls, "server"),
    };
    checkTlsUse(tls, [[options.endpoint, "server"]]);
    checkServe(options);
    done(cmd, { command: "serve", options });
  });
}

/**
 * Which of --send and --send-hex came in what order: commander announces each
 * option as it reads it (after storing its value), so the two lists can be merged.
 */
function sendOrder(cmd: Command): Array<"text" | "hex"> {
  const order: Array<"text" | "hex"> = [];
  cmd.on(`option:${CONNECT.send.option.name()}`, () => order.push("text"));
  cmd.on(`option:${CONNECT.sendHex.option.name()}`, () => order.push("hex"));
  return order;
}

/** connect ENDPOINT: send messages and show what comes back. */
function addConnect(program: Command, { done, say }: Build): void {
  const cmd = program.command("connect").description(say("cmd.connect"))
    .argument("<endpoint>", say("arg.connect.endpoint"))
    .argument("[port]", say("arg.port"));
  addOptions(cmd, CONNECT, COMMON, DISPLAY, TLS, TEXT_INPUT, TALK, GROUP);
  const order = sendOrder(cmd);
  const rules = ruleOrder(cmd);
  cmd.action((endpoint: string, port: string | undefined) => {
    const { send, sendHex, header, expectMatch, ...own } = readOptions(cmd, CONNECT);
    const base = { ...common(cmd), ...readOptions(cmd, TEXT_INPUT) };
    const framing = base.sendFraming;
    refuseUnused(cmd, [
      [CONNECT.count, order.length > 0, "where.sends"],
      [CONNECT.interval, order.length > 0, "where.pause"],
      [TEXT_INPUT.crlf, framing === "line" || framing === "raw", "where.line_raw"],
      [
        TEXT_INPUT.escapes,
        own.sendFile === undefined,
        "where.text",
      ],
      [TEXT_INPUT.input, order.length === 0 && own.sendFile === undefined, "where.typed"],
      [TALK.checksum, own.sendFile === undefined, "where.not_file"],
    ]);
    const texts = send.values();
    const hexes = sendHex.values();
    const tls = readOptions(cmd, TLS);
    const options: ConnectOptions = {
      ...base,
      ...own,
      ...readOptions(cmd, GROUP),
      ...talk(cmd, rules, base.encoding),
      endpoint: withTls(
        parseEndpoint(hostAndPort(endpoint, port, cmd), "connect"),
        tls,
        "client",
      ),
      // --crlf ends each --send in raw framing as it ends a typed line (NetAssist's 加回车换行);
      // --send-hex is bytes exactly.
      sends: order.map((kind) =>
        kind === "hex"
          ? hexes.next().value!
          : framing === "raw"
          ? rawLine(encodeInput(texts.next().value!, base), base)
          : encodeInput(texts.next().value!, base)
      ),
      headers: Object.fromEntries(header),
      expectMatch: expectMatch === undefined
        ? undefined
        : expectPattern(expectMatch, base.encoding),
    };
    checkTlsUse(tls, [[options.endpoint, "client"]]);
    checkConnect(options);
    done(cmd, { command: "connect", options });
  });
}

/** --expect-match's pattern, checked now; a mistake names the option. */
function expectPattern(source: string, encoding: string): Pattern {
  try {
    return parsePattern(source, encoding);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    throw new UsageError(
      said("usage.option_value", { option: "--expect-match", reason: err.said }),
    );
  }
}

/** relay LISTEN TARGET: forward and inject faults. */
function addRelay(program: Command, { done, say }: Build): void {
  const cmd = program.command("relay").description(say("cmd.relay"))
    .argument("<listen>", say("arg.relay.listen"))
    .argument("<target>", say("arg.relay.target"));
  addOptions(cmd, RELAY, COMMON, DISPLAY, TLS);
  cmd.action((listen: string, target: string) => {
    const base = common(cmd);
    refuseRawOutput(base, "relay");
    const tls = readOptions(cmd, TLS);
    refuseStdio(listen, target);
    const listenAt = withTls(parseEndpoint(listen), tls, "server");
    // Both sides TLS: --cert/--key are the server's; the target side presents none.
    const targetTls = isTls(listenAt) ? { ...tls, cert: undefined, key: undefined } : tls;
    const { seed, ...own } = readOptions(cmd, RELAY);
    const options: RelayOptions = {
      ...base,
      ...own,
      listen: listenAt,
      target: withTls(parseEndpoint(target, "connect"), targetTls, "client"),
      seed: seed ?? Math.floor(Math.random() * 2 ** 31),
      seedGiven: seed !== undefined,
    };
    // A TCP link lives as long as its two connections: a UDP session has only silence to end it.
    if (given(cmd, RELAY.idleTimeout) && options.listen.transport !== "udp") {
      throw new UsageError(said("usage.relay_udp_only", { option: "--idle-timeout" }));
    }
    checkTlsUse(tls, [[options.listen, "server"], [options.target, "client"]]);
    checkRelayTls(options.resetAfter, [options.listen, options.target]);
    checkRelay(options);
    done(cmd, { command: "relay", options });
  });
}

/** sink ENDPOINT: receive flood traffic and measure it. */
function addSink(program: Command, { done, say }: Build): void {
  const cmd = program.command("sink").description(say("cmd.sink"))
    .argument("<endpoint>", say("arg.sink.endpoint"))
    .argument("[port]", say("arg.port"));
  addOptions(cmd, SINK, COMMON, DISPLAY, TLS, GROUP);
  cmd.action((endpoint: string, port: string | undefined) => {
    const base = common(cmd);
    refuseRawOutput(base, "sink");
    const tls = readOptions(cmd, TLS);
    const options: SinkOptions = {
      ...base,
      ...readOptions(cmd, SINK),
      ...readOptions(cmd, GROUP),
      endpoint: withTls(parseEndpoint(hostAndPort(endpoint, port, cmd)), tls, "server"),
    };
    checkTlsUse(tls, [[options.endpoint, "server"]]);
    checkFramings(options);
    checkGroup(options, options.endpoint, false);
    done(cmd, { command: "sink", options });
  });
}

/** flood ENDPOINT: send measured traffic. */
function addFlood(program: Command, { done, say }: Build): void {
  const cmd = program.command("flood").description(say("cmd.flood"))
    .argument("<endpoint>", say("arg.flood.endpoint"))
    .argument("[port]", say("arg.port"));
  addOptions(cmd, FLOOD, DISPLAY, TLS, GROUP);
  cmd.action((endpoint: string, port: string | undefined) => {
    const shown = display(cmd);
    refuseRawOutput(shown, "flood");
    const tls = readOptions(cmd, TLS);
    const options: FloodOptions = {
      ...shown,
      ...readOptions(cmd, FLOOD),
      ...readOptions(cmd, GROUP),
      endpoint: withTls(
        parseEndpoint(hostAndPort(endpoint, port, cmd), "connect"),
        tls,
        "client",
      ),
    };
    checkTlsUse(tls, [[options.endpoint, "client"]]);
    checkFlood(options);
    done(cmd, { command: "flood", options });
  });
}

/** demo [NAME]: the classroom demos. */
function addDemo(program: Command, { done, say }: Build, langOf: (cmd: Command) => Lang): void {
  const cmd = program.command("demo").description(say("cmd.demo"))
    .argument("[name]", say("arg.demo.name"));
  addOptions(cmd, DEMO_DISPLAY);
  cmd.action((name: string | undefined) => {
    const { webPublic, ...shown } = readOptions(cmd, DEMO_DISPLAY);
    if (shown.web) checkWebAddress(shown.web, webPublic);
    done(cmd, { command: "demo", options: { ...shown, name, lang: langOf(cmd) } });
  });
}

/** check CHECK TARGET...: test servers for sticking and splitting, and explain each failure. */
function addCheck(program: Command, { done, say }: Build, langOf: (cmd: Command) => Lang): void {
  const cmd = program.command("check").description(say("cmd.check"))
    .argument("<check>", say("arg.check.check", { checks: listed(CHECK_NAMES) }))
    .argument("[targets...]", say("arg.check.targets"));
  addOptions(cmd, CHECK, CHECK_DISPLAY);
  cmd.action((check: string, targetArgs: string[]) => {
    const { webPublic, ...shown } = readOptions(cmd, CHECK_DISPLAY);
    if (shown.web) checkWebAddress(shown.web, webPublic);
    const own = readOptions(cmd, CHECK);
    if (targetArgs.length === 0 && own.targets === undefined) {
      throw new UsageError(said("usage.check_targets"));
    }
    const lang = langOf(cmd);
    const output = own.report === "json" ? "json" : "text";
    done(cmd, { command: "check", options: { ...own, ...shown, check, targetArgs, lang, output } });
  });
}

/** schema: the JSON Schema of the NDJSON events. */
function addSchema(program: Command, { done, say }: Build): void {
  const cmd = program.command("schema").description(say("cmd.schema"));
  cmd.action(() => done(cmd, { command: "schema" }));
}

/** web [HOST:PORT]: the local web workspace. */
function addWeb(program: Command, { done, say }: Build): void {
  const cmd = program.command("web").description(say("cmd.web"))
    .argument("[address]", say("arg.web.address"));
  addOptions(cmd, WEB);
  cmd.action((address: string | undefined) => {
    const { webPublic, ...own } = readOptions(cmd, WEB);
    const ep = parseWebAddress(address ?? "127.0.0.1:0");
    checkWebAddress(ep, webPublic);
    done(cmd, { command: "web", options: { ...own, address: ep } });
  });
}

/**
 * Builds the program, its --help and its refusals in `lang` (the language
 * --lang asks for on the command line, else the locale's). `done` receives
 * the parsed invocation of the command that ran, in the language its own
 * --lang names (or the program's, else `lang`).
 */
export function buildProgram(
  done: (inv: Invocation) => void,
  output: OutputConfiguration,
  lang: Lang = "en",
): Command {
  const say = (key: WordKey, vars?: Said["vars"]) => sayIn(lang, said(key, vars));
  const program = new SaidCommand("framecat")
    .description(say("cmd.framecat"))
    .version(VERSION, "-V, --version", say("help.version"))
    .helpOption("-h, --help", say("help.help"))
    .helpCommand("help [command]", say("help.help_command"))
    .showSuggestionAfterError(true)
    .configureHelp({
      optionDescription: (option) => describeOption(option, lang),
      styleTitle: (title) => TITLES[title] ? say(TITLES[title]) : title,
      // Commander puts a space after the usage title: a Chinese one ends on its own wide colon.
      formatHelp: (cmd, helper) =>
        Help.prototype.formatHelp.call(helper, cmd, helper).replace(/^(\S*：) /, "$1"),
      subcommandTerm: (cmd) => `${cmd.name()} ${cmd.usage()}`,
      displayWidth,
      boxWrap: wrap,
    })
    .exitOverride()
    .configureOutput(output);
  addOptions(program, LANGUAGE);
  const langOf = (cmd: Command) =>
    readOptions(cmd, LANGUAGE).lang ?? readOptions(program, LANGUAGE).lang ?? lang;
  const build: Build = { done: (cmd, inv) => done({ ...inv, lang: langOf(cmd) }), say };
  addServe(program, build);
  addConnect(program, build);
  addRelay(program, build);
  addSink(program, build);
  addFlood(program, build);
  addDemo(program, build, langOf);
  addCheck(program, build, langOf);
  addSchema(program, build);
  addWeb(program, build);
  for (const cmd of [program, ...program.commands]) {
    if (cmd !== program) addOptions(cmd, LANGUAGE);
    cmd.usage(usage(cmd, lang));
  }
  return program;
}

/**
 * The language of --help and of the refusals while parsing: --lang as the
 * arguments give it (read before commander does, which shows help as soon as
 * it meets --help), else `fallback` (the locale's).
 */
export function langOfArgs(argv: string[], fallback: Lang): Lang {
  for (let i = 0; i < argv.length && argv[i] !== "--"; i++) {
    const value = argv[i] === "--lang" ? argv[i + 1] : /^--lang=(.*)$/s.exec(argv[i])?.[1];
    if (value !== undefined && (LANGS as readonly string[]).includes(value)) return value as Lang;
  }
  return fallback;
}

/**
 * Parses argv. Returns what to run, and the language to say it in; throws a
 * UsageError for any bad input, said in that language by whoever shows it.
 * `output` takes what commander prints (help, the version): the web page shows it.
 * @param lang the language when argv gives no --lang (the locale's)
 */
export async function parseCommandLine(
  argv: string[],
  output: OutputConfiguration = {},
  lang: Lang = "en",
): Promise<Invocation> {
  const shown = langOfArgs(argv, lang);
  let invocation: Invocation = { command: "none", lang: shown };
  const program = buildProgram((inv) => (invocation = inv), output, shown);
  if (argv.length === 0) {
    program.outputHelp();
    return invocation;
  }
  checkHelpTopic(program, argv);
  checkCommandGiven(program, argv);
  argv = britishSpellings(argv);
  await loadWhatArgvNeeds(argv);
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.exitCode === 0) return { command: "none", lang: shown };
    // SaidCommand says every refusal commander makes for framecat's options: this is a new one.
    throw new UsageError(err.message.replace(/^error: /, ""));
  }
  return invocation;
}

/**
 * `--behaviour` is `--behavior`, as GNU's `--colour` is `--color`: the course and half its
 * students write it the British way. Only options are rewritten, up to a `--` (after it every
 * word is an argument).
 */
function britishSpellings(argv: string[]): string[] {
  const end = argv.indexOf("--");
  return argv.map((a, i) =>
    (end >= 0 && i >= end) ? a : a.replace(/^--behaviour(?==|$)/, "--behavior")
  );
}

/**
 * Loads the libraries that only some command lines need, before they are read: RE2 for the
 * patterns of rules and `--expect-match`, strftime for the `time` behaviour and a reply's
 * `{time}`, iconv-lite for `--encoding` (rules are read in it). Each is a few hundredths of a
 * second of every start otherwise. A word that only looks like one of these (`--send time`)
 * loads one for nothing, which is harmless.
 */
async function loadWhatArgvNeeds(argv: string[]): Promise<void> {
  const has = (option: string) => argv.some((a) => a === option || a.startsWith(`${option}=`));
  const rules = PATTERN_OPTIONS.some(has);
  if (rules) await loadRegexEngine();
  if (rules || argv.some((a) => a === "time" || a.endsWith("=time"))) await loadTimeFormat();
  if (has("--encoding")) await loadEncoders();
}

/** `help nope`: one line naming the commands (commander would print the whole help). */
function checkHelpTopic(program: Command, argv: string[]): void {
  // `--lang zh help nope` too: the language may come first.
  let at = 0;
  while (argv[at] === "--lang" || argv[at]?.startsWith("--lang=")) {
    at += argv[at] === "--lang" ? 2 : 1;
  }
  const topic = argv[at + 1];
  if (argv[at] !== "help" || topic === undefined) return;
  const names = program.commands.map((c) => c.name());
  if (names.includes(topic)) return;
  throw new UsageError(
    said("usage.help_topic", { topic, commands: listed(names) }),
  );
}

/**
 * nc's `nc HOST PORT` (or `framecat 9000`): an endpoint where the command goes. One line
 * naming the command, the rest of the line kept.
 */
function checkCommandGiven(program: Command, argv: string[]): void {
  const first = argv[0];
  if (first.startsWith("-") || first === "help") return;
  if (program.commands.some((c) => c.name() === first)) return;
  const endpointLike = /^\d+$|^\[|:\/\/|:\d+$|^localhost$|^[\w-]+(\.[\w-]+)+$/i.test(first);
  if (!endpointLike) return;
  // The command named after the endpoint (`framecat 9000 serve`): moved to the front.
  const firstOption = argv.findIndex((a) => a.startsWith("-"));
  const words = firstOption < 0 ? argv : argv.slice(0, firstOption);
  const named = words.findIndex((a) => program.commands.some((c) => c.name() === a));
  if (named > 0) {
    const rest = argv.filter((_, i) => i !== named).join(" ");
    throw new UsageError(said("usage.command_moved", { command: argv[named], rest }));
  }
  const given = argv.join(" ");
  throw new UsageError(
    /^\d+$/.test(first)
      ? said("usage.command_first_port", { given })
      : said("usage.command_first", { given }),
  );
}
