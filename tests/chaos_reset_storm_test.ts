/**
 * A port scanner's reset storm against every TCP listener framecat has:
 * 300 connections, each reset (SO_LINGER 0) before the server accepts it
 * (the server is stopped with SIGSTOP while they are made). Deno's accept
 * then fails with NotConnected; each server must skip those silently and
 * still serve a normal client afterwards. SIGSTOP stops a process: each
 * server is one.
 */
import assert from "node:assert/strict";
import { createDecoder, createEncoder } from "../lib/framing/mod.ts";
import { eventsOf, Framecat, serveSave } from "./helpers/cli.ts";
import { readFrames, text, writeAll } from "./helpers/net.ts";
import { heard, J, lineRoundTrip, resetStorm } from "./chaos_helpers.ts";

const PROCESS = { process: true };

/** No error events and no connection reported: the dead connections were skipped silently. */
async function assertSilent(server: Framecat): Promise<void> {
  await server.waitFor((evs) => evs.some((e) => e.event === "connected"), 10_000, "connected");
  assert.deepEqual(server.of("error"), [], server.stderr);
  assert.equal(server.of("connected").length, 1, "only the good client connected");
}

/** Each behaviour, and how a normal client is served by it after the storm. */
const SERVE_CASES: {
  name: string;
  args: string[];
  check(server: Framecat, port: number): Promise<void>;
}[] = [
  {
    name: "echo",
    args: [],
    check: async (_, port) => assert.equal(await lineRoundTrip(port, "ping"), "ping"),
  },
  {
    name: "echo --serial",
    args: ["--serial"],
    check: async (_, port) => assert.equal(await lineRoundTrip(port, "ping"), "ping"),
  },
  {
    name: "upper",
    args: ["--behavior", "upper"],
    check: async (_, port) => assert.equal(await lineRoundTrip(port, "ping"), "PING"),
  },
  {
    name: "time",
    args: ["--behavior", "time"],
    check: async (_, port) => assert.match(await lineRoundTrip(port, "%Y") ?? "", /^\d{4}$/),
  },
  {
    name: "exec",
    args: ["--behavior", "exec"],
    check: async (_, port) => assert.match(await lineRoundTrip(port, "echo ping") ?? "", /ping/),
  },
  {
    name: "discard",
    args: ["--behavior", "discard"],
    check: (server, port) => sendAndHear(server, port),
  },
  {
    name: "print",
    args: ["--behavior", "print"],
    check: (server, port) => sendAndHear(server, port),
  },
  {
    name: "chat",
    args: ["--behavior", "chat"],
    check: (server, port) => sendAndHear(server, port),
  },
];

async function sendAndHear(server: Framecat, port: number): Promise<void> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await writeAll(conn, text("ping\n"));
    await heard(server, "ping");
  } finally {
    conn.close();
  }
}

for (const c of SERVE_CASES) {
  Deno.test(`serve ${c.name} skips 300 connections reset before accept, then serves`, async () => {
    const { framecat: server, port } = await Framecat.listening([
      "serve",
      "127.0.0.1:0",
      "--framing",
      "line",
      ...c.args,
      ...J,
    ], PROCESS);
    await using _ = server;
    await resetStorm(port, server);
    await c.check(server, port);
    await assertSilent(server);
  });
}

Deno.test("serve save skips a reset storm, then saves a file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fc10_save_" });
  try {
    await using server = serveSave(dir, [], PROCESS);
    const port = await server.port();
    await resetStorm(port, server);
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    try {
      await writeAll(conn, createEncoder("json").encode(text("body"), { file_name: "a.txt" }));
      const [reply] = await readFrames(conn, createDecoder("json"), 1);
      assert.equal(JSON.parse(new TextDecoder().decode(reply.payload)).ok, true);
    } finally {
      conn.close();
    }
    assert.equal(await Deno.readTextFile(`${dir}/a.txt`), "body");
    await assertSilent(server);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sink skips a reset storm, then measures a flood", async () => {
  const { framecat: sink, port } = await Framecat.listening(["sink", "127.0.0.1:0", ...J], PROCESS);
  await using _ = sink;
  await resetStorm(port, sink);
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await writeAll(conn, new Uint8Array(1000));
  conn.close();
  const report = await sink.waitFor(
    (evs) => eventsOf(evs, "report", "sink_final")[0],
    10_000,
    "the final report of the good client",
  );
  assert.equal(report.bytes, 1000);
  assert.equal(sink.of("connected").length, 1);
});

for (const [backend, faults] of [["Deno", []], ["node:net", ["--reset-after", "1000000"]]]) {
  Deno.test(`relay (${backend} backend) skips a reset storm, then relays`, async () => {
    const { framecat: target, port: targetPort } = await Framecat.listening([
      "serve",
      "127.0.0.1:0",
      ...J,
    ]);
    await using _target = target;
    const { framecat: relay, port } = await Framecat.listening([
      "relay",
      "127.0.0.1:0",
      `127.0.0.1:${targetPort}`,
      ...faults,
      ...J,
    ], PROCESS);
    await using _relay = relay;
    await resetStorm(port, relay);
    assert.equal(await lineRoundTrip(port, "ping"), "ping");
    await assertSilent(relay);
    // The target's events are read from its stdout: wait for the line, then count.
    await target.waitFor((evs) => eventsOf(evs, "connected")[0], 10_000, "a link");
    assert.equal(target.of("connected").length, 1, "the relay made one link to the target");
  });
}
