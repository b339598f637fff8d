/**
 * Several good frames and then bad bytes in ONE write from a python peer: they
 * arrive in one read, and every frame in it is shown, answered or saved before
 * the error is (decoders return what they completed, then fail).
 */
import assert from "node:assert/strict";
import { concatBytes } from "../lib/bytes.ts";
import { createDecoder, createEncoder } from "../lib/framing/mod.ts";
import { eventsOf, Framecat, runFramecat, serveSave } from "./helpers/cli.ts";
import { text } from "./helpers/net.ts";
import { fixture, output, PYTHON, startProcess } from "./helpers/process.ts";

const J = ["--output", "json"];
const HTTP = text("GET / HTTP/1.1\r\n");

/** The kinds of `events` that show frames and errors, in order: `frame one`, …, `error`. */
function framesThenErrors(events: Record<string, unknown>[]): string[] {
  return events
    .filter((e) => e.event === "frame" || e.event === "error")
    .map((e) => e.event === "frame" ? `frame ${e.text}` : "error");
}

/** What a python client got back after writing `bytes` in one sendall to `port`. */
async function oneWriteClient(port: number, bytes: Uint8Array): Promise<Uint8Array> {
  const args = fixture("one_write_peer.py", ["send", `${port}`, bytes.toHex()]);
  return Uint8Array.fromHex(new TextDecoder().decode(await output(PYTHON, args)).trim());
}

Deno.test("connect: three frames and bad bytes in one write are three frame events, then the error, exit 3", async () => {
  // The course's struct.pack('i') prefix; "GET " read as a length is no sane size.
  const encoder = createEncoder("len", { prefix: "u32le" });
  const frames = concatBytes(["one", "two", "three"].map((m) => encoder.encode(text(m))));
  const bytes = concatBytes([frames, HTTP]);
  await using server = await startProcess(
    PYTHON,
    fixture("one_write_peer.py", ["serve", bytes.toHex()]),
  );
  const client = await runFramecat([
    "connect",
    `127.0.0.1:${server.firstLine}`,
    "--framing",
    "len",
    "--prefix",
    "i",
    "--send",
    "hi",
    "--wait",
    "30000",
    ...J,
  ]);
  assert.equal(client.code, 3, client.stderr);
  const reads = eventsOf(client.events, "read");
  assert.deepEqual(reads.map((e) => e.bytes), [bytes.length], "one write, one read");
  assert.deepEqual(framesThenErrors(client.events), [
    "frame one",
    "frame two",
    "frame three",
    "error",
  ]);
  const shown = eventsOf(client.events, "frame");
  assert.deepEqual(shown.map((e) => [e.frame, e.read]), [[1, 1], [2, 1], [3, 1]]);
  const error = eventsOf(client.events, "error")[0];
  assert.equal(error.offset, frames.length);
  // Text after frames that decoded: a length that left bytes out is said first.
  assert.match(
    String(error.hint),
    /^text \(".*"\) follows the frame before: that frame's length may have left out part of what was sent/,
  );
});

Deno.test("serve: three lines and an overlong one in one write: three echoes, then the error", async () => {
  await using server = new Framecat([
    "serve",
    "127.0.0.1:0",
    "--framing",
    "line",
    "--max-frame",
    "16",
    ...J,
  ]);
  const good = text("one\ntwo\nthree\n");
  const echoed = await oneWriteClient(
    await server.port(),
    concatBytes([good, text("x".repeat(40) + "\n")]),
  );
  assert.deepEqual(echoed, good, "every line before the bad one is answered");
  await server.waitFor((evs) => evs.some((e) => e.event === "closed"));
  assert.equal(server.of("read").length, 1, "one write, one read");
  assert.deepEqual(framesThenErrors(server.events), [
    "frame one",
    "frame two",
    "frame three",
    "error",
  ]);
  assert.equal(server.of("error")[0].offset, good.length);
});

Deno.test("save: a whole file and bad bytes in one write: the file is saved, then the bytes refused", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fc-frm-save" });
  try {
    await using server = serveSave(dir);
    const body = text("a whole file\n");
    const file = createEncoder("json").encode(body, { file_name: "kept.txt" });
    const back = await oneWriteClient(await server.port(), concatBytes([file, HTTP]));
    const replies = createDecoder("json").push(back).map((f) =>
      JSON.parse(new TextDecoder().decode(f.payload))
    );
    assert.deepEqual(replies.map((r) => [r.ok, r.file_name]), [[true, "kept.txt"], [
      false,
      undefined,
    ]]);
    assert.match(replies[1].error, /not using --framing json/);
    assert.deepEqual(await Deno.readFile(`${dir}/kept.txt`), body);
    await server.waitFor((evs) => evs.some((e) => e.event === "closed"));
    const said = server.events.flatMap((e) =>
      e.event === "info" && e.kind === "save"
        ? [e.save]
        : e.event === "error"
        ? [e.save ?? "error"]
        : []
    );
    assert.deepEqual(said, ["receiving", "saved", "error"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
