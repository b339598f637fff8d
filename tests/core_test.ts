/**
 * The command core runs many commands in one process (the web page's
 * sessions, these tests): each has its own context, so nothing one does
 * reaches another's output.
 */
import assert from "node:assert/strict";
import { connectTo, eventsOf, Framecat, type JsonEvent } from "./helpers/cli.ts";

Deno.test("two commands in one process at once: each shows only its own events", async () => {
  // Deferred output (serve) waits in each run's own terminal: a shared queue would mix them.
  const [a, b] = await Promise.all([
    Framecat.serving("--behavior", "upper", "--framing", "line"),
    Framecat.serving("--behavior", "echo", "--framing", "line"),
  ]);
  await using _a = a.framecat;
  await using _b = b.framecat;
  const sends = (tag: string) =>
    Array.from({ length: 20 }, (_, i) => ["--send", `${tag}${i}`]).flat();
  const [toA, toB] = await Promise.all([
    connectTo(a.port, ["--framing", "line", "--output", "json", "--expect", "20", ...sends("a")]),
    connectTo(b.port, ["--framing", "line", "--output", "json", "--expect", "20", ...sends("b")]),
  ]);
  assert.equal(toA.code, 0, toA.stderr);
  assert.equal(toB.code, 0, toB.stderr);
  const texts = (events: JsonEvent[], kind: "sent" | "frame") =>
    eventsOf(events, kind).map((e) => e.text);
  const expected = (tag: string) => Array.from({ length: 20 }, (_, i) => `${tag}${i}`);
  assert.deepEqual(texts(toA.events, "sent"), expected("a"));
  assert.deepEqual(texts(toA.events, "frame"), expected("A"), "upper's replies, and only them");
  assert.deepEqual(texts(toB.events, "sent"), expected("b"));
  assert.deepEqual(texts(toB.events, "frame"), expected("b"), "echo's replies, and only them");
  await a.framecat.waitFor((evs) => eventsOf(evs, "frame").length === 20);
  await b.framecat.waitFor((evs) => eventsOf(evs, "frame").length === 20);
  assert.deepEqual(texts(a.framecat.events, "frame"), expected("a"));
  assert.deepEqual(texts(b.framecat.events, "frame"), expected("b"));
  // Each stops alone: stopping one leaves the other serving.
  assert.equal((await a.framecat.stop()).code, 0);
  const again = await connectTo(b.port, [
    "--framing",
    "line",
    "--output",
    "json",
    "--send",
    "still",
  ]);
  assert.deepEqual(texts(again.events, "frame"), ["still"]);
  const stats = (await b.framecat.stop(), b.framecat.of("stats", "serve"));
  assert.equal(stats.length, 1);
  assert.equal(stats[0].connections, 2, "b counted its own two clients, not a's");
  assert.equal(a.framecat.of("stats", "serve")[0].connections, 1);
});
