/**
 * A relay target that resets or refuses ends that link only: 20 resets in a
 * row, then the same relay relays to the (now good) target.
 */
import assert from "node:assert/strict";
import { eventsOf, Framecat } from "./helpers/cli.ts";
import { readToEnd, refusedPort, writeAll } from "./helpers/net.ts";
import { fixture, PYTHON, startProcess } from "./helpers/process.ts";
import { J, lineRoundTrip } from "./chaos_helpers.ts";

const RESETS = 20;

/** A client that writes until the relay closes it (bounded: 4 MiB), reading all the while. */
async function pushUntilClosed(port: number): Promise<void> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const reading = readToEnd(conn);
  const chunk = new Uint8Array(16 * 1024).fill(0x78);
  try {
    for (let i = 0; i < 256; i++) await writeAll(conn, chunk);
  } catch { /* the relay closed us: expected */ }
  await reading;
  try {
    conn.close();
  } catch { /* closed by the read's end */ }
}

for (const [backend, faults] of [["Deno", []], ["node:net", ["--reset-after", "100000000"]]]) {
  Deno.test(`relay (${backend}) survives a target that resets ${RESETS} times, then relays`, async () => {
    await using target = await startProcess(
      PYTHON,
      fixture("resetting_target.py", [`${RESETS}`]),
    );
    const { framecat: relay, port } = await Framecat.listening([
      "relay",
      "127.0.0.1:0",
      `127.0.0.1:${target.firstLine}`,
      ...faults,
      ...J,
    ]);
    await using _ = relay;
    for (let i = 1; i <= RESETS; i++) {
      await pushUntilClosed(port);
      await relay.waitFor((evs) => eventsOf(evs, "closed").length >= i);
    }
    for (const closed of relay.of("closed")) {
      assert.equal(closed.reason, "reset", JSON.stringify(closed));
      assert.equal(closed.side, "target", JSON.stringify(closed));
    }
    assert.equal(await lineRoundTrip(port, "ping"), "ping");
    assert.doesNotMatch(relay.stderr, /Uncaught|internal error/);
  });
}

Deno.test("relay to a target that refuses closes that link, names the target, and goes on", async () => {
  const { framecat: relay, port } = await Framecat.listening([
    "relay",
    "127.0.0.1:0",
    `127.0.0.1:${await refusedPort()}`,
    ...J,
  ]);
  await using _ = relay;
  for (let i = 1; i <= 3; i++) {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    assert.equal((await readToEnd(conn)).length, 0);
    conn.close();
  }
  const closed = await relay.waitFor((evs) => {
    const c = eventsOf(evs, "closed");
    return c.length === 3 && c;
  });
  for (const c of closed) {
    assert.equal(c.side, "target");
    assert.match(String(c.message), /refused/i);
  }
});
