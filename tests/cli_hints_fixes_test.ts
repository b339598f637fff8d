/**
 * The command line's hints say what to type: the endpoints a loopback server
 * should use instead keep its scheme, a refused client names the server to
 * start on its own port, a missing endpoint gives socat's spelling for its
 * side, a relay's fault names the connection it was applied on, Chinese lists
 * read as Chinese, and a mistyped encoding gets a suggestion.
 */
import assert from "node:assert/strict";
import { Framecat, messageOf, runFramecat } from "./helpers/cli.ts";
import { freePort, refusedPort } from "./helpers/net.ts";
import { endpointError, type NetEndpoint } from "../lib/transport/endpoint.ts";

/** The loopback note of a server started with `args` (no host), and the port it took. */
async function loopbackNote(args: string[]): Promise<{ note: string; port: number }> {
  await using fc = new Framecat([...args, "--output", "json"]);
  const port = await fc.port();
  const note = await fc.waitFor(
    (evs) => evs.map(messageOf).find((message) => /this machine only/.test(message)),
    10_000,
    "the loopback note",
  );
  return { note, port };
}

Deno.test("a loopback server's note says the endpoints to use instead in its own scheme", async () => {
  const cases: Array<[string[], string]> = [
    [["serve", "0"], ""],
    [["serve", "udp://0"], "udp://"],
    [["sink", "udp://0"], "udp://"],
    [["serve", "tls://0"], "tls://"],
    [["sink", "tls://0"], "tls://"],
    // Both relays say it, each in its own scheme.
    [["relay", "0", `127.0.0.1:${freePort()}`], ""],
    [["relay", "udp://0", `udp://127.0.0.1:${freePort()}`], "udp://"],
  ];
  for (const [args, scheme] of cases) {
    const { note, port } = await loopbackNote(args);
    assert.equal(
      note,
      `bound to 127.0.0.1 (this machine only); use ${scheme}0.0.0.0:${port} or ${scheme}[::]:${port} to accept other machines`,
      args.join(" "),
    );
  }
  // A host given (as the reviewer's UDP relay had): no note, over TCP as over UDP.
  for (
    const args of [["serve", "127.0.0.1:0"], ["relay", "udp://127.0.0.1:0", "udp://127.0.0.1:9"]]
  ) {
    await using fc = new Framecat([...args, "--output", "json"]);
    await fc.port();
    assert.equal(fc.events.filter((ev) => /this machine only/.test(messageOf(ev))).length, 0);
  }
});

Deno.test("the loopback note in Chinese keeps the scheme too", async () => {
  await using fc = new Framecat(["serve", "udp://0", "--lang", "zh"]);
  const said = await fc.waitFor(
    () => /请用 (.*)$/m.exec(fc.stderr)?.[1],
    10_000,
    "the loopback note",
  );
  assert.match(said, /^udp:\/\/0\.0\.0\.0:(\d+) 或 udp:\/\/\[::\]:\1$/);
});

Deno.test("a refused flood asks for a sink on its port, a refused connect for a server on its port", async () => {
  const port = await refusedPort();
  const cases: Array<[string[], string]> = [
    [["flood", `tcp://127.0.0.1:${port}`, "--count", "3"], `framecat sink ${port}`],
    [["flood", String(port), "--count", "3"], `framecat sink ${port}`],
    [["flood", `tls://127.0.0.1:${port}`, "--count", "3"], `framecat sink tls://${port}`],
    [["connect", `127.0.0.1:${port}`, "--send", "x"], `framecat serve ${port}`],
    [["connect", `tls://127.0.0.1:${port}`, "--send", "x"], `framecat serve tls://${port}`],
  ];
  for (const [args, start] of cases) {
    const r = await runFramecat(args);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stderr.trim().split("\n").at(-1),
      `framecat: Cannot connect to ${
        args[1].includes("//") ? args[1] : `tcp://127.0.0.1:${port}`
      }` +
        `: Connection refused; is a server listening there? start one with: ${start}`,
    );
  }
  const zh = await runFramecat(["flood", String(port), "--count", "3", "--lang", "zh"]);
  assert.match(zh.stderr, new RegExp(`可以这样启动一个：framecat sink ${port}\n$`));
});

Deno.test("a refusal's server listens where the client dialled, in its scheme", () => {
  const refused = new Deno.errors.ConnectionRefused("Connection refused");
  const at = (host: string, transport: "tcp" | "udp" = "tcp"): NetEndpoint => ({
    transport,
    host,
    port: 19555,
    hostGiven: true,
  });
  const hint = (ep: NetEndpoint, server?: "serve" | "sink") =>
    endpointError("connect", ep, refused, server).hint;
  assert.equal(
    hint(at("127.0.0.1", "udp"), "sink"),
    "is a server listening there? start one with: framecat sink udp://19555",
  );
  assert.equal(
    hint(at("localhost", "udp")),
    "is a server listening there? start one with: framecat serve udp://19555",
  );
  // Another loopback address is where the server must be; another machine's, every interface there.
  assert.match(hint(at("::1"))!, /framecat serve \[::1\]:19555$/);
  assert.match(hint(at("192.0.2.7"))!, /framecat serve 0\.0\.0\.0:19555$/);
  assert.match(hint(at("2001:db8::7"))!, /framecat serve \[::\]:19555$/);
});

Deno.test("a listening command without its endpoint gives socat's listening spelling", async () => {
  const cases: Array<[string[], RegExp]> = [
    [["serve"], /^framecat: missing the endpoint: give PORT, .* or socat's TCP-LISTEN:PORT\n$/],
    [["sink"], /^framecat: missing the endpoint: give PORT, .* or socat's TCP-LISTEN:PORT\n$/],
    [["connect"], /^framecat: missing the endpoint: give PORT, .* or socat's TCP:HOST:PORT\n$/],
    [["flood"], /^framecat: missing the endpoint: give PORT, .* or socat's TCP:HOST:PORT\n$/],
    [["relay"], /^framecat: missing the LISTEN: give PORT, .* or socat's TCP-LISTEN:PORT\n$/],
    [["relay", "9000"], /^framecat: missing the TARGET: give PORT, .* or socat's TCP:HOST:PORT\n$/],
    [["serve", "--lang", "zh"], /^framecat: 缺少端点：.*，或 socat 的写法 TCP-LISTEN:PORT\n$/],
  ];
  for (const [args, expected] of cases) {
    const r = await runFramecat(args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, expected);
  }
});

/** The relay's text lines (`-v`) once a client sent one chunk through it, sliced. */
async function relayLines(lang: "en" | "zh"): Promise<string> {
  const { framecat: server, port: serverPort } = await Framecat.serving();
  await using _server = server;
  await using relay = new Framecat([
    "relay",
    "127.0.0.1:0",
    `127.0.0.1:${serverPort}`,
    "--slice",
    "2",
    "--seed",
    "1",
    "-v",
    "--lang",
    lang,
  ]);
  const port = await relay.waitFor(
    () => /tcp:\/\/127\.0\.0\.1:(\d+)/.exec(relay.stderr)?.[1],
    10_000,
    "the relay's port",
  );
  const client = await runFramecat(["connect", `127.0.0.1:${port}`, "--send", "hello"]);
  assert.equal(client.code, 0, client.stderr);
  return await relay.waitFor(
    () => /(?:fault|故障)/.test(relay.stderr) && relay.stderr,
    10_000,
    "a fault line",
  );
}

Deno.test("a relay's fault line names the connection it was applied on, not a count of faults", async () => {
  const en = await relayLines("en");
  assert.match(en, / fault on #1 up: sliced chunk 1 \(5 B\) into \d+ writes\n/);
  assert.doesNotMatch(en, /fault #/);
  const zh = await relayLines("zh");
  assert.match(zh, / 在 #1 的上行注入故障：把数据块 1（5 B）切成 \d+ 次写\n/);
  assert.doesNotMatch(zh, /故障 #/);
});

Deno.test("Chinese lists of choices, commands and labels take 、, and 用法： no space", async () => {
  const cases: Array<[string[], string]> = [
    [["serve", "9000", "--framing", "xml"], '不能用 "xml"：可选的值是 raw、line、len、json'],
    [["serve", "9000", "--framing"], "可选：raw、line、len、json"],
    [["zzz"], "命令有 serve、connect、relay、sink、flood、demo、check、schema、web"],
    [["help", "nope"], "命令有 serve、connect、relay、sink、flood、demo、check、schema、web"],
    [["demo", "nope"], "可选的是 sticky、nagle、split、"],
    [["serve", "9000", "--encoding", "klingon"], "WHATWG 标签：utf-8、ibm866、iso-8859-2、"],
    [["serve", "1", "2", "3"], "却给了 3 个：1、2、3"],
  ];
  for (const [args, words] of cases) {
    const r = await runFramecat([...args, "--lang", "zh"]);
    assert.equal(r.code, 2, args.join(" "));
    assert.ok(r.stderr.includes(words), `no "${words}" in: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /[a-z0-9], [a-z0-9]/, r.stderr);
  }
  const help = await runFramecat(["serve", "--help", "--lang", "zh"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^用法：framecat serve /);
  const unwrapped = help.stdout.replace(/\s+/g, "");
  assert.ok(
    unwrapped.includes("（echo、upper、discard、print、exec、time、chat、save；默认：echo）"),
  );
  // English keeps its commas, and its space after the title.
  const en = await runFramecat(["serve", "9000", "--framing", "xml"]);
  assert.match(en.stderr, /the choices are raw, line, len, json\n$/);
  assert.match((await runFramecat(["serve", "--help"])).stdout, /^Usage: framecat serve /);
});

Deno.test("a mistyped encoding gets a suggestion, and the list of labels", async () => {
  // One edit from a label (gb2312 is one of gbk's), or, across more, from the name itself.
  for (const label of ["gbkk", "gb2312x", "GBK2", "gbkkk"]) {
    const r = await runFramecat(["serve", "9000", "--encoding", label]);
    assert.equal(r.code, 2, label);
    assert.match(
      r.stderr,
      new RegExp(
        `^framecat: --encoding: Cannot use the encoding "${label}" \\(did you mean gbk\\?\\): ` +
          "use a WHATWG label framecat can write: utf-8, ibm866, .*, utf-16le\n$",
      ),
    );
  }
  const shiftJis = await runFramecat(["serve", "9000", "--encoding", "shiftjis"]);
  assert.match(shiftJis.stderr, /\(did you mean shift_jis\?\)/);
  // Nothing close: the list alone.
  const none = await runFramecat(["serve", "9000", "--encoding", "klingon"]);
  assert.doesNotMatch(none.stderr, /did you mean/);
  const zh = await runFramecat(["serve", "9000", "--encoding", "gbkk", "--lang", "zh"]);
  assert.match(
    zh.stderr,
    /不能用编码 "gbkk"（是不是想写 gbk？）：请用 framecat 能写出的 WHATWG 标签：utf-8、/,
  );
});
