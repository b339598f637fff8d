/**
 * The page's peer rates, measured between the session list's polls: a redraw
 * between two polls (every frame event redraws) reads the same rate as the
 * poll before it, and a steady sender reads steady.
 */
import assert from "node:assert/strict";
import { RATE_WINDOW_MS, RateWindow } from "../lib/web/page/rates.js";

const peer = (bytesIn: number, bytesOut = 0) => [
  { peer: "127.0.0.1:9000", bytes_in: bytesIn, bytes_out: bytesOut },
];
const inRate = (rates: Map<string, { in: number; out: number }>) => rates.get("127.0.0.1:9000")!.in;

Deno.test("rates: 2 KB/s read steady, at every poll and at every redraw between polls", () => {
  const window = new RateWindow();
  const seen: number[] = [];
  // Polls every 1000 ms (a little late each time, as timers are); 500 B every 250 ms between.
  for (let poll = 0; poll < 10; poll++) {
    const at = poll * 1000 + (poll % 3) * 7;
    const bytes = Math.floor(at / 250) * 500;
    seen.push(inRate(window.measure(peer(bytes), at)));
    // Three redraws before the next poll: the counters are the poll's, and so is the time.
    for (let redraw = 0; redraw < 3; redraw++) seen.push(inRate(window.measure(peer(bytes), at)));
  }
  // The first poll has nothing to measure against.
  assert.deepEqual(seen.slice(0, 4), [0, 0, 0, 0]);
  for (const rate of seen.slice(4)) assert.ok(rate > 1700 && rate < 2300, `${seen.join(", ")}`);
});

Deno.test("rates: a sender that stops reads 0 once its last bytes are a window old", () => {
  const window = new RateWindow();
  window.measure(peer(0), 0);
  window.measure(peer(10_000), 1000);
  assert.equal(inRate(window.measure(peer(10_000), 2000)), 5000, "two polls: 10 kB over 2 s");
  let at = 2000;
  while (at < 1000 + RATE_WINDOW_MS) window.measure(peer(10_000), at += 1000);
  assert.equal(inRate(window.measure(peer(10_000), at + 1000)), 0);
});

Deno.test("rates: out is measured as in is, and a peer no poll names is forgotten", () => {
  const window = new RateWindow();
  window.measure(peer(0, 0), 0);
  const rates = window.measure(peer(0, 3000), 1000);
  assert.deepEqual(rates.get("127.0.0.1:9000"), { in: 0, out: 3000 });
  assert.equal(window.measure([], 2000).size, 0);
  // Named again later: measured afresh, not against the counters it had.
  assert.deepEqual(window.measure(peer(0, 9000), 3000).get("127.0.0.1:9000"), { in: 0, out: 0 });
});
