/**
 * A TCP flood at a peer that stops reading ends when it has to: --duration
 * over, Ctrl-C, SIGTERM, each within --wait (1 s) for the write the peer
 * does not take, with the report of what went. A connect the peer never
 * answers (its backlog full, SYNs dropped) is abandoned at Ctrl-C at once.
 */
import assert from "node:assert/strict";
import { eventsOf, Framecat } from "./helpers/cli.ts";
import { PYTHON, startProcess } from "./helpers/process.ts";
import { J } from "./chaos_helpers.ts";
import { sleep } from "../lib/sleep.ts";

/** A course server that accepts and never reads: the flood's writes fill its buffers and wait. */
const NEVER_READS = `
import socket, time
s = socket.create_server(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
c, _ = s.accept()
time.sleep(30)
`;

/** A listener whose one-place backlog is full: the kernel drops a further SYN. */
const BACKLOG_FULL = `
import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)
held = []
for _ in range(3):
    c = socket.socket(); c.setblocking(False)
    try: c.connect(s.getsockname())
    except BlockingIOError: pass
    held.append(c)
time.sleep(0.5)
print(s.getsockname()[1], flush=True)
time.sleep(30)
`;

Deno.test("flood --duration at a peer that stops reading: ends after the grace, exit 1, with its report", async () => {
  await using peer = await startProcess(PYTHON, ["-c", NEVER_READS]);
  await using flood = new Framecat([
    "flood",
    `127.0.0.1:${peer.firstLine}`,
    "--duration",
    "1",
    ...J,
  ]);
  const status = await flood.exited(10_000);
  assert.equal(status.code, 1, flood.stderr);
  assert.match(
    flood.stderr,
    /did not take the last write within --wait \(1 s\) after --duration ended .*; \d+ bytes went/,
  );
  const [report] = eventsOf(flood.events, "report", "flood");
  assert.ok(report && report.bytes > 0, JSON.stringify(flood.events));
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.test(`flood stopped by ${signal} while the peer does not read: exit 0, the report, and why no trailer`, async () => {
    await using peer = await startProcess(PYTHON, ["-c", NEVER_READS]);
    await using flood = new Framecat(
      ["flood", `127.0.0.1:${peer.firstLine}`, "--count", "100000", ...J],
      { process: signal === "SIGTERM" },
    );
    await flood.waitFor((evs) => eventsOf(evs, "info", "stream").length > 0);
    // The peer's buffers fill within milliseconds at loopback speed; then a write waits.
    await sleep(1000);
    const status = await flood.stop(signal);
    assert.equal(status.code, 0, flood.stderr);
    assert.ok(eventsOf(flood.events, "report", "flood")[0]);
    const [note] = eventsOf(flood.events, "info", "note");
    assert.match(
      String(note?.message),
      /stopped while .* was not taking what was written: \d+ bytes went/,
    );
  });
}

Deno.test("flood stopped by Ctrl-C while its connect is not answered: at once, exit 1, nothing sent", async () => {
  await using peer = await startProcess(PYTHON, ["-c", BACKLOG_FULL]);
  await using flood = new Framecat(["flood", `127.0.0.1:${peer.firstLine}`, "--count", "2", ...J]);
  // Still connecting a second later: the SYN was dropped, the kernel tries again for minutes.
  await sleep(1000);
  assert.equal(eventsOf(flood.events, "connected").length, 0, "the SYN was answered");
  const status = await flood.stop("SIGINT");
  assert.equal(status.code, 1);
  assert.match(flood.stderr, /stopped before tcp:\/\/127\.0\.0\.1:\d+ answered: nothing was sent/);
});
