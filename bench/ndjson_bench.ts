/**
 * `--output json` of an echo server: each read shown three times (its read,
 * its raw frame, the echo sent), written to /dev/null. The baseline of each
 * group is the obvious code (JSON.stringify of the event's object, encoded,
 * one write per line), so deno prints how much the reporter saves; the echo
 * beside socat, end to end, is bench/echo_compare.ts.
 *
 *   deno bench --quiet -P bench/ndjson_bench.ts
 */
import { createReporter, toJson } from "../lib/display/reporter.ts";
import { Terminal } from "../lib/display/terminal.ts";
import type { FcEvent } from "../lib/events/types.ts";

const devNull = Deno.openSync("/dev/null", { write: true });
const encoder = new TextEncoder();
/** Reads per iteration: a deferred reporter writes them at its next flush. */
const READS = 16;

/** Text the way a bulk test sends it: letters, nothing to escape. */
function letters(size: number): Uint8Array {
  return new Uint8Array(size).map((_, i) => 0x61 + (i % 26));
}

/** Text the way a line-framed class sends it: lines of letters, each ended by `\n` (escaped in JSON). */
function lines(size: number): Uint8Array {
  return new Uint8Array(size).map((_, i) => i % 64 === 63 ? 0x0a : 0x61 + (i % 26));
}

/** The events of an echo of `READS` reads of `data` (each a fresh array, as sockets give). */
function echoEvents(data: Uint8Array): FcEvent[] {
  const events: FcEvent[] = [];
  for (let read = 1; read <= READS; read++) {
    const chunk = data.slice();
    const peer = "127.0.0.1:40000";
    events.push({ event: "read", peer, read, data: chunk });
    events.push({ event: "frame", peer, frame: read, read, data: chunk, level: "detail" });
    events.push({ event: "sent", peer, data: chunk, wire_bytes: chunk.length, level: "detail" });
  }
  return events;
}

function obvious(events: FcEvent[]): void {
  for (const ev of events) {
    devNull.writeSync(encoder.encode(JSON.stringify(toJson(ev, "utf-8")) + "\n"));
  }
}

const terminal = new Terminal({ stdout: devNull, stderr: devNull });
const reporter = createReporter({ terminal }, { output: "json", deferred: true });

function framecat(events: FcEvent[]): void {
  for (const ev of events) reporter(ev);
  terminal.flush();
}

for (
  const [group, data] of [
    ["64 KiB reads", letters(65536)],
    ["64 KiB reads of lines (text with escapes)", lines(65536)],
    ["64-byte reads", letters(64)],
  ] as const
) {
  Deno.bench({
    name: "JSON.stringify of each event, one write per line",
    group,
    baseline: true,
    fn: () => obvious(echoEvents(data)),
  });
  Deno.bench({ name: "framecat's NDJSON reporter", group, fn: () => framecat(echoEvents(data)) });
}
