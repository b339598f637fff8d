/**
 * flood --rtt through `relay --truncate 5`: every echo comes back, cut below
 * the 32-byte probe header. The report used to say "truncated 0 … no echo
 * came back"; it counts them as truncated and says what became of them.
 */
import assert from "node:assert/strict";
import { eventsOf, Framecat, runFramecat } from "./helpers/cli.ts";
import { startRelay } from "./relay_helpers.ts";

const COUNT = 20;

/** A UDP echo server behind a relay that cuts every datagram to `cut` bytes; the relay's port. */
async function cuttingEcho(cut: number) {
  const { framecat: echo, port: echoPort } = await Framecat.listening(
    ["serve", "udp://127.0.0.1:0", "--output", "json"],
  );
  const { relay, port } = await startRelay(`udp://127.0.0.1:${echoPort}`, [
    "--truncate",
    String(cut),
  ], "udp://127.0.0.1:0");
  return {
    port,
    async [Symbol.asyncDispose]() {
      await relay[Symbol.asyncDispose]();
      await echo[Symbol.asyncDispose]();
    },
  };
}

/**
 * The flood, waiting for its echoes as long as a loaded machine may take: it ends as soon as all
 * are back, cut or not (CI once saw 19 of 20 cut echoes miss a 500 ms wait).
 */
const flood = (port: number, ...more: string[]) =>
  runFramecat([
    "flood",
    `udp://127.0.0.1:${port}`,
    "--rtt",
    "--count",
    String(COUNT),
    "--size",
    "100",
    "--rate",
    "1000",
    "--wait",
    "10000",
    ...more,
  ]);

Deno.test("flood --rtt through relay --truncate 5: the echoes are counted truncated, and said to be too short", async () => {
  await using echo = await cuttingEcho(5);
  const run = await flood(echo.port, "--output", "json");
  assert.equal(run.code, 0, run.stderr);
  const [report] = eventsOf(run.events, "report", "flood_udp_rtt");
  assert.equal(report.truncated, COUNT, report.message);
  assert.equal(report.unique, 0);
  assert.equal(report.rtt_ms, null);
  assert.ok(!report.message.includes("no echo came back"), report.message);
  assert.ok(
    report.message.includes(
      `truncated ${COUNT}  ${COUNT} echoes came back too short to carry the 32-byte probe header (truncated)`,
    ),
    report.message,
  );
});

Deno.test("flood --rtt --lang zh through relay --truncate 5: the line says so in Chinese", async () => {
  await using echo = await cuttingEcho(5);
  const run = await flood(echo.port, "--lang", "zh");
  assert.equal(run.code, 0, run.stderr);
  const shown = run.stdout + run.stderr;
  assert.ok(
    shown.includes(`被截断 ${COUNT}  收到 ${COUNT} 个回显，但短得装不下 32 字节的探测报头`),
    shown,
  );
  assert.ok(!shown.includes("没有收到任何回显"), shown);
});

Deno.test("flood --rtt through relay --truncate 28: echoes that lost their send time are said to be untimed", async () => {
  await using echo = await cuttingEcho(28);
  const run = await flood(echo.port, "--output", "json");
  assert.equal(run.code, 0, run.stderr);
  const [report] = eventsOf(run.events, "report", "flood_udp_rtt");
  assert.equal(report.truncated, COUNT, report.message);
  assert.equal(report.unique, COUNT);
  assert.ok(
    report.message.endsWith(
      `${COUNT} echoes came back too short to carry the 32-byte probe header's send time (truncated): no round trip to measure`,
    ),
    report.message,
  );
});
