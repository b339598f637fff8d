/**
 * What a new user of nc, socat or iperf3 types first, and what framecat
 * answered before (issue 19's walk): each answer is now one line naming
 * framecat's way, or the thing done as the user meant it.
 */
import assert from "node:assert/strict";
import { parseCommandLine } from "../lib/options/cli.ts";
import { Framecat, runFramecat } from "./helpers/cli.ts";
import { refusedPort } from "./helpers/net.ts";
import { englishWords } from "./helpers/english.ts";

/** Each: exit 2, one line on stderr, matching. */
const ANSWERS: Array<[string[], RegExp]> = [
  // nc's `nc HOST PORT`: the command is missing, and it says which.
  [["127.0.0.1", "9000"], /framecat connect 127\.0\.0\.1 9000/],
  [["localhost", "80"], /framecat connect localhost 80/],
  [["9000"], /a command comes first: .*framecat connect 9000`; to listen, `framecat serve 9000/],
  // The command after the endpoint: moved to the front, the rest kept (it suggested
  // `framecat connect 9000 connect --send hi`, which fails again).
  [
    ["9000", "connect", "--send", "hi"],
    /^framecat: the command comes first: `framecat connect 9000 --send hi`$/m,
  ],
  [["udp://9000", "serve"], /^framecat: the command comes first: `framecat serve udp:\/\/9000`$/m],
  [["localhost", "9000", "serve"], /`framecat serve localhost 9000`$/m],
  // nc's -e PROG: framecat's -e is --escapes, and the program is --behavior exec.
  [["serve", "-e", "/bin/sh", "9000"], /--behavior exec/],
  // Two ports are two servers, not a host called 9000.
  [["serve", "9000", "9001"], /a server takes one endpoint/],
  [["sink", "9000", "9001"], /takes one endpoint/],
  [["connect", "9000", "9001"], /takes one endpoint/],
  // socat's addresses framecat does not speak: named, one line each.
  [
    ["connect", "SOCKS4:proxy:example.com:80"],
    /SOCKS4: framecat connects to the server itself, not through a proxy/,
  ],
  [["connect", "PROXY:proxy:example.com:80"], /PROXY: framecat connects to the server itself/],
  [["serve", "EXEC:cat"], /EXEC.*--behavior exec/],
  [["serve", "TCP6-LISTEN:9000"], /TCP6-LISTEN.*\[::\]:PORT/],
  [["connect", "UDP6:[::1]:53"], /UDP6.*udp:\/\/\[::1\]:PORT/],
  // iperf3's flags, answered with framecat's spelling.
  [["flood", "udp://127.0.0.1:5201", "-b", "10M"], /-b is iperf3's bitrate: use --rate 10Mbit/],
  [["flood", "udp://127.0.0.1:5201", "-t", "5"], /-t is iperf3's time: use --duration/],
  [["flood", "udp://127.0.0.1:5201", "-P", "4"], /-P is iperf3's parallel streams/],
  [["flood", "udp://127.0.0.1:5201", "-R"], /-R is iperf3's reverse/],
  [["flood", "udp://127.0.0.1:5201", "-J"], /-J is iperf3's JSON: use --output json/],
  // A rate says what it counts: 10M is neither packets nor bits.
  [["flood", "udp://127.0.0.1:5201", "--rate", "10M"], /10Mbit .*10MB .*pps/],
  [["flood", "udp://127.0.0.1:5201", "--rate", "10Mb"], /10Mbit .*10MB/],
  [["flood", "udp://127.0.0.1:5201", "--rate", "fast"], /Cannot read the rate "fast"/],
  [["relay", "9001", "127.0.0.1:9000", "--rate", "10M"], /10Mbit .*10MB/],
  [["relay", "9001", "127.0.0.1:9000", "--rate", "5000pps"], /paces bytes, not packets/],
  // Over TCP a flood's packets were its 1 MiB writes: 5000pps asked 5 GB/s, no pacing at all.
  [["flood", "127.0.0.1:5201", "--rate", "5000pps"], /packets is for UDP: a TCP flood paces bytes/],
  // --interval: a bare number is milliseconds everywhere; one that was surely meant as seconds
  // (chat's old 10, iperf3's -i 1) is asked again with both spellings.
  [["serve", "udp://:9000", "--behavior", "chat", "--interval", "10"], /10s for seconds, or 10ms/],
  [["sink", "udp://:9000", "--interval", "1"], /a bare number is milliseconds.*1s .*1ms/],
];

for (const [args, answer] of ANSWERS) {
  Deno.test(`first touch: ${args.join(" ")}`, async () => {
    const r = await runFramecat(args);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, answer);
    assert.equal(r.stderr.trim().split("\n").length, 1, `one line: ${r.stderr}`);
  });
}

/** Tool names a Chinese sentence writes as they are (englishWords keeps framecat's own). */
const TOOLS = new Set(["nc", "socat", "SOCKS", "PROXY", "EXEC", "LISTEN", "PORT", "HOST"]);

for (const [args] of ANSWERS) {
  Deno.test(`first touch, in Chinese: ${args.join(" ")}`, async () => {
    const r = await runFramecat([...args, "--lang", "zh"]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split("\n").length, 1, `one line: ${r.stderr}`);
    assert.match(r.stderr, /[\u4e00-\u9fff]/, r.stderr);
    assert.deepEqual(englishWords(r.stderr).filter((w) => !TOOLS.has(w)), [], r.stderr);
  });
}

/** The options a command line gives, as the command receives them. */
async function options(argv: string[]): Promise<Record<string, unknown>> {
  const inv = await parseCommandLine(argv);
  assert.ok("options" in inv, argv.join(" "));
  return inv.options as unknown as Record<string, unknown>;
}

Deno.test("first touch: --interval is milliseconds on every command, and takes 500ms and 10s", async () => {
  const chat = ["serve", "udp://:9000", "--behavior", "chat", "--interval"];
  const sink = ["sink", "udp://:9000", "--interval"];
  const send = ["connect", "9000", "--send", "x", "--interval"];
  for (const command of [chat, sink, send]) {
    const what = command.slice(0, -1).join(" ");
    assert.equal((await options([...command, "500"])).interval, 500, `${what}: bare is ms`);
    assert.equal((await options([...command, "500ms"])).interval, 500, what);
    assert.equal((await options([...command, "10s"])).interval, 10_000, what);
  }
  assert.equal((await options(chat.slice(0, -1))).interval, 10_000, "chat's default: 10 s");
  assert.equal((await options([...send, "0"])).interval, 0, "connect: 0 is back to back");
});

Deno.test("first touch: a rate says what it counts", async () => {
  const rate = async (value: string) =>
    (await options(["flood", "udp://127.0.0.1:5201", "--rate", value])).rate;
  assert.deepEqual(await rate("5000pps"), { per: "packet", value: 5000 });
  assert.deepEqual(await rate("10Mbit"), { per: "byte", value: 1_250_000 });
  assert.deepEqual(await rate("10Mbit/s"), { per: "byte", value: 1_250_000 });
  assert.deepEqual(await rate("1MB"), { per: "byte", value: 1_000_000 });
  assert.deepEqual(await rate("1MiB/s"), { per: "byte", value: 1_048_576 });
  assert.deepEqual(await rate("300"), { per: "unit", value: 300 }, "the command's own unit");
  const relay = async (value: string) =>
    (await options(["relay", "9001", "127.0.0.1:9000", "--rate", value])).rate;
  assert.equal(await relay("8Mbit"), 1_000_000, "the relay's rate is bytes per second");
  assert.equal(await relay("1MiB/s"), 1_048_576);
  assert.equal(await relay("100000"), 100_000, "bare: bytes per second, as before");
});

Deno.test("first touch: --output json, a refused connect is an error event on stdout", async () => {
  const r = await runFramecat([
    "connect",
    String(await refusedPort()),
    "--send",
    "x",
    "--output",
    "json",
  ]);
  assert.equal(r.code, 1, r.stderr);
  const error = r.events.find((e) => e.event === "error");
  assert.ok(error, `an error event on stdout: ${r.stdout}`);
  assert.match(String(error.message), /Cannot connect to tcp:\/\/127\.0\.0\.1:\d+/);
  assert.match(r.stderr, /^framecat: Cannot connect/m, "and the line on stderr, as before");
});

Deno.test("first touch: --send-file that the server never acknowledges exits 4 and says so", async () => {
  // A server that reads everything and answers nothing (not framecat's save).
  const { framecat, port } = await Framecat.serving("--behavior", "discard", "--framing", "json");
  await using _ = framecat;
  const dir = await Deno.makeTempDir({ prefix: "fc19-ack-" });
  try {
    await Deno.writeTextFile(`${dir}/note.txt`, "hello\n");
    const r = await runFramecat([
      "connect",
      String(port),
      "--framing",
      "json",
      "--send-file",
      `${dir}/note.txt`,
      "--wait",
      "300",
    ]);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /"note\.txt".*no acknowledgement/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("first touch: raw framing waits for bytes (--expect-bytes), not reads", async () => {
  // A server that answers in two writes, the second only once the client has read the first:
  // two reads by construction, so --expect 1 would stop at half the answer.
  using server = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const half = new Uint8Array(1000).fill(0x78);
  let second = Promise.withResolvers<void>();
  const answering = (async () => {
    for (let i = 0; i < 2; i++) {
      using conn = await server.accept();
      await conn.write(half);
      await second.promise;
      await conn.write(half);
      second = Promise.withResolvers<void>();
    }
  })();
  const run = async (bytes: string) => {
    await using client = new Framecat([
      "connect",
      String(server.addr.port),
      "--expect-bytes",
      bytes,
      "--output",
      "json",
    ]);
    await client.waitFor((evs) => evs.some((e) => e.event === "read"), 10_000, "the first read");
    second.resolve();
    return { code: (await client.exited()).code, client };
  };
  const all = await run("2000");
  assert.equal(all.code, 0, all.client.stderr);
  const reads = all.client.of("read");
  assert.equal(reads.length, 2, "two reads, one answer");
  assert.equal(reads.reduce((n, e) => n + (e.bytes as number), 0), 2000);
  // The server closes after its 2000 bytes: that end, not a wait, is when the shortfall is said.
  const more = await run("3000");
  assert.equal(more.code, 4, more.client.stderr);
  assert.match(more.client.stderr, /got 2000 of 3000 bytes/);
  await answering;
});

Deno.test("first touch: --expect-match waits for a message matching a reply-rule pattern", async () => {
  const { framecat, port } = await Framecat.serving("--framing", "line", "--behavior", "upper");
  await using _ = framecat;
  const send = ["connect", String(port), "--framing", "line", "--send", "one", "--send", "done"];
  for (const pattern of ["DONE", "hex:44 4f 4e 45", "/^DO/", "prefix:DO"]) {
    const r = await runFramecat([...send, "--expect-match", pattern]);
    assert.equal(r.code, 0, `${pattern}: ${r.stderr}`);
  }
  // Half-closed, the server answers both and then closes: the end comes after the two replies.
  const none = await runFramecat([...send, "--expect-match", "nope", "--half-close"]);
  assert.equal(none.code, 4, none.stderr);
  assert.match(none.stderr, /no message matched "nope" \(got 2 messages\)/);
  const bad = await runFramecat([...send, "--expect-match", "hex:4"]);
  assert.equal(bad.code, 2, bad.stderr);
});

/** A server on `hostname` alone that says hello to one client; resolves once it has. */
function hello(hostname: string): { port: number; said: Promise<void> } & Disposable {
  const server = Deno.listen({ hostname, port: 0 });
  const said = server.accept().then(async (conn) => {
    await conn.write(new TextEncoder().encode(`hello from ${hostname}`));
    conn.close();
  });
  said.catch(() => {}); // a client that never came: the test's own assertion says so
  return { port: server.addr.port, said, [Symbol.dispose]: () => server.close() };
}

Deno.test("first touch: connect localhost reaches a server on ::1 and one on 127.0.0.1", async () => {
  // Here /etc/hosts names 127.0.0.1 alone: localhost is both loopbacks all the same (RFC 6761).
  for (const hostname of ["::1", "127.0.0.1"]) {
    using server = hello(hostname);
    const r = await runFramecat(["connect", "localhost", String(server.port), "--output", "json"]);
    assert.equal(r.code, 0, `${hostname}: ${r.stderr}`);
    assert.ok(r.events.some((e) => e.event === "read" && e.text === `hello from ${hostname}`));
    await server.said;
  }
});

Deno.test("first touch: a name with two addresses is tried at each in turn", async () => {
  // The name is ::1 and 127.0.0.1 in an /etc/hosts of framecat's own (a mount namespace); the
  // server listens on one of them only. Whichever the resolver gives first, one of the two
  // runs is refused there and must go on to the other.
  const dir = await Deno.makeTempDir({ prefix: "fc19-hosts-" });
  try {
    const hosts = `${dir}/hosts`;
    await Deno.writeTextFile(hosts, "::1 dual.fc19.test\n127.0.0.1 dual.fc19.test\n");
    const mountHosts = 'mount --bind "$0" /etc/hosts && exec "$@"';
    for (const only of ["127.0.0.1", "::1"]) {
      using server = hello(only);
      await using client = new Framecat(
        ["connect", "dual.fc19.test", String(server.port), "--output", "json"],
        { wrap: ["unshare", "--mount", "sh", "-c", mountHosts, hosts] },
      );
      const { code } = await client.exited();
      assert.equal(code, 0, `server on ${only} alone: ${client.stderr}`);
      assert.ok(client.events.some((e) => e.event === "read" && e.text === `hello from ${only}`));
      await server.said;
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("first touch: after --stall-after, the relay counts what was delivered", async () => {
  // A target that sends 200000 bytes; the relay passes 50000 of them, then stalls.
  using target = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const sending = target.accept().then(async (conn) => {
    try {
      await conn.write(new Uint8Array(200_000)).catch(() => {});
    } finally {
      conn.close();
    }
  }).catch(() => {});
  const { framecat: relay, port } = await Framecat.listening([
    "relay",
    "127.0.0.1:0",
    `127.0.0.1:${target.addr.port}`,
    "--stall-after",
    "50000",
    "--direction",
    "down",
    "--output",
    "json",
  ]);
  await using _ = relay;
  using client = await Deno.connect({ hostname: "127.0.0.1", port });
  let got = 0;
  const buf = new Uint8Array(65536);
  while (got < 50_000) {
    const n = await client.read(buf);
    if (n === null) break;
    got += n;
  }
  assert.equal(got, 50_000);
  await relay.waitFor((evs) => evs.some((e) => e.event === "fault" && e.fault === "stall"));
  await relay.stop();
  const [stats] = relay.of("stats", "relay");
  assert.equal(stats.bytes_down, 50_000, "the stats say what the client got");
  assert.equal(relay.of("closed")[0]?.bytes_down, 50_000, "and so does the link's closed event");
  await sending;
});

Deno.test("first touch: --behaviour is --behavior, as the course spells it; after -- it is data", async () => {
  assert.equal((await options(["serve", "9000", "--behaviour", "upper"])).behavior, "upper");
  assert.equal((await options(["serve", "9000", "--behaviour=time"])).behavior, "time");
  // After `--` the word is an argument, kept as written (here one endpoint too many).
  await assert.rejects(
    () => parseCommandLine(["connect", "9000", "--", "--behaviour"]),
    /"9000 --behaviour"/,
  );
});
