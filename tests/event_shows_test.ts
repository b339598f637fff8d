/**
 * Events no output shows are never built: the reporter's `shows` says
 * exactly what it writes, and a connection asks it before building a read,
 * frame or sent event.
 */
import assert from "node:assert/strict";
import { createReporter } from "../lib/display/reporter.ts";
import { Terminal } from "../lib/display/terminal.ts";
import { OUTPUTS } from "../lib/display/output.ts";
import {
  type Emit,
  EVENT_KINDS,
  type EventKind,
  type FcEvent,
  showingAs,
  shows,
} from "../lib/events/types.ts";
import { StreamPeer } from "../lib/transport/stream_peer.ts";
import { readBytes, text, writeAll } from "./helpers/net.ts";

/** One event of each kind, with the fields its sentence needs. */
const SAMPLES: Record<EventKind, FcEvent> = {
  listening: { event: "listening", address: "127.0.0.1:9", port: 9 },
  connected: { event: "connected", peer: "p:1" },
  read: { event: "read", peer: "p:1", read: 1, data: text("a") },
  frame: { event: "frame", peer: "p:1", frame: 1, read: 1, data: text("a") },
  sent: { event: "sent", peer: "p:1", data: text("a") },
  closed: { event: "closed", peer: "p:1", reason: "eof" },
  error: { event: "error", message: "bad" },
  stats: { event: "stats", kind: "web", sessions: 1 },
  info: { event: "info", kind: "note", message: "note" },
  fault: { event: "fault", fault: "drop", direction: "up" },
  report: {
    event: "report",
    kind: "sink_interval",
    role: "sink",
    transport: "tcp",
    interval: true,
    message: "0.00-1.00 s  1 B",
    start: 0,
    end: 1,
    seconds: 1,
    bytes: 1,
    bits_per_second: 8,
  },
  checksum: {
    event: "checksum",
    message: "bad",
    frame: 1,
    checksum: "crc8",
    expected: "f4",
    got: "00",
  },
  check: {
    event: "check",
    check: "echo",
    target: "a",
    address: "tcp://127.0.0.1:9",
    way: "plain",
    passed: true,
    message: "passed",
    ms: 1,
  },
  summary: {
    event: "summary",
    check: "echo",
    ways: ["plain"],
    targets: 1,
    cases: 1,
    passed: 1,
    failed: 0,
    unreachable: 0,
    not_run: 0,
    table: [{ target: "a", address: "tcp://127.0.0.1:9", results: { plain: "pass" } }],
    message: "echo: 1 target, 1 case: 1 passed, 0 failed",
  },
};

function countingWriter() {
  const writer = { writes: 0, writeSync: (p: Uint8Array) => (writer.writes++, p.length) };
  return writer;
}

Deno.test("reporter: shows() is true exactly for the events it writes, in every output", () => {
  for (const output of OUTPUTS) {
    for (const [quiet, verbose] of [[false, false], [true, false], [false, true]]) {
      for (const kind of EVENT_KINDS) {
        for (const level of [undefined, "detail" as const]) {
          const out = countingWriter(), err = countingWriter();
          const emit = createReporter({ terminal: new Terminal({ stdout: out, stderr: err }) }, {
            output,
            quiet,
            verbose,
          });
          emit({ ...SAMPLES[kind], ...(level ? { level } : {}) });
          const what = `${kind} ${level ?? ""} in ${output} quiet=${quiet} verbose=${verbose}`;
          assert.equal(out.writes + err.writes > 0, shows(emit, kind, level), what);
        }
      }
    }
  }
});

/** Runs a raw-framed echo connection on loopback; the events its emit was given. */
async function echoEvents(reporter: Emit): Promise<FcEvent[]> {
  const seen: FcEvent[] = [];
  const emit = showingAs((ev) => {
    seen.push(ev);
    reporter(ev);
  }, reporter);
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  using client = await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port });
  const peer = new StreamPeer(await listener.accept(), "client", "tcp", {
    recvFraming: "raw",
    sendFraming: "raw",
    prefix: "u32be",
    maxFrame: 1 << 20,
    maxHeader: 1 << 16,
    readSize: 65536,
    readDelay: 0,
    emit,
    sentIsDetail: true,
  });
  const running = peer.run({ frame: (frame) => peer.send(frame.payload) });
  await writeAll(client, text("hello"));
  assert.deepEqual(await readBytes(client, 5), text("hello"));
  await client.closeWrite();
  await running;
  return seen;
}

Deno.test("connection: the raw frame and the echo sent, detail in text, are not built without -v", async () => {
  const quietly = countingWriter();
  const terminal = new Terminal({ stdout: quietly, stderr: quietly });
  const plain = await echoEvents(createReporter({ terminal }));
  assert.deepEqual(plain.map((ev) => ev.event), ["read", "closed"]);
  const verbose = await echoEvents(createReporter({ terminal }, { verbose: true }));
  assert.deepEqual(verbose.map((ev) => ev.event), ["read", "frame", "sent", "closed"]);
  const raw = await echoEvents(createReporter({ terminal }, { output: "raw" }));
  assert.deepEqual(raw.map((ev) => ev.event), ["frame", "closed"], "raw output: no read, no sent");
});
