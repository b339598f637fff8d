/**
 * The command line: every command of PRODUCT.md, with the options of its
 * tables (tables.ts), parsed with commander, each value checked while it is
 * read; each command's action reads its tables back typed and computes what
 * follows from them. `parseCommandLine` returns what to run; it never exits
 * (main.ts does).
 */
import { Command, CommanderError, type Option, type OutputConfiguration } from "commander";
import denoJson from "../../deno.json" with { type: "json" };
import type { Framing } from "../framing/types.ts";
import { encodeInput } from "../display/typed_text.ts";
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
import { addOptions, given, type Opt, readOptions } from "./table.ts";
import {
  CHECK,
  CHECK_DISPLAY,
  CHECK_NAMES,
  COMMON,
  CONNECT,
  DEMO,
  DISPLAY,
  FLOOD,
  GROUP,
  RELAY,
  SERVE,
  SINK,
  TALK,
  TEXT_INPUT,
  WEB,
} from "./tables.ts";
import { parseRule, parseRulesFile } from "../replies/rule.ts";
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

export type Invocation =
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
  return {
    ...display(cmd),
    ...rest,
    sendFraming: sendFraming ?? both,
    recvFraming: recvFraming ?? both,
  };
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
type Applies = [option: Opt<unknown>, applies: boolean, where: string];

/** `--output raw` shows received messages: only serve and connect receive them. */
function refuseRawOutput(shown: DisplayOptions, command: string): void {
  if (shown.output === "raw") {
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
  for (const [o, applies, where] of rules) {
    if (!applies && given(cmd, o)) {
      throw new UsageError(`${o.option.long} does nothing here: it applies to ${where}`);
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
function addServe(program: Command, done: Done): void {
  const cmd = program.command("serve").description(
    "run a server (echo, upper, exec, time, chat, save…)",
  )
    .argument("<endpoint>", "where to listen: PORT, HOST:PORT, udp://HOST:PORT, unix:PATH")
    .argument("[port]", PORT_ARGUMENT);
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
    refuseUnused(cmd, [
      [SERVE.dir, b === "save", "--behavior save"],
      [SERVE.maxFile, b === "save", "--behavior save"],
      [SERVE.overwrite, b === "save", "--behavior save"],
      [SERVE.execPublic, b === "exec", "--behavior exec"],
      [SERVE.execAnyUser, b === "exec", "--behavior exec"],
      [SERVE.execTimeout, b === "exec", "--behavior exec"],
      [SERVE.interval, b === "chat", "--behavior chat"],
      [TEXT_INPUT.escapes, typing, "--behavior print or chat (lines typed on stdin)"],
      [TEXT_INPUT.input, typing, "--behavior print or chat (lines typed on stdin)"],
      [TEXT_INPUT.crlf, base.sendFraming === "line", "--framing line (or --send-framing line)"],
      [TALK.reply, b !== "save", "messages, not the files of --behavior save"],
      [TALK.replies, b !== "save", "messages, not the files of --behavior save"],
      [TALK.checksum, b !== "save", "messages, not the files of --behavior save"],
    ]);
    const tls = readOptions(cmd, TLS);
    const options: ServeOptions = {
      ...base,
      ...own,
      ...talk(cmd, rules, base.encoding),
      ...readOptions(cmd, GROUP),
      endpoint: withTls(parseEndpoint(hostAndPort(endpoint, port)), tls, "server"),
    };
    checkTlsUse(tls, [[options.endpoint, "server"]]);
    checkServe(options);
    done({ command: "serve", options });
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
function addConnect(program: Command, done: Done): void {
  const cmd = program.command("connect").description(
    "connect, send messages, show what comes back",
  )
    .argument(
      "<endpoint>",
      "where to connect: PORT, HOST:PORT, HOST PORT, udp://HOST:PORT, unix:PATH, TCP:HOST:PORT",
    )
    .argument("[port]", PORT_ARGUMENT);
  addOptions(cmd, CONNECT, COMMON, DISPLAY, TLS, TEXT_INPUT, TALK, GROUP);
  const order = sendOrder(cmd);
  const rules = ruleOrder(cmd);
  cmd.action((endpoint: string, port: string | undefined) => {
    const { send, sendHex, header, ...own } = readOptions(cmd, CONNECT);
    const base = { ...common(cmd), ...readOptions(cmd, TEXT_INPUT) };
    const framing = base.sendFraming;
    refuseUnused(cmd, [
      [CONNECT.count, order.length > 0, "--send and --send-hex (it repeats them)"],
      [CONNECT.interval, order.length > 0, "--send and --send-hex (the pause between them)"],
      [TEXT_INPUT.crlf, framing === "line" || framing === "raw", "--framing line or raw"],
      [
        TEXT_INPUT.escapes,
        own.sendFile === undefined,
        "--send text and typed lines, not --send-file",
      ],
      [TEXT_INPUT.input, order.length === 0 && own.sendFile === undefined, "typed or piped lines"],
      [TALK.checksum, own.sendFile === undefined, "messages, not --send-file"],
    ]);
    const texts = send.values();
    const hexes = sendHex.values();
    const tls = readOptions(cmd, TLS);
    const options: ConnectOptions = {
      ...base,
      ...own,
      ...readOptions(cmd, GROUP),
      ...talk(cmd, rules, base.encoding),
      endpoint: withTls(parseEndpoint(hostAndPort(endpoint, port), "connect"), tls, "client"),
      sends: order.map((kind) =>
        kind === "hex" ? hexes.next().value! : encodeInput(texts.next().value!, base)
      ),
      headers: Object.fromEntries(header),
    };
    checkTlsUse(tls, [[options.endpoint, "client"]]);
    checkConnect(options);
    done({ command: "connect", options });
  });
}

/** relay LISTEN TARGET: forward and inject faults. */
function addRelay(program: Command, done: Done): void {
  const cmd = program.command("relay").description("forward TCP or UDP and inject faults")
    .argument("<listen>", "where clients connect: PORT, HOST:PORT, udp://HOST:PORT, unix:PATH")
    .argument("<target>", "where to forward them: the real server");
  addOptions(cmd, RELAY, COMMON, DISPLAY, TLS);
  cmd.action((listen: string, target: string) => {
    const base = common(cmd);
    refuseRawOutput(base, "relay");
    const tls = readOptions(cmd, TLS);
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
    checkTlsUse(tls, [[options.listen, "server"], [options.target, "client"]]);
    checkRelayTls(options.resetAfter, [options.listen, options.target]);
    checkRelay(options);
    done({ command: "relay", options });
  });
}

/** sink ENDPOINT: receive flood traffic and measure it. */
function addSink(program: Command, done: Done): void {
  const cmd = program.command("sink").description("receive flood traffic and measure it")
    .argument("<endpoint>", "where to listen: PORT, HOST:PORT, udp://HOST:PORT")
    .argument("[port]", PORT_ARGUMENT);
  addOptions(cmd, SINK, COMMON, DISPLAY, TLS, GROUP);
  cmd.action((endpoint: string, port: string | undefined) => {
    const base = common(cmd);
    refuseRawOutput(base, "sink");
    const tls = readOptions(cmd, TLS);
    const options: SinkOptions = {
      ...base,
      ...readOptions(cmd, SINK),
      ...readOptions(cmd, GROUP),
      endpoint: withTls(parseEndpoint(hostAndPort(endpoint, port)), tls, "server"),
    };
    checkTlsUse(tls, [[options.endpoint, "server"]]);
    checkFramings(options);
    checkGroup(options, options.endpoint, false);
    done({ command: "sink", options });
  });
}

/** flood ENDPOINT: send measured traffic. */
function addFlood(program: Command, done: Done): void {
  const cmd = program.command("flood").description(
    "send measured traffic to a sink or an echo server",
  )
    .argument("<endpoint>", "the sink (or echo server): PORT, HOST:PORT, udp://HOST:PORT")
    .argument("[port]", PORT_ARGUMENT);
  addOptions(cmd, FLOOD, DISPLAY, TLS, GROUP);
  cmd.action((endpoint: string, port: string | undefined) => {
    const shown = display(cmd);
    refuseRawOutput(shown, "flood");
    const tls = readOptions(cmd, TLS);
    const options: FloodOptions = {
      ...shown,
      ...readOptions(cmd, FLOOD),
      ...readOptions(cmd, GROUP),
      endpoint: withTls(parseEndpoint(hostAndPort(endpoint, port), "connect"), tls, "client"),
    };
    checkTlsUse(tls, [[options.endpoint, "client"]]);
    checkFlood(options);
    done({ command: "flood", options });
  });
}

/** demo [NAME]: the classroom demos. */
function addDemo(program: Command, done: Done): void {
  const cmd = program.command("demo").description(
    "classroom demos of sticking, splitting, truncation and loss",
  )
    .argument(
      "[name]",
      "sticky, split, exec-leftover, udp-boundaries, udp-truncate, udp-loss, multicast, all (none: list them)",
    );
  addOptions(cmd, DEMO, DISPLAY);
  cmd.action((name: string | undefined) => {
    const shown = display(cmd);
    if (shown.output !== "text" && shown.output !== "json") {
      throw new UsageError(`--output ${shown.output} does nothing here: demo shows text or json`);
    }
    const lang = readOptions(cmd, DEMO).lang ?? localeLang();
    done({ command: "demo", options: { ...shown, name, lang } });
  });
}

/** check CHECK TARGET...: test servers for sticking and splitting, and explain each failure. */
function addCheck(program: Command, done: Done): void {
  const cmd = program.command("check").description(
    "check servers (a class's) for sticking and splitting, and explain every failure",
  )
    .argument("<check>", `a built-in check (${CHECK_NAMES.join(", ")}) or a scenario file (JSON)`)
    .argument("[targets...]", "the servers: PORT, HOST:PORT, udp://HOST:PORT, unix:PATH");
  addOptions(cmd, CHECK, CHECK_DISPLAY);
  cmd.action((check: string, targetArgs: string[]) => {
    const { webPublic, ...shown } = readOptions(cmd, CHECK_DISPLAY);
    if (shown.web) checkWebAddress(shown.web, webPublic);
    const own = readOptions(cmd, CHECK);
    if (targetArgs.length === 0 && own.targets === undefined) {
      throw new UsageError("Cannot check: name the servers, as endpoints or with --targets FILE");
    }
    const lang = own.lang ?? localeLang();
    const output = own.report === "json" ? "json" : "text";
    done({ command: "check", options: { ...own, ...shown, check, targetArgs, lang, output } });
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
  const cmd = program.command("web")
    .description("the web workspace: start commands and watch them live")
    .argument("[address]", "where the page listens: [HOST:]PORT (default: 127.0.0.1:0)");
  addOptions(cmd, WEB);
  cmd.action((address: string | undefined) => {
    const { webPublic, ...own } = readOptions(cmd, WEB);
    const ep = parseWebAddress(address ?? "127.0.0.1:0");
    checkWebAddress(ep, webPublic);
    done({ command: "web", options: { ...own, address: ep } });
  });
}

/** Builds the program. `done` receives the parsed invocation of the command that ran. */
export function buildProgram(
  done: (inv: Invocation) => void,
  output: OutputConfiguration,
): Command {
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
  addCheck(program, done);
  addSchema(program, done);
  addWeb(program, done);
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
