/**
 * With no faults the relay is transparent: a python3 client and server of
 * the course's style (struct.pack('i') header length, JSON header,
 * recv(1024) loops) move 100 MiB each way through it, and the sha256 sums
 * match on both ends.
 */
import assert from "node:assert/strict";
import { fixture, PYTHON, pythonJson, startProcess } from "./helpers/process.ts";
import { startRelay, stopStats } from "./relay_helpers.ts";

const SIZE = 100 * 1024 * 1024;

interface Result {
  sent_sha256: string;
  received_sha256: string;
  md5_ok: boolean;
}

Deno.test("the course's python client and server, 100 MiB each way through the relay: sha256 equal", async () => {
  await using server = await startProcess(
    PYTHON,
    fixture("relay_course_peer.py", ["server", String(SIZE), "2"]),
    120_000,
  );
  const { relay, port } = await startRelay(`127.0.0.1:${server.firstLine}`, []);
  await using _relay = relay;
  const client = await pythonJson<Result>(
    "relay_course_peer.py",
    ["client", String(port), String(SIZE), "1"],
    { timeoutMs: 120_000 },
  );
  const served = JSON.parse((await server.rest()).trim().split("\n").at(-1)!) as Result;
  assert.equal(served.received_sha256, client.sent_sha256, "upload intact");
  assert.equal(client.received_sha256, served.sent_sha256, "download intact");
  assert.ok(served.md5_ok && client.md5_ok, "the headers' md5 match the bodies");
  const stats = await stopStats(relay);
  assert.ok(stats.bytes_up > SIZE && stats.bytes_up < SIZE + 200, `${stats.bytes_up} up`);
  assert.ok(stats.bytes_down > SIZE && stats.bytes_down < SIZE + 200, `${stats.bytes_down} down`);
});
