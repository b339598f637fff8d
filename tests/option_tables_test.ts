/**
 * The option tables: a key that is not its flag's attribute name is refused,
 * every option of every command comes from a table, and parsing gives each
 * command its typed values (defaults, sizes in bytes, durations in ms).
 */
import assert from "node:assert/strict";
import { Option } from "commander";
import { buildProgram, type Invocation, parseCommandLine } from "../lib/options/cli.ts";
import { flag, opt, type Table, table, type Values } from "../lib/options/table.ts";
import * as tables from "../lib/options/tables.ts";
import { TLS, type TlsSettings, type TlsValues } from "../lib/options/tls.ts";
import { size } from "../lib/options/values.ts";
import type {
  Behavior,
  ConnectOptions,
  DemoOptions,
  GroupOptions,
  RelayOptions,
  ServeOptions,
  WebOptions,
} from "../lib/options/types.ts";
import type { Prefix } from "../lib/framing/types.ts";
import type { Range } from "../lib/options/units.ts";

/** Every table: tables.ts exports them beside lists of choices (arrays), and TLS's. */
const TABLES: Record<string, Table> = {
  ...Object.fromEntries(
    Object.entries(tables).filter(([, value]) => !Array.isArray(value)),
  ) as Record<string, Table>,
  TLS,
};
const { GROUP } = tables;

Deno.test("option tables: a key that is not the flag's attribute name is a programming error", () => {
  const maxFrame = opt({ flags: "--max-frame <size>", help: "opt.max_frame", parse: size(1) });
  assert.throws(() => table({ maxFrames: maxFrame }), /"maxFrames" holds --max-frame.*"maxFrame"/);
  assert.throws(
    () => table({ noLoop: flag({ flags: "--no-loop", help: "opt.no_loop" }) }),
    /name it "loop"/,
  );
  assert.doesNotThrow(() => table({ maxFrame }));
});

Deno.test("option tables: every key is its flag's attribute name", () => {
  for (const [name, t] of Object.entries(TABLES)) {
    for (const [key, { option }] of Object.entries(t)) {
      assert.equal(new Option(option.flags).attributeName(), key, `${name}.${key}`);
    }
  }
});

Deno.test("option tables: every option of every command is declared in a table", () => {
  const declared = new Set(
    Object.values(TABLES).flatMap((t) => Object.values(t)).map((o) => o.option),
  );
  const program = buildProgram(() => {}, {});
  let checked = 0;
  for (const cmd of program.commands) {
    for (const option of cmd.options) {
      if (option.long === "--help") continue;
      assert.ok(declared.has(option), `${cmd.name()} ${option.flags} is not in a table`);
      checked++;
    }
  }
  // 171 options in all (serve alone has 38): the walk saw them, not an empty list.
  assert.ok(checked > 150, `only ${checked} options`);
});

/** One object type instead of an intersection, so Same compares fields. */
type Flat<T> = { [K in keyof T]: T[K] };
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true
  : false;

Deno.test("option tables: the derived fields have the tables' types", () => {
  // Checked by the compiler: one wrong type and `deno check` fails here.
  const typed: true[] = [
    true satisfies Same<ServeOptions["behavior"], Behavior>,
    true satisfies Same<ServeOptions["maxConns"], number | undefined>,
    true satisfies Same<ServeOptions["prefix"], Prefix>,
    true satisfies Same<ServeOptions["output"], "text" | "hex" | "json" | "raw">,
    true satisfies Same<ServeOptions["loop"], boolean>,
    true satisfies Same<ConnectOptions["count"], number>,
    true satisfies Same<RelayOptions["slice"], Range | undefined>,
    true satisfies Same<RelayOptions["seed"], number>,
    true satisfies Same<DemoOptions["lang"], "en" | "zh">,
    true satisfies Same<WebOptions["output"], "text" | "json">,
    // Transport's own shapes, filled from the GROUP and TLS tables.
    true satisfies Same<Flat<Values<typeof GROUP>>, GroupOptions>,
    true satisfies Same<keyof TlsValues, keyof TlsSettings>,
  ];
  assert.equal(typed.length, 12);
});

/** Each command's parsed options, by command name. */
type OptionsOf = {
  [I in Invocation as I extends { options: unknown } ? I["command"] : never]: I extends
    { options: infer O } ? O : never;
};

/** The options `argv` parses into, for the command it must be. */
async function parsed<C extends keyof OptionsOf>(
  command: C,
  argv: string[],
): Promise<OptionsOf[C]> {
  const inv = await parseCommandLine([command, ...argv]);
  assert.equal(inv.command, command);
  assert.ok("options" in inv);
  return inv.options as OptionsOf[C];
}

const LOCAL_9000 = { transport: "tcp", host: "127.0.0.1", port: 9000, hostGiven: false };
const SHOWN = { output: "text", encoding: "utf-8", quiet: false, verbose: false, web: undefined };
const COMMON_DEFAULTS = {
  ...SHOWN,
  sendFraming: "raw",
  recvFraming: "raw",
  prefix: "u32be",
  maxFrame: 16 * 1024 * 1024,
  maxHeader: 64 * 1024,
  readSize: 65536,
  readDelay: 0,
  nodelay: false,
};
const GROUP_DEFAULTS = { iface: undefined, ttl: 1, loop: true };

Deno.test("parsing serve: every default, and units read into bytes and ms", async () => {
  assert.deepEqual(await parsed("serve", ["9000"]), {
    ...COMMON_DEFAULTS,
    ...GROUP_DEFAULTS,
    crlf: false,
    escapes: false,
    input: "text",
    replies: [],
    checksum: undefined,
    behavior: "echo",
    serial: false,
    once: false,
    maxConns: undefined,
    idleTimeout: undefined,
    execPublic: false,
    execAnyUser: false,
    execTimeout: 10_000,
    interval: 10_000,
    dir: "./received",
    maxFile: 4 * 1024 ** 3,
    overwrite: false,
    endpoint: LOCAL_9000,
  });
  const save = await parsed("serve", [
    "9000",
    ...["--behavior", "save", "--max-file", "1.5GiB", "--max-frame", "64KiB"],
    ...["--read-delay", "2s", "--idle-timeout", "1m", "--prefix", "<i"],
  ]);
  assert.equal(save.recvFraming, "json", "save's framing is json unless another is asked for");
  assert.equal(save.maxFile, 1.5 * 1024 ** 3);
  assert.equal(save.maxFrame, 65536);
  assert.equal(save.readDelay, 2000);
  assert.equal(save.idleTimeout, 60_000);
  assert.equal(save.prefix, "u32le");
});

Deno.test("parsing connect: --send and --send-hex in their order, headers, ms", async () => {
  const o = await parsed("connect", [
    "9000",
    ...["--send", "a", "--send-hex", "0x41,0x42", "--send", "c", "--framing", "json"],
    ...["--header", "k=v", "--header", "n=1", "--header", "k=w"],
    ...["--count", "3", "--interval", "1.5s", "--wait", "250ms", "--expect", "0"],
  ]);
  assert.deepEqual(o.sends.map((s) => new TextDecoder().decode(s)), ["a", "AB", "c"]);
  assert.deepEqual(o.headers, { k: "w", n: "1" });
  assert.deepEqual(
    [o.count, o.interval, o.wait, o.expect, o.heartbeat, o.halfClose],
    [3, 1500, 250, 0, undefined, false],
  );
  const tls = await parsed("connect", ["tls://localhost:9000", "--insecure", "--alpn", "h2,x"]);
  assert.deepEqual(tls.endpoint, {
    transport: "tcp",
    host: "localhost",
    port: 9000,
    hostGiven: true,
    tls: { insecure: true, alpn: ["h2", "x"] },
  });
});

Deno.test("parsing relay: faults typed, the seed drawn or given", async () => {
  const udp = await parsed("relay", [
    "udp://127.0.0.1:9000",
    "udp://127.0.0.1:9001",
    ...["--loss", "2.5%", "--delay", "100:20", "--seed", "7"],
  ]);
  assert.deepEqual(
    [udp.loss, udp.dup, udp.reorder, udp.delay, udp.seed, udp.seedGiven, udp.idleTimeout],
    [2.5, 0, 0, { ms: 100, jitter: 20 }, 7, true, 60_000],
  );
  assert.equal(udp.direction, "both");
  const tcp = await parsed("relay", [
    "9000",
    "9001",
    ...["--slice", "1-3", "--rate", "1MiB", "--coalesce", "5", "--direction", "up"],
  ]);
  assert.deepEqual([tcp.slice, tcp.rate, tcp.coalesce], [{ min: 1, max: 3 }, 1024 ** 2, 5]);
  assert.equal(tcp.direction, "up");
  assert.equal(tcp.seedGiven, false);
  assert.ok(Number.isInteger(tcp.seed) && tcp.seed >= 0);
});

Deno.test("parsing sink, flood, demo and web", async () => {
  assert.deepEqual(await parsed("sink", ["9000", "--interval", "2s", "--once"]), {
    ...COMMON_DEFAULTS,
    ...GROUP_DEFAULTS,
    interval: 2000,
    once: true,
    idleTimeout: undefined,
    endpoint: LOCAL_9000,
  });
  const flood = await parsed("flood", [
    "udp://239.1.2.3:5000",
    ...["--size", "1KiB", "--duration", "1.5", "--ttl", "4", "--no-loop", "--iface", "127.0.0.1"],
  ]);
  assert.deepEqual(
    [flood.size, flood.duration, flood.count, flood.rate, flood.wait, flood.rtt],
    [1024, 1500, undefined, { per: "unit", value: 0 }, 1000, false],
  );
  assert.deepEqual([flood.ttl, flood.loop, flood.iface], [4, false, "127.0.0.1"]);
  assert.deepEqual(await parsed("demo", ["sticky", "--lang", "zh", "--output", "json"]), {
    ...SHOWN,
    output: "json",
    name: "sticky",
    lang: "zh",
  });
  assert.deepEqual(await parsed("web", ["--output", "json"]), {
    output: "json",
    address: { transport: "tcp", host: "127.0.0.1", port: 0, hostGiven: true },
  });
});
