/**
 * Interop with a real peer: the course's Python code (struct.pack, the JSON
 * header with total_size and md5) writes streams framecat reads, and reads
 * streams framecat writes.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createDecoder, createEncoder, type Prefix } from "../lib/framing/mod.ts";
import { concatBytes } from "../lib/bytes.ts";
import { decodeAll, python, randomSlices, Rng, text } from "./framing_helpers.ts";

const MESSAGES = ["hello", "", "粘包 and 拆包", "x".repeat(3000)];

/** Python that writes MESSAGES with `struct.pack(fmt, n)` prefixes to stdout. */
function packed(format: string): string {
  return `
import struct, sys
out = sys.stdout.buffer
for m in ${JSON.stringify(MESSAGES)}:
    b = m.encode()
    out.write(struct.pack('${format}', len(b)) + b)
`;
}

async function decodeFromPython(code: string, framing: "len" | "json", prefix: Prefix) {
  const stream = await python(code);
  return decodeAll(createDecoder(framing, { prefix }), randomSlices(new Rng(5), stream, 700));
}

const decodeText = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

Deno.test("interop: python struct.pack('i', n) is --prefix u32le", async () => {
  const frames = await decodeFromPython(packed("i"), "len", "u32le");
  assert.deepEqual(frames.map((frame) => decodeText(frame.payload)), MESSAGES);
});

Deno.test("interop: python struct.pack('!I', n) is --prefix u32be", async () => {
  const frames = await decodeFromPython(packed("!I"), "len", "u32be");
  assert.deepEqual(frames.map((frame) => decodeText(frame.payload)), MESSAGES);
});

Deno.test("interop: python struct.pack('!Q', n) is --prefix u64be, '<H' is u16le", async () => {
  for (const [format, prefix] of [["!Q", "u64be"], ["<H", "u16le"]] as const) {
    const frames = await decodeFromPython(packed(format), "len", prefix);
    assert.deepEqual(frames.map((frame) => decodeText(frame.payload)), MESSAGES);
  }
});

Deno.test("interop: the course's JSON-header file stream decodes with --prefix u32le", async () => {
  const code = `
import hashlib, json, struct, sys
out = sys.stdout.buffer
for name, body in [('a.txt', b'first file\\n'), ('empty.bin', b''), ('big.bin', bytes(range(256)) * 40)]:
    header = json.dumps({'file_name': name, 'total_size': len(body), 'md5': hashlib.md5(body).hexdigest()}).encode()
    out.write(struct.pack('i', len(header)))
    out.write(header)
    out.write(body)
`;
  const frames = await decodeFromPython(code, "json", "u32le");
  assert.deepEqual(frames.map((frame) => frame.header?.file_name), [
    "a.txt",
    "empty.bin",
    "big.bin",
  ]);
  assert.deepEqual(frames.map((frame) => frame.payload.length), [11, 0, 10240]);
  assert.deepEqual(frames[0].payload, text("first file\n"));
  assert.equal(frames[2].payload[257], 1);
});

/** Python that reads a stream from stdin with `header_format` and prints what it got as JSON. */
function reader(format: string, json: boolean): string {
  return `
import hashlib, json, struct, sys
data = sys.stdin.buffer.read()
size = struct.calcsize('${format}')
got, at = [], 0
while at < len(data):
    (n,) = struct.unpack('${format}', data[at:at + size]); at += size
    chunk = data[at:at + n]; at += n
    if ${json ? "True" : "False"}:
        header = json.loads(chunk.decode())
        body = data[at:at + header['total_size']]; at += header['total_size']
        got.append({'header': header, 'body': body.decode(), 'md5ok': hashlib.md5(body).hexdigest() == header['md5']})
    else:
        got.append(chunk.decode())
print(json.dumps(got))
`;
}

Deno.test("interop: python reads framecat's len u32le and u32be streams", async () => {
  for (const [prefix, format] of [["u32le", "<i"], ["u32be", "!I"]] as const) {
    const encoder = createEncoder("len", { prefix });
    const stream = MESSAGES.map((m) => encoder.encode(text(m)));
    const out = await python(reader(format, false), concatBytes(stream));
    assert.deepEqual(JSON.parse(decodeText(out)), MESSAGES);
  }
});

Deno.test("interop: python reads framecat's json stream like the course's file server", async () => {
  const encoder = createEncoder("json", { prefix: "u32le" });
  const stream = MESSAGES.map((m, i) => encoder.encode(text(m), { file_name: `f${i}.txt` }));
  const got = JSON.parse(decodeText(await python(reader("<i", true), concatBytes(stream))));
  assert.deepEqual(
    got,
    MESSAGES.map((m, i) => ({
      header: {
        file_name: `f${i}.txt`,
        total_size: text(m).length,
        md5: createHash("md5").update(m).digest("hex"),
      },
      body: m,
      md5ok: true,
    })),
  );
});
