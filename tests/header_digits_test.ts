/**
 * The course's file sender writes its md5 as `int(hexdigest, 16)`: a number of
 * some 39 digits, more than a double holds. A parsed header would show it
 * rounded (1.1075078538926817e+38); the frame line shows the digits the peer sent,
 * and so does the `frame` event of `--output json`.
 */
import assert from "node:assert/strict";
import { Framecat, runFramecat } from "./helpers/cli.ts";
import { PYTHON, python } from "./helpers/process.ts";

/** Accepts twice, sends one json frame whose md5 is a number each time, as the course's sender does. */
const SENDER = `import hashlib, json, socket, struct, sys
body = b"hello from a student\\n"
md5 = int(hashlib.md5(body).hexdigest(), 16)
header = json.dumps({"file_name": "a.txt", "total_size": len(body), "md5": md5}).encode()
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
print(srv.getsockname()[1], md5, flush=True)
for _ in range(2):
    conn, _ = srv.accept()
    conn.sendall(struct.pack("i", len(header)) + header + body)
    conn.close()
`;

Deno.test("a json header's md5 sent as a number is shown with every digit the peer sent, on the line and in --output json", async () => {
  const child = new Deno.Command(PYTHON, { args: ["-c", SENDER], stdout: "piped" }).spawn();
  try {
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let first = "";
    while (!first.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      first += value;
    }
    const [port, md5] = first.trim().split(" ");
    assert.ok(md5.length >= 30, `a long number: ${md5}`);
    const run = await runFramecat(["connect", port, "--framing", "json", "--prefix", "i"]);
    assert.equal(run.code, 0, run.stderr);
    const frameLine = run.stdout.split("\n").find((l) => l.includes("JSON header")) ?? "";
    assert.match(frameLine, new RegExp(`"md5": ${md5}\\}`), frameLine);
    assert.doesNotMatch(frameLine, /e\+3\d/, "not rounded to a double");
    // The NDJSON event: the number as the peer wrote it (a JSON reader with big integers gets it).
    const json = await runFramecat([
      "connect",
      port,
      "--framing",
      "json",
      "--prefix",
      "i",
      "--output",
      "json",
    ]);
    assert.equal(json.code, 0, json.stderr);
    const frameEvent = json.stdout.split("\n").find((l) => l.includes('"event":"frame"')) ?? "";
    assert.match(frameEvent, new RegExp(`"header":\\{[^}]*"md5":${md5}\\}`), frameEvent);
    assert.equal(JSON.parse(frameEvent).header.total_size, 21);
    reader.releaseLock();
  } finally {
    await child.stdout.cancel().catch(() => {});
    try {
      child.kill();
    } catch { /* ended */ }
    await child.status;
  }
});

Deno.test("an echo server sends a json header's big integers back as the peer wrote them, and says what it sent (its own md5, not the peer's)", async () => {
  const { framecat, port } = await Framecat.listening([
    "serve",
    "127.0.0.1:0",
    "--framing",
    "json",
    "--prefix",
    "i",
    "--behavior",
    "echo",
    "--output",
    "json",
    "-v",
  ], { keepStdout: true });
  await using _server = framecat;
  // The course's client reads the echo's header back as Python reads JSON: big integers exact.
  // A peer's own field called toJSON is a field like any other.
  const answer = await python(
    `import hashlib, json, socket, struct, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
md5 = int(hashlib.md5(b"hi").hexdigest(), 16)
for header in ({"id": 12345678901234567891, "total_size": 2}, {"toJSON": 0, "id": 98765432109876543210, "total_size": 2}, {"id": 11111111111111111111111, "total_size": 2, "md5": md5}):
    h = json.dumps(header).encode()
    s.sendall(struct.pack("i", len(h)) + h + b"hi")
    n = struct.unpack("i", s.recv(4))[0]
    got = b""
    while len(got) < n + 2:
        got += s.recv(1024)
    print(json.dumps(json.loads(got[:n])))
s.close()
`,
    [String(port)],
  );
  const [first, second, third] = answer.trim().split("\n");
  assert.match(first, /"id": 12345678901234567891,/, first);
  assert.match(second, /"toJSON": 0, "id": 98765432109876543210,/, second);
  for (const echoed of [first, second, third]) {
    assert.match(echoed, /"total_size": 2, "md5": "[0-9a-f]{32}"/, echoed);
  }
  // The sent event says the digits that went.
  const sent = await framecat.waitFor((evs) => {
    const all = evs.filter((e) => e.event === "sent");
    return all.length === 3 ? all : undefined;
  });
  assert.equal(String((sent[0].header as Record<string, unknown>).id), "12345678901234567000");
  const lines = framecat.stdout.split("\n").filter((l) => l.includes('"event":"sent"'));
  assert.match(lines[0], /"id":12345678901234567891[,}]/, lines[0]);
  // The peer's md5 (a number) is not what went: the event says the hex digest written instead.
  const hiMd5 = "49f68a5c8493ec2c0bf489821c21fc3b";
  assert.match(third, new RegExp(`"md5": "${hiMd5}"`), third);
  assert.equal((sent[2].header as Record<string, unknown>).md5, hiMd5);
  assert.match(
    lines[2],
    new RegExp(`"id":11111111111111111111111,"total_size":2,"md5":"${hiMd5}"`),
    lines[2],
  );
});
