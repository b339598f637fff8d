/**
 * A timed send that runs until stopped (`count: 0`) keeps nothing per round:
 * a workspace left polling a device for days must not grow. Heap is weighed
 * after a full garbage collection, which needs V8's --expose-gc: the test
 * runs its own measuring step in a child `deno test` that has it.
 */
import assert from "node:assert/strict";
import { Workspace } from "./helpers/web.ts";
import { UdpClient } from "./helpers/net.ts";

const gc = (globalThis as { gc?: () => void }).gc;

const MEASURE = "heap after rounds of a timed send that runs until stopped (child)";

/** Rounds between the two weighings: at 64 B a round kept, 6.4 MB against the 1.6 MB allowed. */
const ROUNDS = 100_000;

/** The heap in use once every unreachable object is collected. */
function weigh(): number {
  gc!();
  gc!();
  return Deno.memoryUsage().heapUsed;
}

Deno.test({
  name: MEASURE,
  ignore: gc === undefined,
  async fn() {
    await using ws = Workspace.handler();
    const { id, port } = await ws.listen([
      "serve",
      "udp://127.0.0.1:0",
      "--behavior",
      "discard",
      "--output",
      "json",
    ]);
    using client = new UdpClient(port);
    await client.send("hi");
    await ws.until(async () => (await ws.session(id)).peers.length === 1 || undefined);
    // As fast as the loop goes: a datagram a round to a client that reads none (the kernel drops).
    const started = await ws.call("POST", `/api/sessions/${id}/send`, {
      text: "x",
      count: 0,
      interval: 0,
      background: true,
    });
    assert.equal(started.status, 202);
    const rounds = () =>
      ws.until(async () => (await ws.session(id)).repeats[0]?.rounds as number | undefined);
    const past = (n: number) => ws.until(async () => ((await rounds()) >= n) || undefined, 120_000);
    // The session's backlog of events is full by then: what grows after is per round.
    await past(20_000);
    const [before, first] = [weigh(), await rounds()];
    await past(first + ROUNDS);
    const [after, last] = [weigh(), await rounds()];
    const stopped = await ws.call("DELETE", `/api/sessions/${id}/repeats/r1`);
    assert.equal(stopped.status, 200);
    const perRound = (after - before) / (last - first);
    console.log(JSON.stringify({ perRound, rounds: last - first, grown: after - before }));
    assert.ok(perRound < 16, `${perRound.toFixed(1)} B kept a round over ${last - first} rounds`);
  },
});

Deno.test({
  name: "web: a timed send that runs until stopped keeps no memory per round",
  ignore: gc !== undefined,
  async fn() {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        ...["test", "-P", "--no-check", "--v8-flags=--expose-gc"],
        ...["--filter", MEASURE, new URL(import.meta.url).pathname],
      ],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const out = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
    assert.match(out, /1 passed/, out);
    assert.equal(code, 0, out);
  },
});
