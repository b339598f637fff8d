/**
 * Reply rules and checksums, as users run them: a python Modbus-style device
 * answered with the CRC appended (and checking it itself), regex captures,
 * delay and times, rules tried in order, unmatched messages to the
 * behaviour, stats that count each rule's hits, and rules that see framed
 * messages, not raw reads, through a relay that cuts every byte apart.
 */
import assert from "node:assert/strict";
import { connectTo, eventsOf, Framecat, runFramecat } from "./helpers/cli.ts";
import { fixture, output, PYTHON, python } from "./helpers/process.ts";
import { startRelay } from "./relay_helpers.ts";

const J = ["--output", "json"];
const lines = (bytes: Uint8Array) =>
  new TextDecoder().decode(bytes).trim().split("\n").map((l) => JSON.parse(l));

/** The server's final stats, once stopped with Ctrl-C. */
async function finalStats(server: Framecat): Promise<Record<string, unknown>> {
  const status = await server.stop();
  assert.equal(status.code, 0, server.stderr);
  return server.of("stats").at(-1)!;
}

Deno.test("a python Modbus device polls; the rule answers with the CRC appended, which it verifies", async () => {
  await using server = new Framecat([
    ...["serve", "127.0.0.1:0", "--checksum", "crc16-modbus"],
    ...["--reply", "hex:01 03 * => hex:01 03 04 00 2A 00 2B", "--behavior", "discard", ...J],
  ]);
  const port = await server.port();
  const answers = lines(await output(PYTHON, fixture("modbus_device.py", [`${port}`, "3"])));
  // The registers 42 and 43, then the CRC of what comes before, low byte first (01 03 04 00 2A
  // 00 2B 9B E4 is what a Modbus master expects): python checked it with its own crc16.
  assert.deepEqual(
    answers,
    Array(3).fill({
      answer: "010304002a002b" + "9be4",
      crc_ok: true,
      registers: [42, 43],
    }),
  );
  const sent = await server.waitFor((evs) => {
    const s = eventsOf(evs, "sent");
    return s.length === 3 && s;
  });
  assert.deepEqual(sent.map((e) => e.rule), [1, 1, 1]);
  assert.deepEqual(server.of("checksum"), [], "every poll's CRC was right");
  const stats = await finalStats(server);
  assert.deepEqual(stats.rules, [{
    rule: 1,
    source: "hex:01 03 * => hex:01 03 04 00 2A 00 2B",
    hits: 3,
  }]);
});

Deno.test("a wrong checksum on receive is a checksum warning with both values; the message is still shown and answered", async () => {
  await using server = new Framecat([
    ...["serve", "127.0.0.1:0", "--checksum", "crc16-modbus"],
    ...["--reply", "hex:01 03 * => hex:01 03 04 00 2A 00 2B", "--behavior", "discard", ...J],
  ]);
  const port = await server.port();
  const [answer] = lines(
    await output(PYTHON, fixture("modbus_device.py", [`${port}`, "1", "BAD"])),
  );
  assert.equal(answer.crc_ok, true, "our answer's own CRC is right");
  const warning = await server.waitFor((evs) => eventsOf(evs, "checksum")[0]);
  assert.deepEqual(
    [warning.checksum, warning.expected, warning.got, warning.frame],
    ["crc16-modbus", "c40b", "c400", 1],
  );
  assert.match(String(warning.message), /ends with c400, but its crc16-modbus is c40b/);
  // Shown whole, as it came: the frame event carries the bad CRC too.
  const frame = server.of("frame")[0];
  assert.equal(Uint8Array.fromBase64(frame.base64 as string).toHex(), "010300000002c400");
});

Deno.test("rules: a regex with captures, {counter}, and what no rule takes goes to the behaviour", async () => {
  await using server = new Framecat([
    ...["serve", "127.0.0.1:0", "--framing", "line", "--behavior", "upper"],
    ...["--reply", "/^GET (\\w+)$/ => $1 is {counter}", ...J],
  ]);
  const port = await server.port();
  const client = await connectTo(port, [
    ...["--framing", "line", "--send", "GET temp", "--send", "hello", "--send", "GET volt"],
    ...["--expect", "3", ...J],
  ]);
  assert.equal(client.code, 0, client.stderr);
  assert.deepEqual(eventsOf(client.events, "frame").map((e) => e.text), [
    "temp is 1",
    "HELLO",
    "volt is 2",
  ]);
  const stats = await finalStats(server);
  assert.deepEqual(stats.rules, [{
    rule: 1,
    source: "/^GET (\\w+)$/ => $1 is {counter}",
    hits: 2,
  }]);
});

Deno.test("rules: a regex made to backtrack for ever answers at once, and every client is served", async () => {
  // Backtracking engines (V8's, Python's) take 2^n steps for these against n letters and one
  // that spoils the match: 40 letters would hold the server for hours.
  await using server = new Framecat([
    ...["serve", "127.0.0.1:0", "--framing", "line", "--behavior", "upper"],
    ...["--reply", "/(a+)+$/ => caught $1", "--reply", "/^(\\w+\\s?)*$/i => word", ...J],
  ]);
  const port = await server.port();
  const evil = await connectTo(port, [
    ...["--framing", "line", "--send", `${"a".repeat(40)}b`, "--send", `${"a".repeat(40)}!`],
    ...["--send", "aaa", "--expect", "3", ...J],
  ]);
  assert.equal(evil.code, 0, evil.stderr);
  // Rule 1 fails on both, rule 2 takes the first and fails on the second: the behaviour's.
  assert.deepEqual(eventsOf(evil.events, "frame").map((e) => e.text), [
    "word",
    `${"A".repeat(40)}!`,
    "caught aaa",
  ]);
  const other = await connectTo(port, ["--framing", "line", "--send", "hello!", "--expect", "1"]);
  assert.equal(other.code, 0, other.stderr);
  assert.match(other.stdout, /frame #1 6 B "HELLO!"/);
  // What RE2 cannot do in linear time is refused when the rule is read.
  const refused = await runFramecat(["serve", "127.0.0.1:0", "--reply", "/(a)\\1/ => x"]);
  assert.equal(refused.code, 2);
  assert.match(
    refused.stderr,
    /^framecat: .*"\/\(a\)\\1\/": invalid escape sequence: `\\1` \(regexes are matched by RE2.*no backreferences/,
  );
});

Deno.test("rules: tried in order; times spends a rule; delay holds its answer", async () => {
  await using server = new Framecat([
    ...["serve", "127.0.0.1:0", "--framing", "line", "--behavior", "discard"],
    ...["--reply", "PING => slow ; delay=300 ; times=2", "--reply", "PING => fast", ...J],
  ]);
  const port = await server.port();
  const client = await connectTo(port, [
    ...["--framing", "line", "--send", "PING", "--count", "3", "--expect", "3", ...J],
  ]);
  assert.equal(client.code, 0, client.stderr);
  // The third PING found the first rule spent and got the second's answer, at once.
  assert.deepEqual(eventsOf(client.events, "frame").map((e) => e.text), [
    "fast",
    "slow",
    "slow",
  ]);
  const frames = server.of("frame");
  const sent = await server.waitFor((evs) => {
    const s = eventsOf(evs, "sent");
    return s.length === 3 && s;
  });
  assert.deepEqual(sent.map((e) => e.rule), [2, 1, 1]);
  // Each delayed answer left no sooner than 300 ms after its PING.
  const ms = (e: { ts: string }) => Date.parse(e.ts);
  for (const [i, answer] of sent.slice(1).entries()) {
    assert.ok(ms(answer) - ms(frames[i]) >= 299, `answer ${i + 1} came after its delay`);
  }
  const stats = await finalStats(server);
  assert.deepEqual(
    (stats.rules as { hits: number }[]).map((r) => r.hits),
    [2, 1],
  );
});

Deno.test("rules see framed messages, not raw reads: through relay --slice 1 every PING is answered", async () => {
  const rule = ["--reply", "PING => PONG", "--behavior", "discard", ...J];
  // Three PINGs in one write, cut into one-byte writes by the relay on the way; then EOF, so
  // the server closes once it has read them all, and what came back is all there is.
  const ask = async (port: number) =>
    await python(
      `import socket,sys
c = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=10)
c.sendall(b'PING\\nPING\\nPING\\n')
c.shutdown(socket.SHUT_WR)
got = b''
while True:
    data = c.recv(1024)
    if not data:
        break
    got += data
print(got.count(b'PONG'))`,
      [`${port}`],
    );
  // The server reads a byte at a time: however the kernel joins the relay's pieces, each
  // PING comes in four reads and a newline.
  const server = ["serve", "127.0.0.1:0", "--read-size", "1"];
  await using framed = new Framecat([...server, "--framing", "line", ...rule]);
  const { relay, port } = await startRelay(`127.0.0.1:${await framed.port()}`, ["--slice", "1"]);
  await using _relay = relay;
  assert.equal((await ask(port)).trim(), "3");
  await framed.waitFor((evs) => eventsOf(evs, "read").length === 15);
  assert.equal(((await finalStats(framed)).rules as { hits: number }[])[0].hits, 3);

  // The same rule on raw reads (NetAssist's byte chunks) never sees a whole PING.
  await using raw = new Framecat([...server, ...rule]);
  const { relay: rawRelay, port: rawPort } = await startRelay(
    `127.0.0.1:${await raw.port()}`,
    ["--slice", "1"],
  );
  await using _rawRelay = rawRelay;
  assert.equal((await ask(rawPort)).trim(), "0");
  assert.equal(((await finalStats(raw)).rules as { hits: number }[])[0].hits, 0);
});

Deno.test("connect answers by rules too, and its stats count them", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const device = listener.accept().then(async (conn) => {
    const buf = new Uint8Array(64);
    let got = "";
    try {
      await conn.write(new TextEncoder().encode("HELLO 7\n"));
      while (!got.includes("\n")) {
        const n = await conn.read(buf);
        if (n === null) break;
        got += new TextDecoder().decode(buf.subarray(0, n));
      }
    } finally {
      conn.close();
    }
    return got;
  });
  const client = await connectTo(listener.addr.port, [
    ...["--framing", "line", "--reply", "/^HELLO (\\d+)/ => ACK $1 from {peer}", "--input", "hex"],
    ...["--wait", "3000", ...J],
  ], { stdin: "" });
  assert.equal(client.code, 0, client.stderr);
  assert.equal(await device, `ACK 7 from 127.0.0.1:${listener.addr.port}\n`);
  const [stats] = eventsOf(client.events, "stats", "connect");
  assert.deepEqual(stats.rules, [{
    rule: 1,
    source: "/^HELLO (\\d+)/ => ACK $1 from {peer}",
    hits: 1,
  }]);
});

Deno.test("any number of rules: a --replies file of 2,000, comments skipped, the last one answers", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/rules.txt`;
    const rules = Array.from({ length: 2000 }, (_, i) => `Q${i} => A${i}`);
    await Deno.writeTextFile(file, `# every question has its answer\n\n${rules.join("\n")}\n`);
    await using server = new Framecat([
      ...["serve", "127.0.0.1:0", "--framing", "line", "--replies", file],
      ...["--behavior", "discard", ...J],
    ]);
    const port = await server.port();
    const client = await connectTo(port, [
      ...["--framing", "line", "--send", "Q1999", "--send", "Q0", "--expect", "2", ...J],
    ]);
    assert.deepEqual(eventsOf(client.events, "frame").map((e) => e.text), [
      "A1999",
      "A0",
    ]);
    const stats = await finalStats(server);
    assert.equal((stats.rules as unknown[]).length, 2000);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("checksums over UDP: echo answers the body with a fresh checksum, which connect verifies", async () => {
  await using server = new Framecat([
    ...["serve", "udp://127.0.0.1:0", "--checksum", "crc32", ...J],
  ]);
  const port = await server.port();
  const client = await runFramecat([
    ...["connect", `udp://127.0.0.1:${port}`, "--checksum", "crc32", "--send", "hello"],
    ...["--expect", "1", ...J],
  ]);
  assert.equal(client.code, 0, client.stderr);
  // hello, then its CRC-32 (3610a686) most significant byte first.
  const frame = eventsOf(client.events, "frame")[0];
  assert.equal(Uint8Array.fromBase64(frame.base64 as string).toHex(), "68656c6c6f3610a686");
  assert.deepEqual(eventsOf(client.events, "checksum"), []);
  // Without the checksum, the server warns, and still answers.
  const bare = await runFramecat([
    ...["connect", `udp://127.0.0.1:${port}`, "--send", "hello", "--expect", "1", ...J],
  ]);
  assert.equal(bare.code, 0, bare.stderr);
  const warning = await server.waitFor((evs) => eventsOf(evs, "checksum")[0]);
  // "h" is the body, "ello" what should be its CRC-32.
  assert.deepEqual([warning.got, warning.expected], ["656c6c6f", "916b06e7"]);
  assert.equal(server.of("checksum").length, 1);
});

Deno.test("rules: an answer still waiting out its delay when the server stops is not counted as answered", async () => {
  const { framecat: server, port } = await Framecat.listening([
    "serve",
    "127.0.0.1:0",
    "--behavior",
    "discard",
    "--reply",
    "a => b ; delay=60s",
    "--output",
    "json",
  ]);
  using conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(new TextEncoder().encode("a"));
  await server.waitFor((evs) => eventsOf(evs, "read").length > 0 || undefined);
  // Stopped with the peer still there, waiting for its answer.
  const stats = await finalStats(server);
  // Nothing was sent: the stats said "rule 1 answered 1 time".
  assert.deepEqual(eventsOf(server.events, "sent"), []);
  assert.deepEqual((stats.rules as { hits: number }[]).map((r) => r.hits), [0]);
});

Deno.test("rules: a peer that leaves while its answer waits out the delay is not answered, nor counted, and it is said; the next peer is answered", async () => {
  const { framecat: server, port } = await Framecat.listening([
    ...["serve", "127.0.0.1:0", "--behavior", "discard", "--framing", "line"],
    ...["--reply", "PING => PONG ; delay=500", "--output", "json"],
  ]);
  const leaver = await Deno.connect({ hostname: "127.0.0.1", port });
  await leaver.write(new TextEncoder().encode("PING\n"));
  await server.waitFor((evs) => eventsOf(evs, "frame").length > 0 || undefined);
  leaver.close();
  const note = await server.waitFor((evs) =>
    eventsOf(evs, "info").find((e) => e.said?.key === "note.rule_failed")
  );
  assert.equal(
    note.message,
    "rule 1: its answer was not sent: the peer left during its 500 ms delay",
  );
  // A peer that stays is answered after the delay, as before.
  using stayer = await Deno.connect({ hostname: "127.0.0.1", port });
  await stayer.write(new TextEncoder().encode("PING\n"));
  const buf = new Uint8Array(16);
  const n = await stayer.read(buf);
  assert.equal(new TextDecoder().decode(buf.subarray(0, n ?? 0)), "PONG\n");
  const stats = await finalStats(server);
  assert.equal(eventsOf(server.events, "sent").length, 1);
  assert.deepEqual((stats.rules as { hits: number }[]).map((r) => r.hits), [1]);
  // Not an error: a peer may leave when it likes.
  assert.equal(stats.errors, 0);
});

Deno.test("rules: a --replies file saved in GBK is refused naming its line and byte, not read with its Chinese turned to U+FFFD", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fc-rules-" });
  try {
    const path = `${dir}/rules.txt`;
    // PING => PONG, then 你好 => OK in GBK (C4 E3 BA C3), as an older Notepad saves it.
    await Deno.writeFile(
      path,
      Uint8Array.of(
        ...new TextEncoder().encode("PING => PONG\n"),
        0xc4,
        0xe3,
        0xba,
        0xc3,
        ...new TextEncoder().encode(" => OK\n"),
      ),
    );
    const run = await runFramecat(["serve", "127.0.0.1:0", "--replies", path]);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr.trim(),
      `framecat: Cannot read the rules in ${path}: line 2 is not UTF-8 text (byte 0xc4): save the file as UTF-8 (iconv -f GBK -t UTF-8 FILE)`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
