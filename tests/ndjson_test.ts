/**
 * The NDJSON writer's short cuts (data fields encoded once per array, UTF-8
 * written as it came) give exactly the line a plain JSON.stringify gives,
 * whatever the bytes, and every line matches the schema.
 */
import assert from "node:assert/strict";
import { base64Pieces, type LinePart, NdjsonLines, toJson } from "../lib/display/ndjson.ts";
import { createReporter } from "../lib/display/reporter.ts";
import { Terminal } from "../lib/display/terminal.ts";
import type { FcEvent } from "../lib/events/types.ts";
import { assertValidEvent } from "./helpers/schema.ts";

const AT = new Date("2026-01-02T03:04:05.678Z");
const decoder = new TextDecoder();

/** The line as the obvious code writes it. */
function plainLine(ev: FcEvent & { data?: Uint8Array }, encoding: string): string {
  const { event, level: _level, data, ...fields } = ev;
  const obj: Record<string, unknown> = { ts: AT.toISOString(), event, ...fields };
  if (data) {
    obj.bytes = data.length;
    obj.base64 = data.toBase64();
    try {
      obj.text = new TextDecoder(encoding, { fatal: true }).decode(data);
    } catch { /* not text */ }
  }
  return JSON.stringify(obj) + "\n";
}

const written = (ev: FcEvent, encoding = "utf-8") =>
  new NdjsonLines().line(ev, encoding, AT).map(partText).join("");

function partText(part: LinePart): string {
  if (typeof part === "string") return part;
  return part instanceof Uint8Array
    ? decoder.decode(part)
    : [...base64Pieces(part.base64)].join("");
}

const PAYLOADS: Array<[string, Uint8Array]> = [
  ["empty", new Uint8Array()],
  ["ascii", new TextEncoder().encode("hello world")],
  ["quotes and backslashes", new TextEncoder().encode('say "hi" \\ bye')],
  ["controls", new TextEncoder().encode("a\nb\tc\r\0")],
  ["CJK", new TextEncoder().encode("粘包 拆包")],
  ["a BOM first", Uint8Array.of(0xef, 0xbb, 0xbf, 0x41)],
  ["a cut character", new TextEncoder().encode("粘").subarray(0, 2)],
  ["binary", Uint8Array.from({ length: 256 }, (_, i) => i)],
  ["DEL and U+2028", new TextEncoder().encode("\x7f\u2028")],
  // Words of four bytes: an escape in any lane, at any offset, in the tail.
  ...[0, 1, 2, 3].flatMap((lane): Array<[string, Uint8Array]> =>
    ['"', "\\", "\x1f", "\n", "~"].map((c) => [
      `${JSON.stringify(c)} in lane ${lane}`,
      new TextEncoder().encode(`${"a".repeat(8 + lane)}${c}${"b".repeat(9)}`),
    ])
  ),
  ["an unaligned view", new TextEncoder().encode('xyz"abcdefgh').subarray(3)],
  ["an unaligned view, clean", new TextEncoder().encode("xyzabcdefghijk").subarray(1)],
];

Deno.test("ndjson: every data event is the line JSON.stringify would write", () => {
  for (const [what, data] of PAYLOADS) {
    for (const encoding of ["utf-8", "gbk", "latin1"]) {
      const read: FcEvent = { event: "read", peer: "p:1", read: 1, data };
      assert.equal(written(read, encoding), plainLine(read, encoding), `${what} in ${encoding}`);
      // The same array again (a raw frame, the echo sent): the shared parts say the same.
      const sent: FcEvent = { event: "sent", peer: "p:1", data, wire_bytes: data.length };
      assert.equal(written(sent, encoding), plainLine(sent, encoding), `${what} sent`);
      assert.equal(written(sent, encoding), JSON.stringify(toJson(sent, encoding, AT)) + "\n");
      assertValidEvent(toJson(sent, encoding, AT));
    }
  }
});

Deno.test("ndjson: events without data keep their fields in order; level is not written", () => {
  const ev: FcEvent = { event: "fault", level: "detail", fault: "drop", direction: "up", seq: 3 };
  assert.equal(written(ev), plainLine(ev, "utf-8"));
  assert.deepEqual(Object.keys(toJson(ev, "utf-8", AT)), [
    "ts",
    "event",
    "fault",
    "direction",
    "seq",
  ]);
});

Deno.test("reporter: json lines of a deferred reporter come out whole and in order", () => {
  const chunks: Uint8Array[] = [];
  const out = { writeSync: (p: Uint8Array) => (chunks.push(p.slice()), p.length) };
  const terminal = new Terminal({ stdout: out, stderr: out });
  const emit = createReporter({ terminal }, { output: "json", deferred: true });
  const big = new Uint8Array(100_000).fill(0x61);
  emit({ event: "read", peer: "p:1", read: 1, data: new Uint8Array([1]) });
  assert.equal(chunks.length, 0, "deferred: nothing written before the flush");
  // 25 reads of 100 kB: past the 1 MiB bound, some are written before the flush.
  for (let read = 2; read <= 50; read++) {
    emit({ event: "read", peer: "p:1", read, data: read % 2 ? big : new Uint8Array([read]) });
  }
  assert.ok(chunks.length > 0, "a flood of data is written in batches, not held");
  terminal.flush();
  const lines = chunks.map((c) => decoder.decode(c)).join("").split("\n");
  assert.equal(lines.pop(), "", "the output ends with a whole line");
  assert.deepEqual(
    lines.map((l) => JSON.parse(l).read),
    Array.from({ length: 50 }, (_, i) => i + 1),
  );
});

Deno.test("reporter: a line longer than the batch comes out whole, its text cut at no character", () => {
  const chunks: Uint8Array[] = [];
  const out = { writeSync: (p: Uint8Array) => (chunks.push(p.slice()), p.length) };
  const terminal = new Terminal({ stdout: out, stderr: out });
  const emit = createReporter({ terminal }, { output: "json", deferred: true });
  // 840 kB of text that needs escapes (a quote per character): escaped bytes bigger than a batch.
  const data = new TextEncoder().encode('粘包"'.repeat(120_000));
  const ev: FcEvent = { event: "read", peer: "p:1", read: 1, data };
  emit(ev);
  emit({ event: "closed", peer: "p:1", reason: "eof" });
  terminal.flush();
  assert.ok(chunks.length > 1, "written in more than one write");
  const lines = decoder.decode(concat(chunks)).split("\n");
  assert.equal(lines[0], JSON.stringify(toJson(ev, "utf-8", new Date(JSON.parse(lines[0]).ts))));
  assert.equal(JSON.parse(lines[1]).event, "closed");
});

function concat(chunks: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) all.set(c, (at += c.length) - c.length);
  return all;
}

Deno.test("reporter: base64 made once for the events of one array is never another array's", () => {
  const chunks: Uint8Array[] = [];
  const out = { writeSync: (p: Uint8Array) => (chunks.push(p.slice()), p.length) };
  const terminal = new Terminal({ stdout: out, stderr: out });
  const emit = createReporter({ terminal }, { output: "json", deferred: true });
  // Same size, different bytes: what tells them apart is the array, not its length.
  const a = new Uint8Array(3000).fill(0x41), b = new Uint8Array(3000).fill(0x42);
  const order = [a, a, b, a, b, b];
  order.forEach((data, i) => emit({ event: "sent", peer: "p:1", data, write: i + 1 }));
  terminal.flush();
  const lines = decoder.decode(concat(chunks)).trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.base64), order.map((data) => data.toBase64()));
});
