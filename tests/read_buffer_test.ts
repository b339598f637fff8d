/**
 * The read buffer of a stream connection: what each read may return, and
 * what a quiet connection waits with. In memory: a read is simulated by the
 * byte count it returned.
 */
import assert from "node:assert/strict";
import { QUIET_READ, ReadBuffer } from "../lib/transport/read_buffer.ts";

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
