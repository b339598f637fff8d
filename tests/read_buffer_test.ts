/**
 * The read buffer of a stream connection: what each read may return, and
 * what a quiet connection waits with. In memory, a read simulated by the byte
 * count it returned; then over real sockets, a python3 client sending.
 */
import assert from "node:assert/strict";
import { QUIET_READ, ReadBuffer } from "../lib/transport/read_buffer.ts";
import { eventsOf, Framecat } from "./helpers/cli.ts";
import { python } from "./helpers/process.ts";
import { J } from "./relay_helpers.ts";

/** Fills `n` bytes of the buffer as a read would, and hands them over. */
function read(reads: ReadBuffer, n: number): Uint8Array {
  assert.ok(n <= reads.buffer.length, `a read returns at most its buffer (${reads.buffer.length})`);
  reads.buffer.fill(7, 0, n);
  return reads.took(n)!;
}

Deno.test("a quiet connection waits with QUIET_READ bytes, never more than --read-size", () => {
  assert.equal(new ReadBuffer(65536).buffer.length, QUIET_READ);
  assert.equal(new ReadBuffer(100).buffer.length, 100);
});

Deno.test("a read that fills the buffer gives the next one all of --read-size", () => {
  const reads = new ReadBuffer(65536);
  read(reads, QUIET_READ);
  assert.equal(reads.buffer.length, 65536);
  // A bulk stream's short reads (a TLS record's 16 KiB) keep it: no small read between them.
  read(reads, 16384);
  assert.equal(reads.buffer.length, 65536);
  read(reads, 65536);
  assert.equal(reads.buffer.length, 65536);
});

Deno.test("a read of a few bytes after a burst goes back to the quiet buffer", () => {
  const reads = new ReadBuffer(65536);
  read(reads, QUIET_READ);
  read(reads, 30);
  assert.equal(reads.buffer.length, QUIET_READ);
});

Deno.test("--read-delay: every read asks for all of --read-size", () => {
  const reads = new ReadBuffer(65536, true);
  assert.equal(reads.buffer.length, 65536);
  read(reads, 10);
  assert.equal(reads.buffer.length, 65536);
});

Deno.test("a read's bytes are a copy: the next read into the same buffer does not change them", () => {
  const reads = new ReadBuffer(65536);
  const first = read(reads, 10);
  reads.buffer.fill(9);
  assert.deepEqual([...first], new Array(10).fill(7));
  assert.equal(reads.took(null), null);
});

Deno.test("a big read keeps its buffer: the next read gets another, and does not change it", () => {
  const reads = new ReadBuffer(65536);
  read(reads, QUIET_READ);
  const big = read(reads, 65536);
  assert.equal(big.length, 65536);
  assert.notEqual(reads.buffer.buffer, big.buffer);
  assert.equal(reads.buffer.length, 65536);
  reads.buffer.fill(9);
  assert.ok(big.every((b) => b === 7));
  // Less than half of it: copied out, and the buffer stays for the next read.
  const small = read(reads, 5000);
  reads.buffer.fill(9);
  assert.ok(small.every((b) => b === 7));
});

/** The `read` events' sizes of an echo server that a course client sent `sends` to, in turn. */
async function readsOf(sends: string, serveArgs: string[] = []): Promise<number[]> {
  const { framecat, port } = await Framecat.listening([
    "serve",
    "127.0.0.1:0",
    ...serveArgs,
    ...J,
  ]);
  await using server = framecat;
  // An echo server: the client sends the next only once the last came back whole, so no read
  // can take two sends. Each send is one segment (loopback's 64 KiB), all there at once.
  await python(
    `
import socket, sys
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
for size in [int(s) for s in sys.argv[2].split(",")]:
    c.sendall(b"x" * size)
    back = 0
    while back < size:
        back += len(c.recv(65536))
c.close()
`,
    [String(port), sends],
  );
  const closed = await server.waitFor((evs) => eventsOf(evs, "closed")[0]);
  const sizes = eventsOf(server.events, "read").map((e) => e.bytes!);
  assert.equal(closed.bytes_in, sizes.reduce((a, b) => a + b, 0));
  return sizes;
}

Deno.test("over a real socket: a send bigger than the quiet buffer is one read, as recv(--read-size) takes it", async () => {
  // 1,500 B used to come as 1,024 and 476: a split that TCP did not make.
  assert.deepEqual(await readsOf("1500,1500,5000,30000,2000"), [1500, 1500, 5000, 30000, 2000]);
});

Deno.test("over a real socket: a send of exactly the quiet buffer is one read, and the next send its own", async () => {
  // The read that goes on finds nothing waiting: it becomes the next read, the next send's.
  assert.deepEqual(await readsOf("1024,10,2048"), [1024, 10, 2048]);
});

Deno.test("over a real socket: --read-size 1200 still caps every read", async () => {
  assert.deepEqual(await readsOf("1500,3000", ["--read-size", "1200"]), [
    1024 + 176,
    300,
    1200,
    1200,
    600,
  ]);
});

Deno.test("over a real socket: after a read of exactly the quiet buffer, the next send is read whole, up to --read-size", async () => {
  // The read left out after the 1,024 asked for less than --read-size: the 4,096 came as 3,072
  // and 1,024.
  assert.deepEqual(await readsOf("1024,4096", ["--read-size", "4096"]), [1024, 4096]);
});

Deno.test("over a real socket: a burst bigger than --read-size at a quiet connection reads as recv(--read-size) takes it", async () => {
  assert.deepEqual(await readsOf("3000", ["--read-size", "2048"]), [2048, 952]);
});
