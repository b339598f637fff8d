/**
 * `connect --coalesce MS`: the course's second cause of sticking, from the
 * sender's side. Small sends that leave within MS go out as one write, so the
 * course's server gets them in one recv() however eagerly it reads, and the
 * `sent` events say which messages left together.
 */
import assert from "node:assert/strict";
import { connectTo, eventsOf, Framecat, type JsonEvent, runFramecat } from "./helpers/cli.ts";
import { fixture, PYTHON, startProcess } from "./helpers/process.ts";

/** The `sent` events' write numbers and group sizes. */
function writes(events: JsonEvent[]) {
  return eventsOf(events, "sent").map((e) => [e.text, e.write, e.coalesced]);
}

Deno.test("connect --coalesce 50: the course's cause-2 server prints helloworld from one recv", async () => {
  await using server = await startProcess(PYTHON, fixture("course_sticky_server.py"));
  const run = await connectTo(Number(server.firstLine), [
    "--send",
    "hello",
    "--send",
    "world",
    "--interval",
    "0",
    "--coalesce",
    "50",
    "--wait",
    "0",
    "--output",
    "json",
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(writes(run.events), [["hello", 1, 2], ["world", 1, 2]]);
  assert.equal(await server.rest(), "-----> helloworld\n-----> \n");
});

Deno.test("connect --coalesce: sends further apart than the window leave in writes of their own", async () => {
  await using server = await startProcess(PYTHON, fixture("course_sticky_server.py"));
  const run = await connectTo(Number(server.firstLine), [
    "--send",
    "hello",
    "--send",
    "world",
    "--interval",
    "300",
    "--coalesce",
    "20",
    "--wait",
    "0",
    "--output",
    "json",
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(writes(run.events), [["hello", 1, 1], ["world", 2, 1]]);
});

Deno.test("connect --coalesce: refused over UDP and with --send-file, each with its reason", async () => {
  const cases: [string[], RegExp][] = [
    [["udp://127.0.0.1:9"], /over UDP every send is a datagram of its own/],
    [["127.0.0.1:9", "--send-file", "x"], /--send-file sends one, streamed/],
  ];
  for (const [args, why] of cases) {
    const run = await runFramecat(["connect", ...args, "--coalesce", "50"]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, why);
  }
});

Deno.test("connect --coalesce: lines typed before Ctrl-C and still held in the window are written before it closes", async () => {
  await using server = await startProcess(PYTHON, fixture("course_sticky_server.py"));
  await using client = new Framecat(
    ["connect", server.firstLine, "--framing", "line", "--coalesce", "60000", "--output", "json"],
    { stdin: true },
  );
  const typing = client.stdin.getWriter();
  const typed = (text: string) => typing.write(new TextEncoder().encode(text));
  await typed("hello\n");
  await typed("wor");
  // Read after the line before it was sent (held: the window is a minute long).
  await typed("ld");
  assert.deepEqual(eventsOf(client.events, "sent"), []);
  await client.stop("SIGINT");
  assert.deepEqual(writes(client.events), [["hello", 1, 1]]);
  // Its one recv() got the line (print adds a newline to it), the next the close.
  assert.equal(await server.rest(), "-----> hello\n\n-----> \n");
});
