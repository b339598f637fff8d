/**
 * What a NetAssist (网络调试助手) user does all day, and what framecat said wrong or did silently:
 * --crlf on a --send ("加回车换行"), Windows's code page names, a newline inside a --send under
 * line framing, a binary checksum inside lines, the raw-framing checksum note over UDP, and
 * the GBK hint on two hex bytes.
 */
import assert from "node:assert/strict";
import { connectTo, eventsOf, Framecat, type JsonEvent, runFramecat } from "./helpers/cli.ts";
import { udpSocket } from "./helpers/net.ts";
import { fixture, PYTHON, type Running, startProcess } from "./helpers/process.ts";

const J = ["--output", "json"];

/** A course server that answers one read with its bytes and closes: done when it has closed. */
async function answerOnceAndClose(listener: Deno.TcpListener): Promise<void> {
  using conn = await listener.accept();
  const buf = new Uint8Array(64);
  const n = await conn.read(buf);
  await conn.write(buf.subarray(0, n ?? 0));
}

/**
 * A python3 server as the course writes one, for one client: it prints its port, accepts, and
 * runs `body` with the client as `c` (`socket` is imported, and `imports` besides).
 */
function oneClient(body: string, imports?: string): Promise<Running> {
  return startProcess(PYTHON, [
    "-c",
    `import socket${imports ? `, ${imports}` : ""}
s = socket.socket()
s.bind(('127.0.0.1', 0))
s.listen(1)
print(s.getsockname()[1], flush=True)
c, _ = s.accept()
${body}`,
  ]);
}

/** A TCP echo server of framecat's own (`framing`), for the test's lifetime. */
async function echo(framing = "raw") {
  return await Framecat.listening(["serve", "127.0.0.1:0", "--framing", framing, ...J]);
}

const notes = (events: JsonEvent[]) => eventsOf(events, "info").map((e) => e.message as string);

Deno.test("--crlf ends each --send with \\r\\n in raw framing (AT commands), and --send-hex stays bytes exactly", async () => {
  const { framecat: server, port } = await echo();
  await using _ = server;
  const run = await connectTo(port, ["--crlf", "--send", "AT", "--send-hex", "01 02", ...J]);
  assert.equal(run.code, 0, run.stderr);
  const sent = eventsOf(run.events, "sent").map((e) => Uint8Array.fromBase64(e.base64 as string));
  assert.deepEqual(sent.map((b) => b.toHex()), ["41540d0a", "0102"]);
});

Deno.test("--encoding takes Windows's code page names: cp936 is gbk, cp950 big5", async () => {
  const { framecat: server, port } = await echo();
  await using _ = server;
  for (
    const [label, hex] of [["cp936", "c4e3bac3"], ["Windows-936", "c4e3bac3"], [
      "cp950",
      "a741a66e",
    ]]
  ) {
    const run = await connectTo(port, ["--encoding", label, "--send", "你好", ...J]);
    assert.equal(run.code, 0, `${label}: ${run.stderr}`);
    const [sent] = eventsOf(run.events, "sent").map((e) =>
      Uint8Array.fromBase64(e.base64 as string)
    );
    assert.equal(sent.toHex(), hex, label);
  }
});

Deno.test("a --send holding a newline under line framing is said to reach the peer as several messages", async () => {
  const { framecat: server, port } = await echo("line");
  await using _ = server;
  const run = await connectTo(port, [
    "--framing",
    "line",
    "-e",
    "--send",
    "a\\nb",
    "--send",
    "ok",
    ...J,
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(notes(run.events), [
    "--send 1 holds a newline: with line framing the peer reads it as 2 messages",
  ]);
});

Deno.test("--checksum with line framing says a checksum byte that is 0x0a cuts the line; over UDP the raw-framing note is not said", async () => {
  const { framecat: server, port } = await echo("line");
  await using _ = server;
  // sum8 of 05 05 is 0a: the peer's line ends inside the message.
  const lines = await connectTo(port, [
    ...["--framing", "line", "--checksum", "sum8", "--send-hex", "05 05", ...J],
  ]);
  assert.match(
    notes(lines.events)[0],
    /^--checksum with line framing: sum8 is binary, and a byte of it that is a newline \(0x0a\) ends the line there/,
  );
  // A datagram is one message in any framing: nothing can split or join it across reads.
  const once = ["--checksum", "crc16-modbus", "--send", "x", "--wait", "0", ...J];
  const udp = await runFramecat(["connect", "udp://127.0.0.1:9", ...once]);
  assert.deepEqual(notes(udp.events).filter((m) => m.includes("--checksum")), []);
  const tcp = await connectTo(port, once);
  assert.match(notes(tcp.events)[0], /^--checksum with raw framing: each read is checked/);
});

Deno.test("the GBK hint needs two Chinese characters: AA 55 sent as hex is not taken for 猆", async () => {
  const { framecat: server, port } = await echo();
  await using _ = server;
  const binary = await connectTo(port, ["--send-hex", "AA 55", "--expect", "1", ...J]);
  assert.equal(binary.code, 0, binary.stderr);
  assert.deepEqual(notes(binary.events), []);
  // 你好 in GBK still is.
  const text = await connectTo(port, ["--send-hex", "c4 e3 ba c3", "--expect", "1", ...J]);
  assert.deepEqual(notes(text.events), [
    'not UTF-8, but it reads as GBK text ("你好"): try --encoding gbk',
  ]);
});

Deno.test("connect: a reply that fails its --checksum ends the run with exit 3 and says so, so `--expect 1 && echo OK` is not fooled", async () => {
  // A Modbus device that answers with a CRC of 00 00, and then with the right one.
  const replies = ["010304000000000000", "01030400000000fa33"].map((h) => Uint8Array.fromHex(h));
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const device = (async () => {
    for (const reply of replies) {
      using conn = await listener.accept();
      await conn.read(new Uint8Array(64));
      await conn.write(reply);
    }
  })();
  const ask = () =>
    connectTo(listener.addr.port, [
      ...["--checksum", "crc16-modbus", "--send-hex", "01 03 00 00 00 02", "--expect", "1", ...J],
    ]);
  const bad = await ask();
  assert.equal(bad.code, 3, bad.stderr);
  assert.deepEqual(eventsOf(bad.events, "error").map((e) => e.message), [
    "1 message that came back failed its crc16-modbus check (the warnings above): exit 3",
  ]);
  const good = await ask();
  assert.equal(good.code, 0, good.stderr);
  assert.deepEqual(eventsOf(good.events, "checksum"), []);
  await device;
});

Deno.test("connect: --send messages a peer left before are said, exit 1 (a course server that answers one and closes)", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const server = answerOnceAndClose(listener);
  // 1 s apart: the first is answered and the connection closed long before the second is due.
  // That end of file may be a half-close: the second goes (and draws the closed peer's RST),
  // the third fails, and the second is not counted as gone.
  const run = await connectTo(listener.addr.port, [
    ...["--send", "one", "--send", "two", "--send", "three", "--interval", "1s", ...J],
  ]);
  await server;
  assert.equal(run.code, 1, run.stderr);
  assert.deepEqual(eventsOf(run.events, "error").map((e) => e.message), [
    "only 1 of the 3 --send messages went: the peer closed the connection before the rest",
  ]);
});

Deno.test("connect PORT refused where a UDP socket is bound to that port says to connect udp:// (the scheme forgotten)", async () => {
  using udp = udpSocket();
  const { port } = udp.addr as Deno.NetAddr;
  const run = await runFramecat(["connect", `${port}`, "--send", "x"]);
  assert.equal(run.code, 1, run.stderr);
  assert.equal(
    run.stderr.trim(),
    `framecat: Cannot connect to tcp://127.0.0.1:${port}: Connection refused; nothing takes TCP there, but a UDP socket is bound to that port: connect udp://127.0.0.1:${port}`,
  );
});

Deno.test("connect: a server that unpacks with 'i' and packs its reply with '!I' is said to mix the two, beside the swap hint that alone would spoil the request", async () => {
  // As a student writes it: struct.unpack('i') for the request, struct.pack('!I') for the reply.
  const server = await oneClient(
    `n = struct.unpack('i', c.recv(4))[0]
d = b''
while len(d) < n:
    d += c.recv(n - len(d))
c.sendall(struct.pack('!I', len(d)) + d)
c.close()`,
    "struct",
  );
  await using _ = server;
  const run = await connectTo(Number(server.firstLine), [
    ...["--framing", "len", "--prefix", "i", "--send", "hello", ...J],
  ]);
  assert.equal(run.code, 3, run.stderr);
  assert.match(eventsOf(run.events, "error")[0].message as string, /read as u32be it is 5/);
  assert.deepEqual(notes(run.events), [
    "the server answered your message (its length in u32le), so it likely read that length right; then it writes its own in u32be: it packs with another struct format than it unpacks ('!I' and 'i'), and the server is what needs fixing (--prefix u32be would spoil the lengths it reads right)",
  ]);
});

Deno.test("connect: a course server that uses 'i' both ways and answers a length it read wrong (data[4:4+n]) gets the swap hint alone, not the note that the server mixes formats", async () => {
  const server = await oneClient(
    `data = c.recv(1024)
n = struct.unpack('i', data[:4])[0]
body = data[4:4+n]
c.sendall(struct.pack('i', len(body)) + body)
c.close()`,
    "struct",
  );
  await using _ = server;
  // Our default prefix is network order: it reads our 5 as 83886080, and slices anyway.
  const run = await connectTo(Number(server.firstLine), [
    ...["--framing", "len", "--send", "hello", ...J],
  ]);
  assert.equal(run.code, 3, run.stderr);
  assert.match(
    eventsOf(run.events, "error")[0].message as string,
    /read as u32le it is 5, try --prefix u32le \(the course's struct\.pack\('i'\): --prefix i\)/,
  );
  assert.deepEqual(notes(run.events), []);
});

Deno.test("connect: a server whose listen queue is full (our SYN unanswered) ends connect after 10 s with exit 1, not the system's two minutes of retries", async () => {
  await using server = await startProcess(PYTHON, fixture("full_backlog.py"));
  const run = await connectTo(Number(server.firstLine), ["--send", "hi", "--expect", "1"]);
  assert.equal(run.code, 1, run.stderr);
  assert.equal(
    run.stderr.trim(),
    `framecat: Cannot connect to tcp://127.0.0.1:${server.firstLine}: no answer within 10 s; is the host up? (a full listen queue or a firewall also leaves a connection unanswered)`,
  );
});

Deno.test("connect: --wait runs from the last reply as well as the last send, as nc's -w: a reply still coming in is not cut off", async () => {
  // A banner-like answer in 8 lines, 400 ms apart (3.2 s in all), then the connection stays open.
  await using server = await oneClient(
    `c.recv(1024)
for i in range(8):
    c.sendall(b'line%d\\n' % i)
    time.sleep(0.4)
time.sleep(20)`,
    "time",
  );
  const run = await connectTo(Number(server.firstLine), ["--send", "GET", "--wait", "2000", ...J]);
  assert.equal(run.code, 0, run.stderr);
  // Before, the 2 s ran from the send alone: five lines came, and the rest was cut, exit 0.
  const lines = eventsOf(run.events, "frame").map((f) => f.text).join("");
  assert.equal(lines, Array.from({ length: 8 }, (_, i) => `line${i}\n`).join(""));
  // Closed by us, 2 s after the last line: the server never closed.
  assert.equal(eventsOf(run.events, "closed")[0].reason, "us");
});

Deno.test("connect udp://: raw bytes piped in, more than a datagram holds at once, go in datagrams of at most 65,507 bytes, of one size, all of them (as nc -u)", async () => {
  // The receiver's buffer holds everything sent (SO_RCVBUFFORCE, as root), so none is dropped.
  await using receiver = await startProcess(PYTHON, [
    "-c",
    `import socket, hashlib
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 33, 16 << 20)
s.bind(('127.0.0.1', 0))
print(s.getsockname()[1], flush=True)
got = b''
sizes = []
while len(got) < 200000:
    d = s.recv(65536)
    sizes.append(len(d))
    got += d
print(sizes, hashlib.sha256(got).hexdigest(), flush=True)`,
  ]);
  const data = new Uint8Array(200000).map((_, i) => (i * 7) & 0xff);
  const run = await runFramecat(
    ["connect", `udp://127.0.0.1:${receiver.firstLine}`, "--wait", "0"],
    {
      stdin: data,
    },
  );
  assert.equal(run.code, 0, run.stderr);
  const digest = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", data)))
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  // Before, the first read went and the rest was refused ("more than one UDP datagram holds").
  assert.equal((await receiver.rest()).trim(), `[50000, 50000, 50000, 50000] ${digest}`);
});

/** A server that sends a banner, shuts its write side at once, then reads to the end: its count and sha256. */
const HALF_CLOSING = `c.sendall(b'banner\\n')
c.shutdown(socket.SHUT_WR)
h = hashlib.sha256()
n = 0
while True:
    d = c.recv(65536)
    if not d:
        break
    n += len(d)
    h.update(d)
print(n, h.hexdigest(), flush=True)`;

async function sha256Hex(data: Uint8Array<ArrayBuffer>): Promise<string> {
  return Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", data)))
    .map((b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("connect: a peer that half-closes (a banner, then shutdown(SHUT_WR)) still gets all that is piped in, as nc and socat send it", async () => {
  await using server = await oneClient(HALF_CLOSING, "hashlib");
  await using fc = new Framecat(["connect", server.firstLine, ...J], { stdin: true });
  // The input is still open, and nothing sent, when its end of file comes: a note says so.
  await fc.waitFor((evs) =>
    evs.find((e) => e.event === "info" && /finished sending/.test(e.message ?? ""))
  );
  assert.equal(fc.of("frame")[0].text, "banner\n");
  const data = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 31) & 0xff);
  const writer = fc.stdin.getWriter();
  await writer.write(data);
  await writer.close();
  assert.equal((await fc.exited()).code, 0, fc.stderr);
  // Before, its end of file ended connect at once: 0 bytes went, exit 0.
  assert.equal((await server.rest()).trim(), `${data.length} ${await sha256Hex(data)}`);
  assert.deepEqual(fc.of("error"), []);
});

Deno.test("connect --send-file: a server that half-closes first still gets the whole file", async () => {
  await using server = await oneClient(HALF_CLOSING, "hashlib");
  await using dir = await Deno.makeTempDir({ prefix: "fc-half-" }).then((path) => ({
    path,
    [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }),
  }));
  const data = new Uint8Array(2 * 1024 * 1024).map((_, i) => (i * 13) & 0xff);
  await Deno.writeFile(`${dir.path}/f.bin`, data);
  const run = await connectTo(Number(server.firstLine), [
    "--framing",
    "raw",
    "--send-file",
    `${dir.path}/f.bin`,
    "--wait",
    "0",
  ]);
  assert.equal((await server.rest()).trim(), `${data.length} ${await sha256Hex(data)}`, run.stderr);
  assert.equal(run.code, 0, run.stderr);
});

Deno.test("connect: lines piped in after a peer closed altogether (not a half-close) are said to be lost, exit 1", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const server = answerOnceAndClose(listener);
  await using fc = new Framecat(["connect", `${listener.addr.port}`, ...J], { stdin: true });
  const writer = fc.stdin.getWriter();
  await writer.write(new TextEncoder().encode("one\n"));
  // Its end of file has come (the note says so): the next lines are written after it.
  await fc.waitFor((evs) =>
    evs.find((e) => e.event === "info" && /finished sending/.test(e.message ?? ""))
  );
  await server;
  await writer.write(new TextEncoder().encode("two\nthree\n"));
  await writer.close();
  const status = await fc.exited();
  assert.equal(status.code, 1, fc.stderr);
  assert.deepEqual(eventsOf(fc.events, "error").map((e) => e.message), [
    "the peer had closed the connection, not only its sending: the 10 B sent after its end of file never reached it",
  ]);
});

Deno.test("connect --expect-match: a server that talks on and never says it still ends at --wait, exit 4 (the wait does not start again at each reply then)", async () => {
  await using server = await oneClient(
    `c.recv(1024)
for i in range(100):
    c.sendall(b'tick\\n')
    time.sleep(0.2)`,
    "time",
  );
  const run = await connectTo(Number(server.firstLine), [
    ...["--framing", "line", "--send", "hello", "--expect-match", "ready", "--wait", "1000", ...J],
  ]);
  assert.equal(run.code, 4, run.stderr);
  assert.match(run.stderr, /no message matched "ready"/);
});
