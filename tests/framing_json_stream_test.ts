/** The streaming json reader: bodies of any size pass through as views, never held. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  createDecoder,
  createEncoder,
  decodeChunk,
  encodeJsonHeader,
  FrameError,
  type JsonPart,
  JsonStreamDecoder,
} from "../lib/framing/mod.ts";
import { concatBytes } from "../lib/bytes.ts";
import { Rng, text } from "./framing_helpers.ts";

const md5 = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("hex");

/** Pushes each chunk; returns the parts, checking body parts are views of their chunk. */
function pushAll(decoder: JsonStreamDecoder, chunks: Uint8Array[]): JsonPart[] {
  const parts: JsonPart[] = [];
  for (const chunk of chunks) {
    for (const part of decoder.push(chunk)) {
      if (part.type === "body") assert.equal(part.bytes.buffer, chunk.buffer, "a view, not a copy");
      parts.push(part);
    }
  }
  decoder.end();
  return parts;
}

Deno.test("json stream: header, body views, end with the md5 checked", () => {
  const stream = createEncoder("json").encode(text("hello world"), { file_name: "a.txt" });
  const cut = stream.length - 6; // inside the body
  const parts = pushAll(new JsonStreamDecoder(), [stream.subarray(0, cut), stream.subarray(cut)]);
  assert.deepEqual(parts.map((part) => part.type), ["header", "body", "body", "end"]);
  assert.deepEqual(parts[0], {
    type: "header",
    header: { file_name: "a.txt", total_size: 11, md5: md5(text("hello world")) },
    totalSize: 11,
    offset: 0,
  });
  const body = concatBytes(parts.flatMap((part) => part.type === "body" ? [part.bytes] : []));
  assert.deepEqual(body, text("hello world"));
  assert.deepEqual(parts[3], { type: "end", md5: md5(text("hello world")), md5ok: true });
});

Deno.test("json stream: a body over max-frame but within maxBody streams without being held", () => {
  const rng = new Rng(8);
  const file = rng.bytes(200_000);
  const head = encodeJsonHeader({ file_name: "big.bin", md5: md5(file) }, file.length);
  const decoder = new JsonStreamDecoder({
    maxFrame: 1024,
    maxBody: 1 << 20,
    maxBodyOption: "--max-file",
  });
  const stream = concatBytes([head, file, head, file]);
  let received = 0;
  let ends = 0;
  for (let at = 0; at < stream.length; at += 4096) {
    for (const part of decoder.push(stream.subarray(at, at + 4096))) {
      if (part.type === "body") received += part.bytes.length;
      if (part.type === "end") {
        assert.equal(part.md5ok, true);
        ends++;
      }
    }
    assert.ok(decoder.buffered <= 1024 + 4, `holds ${decoder.buffered}`);
  }
  decoder.end();
  assert.equal(received, 2 * file.length);
  assert.equal(ends, 2);
});

Deno.test("json stream: a body over maxBody is refused, naming the option", () => {
  const decoder = new JsonStreamDecoder({ maxBody: 100, maxBodyOption: "--max-file" });
  assert.throws(() => decoder.push(encodeJsonHeader({}, 101)), {
    name: "FrameError",
    message:
      "Cannot decode the JSON header at offset 4: total_size 101 exceeds --max-file (100 bytes)",
  });
});

Deno.test("json stream: a md5 mismatch is reported, not thrown, and the stream goes on", () => {
  const good = createEncoder("json").encode(text("second"));
  const bad = concatBytes([encodeJsonHeader({ md5: md5(text("other")) }, 5), text("first")]);
  const parts = pushAll(new JsonStreamDecoder(), [concatBytes([bad, good])]);
  const ends = parts.filter((part) => part.type === "end");
  assert.deepEqual(ends, [
    { type: "end", md5: md5(text("first")), md5ok: false },
    { type: "end", md5: md5(text("second")), md5ok: true },
  ]);
  // The frame decoder built on it throws instead.
  assert.throws(() => createDecoder("json").push(concatBytes([bad, good])), FrameError);
});

Deno.test("json stream: without a md5 in the header, md5ok is undefined", () => {
  const stream = concatBytes([encodeJsonHeader({}, 3), text("abc")]);
  const [, , end] = pushAll(new JsonStreamDecoder(), [stream]);
  assert.deepEqual(end, { type: "end", md5: md5(text("abc")), md5ok: undefined });
  const [, , unhashed] = pushAll(new JsonStreamDecoder({ hashAlways: false }), [stream]);
  assert.deepEqual(unhashed, { type: "end", md5: undefined, md5ok: undefined });
});

Deno.test("json stream: an empty body ends at once, in the same push as its header", () => {
  const stream = createEncoder("json").encode(new Uint8Array(0));
  const decoder = new JsonStreamDecoder();
  assert.deepEqual(decoder.push(stream).map((part) => part.type), ["header", "end"]);
});

Deno.test("json stream: a file sent as encodeJsonHeader then its body in pieces", () => {
  const file = new Rng(2).bytes(5000);
  const head = encodeJsonHeader({ file_name: "f.bin", md5: md5(file) }, file.length, "u32le");
  const chunks = [head, file.subarray(0, 1000), file.subarray(1000, 4096), file.subarray(4096)];
  const decoder = createDecoder("json", { prefix: "u32le" });
  const frames = chunks.flatMap((chunk) => decoder.push(chunk));
  decoder.end();
  assert.equal(frames.length, 1);
  assert.deepEqual(frames[0].payload, file);
  assert.deepEqual(frames[0].header, { file_name: "f.bin", md5: md5(file), total_size: 5000 });
  assert.equal(frames[0].payload.buffer.byteLength, 5000, "assembled in one buffer of total_size");
});

Deno.test("json stream: end of stream inside the body", () => {
  const decoder = new JsonStreamDecoder();
  decoder.push(concatBytes([encodeJsonHeader({}, 10), text("abc")]));
  assert.throws(() => decoder.end(), /end of stream in the body: got 3 of 10 bytes/);
});

Deno.test("json stream: parts before the bad bytes in the same read are returned, then it fails", () => {
  const file = createEncoder("json").encode(text("whole file"));
  const decoder = new JsonStreamDecoder();
  const parts = decoder.push(concatBytes([file, text("GET / HTTP/1.1\r\n")]));
  assert.deepEqual(parts.map((part) => part.type), ["header", "body", "end"]);
  const failure = decoder.failure;
  assert.ok(failure instanceof FrameError);
  assert.equal(failure.offset, file.length);
  assert.match(
    failure.message,
    /text \("GET "\) follows the frame before: .*or the peer sends lines \(--framing line\)/,
  );
  assert.throws(() => decoder.push(file), (error) => error === failure);
  assert.throws(() => decoder.end(), (error) => error === failure);
});

Deno.test("json stream: decodeChunk gives the parts, then the failure, whether or not parts came first", () => {
  const file = createEncoder("json").encode(text("whole file"));
  const bad = text("GET / HTTP/1.1\r\n");
  const [parts, failure] = decodeChunk(new JsonStreamDecoder(), concatBytes([file, bad]));
  assert.deepEqual(parts.map((part) => part.type), ["header", "body", "end"]);
  assert.equal(failure?.offset, file.length);
  const [none, first] = decodeChunk(new JsonStreamDecoder(), bad);
  assert.deepEqual(none, []);
  // The same refusal (its hint aside: text after a whole file may be bytes its length left out).
  const refusal = (m?: string) => m?.split("; ")[0].replace(/offset \d+/, "offset N");
  assert.equal(refusal(first?.message), refusal(failure?.message));
  assert.match(first!.message, /the peer is sending text \("GET "\), try --framing line$/);
  assert.deepEqual(decodeChunk(new JsonStreamDecoder(), file)[1], undefined);
});
