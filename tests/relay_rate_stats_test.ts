/**
 * relay --rate counts the time it throttled a chunk however the chunk's
 * forwarding ended. A chunk throttled for seconds and cut by the relay
 * stopping used to count nothing: `stats` said "no faults" (rate_waits 0)
 * after two seconds of throttling. And it counts the time as the clock does:
 * a timer fired late held the bytes that much longer (CI once saw 985 ms
 * counted for 1.5 s of throttling).
 */
import assert from "node:assert/strict";
import { sleep } from "../lib/sleep.ts";
import { faults, startRelay, stopStats } from "./relay_helpers.ts";

Deno.test("relay --rate 100: a 1000-byte chunk cut by Ctrl-C after 1.5 s still counts its throttling, on a busy event loop too", async () => {
  // A target that takes the bytes and says nothing back: only the chunk going up is throttled.
  using target = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { relay, port } = await startRelay(`127.0.0.1:${target.addr.port}`, ["--rate", "100"]);
  await using _relay = relay;
  using client = await Deno.connect({ hostname: "127.0.0.1", port });
  using upstream = await target.accept();
  await client.write(new Uint8Array(1000)); // 10 s at 100 B/s
  // Timed from the first bytes through: the relay is throttling the chunk from then on, however
  // late a loaded machine let it read the chunk.
  await upstream.read(new Uint8Array(1000));
  // A busy machine, by construction: the relay runs in this process, whose event loop is blocked
  // three times for 300 ms while the chunk is throttled, so the relay's timers fire that late.
  // The time it held the bytes is the clock's, not the sum of the waits it planned.
  for (let i = 0; i < 3; i++) {
    const until = performance.now() + 300;
    while (performance.now() < until) { /* busy */ }
    await sleep(200);
  }
  const stats = await stopStats(relay);
  assert.ok(stats.bytes_up > 0 && stats.bytes_up < 1000, `${stats.bytes_up} bytes went up`);
  assert.equal(stats.rate_waits, 1, "the one chunk was throttled");
  assert.ok(stats.throttled_ms >= 1000, `throttled ${stats.throttled_ms} ms`);
  const [fault] = faults(relay, "rate");
  assert.equal(fault?.bytes, 1000);
  assert.equal(fault?.direction, "up");
});
