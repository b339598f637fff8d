/**
 * Decoder throughput, fed as a socket would: 64 KiB reads of a pre-built
 * stream. Each group's baseline copies the same bytes with
 * `Uint8Array.prototype.set`, so deno prints how far decoding is from memcpy.
 *
 *   deno bench --quiet -P bench/framing_bench.ts
 */
import { concatBytes } from "../lib/bytes.ts";
import {
  createDecoder,
  createEncoder,
  encodeJsonHeader,
  type Framing,
} from "../lib/framing/mod.ts";

const READ_SIZE = 64 * 1024;

/** `count` frames of `size` bytes, encoded and cut into 64 KiB reads. */
function stream(framing: Framing, count: number, size: number, withMd5 = true): Uint8Array[] {
  const payload = new Uint8Array(size).map((_, i) => (i * 31 + 7) & 0xff);
  const frame = framing === "json" && !withMd5
    ? concatBytes([encodeJsonHeader({}, size), payload])
    : createEncoder(framing).encode(payload);
  const bytes = new Uint8Array(frame.length * count);
  for (let i = 0; i < count; i++) bytes.set(frame, i * frame.length);
  const reads = [];
  for (let at = 0; at < bytes.length; at += READ_SIZE) {
    reads.push(bytes.subarray(at, at + READ_SIZE));
  }
  return reads;
}

const LEN_KIB = stream("len", 16 * 1024, 1024); // 16 MiB of 1 KiB frames
const JSON_KIB = stream("json", 4 * 1024, 1024); // 4 MiB: md5 makes json slower
const JSON_KIB_PLAIN = stream("json", 4 * 1024, 1024, false);
const LEN_16 = stream("len", 1024 * 1024, 16); // 1 Mi frames of 16 bytes
const target = new Uint8Array(READ_SIZE * LEN_16.length);

function copy(reads: Uint8Array[]): void {
  let at = 0;
  for (const read of reads) {
    target.set(read, at);
    at += read.length;
  }
}

function decode(framing: Framing, reads: Uint8Array[], expected: number): void {
  const decoder = createDecoder(framing);
  let frames = 0;
  for (const read of reads) frames += decoder.push(read).length;
  decoder.end();
  if (frames !== expected) throw new Error(`decoded ${frames} frames, expected ${expected}`);
}

Deno.bench({
  name: "copy 16 MiB (Uint8Array#set)",
  group: "len 1 KiB frames",
  baseline: true,
  fn: () => copy(LEN_KIB),
});
Deno.bench({
  name: "len u32be: 16 Ki frames of 1 KiB",
  group: "len 1 KiB frames",
  fn: () => decode("len", LEN_KIB, 16 * 1024),
});

Deno.bench({
  name: "copy 4 MiB (Uint8Array#set)",
  group: "json 1 KiB frames",
  baseline: true,
  fn: () => copy(JSON_KIB),
});
Deno.bench({
  name: "json u32be: 4 Ki frames of 1 KiB, md5 checked",
  group: "json 1 KiB frames",
  fn: () => decode("json", JSON_KIB, 4 * 1024),
});
Deno.bench({
  name: "json u32be: 4 Ki frames of 1 KiB, no md5 in the header",
  group: "json 1 KiB frames",
  fn: () => decode("json", JSON_KIB_PLAIN, 4 * 1024),
});

Deno.bench({
  name: "copy 20 MiB (Uint8Array#set)",
  group: "len 16-byte frames",
  baseline: true,
  fn: () => copy(LEN_16),
});
Deno.bench({
  name: "len u32be: 1 Mi frames of 16 bytes",
  group: "len 16-byte frames",
  fn: () => decode("len", LEN_16, 1024 * 1024),
});
