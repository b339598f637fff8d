import assert from "node:assert/strict";
import { runFramecat } from "./helpers/cli.ts";
import {
  decodeProbe,
  encodeProbe,
  HEADER_SIZE,
  ProbeWriter,
} from "../lib/traffic/datagram_format.ts";
import {
  BLOCK,
  encodePreamble,
  encodeTrailer,
  patternByte,
  PatternReceiver,
  PatternWriter,
  PREAMBLE_SIZE,
} from "../lib/traffic/tcp_pattern.ts";

Deno.test("a probe round-trips every field, 64-bit values included", () => {
  const probe = {
    end: false,
    streamId: 0xdeadbeef,
    size: 100,
    seq: 2 ** 40 + 7,
    sentUs: 1_700_000_000_123_456,
  };
  const bytes = encodeProbe(probe);
  assert.equal(bytes.length, 100);
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 4)), "FCAT");
  assert.deepEqual(decodeProbe(bytes), { ...probe, truncated: false });
});

Deno.test("the header layout is the documented one", () => {
  const bytes = new ProbeWriter(0x01020304, 32, true).stamp(5, 0x0a0b0c0d0e);
  assert.equal(
    bytes.toHex(),
    "46434154" + "01" + "01" + "0000" + "01020304" + "00000020" +
      "0000000000000005" + "0000000a0b0c0d0e",
  );
});

Deno.test("a probe cut short is decoded as truncated while its sequence number survives", () => {
  const bytes = encodeProbe({ end: false, streamId: 9, size: 500, seq: 42, sentUs: 1e15 });
  assert.deepEqual(decodeProbe(bytes.subarray(0, 100)), {
    end: false,
    streamId: 9,
    size: 500,
    seq: 42,
    sentUs: 1e15,
    truncated: true,
  });
  assert.equal(decodeProbe(bytes.subarray(0, 24))?.sentUs, 0, "time cut off: unknown");
  assert.equal(decodeProbe(bytes.subarray(0, 23)), undefined, "sequence cut off");
});

Deno.test("bytes that are not a probe decode to undefined", () => {
  assert.equal(decodeProbe(new TextEncoder().encode("hello, this is not a probe")), undefined);
  const wrongVersion = encodeProbe({ end: false, streamId: 1, size: 40, seq: 0, sentUs: 0 });
  wrongVersion[4] = 2;
  assert.equal(decodeProbe(wrongVersion), undefined);
});

Deno.test("a probe smaller than its header is refused", () => {
  assert.throws(() => new ProbeWriter(1, HEADER_SIZE - 1), RangeError);
});

/** A whole flood connection as the TCP flood writes it, in writes of `size`. */
function connection(patternBytes: number, size: number, flipAt?: number): Uint8Array {
  const out = new Uint8Array(PREAMBLE_SIZE + patternBytes + 16);
  out.set(encodePreamble(77));
  const writer = new PatternWriter(size);
  for (let at = PREAMBLE_SIZE; at < PREAMBLE_SIZE + patternBytes; at += size) {
    const n = Math.min(size, PREAMBLE_SIZE + patternBytes - at);
    out.set(writer.fill(at, n), at);
  }
  out.set(encodeTrailer(PREAMBLE_SIZE + patternBytes), PREAMBLE_SIZE + patternBytes);
  if (flipAt !== undefined) out[flipAt] ^= 0xff;
  return out;
}

function receive(bytes: Uint8Array, cuts: number[]): ReturnType<PatternReceiver["finish"]> {
  const rx = new PatternReceiver();
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    rx.push(bytes.subarray(from, cut));
    from = cut;
  }
  return rx.finish();
}

Deno.test("the pattern is the reference with each block's number in its first 8 bytes", () => {
  const bytes = connection(3 * BLOCK, BLOCK);
  assert.deepEqual([...bytes.subarray(BLOCK, BLOCK + 8)], [0, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual([...bytes.subarray(2 * BLOCK, 2 * BLOCK + 8)], [0, 0, 0, 0, 0, 0, 0, 2]);
  for (const x of [16, 100, BLOCK + 9, 2 * BLOCK + 5, 3 * BLOCK - 1]) {
    assert.equal(bytes[x], patternByte(x));
  }
  assert.notDeepEqual(bytes.subarray(BLOCK + 8, 2 * BLOCK), new Uint8Array(BLOCK - 8));
});

Deno.test("writes of any size produce the same stream", () => {
  const reference = connection(5 * BLOCK + 123, BLOCK);
  for (const size of [1, 7, 1000, BLOCK - 1, BLOCK + 1, 2 * BLOCK, 3 * BLOCK]) {
    const total = size === 1 ? 3000 : 5 * BLOCK + 123;
    const bytes = connection(total, size);
    assert.deepEqual(bytes.subarray(0, 16 + total), reference.subarray(0, 16 + total), `${size}`);
  }
});

Deno.test("an intact connection verifies however it is sliced into reads", () => {
  const bytes = connection(2 * BLOCK + 500, 4096);
  const n = bytes.length;
  const slicings = [
    [],
    [1],
    [15, 16, 17],
    [n - 16],
    [n - 17, n - 15, n - 1],
    Array.from({ length: n - 1 }, (_, i) => i + 1).filter((i) => i % 997 === 0 || i > n - 40),
    [BLOCK - 3, BLOCK + 3, BLOCK + 8],
  ];
  for (const cuts of slicings) {
    const result = receive(bytes, cuts);
    assert.equal(result.intact, true, `cuts ${cuts.slice(0, 5)}`);
    assert.equal(result.bytes, n);
    assert.equal(result.expectedBytes, n);
    assert.equal(result.streamId, 77);
    assert.equal(result.mismatches, 0);
  }
});

Deno.test("a flipped byte is found at its offset, in a stamp, in the body, or right before the trailer", () => {
  for (const flipAt of [16, 1000, BLOCK, BLOCK + 7, BLOCK + 8, 2 * BLOCK + 499]) {
    const bytes = connection(2 * BLOCK + 500, 10_000, flipAt);
    for (const cuts of [[], [flipAt], [flipAt + 1], [bytes.length - 16]]) {
      const result = receive(bytes, cuts);
      assert.equal(result.intact, false);
      assert.equal(result.mismatches, 1, `flip ${flipAt} cuts ${cuts}`);
      assert.equal(result.firstMismatch, flipAt);
      assert.equal(result.endMarker, true);
    }
  }
});

Deno.test("a connection cut short has no trailer and is not intact, though every byte matched", () => {
  const bytes = connection(BLOCK, 1000).subarray(0, 5000);
  const result = receive(bytes, [100]);
  assert.equal(result.endMarker, false);
  assert.equal(result.mismatches, 0);
  assert.equal(result.intact, false);
});

Deno.test("a block dropped from the middle is detected by its stamp", () => {
  const whole = connection(4 * BLOCK, BLOCK);
  const bytes = new Uint8Array(whole.length - BLOCK);
  bytes.set(whole.subarray(0, BLOCK));
  bytes.set(whole.subarray(2 * BLOCK), BLOCK);
  const result = receive(bytes, []);
  assert.equal(result.firstMismatch, BLOCK + 7);
  assert.equal(result.intact, false);
});

Deno.test("bytes without a preamble are counted but not verified", () => {
  const bytes = new TextEncoder().encode("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  const result = receive(bytes, [3]);
  assert.equal(result.flood, false);
  assert.equal(result.bytes, bytes.length);
  assert.equal(result.intact, false);
});

Deno.test("sink: with no flood before --idle-timeout, its final word says nothing was measured", async () => {
  for (const endpoint of ["udp://127.0.0.1:0", "tcp://127.0.0.1:0"]) {
    const run = await runFramecat([
      "sink",
      endpoint,
      "--idle-timeout",
      "300ms",
      "--output",
      "json",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const last = run.events.at(-1)!;
    assert.equal(last.event, "info", endpoint);
    assert.equal((last.said as { key: string }).key, "sink.no_flood", endpoint);
  }
});
