/**
 * connect --send-file waits for an acknowledgement, and only a reply that
 * says `"ok"` is one: sent is not saved. What came instead is said (an echo
 * of the upload, a text, a malformed frame, a closed connection), with the
 * exit code of what it was; the course's acknowledgements, a header alone
 * `{"ok": true}` among them, are taken. And --header goes on every json
 * message connect sends, not only on a file.
 */
import assert from "node:assert/strict";
import { eventsOf, Framecat, runFramecat, type RunResult } from "./helpers/cli.ts";
import { fixture, PYTHON, startProcess } from "./helpers/process.ts";
import { startClass } from "./check_helpers.ts";

/** A 3000-byte file in a fresh directory, removed on dispose. */
async function aFile(): Promise<{ path: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "framecat_ack_" });
  const path = `${dir}/f.bin`;
  await Deno.writeFile(path, crypto.getRandomValues(new Uint8Array(3000)));
  return { path, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

/** connect --send-file `path` to `port` with the course's framing (json, struct.pack('i')). */
function sendFile(port: number, path: string): Promise<RunResult> {
  return runFramecat([
    "connect",
    `127.0.0.1:${port}`,
    "--framing",
    "json",
    "--prefix",
    "i",
    "--send-file",
    path,
    "--output",
    "json",
  ]);
}

/** The course's upload server answering as `mode` says (tests/fixtures/course_upload_acks.py). */
async function uploadServer(mode: "none" | "raw" | "json" | "header" | "text") {
  const running = await startProcess(PYTHON, fixture("course_upload_acks.py", [mode]));
  return { port: Number(running.firstLine), [Symbol.asyncDispose]: running[Symbol.asyncDispose] };
}

const saved = (r: RunResult) => eventsOf(r.events, "info", "sent_file").some((e) => e.acknowledged);

Deno.test("send-file: an echo server's reply is no acknowledgement: exit 4, and it says the file came back", async () => {
  await using file = await aFile();
  const { framecat, port } = await Framecat.serving("--framing", "json", "--prefix", "i");
  await using _ = framecat;
  const r = await sendFile(port, file.path);
  assert.equal(r.code, 4, r.stderr);
  assert.equal(saved(r), false, "not said to be saved");
  assert.match(
    r.stderr,
    /^framecat: sent "f\.bin" \(3000 bytes\), but the server's reply is not an acknowledgement \(a JSON "ok" of true or false\): it sent the file back, as an echo server does; it may not have saved it\n$/,
  );
});

Deno.test("send-file: a framed reply that says no ok is no acknowledgement, and is quoted", async () => {
  await using file = await aFile();
  await using server = await uploadServer("text");
  const r = await sendFile(server.port, file.path);
  assert.equal(r.code, 4, r.stderr);
  assert.equal(saved(r), false);
  assert.match(r.stderr, /is not an acknowledgement .*: it answered "thanks"; it may not have/);
});

Deno.test("send-file: the course's acknowledgements, in the body or a header alone, are taken", async () => {
  await using file = await aFile();
  await using server = await uploadServer("header");
  await using students = await startClass(["save-correct", "save-ack-hdr"]);
  for (const port of [server.port, students.port("save-correct"), students.port("save-ack-hdr")]) {
    const r = await sendFile(port, file.path);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(saved(r), JSON.stringify(r.events));
    assert.deepEqual(eventsOf(r.events, "error"), [], "no frame error");
  }
});

Deno.test("send-file: a reply that is no json frame exits 3 and does not claim a wait that did not happen", async () => {
  await using file = await aFile();
  for (const mode of ["raw", "json"] as const) {
    await using server = await uploadServer(mode);
    const r = await sendFile(server.port, file.path);
    assert.equal(r.code, 3, `${mode}: ${r.stderr}`);
    assert.equal(saved(r), false);
    // The frame's own error first, then one line of what it means for the file.
    assert.match(String(eventsOf(r.events, "error")[0]?.message), /^Cannot decode/);
    assert.match(
      r.stderr,
      /^framecat: sent "f\.bin" \(3000 bytes\), but the server's reply is not a json frame \(the error above\), so whether it saved it is unknown\n$/,
      mode,
    );
  }
});

Deno.test("send-file: a server that closes without a word is said to have closed, not to be slow", async () => {
  await using file = await aFile();
  await using server = await uploadServer("none");
  const r = await sendFile(server.port, file.path);
  assert.equal(r.code, 4, r.stderr);
  assert.match(
    r.stderr,
    /^framecat: sent "f\.bin" \(3000 bytes\), but the server closed the connection without an acknowledgement; it may not have saved it\n$/,
  );
});

Deno.test("send-file: a second --send-file is refused in one line, exit 2, before anything is sent", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const r = await runFramecat([
    "connect",
    `127.0.0.1:${listener.addr.port}`,
    "--framing",
    "json",
    "--send-file",
    "a.bin",
    "--send-file",
    "b.bin",
  ]);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(
    r.stderr,
    'framecat: --send-file: Cannot send "b.bin" too: connect sends one file ("a.bin"); run it once for each file\n',
  );
});

Deno.test("--header: a reply rule's answer carries the fields too", async () => {
  const { framecat, port } = await Framecat.serving("--framing", "json", "--behavior", "echo");
  await using server = framecat;
  const r = await runFramecat([
    "connect",
    `127.0.0.1:${port}`,
    "--framing",
    "json",
    "--header",
    "note=hi",
    "--send",
    "ping",
    "--reply",
    "ping => pong",
    // It ends once the echo of pong is back, so pong was written: no wait that a stall outlasts.
    "--expect-match",
    "pong",
  ]);
  assert.equal(r.code, 0, r.stderr);
  // The echo sends ping back; the rule answers it with pong, which the server reads.
  const pong = await server.waitFor((evs) => eventsOf(evs, "frame").find((f) => f.text === "pong"));
  assert.equal(pong.header?.note, "hi", JSON.stringify(pong.header));
});

Deno.test("--header: every json message connect sends carries the fields, --send, --send-hex and lines", async () => {
  const { framecat, port } = await Framecat.serving("--framing", "json", "--behavior", "discard");
  await using server = framecat;
  const header = ["--header", "note=hi", "--header", "n=2", "--wait", "200"];
  const target = `127.0.0.1:${port}`;
  const sends = await runFramecat([
    "connect",
    target,
    "--framing",
    "json",
    ...header,
    "--send",
    "body",
    "--send-hex",
    "41 42",
  ]);
  assert.equal(sends.code, 0, sends.stderr);
  const lines = await runFramecat(["connect", target, "--framing", "json", ...header], {
    stdin: "one\ntwo\n",
  });
  assert.equal(lines.code, 0, lines.stderr);
  const frames = await server.waitFor((evs) => {
    const got = eventsOf(evs, "frame");
    return got.length === 4 ? got : undefined;
  });
  assert.deepEqual(frames.map((f) => f.text), ["body", "AB", "one", "two"]);
  for (const f of frames) {
    assert.equal(f.header?.note, "hi", JSON.stringify(f.header));
    assert.equal(f.header?.n, "2", JSON.stringify(f.header));
    assert.equal(f.header?.total_size, f.bytes, "total_size is still the body's");
  }
});
