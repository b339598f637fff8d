/**
 * Out of file descriptors: serve, sink and both relay backends started under `ulimit -n 128`,
 * 200 idle clients. The server says so once, waits, and serves again when
 * the clients leave.
 */
import assert from "node:assert/strict";
import { sleep } from "../lib/sleep.ts";
import { eventsOf, Framecat, messageOf } from "./helpers/cli.ts";
import { text, writeAll } from "./helpers/net.ts";
import { J, lineRoundTrip } from "./chaos_helpers.ts";

const LIMIT = ["sh", "-c", 'ulimit -n 128 && exec "$0" "$@"'];
const IDLE_CLIENTS = 200;
/** How long the idle clients are held once the server ran out: a longer hold only adds attempts. */
const HOLD_MS = 2000;

/** Holds 200 idle connections until the server reports running out; returns them. */
async function exhaust(server: Framecat, port: number): Promise<Deno.Conn[]> {
  const idle: Deno.Conn[] = [];
  for (let i = 0; i < IDLE_CLIENTS; i++) {
    idle.push(await Deno.connect({ hostname: "127.0.0.1", port }));
  }
  await server.waitFor(
    (evs) => evs.some((e) => e.event === "error"),
    20_000,
    "the error event saying it ran out of descriptors",
  );
  await sleep(HOLD_MS);
  const errors = server.of("error");
  assert.equal(errors.length, 1, "one error event for the whole episode, not one per attempt");
  assert.match(String(errors[0].message), /Too many open files/);
  return idle;
}

Deno.test("serve under ulimit -n 128 with 200 idle clients waits, then serves again", async () => {
  const { framecat: server, port } = await Framecat.listening(
    ["serve", "127.0.0.1:0", "--framing", "line", ...J],
    { wrap: LIMIT },
  );
  await using _ = server;
  const idle = await exhaust(server, port);
  for (const conn of idle) conn.close();
  assert.equal(await lineRoundTrip(port, "back", 20_000), "back");
  await server.waitFor((evs) => evs.some((e) => /accepting again/.test(messageOf(e))));
});

Deno.test("sink under ulimit -n 128 with 200 idle clients waits, then measures again", async () => {
  const { framecat: sink, port } = await Framecat.listening(["sink", "127.0.0.1:0", ...J], {
    wrap: LIMIT,
  });
  await using _ = sink;
  const idle = await exhaust(sink, port);
  for (const conn of idle) conn.close();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await writeAll(conn, text("x".repeat(777)));
  conn.close();
  await sink.waitFor(
    (evs) => eventsOf(evs, "report", "sink_final").some((e) => e.bytes === 777),
    20_000,
    "the good client's final report",
  );
});

/** Both relay backends: Deno's, and node:net's (--reset-after), which Deno 2.9 lets stall for good. */
for (const backend of [[], ["--reset-after", "1MiB"]]) {
  const name = backend.length === 0 ? "relay" : "relay --reset-after (node:net)";
  Deno.test(`${name} under ulimit -n 128 with 200 idle clients relays again when they leave`, async () => {
    const { framecat: echo, port: target } = await Framecat.serving("--framing", "line");
    await using _echo = echo;
    const { framecat: relay, port } = await Framecat.listening(
      ["relay", "127.0.0.1:0", `127.0.0.1:${target}`, ...J, ...backend],
      { wrap: LIMIT },
    );
    await using _ = relay;
    const idle: Deno.Conn[] = [];
    for (let i = 0; i < IDLE_CLIENTS; i++) {
      // node:net's relay stops listening when full: later clients are refused, as this test means.
      await Deno.connect({ hostname: "127.0.0.1", port }).then((c) => idle.push(c), () => {});
    }
    await relay.waitFor(
      (evs) => eventsOf(evs, "error").some((e) => /Too many open files/.test(e.message)),
      20_000,
      "an error event saying it ran out of descriptors",
    );
    for (const conn of idle) conn.close();
    assert.equal(await roundTripOnceListening(port), "back");
  });
}

/**
 * A line round trip through a relay that may not be relaying yet; retried for 20 s. The idle
 * clients that never got past the relay's backlog are closed, but it still accepts each of them
 * after they leave, and connects it to the target: a client accepted while those connections
 * still hold the descriptors is closed at once (its target connect ran out), with no reply.
 */
async function roundTripOnceListening(port: number): Promise<string | undefined> {
  const until = Date.now() + 20_000;
  while (true) {
    const reply = await lineRoundTrip(port, "back", 10_000).catch((err) => {
      if (!(err instanceof Deno.errors.ConnectionRefused) || Date.now() > until) throw err;
      return undefined;
    });
    if (reply !== undefined || Date.now() > until) return reply;
    await sleep(100);
  }
}
