/**
 * check's inbox on a machine that stops running framecat for a while: a wait whose timer comes
 * late is made longer by that much, so a reply that came during the stall is taken, not called
 * silence (the stalled process runs its due timer before what arrived meanwhile).
 */
import assert from "node:assert/strict";
import { Inbox } from "../lib/check/inbox.ts";

/** Keeps this thread busy for `ms`: the process is not running its event loop meanwhile. */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) { /* busy */ }
}

Deno.test("check inbox: a reply that arrived while the process was stalled past the deadline is taken, not timed out", async () => {
  const inbox = new Inbox();
  const reply = { frame: { payload: new TextEncoder().encode("pong") } } as never;
  // The reply comes 50 ms after the deadline (as I/O that was ready during the stall would be
  // handled after the due timer); the process is stalled across both.
  const next = inbox.next(performance.now() + 100);
  setTimeout(() => inbox.push(reply), 150);
  stall(400);
  assert.equal(await next, reply);
});

Deno.test("check inbox: with no stall, silence is a timeout at the deadline", async () => {
  const inbox = new Inbox();
  const started = performance.now();
  assert.equal(await inbox.next(started + 100), "timeout");
  // Not made longer: the deadline held (no upper bound asserted: a loaded machine may be late).
  assert.ok(performance.now() - started >= 99);
});
