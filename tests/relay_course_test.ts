/**
 * With no faults the relay is transparent: a python3 client and server of
 * the course's style (struct.pack('i') header length, JSON header,
 * recv(1024) loops) move 100 MiB each way through it, and the sha256 sums
 * match on both ends.
 */
import assert from "node:assert/strict";
import { pythonJson, startRelay, stopStats } from "./relay_helpers.ts";

const FIXTURE = new URL("./fixtures/relay_course_peer.py", import.meta.url).pathname;
const SIZE = 100 * 1024 * 1024;

interface Result {
  sent_sha256: string;
  received_sha256: string;
  md5_ok: boolean;
}

/** Starts the python server; resolves with its port and a promise of its result. */
async function courseServer(): Promise<
  { port: number; result: Promise<Result>; kill: () => void }
> {
  const child = new Deno.Command("python3", {
    args: [FIXTURE, "server", String(SIZE), "2"],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  while (!out.includes("\n")) {
    const { value, done } = await lines.read();
    assert.ok(!done, "the python server printed its port");
    out += value;
  }
  const port = Number(out.split("\n")[0]);
  const result = (async () => {
    while (true) {
      const { value, done } = await lines.read();
      if (done) break;
      out += value;
    }
    assert.equal((await child.status).code, 0, "the python server succeeded");
    return JSON.parse(out.trim().split("\n").at(-1)!) as Result;
  })();
  const kill = () => {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  };
  return { port, result, kill };
}

Deno.test("the course's python client and server, 100 MiB each way through the relay: sha256 equal", async () => {
  const server = await courseServer();
  try {
    const { relay, port } = await startRelay(`127.0.0.1:${server.port}`, []);
    await using _relay = relay;
    const client = await pythonJson<Result>(
      "relay_course_peer.py",
      ["client", String(port), String(SIZE), "1"],
      120_000,
    );
    const served = await server.result;
    assert.equal(served.received_sha256, client.sent_sha256, "upload intact");
    assert.equal(client.received_sha256, served.sent_sha256, "download intact");
    assert.ok(served.md5_ok && client.md5_ok, "the headers' md5 match the bodies");
    const stats = await stopStats(relay);
    assert.ok(stats.bytes_up > SIZE && stats.bytes_up < SIZE + 200, `${stats.bytes_up} up`);
    assert.ok(stats.bytes_down > SIZE && stats.bytes_down < SIZE + 200, `${stats.bytes_down} down`);
  } finally {
    server.kill();
  }
});
