/**
 * --expect in scripts: exit 0 only when N messages came back; otherwise exit 4
 * with "got K of N messages" once the peer closes or --wait runs out. A frame
 * left half received when connect stops is reported, never dropped silently.
 */
import assert from "node:assert/strict";
import { connectTo, eventsOf, Framecat, runFramecat } from "./helpers/cli.ts";
import { freePort, udpSocket } from "./helpers/net.ts";
import { PYTHON, startProcess } from "./helpers/process.ts";

Deno.test("expect: nobody on a UDP port: exit 4 within the default wait, saying got 0 of 1", async () => {
  const port = freePort();
  const started = Date.now();
  const result = await runFramecat([
    "connect",
    `udp://127.0.0.1:${port}`,
    "--send",
    "hi",
    "--expect",
    "1",
  ]);
  assert.equal(result.code, 4, result.stderr);
  assert.match(result.stderr, /^framecat: got 0 of 1 messages$/m);
  // Bounded by the default wait of 5 s (plus start-up), never forever.
  assert.ok(Date.now() - started < 25_000);
});

Deno.test("connect udp: nobody answering is said once the wait is over; an answer says nothing of it", async () => {
  const port = freePort();
  const silent = await runFramecat([
    "connect",
    `udp://127.0.0.1:${port}`,
    "--send",
    "hi",
    "--wait",
    "200",
  ]);
  assert.equal(silent.code, 0, silent.stderr);
  assert.match(
    silent.stderr,
    new RegExp(
      `no reply from udp://127\\.0\\.0\\.1:${port} within 200 ms: nobody may be listening`,
    ),
  );
  const { framecat: server, port: echo } = await Framecat.listening(
    ["serve", "udp://127.0.0.1:0", "--output", "json"],
  );
  await using _ = server;
  const answered = await runFramecat([
    "connect",
    `udp://127.0.0.1:${echo}`,
    "--send",
    "hi",
    "--expect",
    "1",
  ]);
  assert.equal(answered.code, 0, answered.stderr);
  assert.doesNotMatch(answered.stderr, /no reply/);
  // An answer that cannot be read (cut to 3 bytes, as relay --truncate 3 cuts it) is said as
  // such, and is an answer all the same: someone is listening.
  const peer = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
  const cutting = (async () => {
    const [, from] = await peer.receive();
    await peer.send(Uint8Array.of(0, 0, 0), from);
  })();
  // The line sent is typed on stdin, and stdin ends only once the cut answer was read: the wait
  // that follows (and ends the run, as the silence is said then) starts after it, stall or not.
  await using cut = new Framecat(
    [
      ...["connect", `udp://127.0.0.1:${(peer.addr as Deno.NetAddr).port}`, "--framing", "len"],
      ...["--wait", "300"],
    ],
    { stdin: true, keepStdout: true },
  );
  const typing = cut.stdin.getWriter();
  await typing.write(new TextEncoder().encode("hi\n"));
  const error = () => /error: .*length prefix/.test(cut.stdout + cut.stderr);
  await cut.waitFor(error, 10_000, "the cut answer said");
  await typing.close();
  await cut.exited();
  // Stopped, it would say nothing of silence whatever it read: it must have ended by itself.
  assert.equal(cut.timedOut, false, cut.stderr);
  await cutting;
  peer.close();
  assert.doesNotMatch(cut.stderr, /no reply/);
});

Deno.test("expect: the peer closing before N replies is exit 4 too; N replies is exit 0", async () => {
  await using server = new Framecat([
    "serve",
    "127.0.0.1:0",
    "--framing",
    "line",
    "--output",
    "json",
  ]);
  const port = await server.port();
  const short = await connectTo(port, [
    "--framing",
    "line",
    "--send",
    "a",
    "--half-close",
    "--expect",
    "2",
  ]);
  assert.equal(short.code, 4, short.stderr);
  assert.match(short.stderr, /got 1 of 2 messages/);
  const enough = await connectTo(port, [
    "--framing",
    "line",
    "--send",
    "a",
    "--send",
    "b",
    "--expect",
    "2",
  ]);
  assert.equal(enough.code, 0, enough.stderr);
});

Deno.test("expect: a frame cut off when --wait runs out is reported with its byte counts", async () => {
  // A peer that sends a 10-byte len frame's prefix and 4 of its bytes, then holds the connection.
  const code = `
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
print(s.getsockname()[1], flush=True)
c, _ = s.accept(); c.sendall(b"\\x00\\x00\\x00\\x0aabcd"); time.sleep(20)
`;
  await using peer = await startProcess(PYTHON, ["-c", code]);
  const result = await runFramecat([
    "connect",
    peer.firstLine,
    "--framing",
    "len",
    "--wait",
    "1000",
    "--output",
    "json",
  ]);
  const error = eventsOf(result.events, "error")[0];
  assert.ok(error, result.stdout);
  // Closed by us at the end of --wait: nothing broke, the frame had not all come.
  assert.match(
    String(error.message),
    /^the frame at offset 0 had not all come when we closed the connection \(--wait ran out, or a stop\): .*got 4 of 10 bytes/,
  );
  // A sentence of the catalogues, so that --lang zh and the page say it in Chinese.
  assert.equal((error.said as { key: string }).key, "frame.cut_by_us");
});

Deno.test("connect udp: lines piped with a pause after them: the silence is said from the last one sent, not as the wait", async () => {
  using deaf = udpSocket();
  const port = (deaf.addr as Deno.NetAddr).port;
  await using client = new Framecat(
    ["connect", `udp://127.0.0.1:${port}`, "--framing", "line", "--wait", "200"],
    { stdin: true },
  );
  const typing = client.stdin.getWriter();
  await typing.write(new TextEncoder().encode("anyone?\n"));
  // The person waits 1.5 s before Ctrl-D: the 200 ms wait comes after that.
  await new Promise((r) => setTimeout(r, 1500));
  await typing.close();
  const { code } = await client.exited();
  assert.equal(code, 0, client.stderr);
  const said =
    /no reply from udp:\/\/127\.0\.0\.1:\d+ in the (\d+(?:\.\d)?) s since the last message went: nobody may be listening/
      .exec(client.stderr);
  assert.ok(said, client.stderr);
  assert.ok(Number(said[1]) >= 1.5, said[0]);
  assert.doesNotMatch(client.stderr, /within 200 ms/);
});

for (
  const [transport, goal] of [
    ["tcp", ["--expect", "3"]],
    ["tcp", ["--expect-match", "3"]],
    ["udp", ["--expect", "3"]],
    ["udp", ["--expect-match", "3"]],
  ] as const
) {
  Deno.test(`expect: --count 0 polls until the answers asked for come, then stops sending and exits 0 (${transport}, ${goal[0]})`, async () => {
    // The server answers each poll with its number: the third answer is "3".
    const { framecat: server, port } = await Framecat.listening([
      ...["serve", `${transport}://127.0.0.1:0`, "--behavior", "discard", "--framing", "line"],
      ...["--reply", "poll => {counter}", "--output", "json"],
    ]);
    await using _ = server;
    const result = await runFramecat([
      ...["connect", `${transport}://127.0.0.1:${port}`, "--framing", "line", "--send", "poll"],
      ...["--count", "0", "--interval", "20", ...goal, "--output", "json"],
    ]);
    // It polled forever before: --count's loop never looked at the answers.
    assert.equal(result.code, 0, result.stderr);
    const answers = eventsOf(result.events, "frame").map((e) => atob(e.base64 as string));
    assert.deepEqual(answers.slice(0, 3), ["1", "2", "3"]);
    assert.ok(eventsOf(result.events, "sent").length >= 3);
  });
}
