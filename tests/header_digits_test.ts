/**
 * The course's file sender writes its md5 as `int(hexdigest, 16)`: a number of
 * some 39 digits, more than a double holds. A parsed header would show it
 * rounded (1.1075078538926817e+38); the frame line shows the digits the peer sent,
 * and so does the `frame` event of `--output json`.
 */
import assert from "node:assert/strict";
import { runFramecat } from "./helpers/cli.ts";
import { PYTHON } from "./helpers/process.ts";

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
