/** The command line as users meet it: help, version, and one clear line for every bad value. */
import assert from "node:assert/strict";
import { Framecat, runFramecat } from "./helpers/cli.ts";
import { freePort } from "./helpers/net.ts";
import { PYTHON, startProcess } from "./helpers/process.ts";
import denoJson from "../deno.json" with { type: "json" };

Deno.test("--help lists every command", async () => {
  const r = await runFramecat(["--help"]);
  assert.equal(r.code, 0);
  for (const cmd of ["serve", "connect", "relay", "sink", "flood", "demo"]) {
    assert.match(r.stdout, new RegExp(`\\b${cmd}\\b`));
  }
});

Deno.test("COMMAND --help shows that command's options", async () => {
  const r = await runFramecat(["serve", "--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--behavior/);
  assert.match(r.stdout, /--read-delay/);
});

Deno.test("--version prints the version of deno.json", async () => {
  const r = await runFramecat(["--version"]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), denoJson.version);
});

/** Every bad value: exit 2, one line on stderr naming what is valid, no stack trace. */
const BAD: Array<[string[], RegExp]> = [
  [["serve", "9000", "--framing", "xml"], /raw, line, len, json/],
  [["serve", "9000", "--prefix", "u24"], /u8, u16be/],
  [
    ["serve", "9000", "--bogus"],
    /unknown option '--bogus': framecat serve --help lists the options/,
  ],
  [["serve", "tcp://host:x"], /port "x" must be a number from 0 to 65535/],
  // A host alone: the port was forgotten, and the line says how to write it.
  [["serve", "tcp://host"], /no port after "host": write host:PORT, e.g. host:9000/],
  [
    ["connect", "127.0.0.1", "--send", "x"],
    /no port after "127\.0\.0\.1": write 127\.0\.0\.1:PORT/,
  ],
  [["serve", "99999"], /from 0 to 65535/],
  [["connect", "ftp://x:1"], /unknown scheme "ftp"/],
  [["connect", "::1:80"], /IPv6 addresses in brackets/],
  // A pasted endpoint inside another is no host, not an IPv6 address missing its brackets.
  [
    ["serve", "tcp://127.tcp://127.0.0.1:9.0.1:0"],
    /"127\.tcp:\/\/127\.0\.0\.1:9\.0\.1" is not a host name or address/,
  ],
  [["connect", "[::1:80"], /closing \]/],
  [["serve", "9000", "--max-frame", "12XB"], /1024, 64KiB or 16MiB/],
  [["serve", "9000", "--max-frame", "0"], /from 1 to/],
  [["serve", "9000", "--read-delay", "soon"], /number of milliseconds/],
  [["relay", "9000", "9001", "--slice", "5-2"], /MIN 5 is larger than MAX 2/],
  [["relay", "9000", "9001", "--slice", "0"], /from 1 to/],
  [["relay", "udp://:9000", "udp://:9001", "--loss", "150"], /from 0 to 100/],
  [["relay", "udp://:9000", "udp://:9001", "--coalesce", "10"], /TCP fault/],
  [["serve", "0.0.0.0:9000", "--behavior", "exec"], /--exec-public/],
  [["serve", "9000", "--encoding", "klingon"], /WHATWG label/],
  [
    ["connect", "9000", "--send-hex", "abc"],
    /"abc" has an odd number of digits \(3\).*at character 1/,
  ],
  [["connect", "9000", "-e", "--send", "a\\q"], /Cannot read the escape "\\q" at character 2/],
  [["connect", "9000", "--input", "hex", "-e"], /-e reads escapes in text: --input hex lines/],
  [["connect", "9000", "--send", "x", "--input", "hex"], /--input does nothing here: .* typed/],
  [["serve", "9000", "--input", "hex"], /--input does nothing here: .*print or chat/],
  [["connect", "9000", "--header", "a=b"], /--header needs --framing json/],
  // It was an internal error, with a stack trace, once connected.
  [
    ["connect", "9000", "--framing", "len", "--prefix", "u8", "--send", "x".repeat(300)],
    /a --send of 300 bytes does not fit --prefix u8, which says at most 255/,
  ],
  [["serve", "9000", "--framing", "json", "--prefix", "varint"], /varint goes with --framing len/],
  [["flood", "udp://:9", "--count", "5", "--duration", "1"], /exclude each other/],
  [["nosuch"], /unknown command 'nosuch': the commands are serve, connect, .*relay/],
  [["help", "nope"], /no such command; the commands are serve, connect/],
  [["--lang", "zh", "help", "nope"], /^framecat: 无法显示 "nope" 的帮助：没有这个命令/],
  [["--lang=en", "help", "nope"], /no such command; the commands are serve, connect/],
  [["serve", "999.1.1.1:9000"], /"999\.1\.1\.1" is not an IPv4 address: it takes four numbers/],
  // Invalid IPv6 literals and unix paths too long for a socket are bad usage, not network failures.
  [["serve", "tcp://[:::::]:80"], /":::::" is not an IPv6 address/],
  [["connect", "udp://[1::2::3]:9"], /"1::2::3" is not an IPv6 address/],
  [["serve", `unix:/tmp/${"a".repeat(120)}`], /the socket path is 125 bytes; a unix socket's/],
  [["relay", "9000", "9000"], /is its own LISTEN address/],
  [["relay", "0.0.0.0:9000", "localhost:9000"], /is its own LISTEN address/],
  [["relay", "unix:/tmp/fc10.sock", "unix:/tmp/fc10.sock"], /is its own LISTEN address/],
  // The same address spelled otherwise: localhost is ::1 too over TCP, IPv6 has many spellings.
  [["relay", "[::1]:9000", "localhost:9000"], /is its own LISTEN address/],
  [["relay", "9000", "9001", "--idle-timeout", "5"], /--idle-timeout is for a UDP relay/],
  [["relay", "[::1]:9000", "[0:0:0:0:0:0:0:1]:9000"], /is its own LISTEN address/],
  [["relay", "udp://[::1]:9000", "udp://[0::1]:9000"], /is its own LISTEN address/],
  [["relay", "[::]:9000", "[::ffff:127.0.0.1]:9000"], /is its own LISTEN address/],
  // Zero where zero means nothing: refused with the same words by every command.
  ...[
    ["serve", "9000", "--idle-timeout", "0"],
    ["serve", "9000", "--behavior", "exec", "--exec-timeout", "0"],
    ["serve", "udp://:9000", "--behavior", "chat", "--interval", "0"],
    ["relay", "udp://:9000", "udp://:9001", "--idle-timeout", "0"],
    ["sink", "9000", "--idle-timeout", "0s"],
    ["connect", "9000", "--heartbeat", "0"],
    ["flood", "9000", "--duration", "0"],
  ].map((
    args,
  ): [string[], RegExp] => [args, /Cannot use the duration "0s?": it must be more than 0/]),
  // Commander's suggestion folded into the same line.
  [["serv", "9000"], /unknown command 'serv' \(did you mean serve\?\)/],
  [["serve", "9000", "--outptu", "json"], /unknown option '--outptu' \(did you mean --output\?\)/],
  [["connect"], /missing the endpoint: give PORT, HOST:PORT, HOST PORT, .*udp:\/\/HOST:PORT/],
  // An option left without its value says which values it takes, not commander's "argument missing".
  [
    ["serve", "9000", "--behavior"],
    /^framecat: --behavior needs a value, one of: echo, upper, discard/,
  ],
  [
    ["connect", "9000", "--read-size"],
    /^framecat: --read-size needs a value: --read-size <bytes>$/m,
  ],
  [["serve", "9000", "--behaviour"], /^framecat: --behavior needs a value, one of: echo/],
  [["relay", "9000"], /missing the TARGET: give PORT, HOST:PORT/],
  // nc's and socat's habits, answered with framecat's way.
  [["serve", "-l", "9000"], /-l is nc's listen: .*framecat serve PORT/],
  [["serve", "-lk", "9000"], /-l is nc's listen/],
  [["sink", "-l", "9000"], /-l is nc's listen: `framecat sink` listens already; leave -l out/],
  [["relay", "-l", "9000", "9001"], /`framecat relay` listens already/],
  [["connect", "-u", "h", "53"], /-u is nc's UDP: .*udp:\/\/HOST:PORT/],
  [["serve", "9000", "-k"], /-k is nc's keep listening/],
  [
    ["-z", "127.0.0.1", "22"],
    /^framecat: -z is nc's port scan: .*`framecat connect HOST PORT --wait 0/,
  ],
  [["connect", "-z", "h", "22"], /-z is nc's port scan/],
  [["-q", "1", "h", "22"], /^framecat: -q is nc's wait after the end of input: use --wait MS/],
  [["connect", "-4", "h", "22"], /^framecat: -4 is nc's IPv4 only: write an IPv4 address/],
  [["connect", "h", "22", "-6"], /^framecat: -6 is nc.s IPv6 only/],
  [["-6", "h", "22"], /^framecat: -6 is nc's IPv6 only: .*\[::1\]/],
  [["-e", "/bin/sh", "h", "22"], /^framecat: -e is nc's program to run: .*--behavior exec/],
  [
    ["connect", "h", "9000", "-e", "/bin/sh"],
    /-e \/bin\/sh is nc's program to run: .*--behavior exec/,
  ],
  [["connect", "h:9000", "-e", "/bin/sh"], /-e \/bin\/sh is nc's program to run/],
  // -e first: the program is the word after it, not what is left over (it named the port).
  [["connect", "-e", "/bin/sh", "h", "9000"], /^framecat: -e \/bin\/sh is nc's program to run/],
  [["connect", "-e", "/bin/sh", "9000"], /^framecat: -e \/bin\/sh is nc's program to run/],
  [["connect", "TCP-LISTEN:9000"], /socat's listening form/],
  [
    ["check", "echo", "9000", "--timeout", "2"],
    /^framecat: --timeout: Cannot use "2": a number alone is milliseconds, and 2 ms is less than a reply takes; for seconds write 2s$/m,
  ],
  [
    ["connect", "-", "TCP:127.0.0.1:9000"],
    /^framecat: socat's - \(STDIO\) is framecat's own side: .*framecat connect TCP:HOST:PORT/,
  ],
  [["connect", "STDIO", "TCP:127.0.0.1:9000"], /socat's - \(STDIO\)/],
  [["relay", "-", "TCP:127.0.0.1:9000"], /socat's - \(STDIO\)/],
  [["connect", "h", "9000", "extra"], /too many arguments/],
  [["connect", "127.0.0.1:0"], /port 0 means any free port to listen on/],
  [["flood", "udp://127.0.0.1:0"], /port 0 means any free port/],
  [["connect", "9000", "--prefix", "!x"], /Python struct code such as i/],
  [["serve", "9000", "--reply", "hex:01 0 => x"], /Cannot use the rule "hex:01 0 => x": cannot/],
  [["serve", "9000", "--reply", "PING PONG"], /"PING PONG": write MATCH => RESPONSE/],
  [["serve", "9000", "--reply", "/x/ => $1"], /the pattern captures nothing/],
  [["serve", "9000", "--replies", "/no/such/rules"], /Cannot read the rules in \/no\/such\/rules/],
  // A file whose reads never end (stat says 0 bytes) is refused before it is read.
  [["serve", "9000", "--replies", "/dev/zero"], /\/dev\/zero: it is not a regular file/],
  [
    ["serve", "tls://127.0.0.1:9000", "--cert", "/dev/zero", "--key", "/dev/zero"],
    /--cert: Cannot read "\/dev\/zero": it is not a regular file/,
  ],
  [["serve", "9000", "--checksum", "crc17"], /the names are crc16-modbus, crc16-ccitt-false/],
  [["connect", "9000", "--checksum", "xor8:be"], /xor8 is one byte, it has no byte order/],
  // No silent no-ops: an option that does nothing here says where it applies.
  [["serve", "9000", "--behavior", "save", "--reply", "a => b"], /--reply does nothing here/],
  [["connect", "9000", "--send-file", "x", "--checksum", "crc8"], /--checksum does nothing here/],
  // A byte is not cut in pieces: a size that is not whole bytes is refused, not rounded.
  [
    ["serve", "9000", "--read-size", "1.5"],
    /^framecat: --read-size: Cannot use the size "1.5": it is 1.5 bytes, and a size is whole bytes/,
  ],
  [["serve", "9000", "--max-frame", "2.7KiB"], /"2.7KiB": it is 2764.8 bytes/],
  // demo shows text or its events: its help names those two, and refuses the others so.
  [
    ["demo", "sticky", "--output", "hex"],
    /^framecat: --output: Cannot use "hex": the choices are text, json\n$/,
  ],
  [["serve", "9000", "--dir", "x"], /--dir does nothing here: it applies to --behavior save/],
  [["serve", "9000", "--exec-timeout", "3"], /applies to --behavior exec/],
  [["serve", "9000", "--interval", "3s"], /applies to --behavior chat/],
  [["serve", "9000", "--crlf"], /--crlf does nothing here: it applies to --framing line/],
  [["connect", "9000", "--count", "3"], /--count does nothing here: it applies to --send/],
  [["connect", "9000", "--framing", "len", "--crlf"], /applies to --framing line or raw/],
  [["connect", "9000", "--prefix", "i"], /--prefix does nothing here: it applies to --framing len/],
  [["serve", "9000", "--framing", "line", "--prefix", "u16be"], /--prefix does nothing here/],
  [["relay", "9000", "9001", "--output", "raw"], /--output raw does nothing for relay/],
  [["sink", "9000", "--output", "raw"], /--output raw does nothing for sink/],
  // A number past what a double holds exactly is told the range, not "a whole number".
  [
    ["relay", "9000", "9001", "--seed", "99999999999999999999"],
    /--seed: Cannot use "99999999999999999999": it must be a whole number from 0 to 9007199254740991$/m,
  ],
  [
    ["connect", "9000", "--send", "x", "--count", "1e3"],
    /"1e3": it must be a whole number, 0 or more/,
  ],
];

for (const [args, message] of BAD) {
  Deno.test(`bad input is one line, exit 2: ${args.join(" ")}`, async () => {
    const r = await runFramecat(args);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1, `one line only: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\bat .*\.ts:\d+/, "no stack trace");
    assert.match(r.stderr, /^framecat: /);
  });
}

Deno.test("a refused connection is one line with a hint, exit 1", async () => {
  const port = freePort();
  const r = await runFramecat(["connect", String(port), "--send", "x"]);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /Cannot connect to tcp:\/\/127\.0\.0\.1:\d+: Connection refused; is a server listening there/,
  );
  assert.equal(r.stderr.trim().split("\n").length, 1);
  assert.match(r.stderr, new RegExp(`start one with: framecat serve ${port}$`, "m"));
  // The server to start speaks what the client dialled.
  const tlsPort = freePort();
  const tls = await runFramecat(["connect", `tls://127.0.0.1:${tlsPort}`, "--send", "x"]);
  assert.equal(tls.code, 1);
  assert.match(tls.stderr, new RegExp(`start one with: framecat serve tls://${tlsPort}$`, "m"));
});

Deno.test("a unix socket in use is one line with a hint about the socket file, not a port", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fc-unix-busy-" });
  try {
    using _busy = Deno.listen({ transport: "unix", path: `${dir}/s.sock` });
    for (
      const [lang, hint] of [["en", /another server is listening on that socket file/], [
        "zh",
        /已有别的服务端在监听这个套接字文件/,
      ]] as const
    ) {
      const r = await runFramecat(["--lang", lang, "serve", `unix:${dir}/s.sock`]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, hint);
      assert.doesNotMatch(r.stderr, /port|端口/);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a unix path held by a file or a directory: one line that says so, and it is left as it was", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fc-unix-taken-" });
  try {
    await Deno.writeTextFile(`${dir}/notes.txt`, "keep me\n");
    await Deno.mkdir(`${dir}/sub`);
    const file = await runFramecat(["serve", `unix:${dir}/notes.txt`]);
    assert.equal(file.code, 1);
    assert.match(
      file.stderr,
      /^framecat: Cannot listen on unix:.*notes\.txt: it is a file, not a socket; framecat leaves it as it is: pick another path\n$/,
    );
    assert.equal(await Deno.readTextFile(`${dir}/notes.txt`), "keep me\n");
    const sub = await runFramecat(["--lang", "zh", "relay", `unix:${dir}/sub`, "9"]);
    assert.equal(sub.code, 1);
    assert.match(sub.stderr, /那是一个目录，不是套接字；framecat 不会动它/);
    assert.ok((await Deno.stat(`${dir}/sub`)).isDirectory);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a connection the server resets is said in the language asked for, exit 1", async () => {
  // A course server that reads, then closes with SO_LINGER 0: a real RST.
  await using server = await startProcess(PYTHON, [
    "-c",
    `import socket, struct
s = socket.create_server(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
for _ in range(2):
    c, _ = s.accept()
    c.settimeout(10)
    c.recv(1024)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()`,
  ]);
  const port = server.firstLine;
  const args = ["connect", port, "--send", "hi", "--wait", "5000"];
  const en = await runFramecat(["--lang", "en", ...args]);
  assert.equal(en.code, 1);
  assert.match(
    en.stderr,
    /^framecat: Connection to 127\.0\.0\.1:\d+ was reset; the peer closed the connection abruptly$/m,
  );
  const zh = await runFramecat(["--lang", "zh", ...args]);
  assert.equal(zh.code, 1);
  assert.match(
    zh.stderr,
    /^framecat: 与 127\.0\.0\.1:\d+ 的连接被重置（RST）；对方突然关闭了连接$/m,
  );
});

Deno.test("an address in use is one line with a hint, exit 1", async () => {
  using busy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const r = await runFramecat(["serve", `127.0.0.1:${busy.addr.port}`]);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /Cannot listen on tcp:\/\/127\.0\.0\.1:\d+: [^;]+; another program has that port/,
  );
});

Deno.test("-q keeps the data: what a client sent, and a reply rule's answer, stay shown", async () => {
  const { framecat: server, port } = await Framecat.listening(
    ["serve", "127.0.0.1:0", "--output", "json"],
  );
  await using _ = server;
  // It ends once the echo of "bye" is back: the rule's answer was written (and shown) by then.
  const untilBye = ["--expect-match", "bye"];
  const run = await runFramecat(
    [...["connect", `${port}`, "--send", "hello", "--reply", "hello => bye", "-q"], ...untilBye],
  );
  assert.equal(run.code, 0, run.stderr);
  const shown = `${run.stdout}${run.stderr}`;
  assert.match(shown, /sent 5 B "hello"/);
  assert.match(shown, /sent 3 B "bye" \(rule 1\)/);
  // What -q is for: the lifecycle lines go.
  assert.doesNotMatch(shown, /connected/);
});
