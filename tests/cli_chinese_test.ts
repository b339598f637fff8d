/**
 * `--lang zh` as a Chinese user meets it in the terminal: a session that
 * connects, reads, frames, fails on a peer's bytes and closes, the errors a
 * command line can end with, `--help`, and a demo, all said in Chinese. What
 * is left in Latin letters may only be what Chinese text keeps as written
 * (tests/helpers/english.ts): options, endpoints, data, numbers, TCP…
 */
import assert from "node:assert/strict";
import { Framecat, runFramecat } from "./helpers/cli.ts";
import { englishWords } from "./helpers/english.ts";
import { refusedPort, writeAll } from "./helpers/net.ts";
import { BEHAVIORS, CHECK_NAMES, DIRECTIONS, INPUTS, REPORTS } from "../lib/options/tables.ts";
import { FRAMINGS } from "../lib/framing/types.ts";
import { OUTPUTS } from "../lib/display/output.ts";
import { TRANSPORTS } from "../lib/events/choices.ts";

/** framecat's commands, named as they are typed (a flood, the sink, framecat web). */
const COMMANDS = ["serve", "connect", "relay", "sink", "flood", "demo", "check", "schema", "web"];

/** What a session's lines write as typed: the commands, and `all` (demo's). */
const SESSION_TYPED = new Set([...COMMANDS, "all"]);

/** What --help writes as typed, besides: the values of every option, programs, socket terms. */
const TYPED = new Set<string>([
  ...SESSION_TYPED,
  "help",
  ...BEHAVIORS,
  ...FRAMINGS,
  ...OUTPUTS,
  ...INPUTS,
  ...TRANSPORTS,
  ...DIRECTIONS,
  ...REPORTS,
  ...CHECK_NAMES,
  ...["quit", "hb", "ctrl-c"],
  ...["utf-8", "gbk", "h2", "http/1.1", "./received", "be", "le", "i", "n", "struct", "backlog"],
  ...["nc", "netcat"],
]);

/** Placeholders a line names a value by, as --help and the refusals write them. */
const PLACEHOLDERS = ["PORT", "HOST", "PATH", "FILE", "NAME", "MATCH", "RESPONSE", "MS", "N", "S"];

/**
 * Each line of `text` that keeps an English word, with the words. Besides
 * what tests/helpers/english.ts lets through, a terminal's lines keep as typed
 * a command to run (`framecat serve PORT`), what the user wrote, quoted
 * (“PING PONG”), the values an option takes (`raw、line、len、json`, all),
 * placeholders (MATCH => RESPONSE), units (Mbit/s), and the names netcat and
 * JSON Schema.
 */
function english(text: string): string[] {
  return text.split("\n").flatMap((line) => {
    const kept = line
      .replace(/“[^”]*”/g, " ")
      .replace(/framecat demo [a-z-]+/g, " ") // a demo to run, by its name
      .replace(/framecat [a-z]+(?: [A-Z][\w:/]*)*/g, " ")
      .replace(/\b[\w-]+(?:(?:, |、)[\w-]+)+\b/g, " ")
      .replace(/[\w./-]*[\w-]+/g, (word) => SESSION_TYPED.has(word.toLowerCase()) ? " " : word)
      .replace(new RegExp(`\\b(${PLACEHOLDERS.join("|")})\\b`, "g"), " ")
      .replace(/\b(netcat|JSON Schema)\b/g, " ")
      .replace(/\b[kKMG]?bit\/s\b/g, " "); // units, as KiB and ms are
    const words = englishWords(kept);
    return words.length === 0 ? [] : [`${words.join(" ")}  ←  ${line}`];
  });
}

/** All it has printed: text events go to stdout (data) and stderr (the rest). */
function shown(fc: Framecat): string {
  return fc.stdout + fc.stderr;
}

/** The port of a text `listening` line, said in Chinese. */
async function portOf(server: Framecat): Promise<number> {
  const found = await server.waitFor(
    () => /在 tcp:\/\/127\.0\.0\.1:(\d+) 上监听/.exec(shown(server))?.[1],
    10_000,
    "the listening line in Chinese",
  );
  return Number(found);
}

Deno.test("--lang zh: a session that connects, reads, frames, errs and closes is said in Chinese", async () => {
  await using server = new Framecat(
    ["serve", "0", "--framing", "len", "--lang", "zh", "--output", "text"],
    { keepStdout: true },
  );
  const port = await portOf(server);

  // Two messages, one of them Chinese, sent together and stuck in one read.
  const client = await runFramecat([
    "connect",
    `${port}`,
    "--framing",
    "len",
    "--send",
    "你好",
    "--send",
    "world",
    "--coalesce",
    "20",
    "--wait",
    "300",
    "--lang",
    "zh",
  ]);
  assert.equal(client.code, 0, client.stderr);

  // The course's struct.pack('i') prefix sent to a --prefix u32be server: a frame error, with its hint.
  {
    using conn = await Deno.connect({ port });
    await writeAll(conn, new Uint8Array([5, 0, 0, 0, ...new TextEncoder().encode("hello")]));
    await server.waitFor(() => shown(server).includes("struct.pack") || undefined);
  }
  await server.waitFor(() => (shown(server).match(/关闭/g)?.length ?? 0) >= 2 || undefined);

  // A refused connection, and a bad value: each one line, in Chinese.
  const refused = await runFramecat(["connect", `${await refusedPort()}`, "--lang", "zh"]);
  assert.equal(refused.code, 1);
  const bad = await runFramecat(["connect", "9", "--framing", "xml", "--lang", "zh"]);
  assert.equal(bad.code, 2);
  const unknown = await runFramecat(["connect", "9", "--bogus", "--lang", "zh"]);
  assert.equal(unknown.code, 2);
  // Mistakes in what is typed: hex, escapes, a reply rule, a demo's name.
  const typos = await Promise.all([
    ["connect", "9", "--send-hex", "4x", "--lang", "zh"],
    ["connect", "9", "-e", "--send", "a\\q", "--lang", "zh"],
    ["serve", "9", "--reply", "hex:01 0 => x", "--lang", "zh"],
    ["serve", "9", "--reply", "PING PONG", "--lang", "zh"],
    ["demo", "sticker", "--lang", "zh"],
  ].map((args) => runFramecat(args)));
  for (const typo of typos) assert.equal(typo.code, 2, typo.stderr);

  await server.stop();
  const said = [
    server.stdout,
    server.stderr,
    client.stdout,
    client.stderr,
    refused.stderr,
    bad.stderr,
    unknown.stderr,
    ...typos.map((t) => t.stderr),
  ].join("\n");
  // What the session is about was said (so the scan below read something).
  for (
    const words of [
      "已连接",
      "读取 #1",
      "消息 #2",
      "无法解码",
      "试试 --prefix",
      "连接被拒绝",
      "统计",
    ]
  ) {
    assert.ok(said.includes(words), `no "${words}" in:\n${said}`);
  }
  assert.deepEqual(english(said), [], said);
});

Deno.test("--lang zh: every command's --help is Chinese", async () => {
  const helps = await Promise.all(
    [[], ...COMMANDS.map((c) => [c])].map((c) => runFramecat([...c, "--help", "--lang", "zh"])),
  );
  const left: string[] = [];
  for (const help of helps) {
    assert.equal(help.code, 0);
    // What is typed stays as typed: the arguments (<endpoint>, [port]) and their placeholders
    // (PORT, N), the commands' names, the values options take (exec, gbk, ./received).
    const prose = help.stdout
      .replace(/\n {20,}/g, " ") // a description wrapped onto the next line
      .replace(/<[^>\s]+>|\[[\w.]+\]|^ {2}\w+(?= {2})/gm, " ")
      .replace(/[\w./-]*[\w-]+/g, (word) => TYPED.has(word.toLowerCase()) ? " " : word)
      .replace(/\b[A-Z]+\b/g, " ");
    left.push(...english(prose));
  }
  assert.deepEqual(left, []);
});

Deno.test("--lang zh: a demo is said in Chinese, row by row", async () => {
  const demo = await runFramecat(["demo", "sticky", "--lang", "zh"]);
  assert.equal(demo.code, 0, demo.stderr);
  assert.match(demo.stdout, /读取 #1/);
  // The heading names the demo as it is typed: `== sticky: …`.
  const prose = (demo.stdout + demo.stderr).replace(/^== sticky:/m, "");
  assert.deepEqual(english(prose), [], demo.stdout);
});

Deno.test("--lang zh: a UDP flood and its sink report in Chinese", async () => {
  await using sink = new Framecat(["sink", "udp://127.0.0.1:0", "--once", "--lang", "zh"], {
    keepStdout: true,
  });
  const port = Number(
    await sink.waitFor(
      () => /在 udp:\/\/127\.0\.0\.1:(\d+) 上监听/.exec(shown(sink))?.[1],
      10_000,
      "the sink's listening line in Chinese",
    ),
  );
  const flood = await runFramecat([
    "flood",
    `udp://127.0.0.1:${port}`,
    "--count",
    "20",
    "--size",
    "100",
    "--lang",
    "zh",
  ]);
  assert.equal(flood.code, 0, flood.stderr);
  await sink.exited(10_000);
  const said = [shown(sink), flood.stdout, flood.stderr].join("\n");
  for (const words of ["发出 20 个数据报", "丢失", "抖动"]) {
    assert.ok(said.includes(words), `no "${words}" in:\n${said}`);
  }
  assert.deepEqual(english(said), [], said);
});

Deno.test("LANG=zh_CN.UTF-8 speaks Chinese without --lang; --lang en overrides it", async () => {
  const env = { LANG: "zh_CN.UTF-8", LC_ALL: "", LC_MESSAGES: "" };
  const zh = await runFramecat(["connect", "9", "--framing", "xml"], { env });
  assert.match(zh.stderr, /^framecat: --framing：/);
  const en = await runFramecat(["connect", "9", "--framing", "xml", "--lang", "en"], { env });
  assert.match(en.stderr, /the choices are raw, line, len, json/);
});

Deno.test("--lang zh: check's and flood's refusals are one Chinese line", async () => {
  // Named as a Chinese class might name it: the check's name is the file's.
  const dir = await Deno.makeTempDir({ prefix: "framecat_zh_" });
  const scenario = `${dir}/协议.json`;
  await Deno.writeTextFile(scenario, JSON.stringify({ ways: ["plain"], steps: [{ wait: 1 }] }));
  const refusals = [
    ["check", "no-such-check", "127.0.0.1:9"],
    ["check", "time", "127.0.0.1:9", "--prefix", "i"],
    ["check", scenario, "127.0.0.1:9", "--prefix", "i"],
    ["check", scenario, "127.0.0.1:9", "--ways", "stuck"],
    ["flood", "udp://127.0.0.1:9", "--size", "3"],
    ["connect", "9000", "--prefix", "i"],
  ];
  for (const args of refusals) {
    const r = await runFramecat([...args, "--lang", "zh"]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /^framecat: .*[\u4e00-\u9fff]/, r.stderr);
    // The ways' names are the values --ways takes, kept as typed.
    const kept = r.stderr.replace(/\b(plain|stuck|split|delayed|large)\b/g, " ");
    assert.deepEqual(english(kept), [], `${args.join(" ")}: ${r.stderr}`);
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("--lang zh: an --iface that does not exist is one Chinese line naming those that do", async () => {
  const r = await runFramecat([
    "connect",
    "udp://239.1.2.3:5000",
    "--iface",
    "nosuch0",
    "--lang",
    "zh",
  ]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    /^framecat: 找不到网卡 "nosuch0"（--iface）；本机的网卡有 .*lo \(127\.0\.0\.1/,
  );
  assert.equal(r.stderr.split("\n").length, 2, r.stderr);
});
