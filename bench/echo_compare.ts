/**
 * Echo server speed, framecat against the references, in one run:
 * - throughput: a bulk client (64 KiB writes, 64 KiB reads) against
 *   `framecat serve --behavior echo` (text output, and recording every read,
 *   frame and send as NDJSON: `--output json`, to /dev/null) and against
 *   `socat … PIPE`, with the CPU time each server spent per GiB echoed (the
 *   figure a busy machine disturbs least);
 * - latency: 64-byte ping-pong round trips from one Deno client (speaking
 *   sockperf's message format) against framecat, socat and `sockperf server`,
 *   beside `sockperf ping-pong` against `sockperf server` (C on both ends).
 *   The same client on all three isolates what the server adds.
 * Run: deno run --quiet -P bench/echo_compare.ts
 */
import {
  type Background,
  background,
  cpuSeconds,
  echoBulk,
  framecatArgs,
  freePort,
  percentile,
  printAim,
  printTable,
  runProcess,
  waitForTcp,
} from "./helpers.ts";
import { sleep } from "../lib/sleep.ts";

const BULK_BYTES = 512 * 1024 * 1024;
const PINGS = 20_000;

async function bulk(port: number): Promise<number> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  conn.setNoDelay(true);
  return await echoBulk(conn, BULK_BYTES); // bits/s echoed
}

async function pingPong(port: number): Promise<number[]> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  conn.setNoDelay(true);
  // A sockperf ping (sequence u64, flags u16 = client|pong-request, length u32, big-endian):
  // sockperf's server answers it, and an echo server returns it as it is.
  const msg = new Uint8Array(64);
  const header = new DataView(msg.buffer);
  header.setUint16(8, 3);
  header.setUint32(10, 64);
  const buf = new Uint8Array(64);
  const rtts: number[] = [];
  for (let i = 0; i < PINGS; i++) {
    const t0 = performance.now();
    await conn.write(msg);
    let got = 0;
    while (got < 64) {
      const n = await conn.read(buf.subarray(got));
      if (n === null) throw new Error("server closed early");
      got += n;
    }
    rtts.push((performance.now() - t0) * 1000);
  }
  conn.close();
  return rtts.slice(PINGS / 10).sort((a, b) => a - b); // first 10 % is warm-up
}

async function sockperfLatency(): Promise<number> {
  const port = freePort();
  await using _server = background("sockperf", [
    "server",
    "--tcp",
    "-i",
    "127.0.0.1",
    "-p",
    `${port}`,
  ]);
  await waitForTcp(port);
  const args = ["ping-pong", "--tcp", "-i", "127.0.0.1", "-p", `${port}`, "-m", "64", "-t", "3"];
  const out = await runProcess("sockperf", args);
  const text = new TextDecoder().decode(out.stdout) + out.stderr;
  const p50 = /percentile 50\.000 =\s+([\d.]+)/.exec(text);
  if (!p50) throw new Error(`sockperf output not understood:\n${text}`);
  return Number(p50[1]);
}

async function measure(
  name: string,
  start: (port: number) => Background,
  echoes = true,
) {
  const port = freePort();
  await using server = start(port);
  await waitForTcp(port);
  const cpuBefore = cpuSeconds(server.pid);
  const bps = echoes ? await bulk(port) : NaN;
  // socat's child for the connection is counted once it has ended.
  await sleep(300);
  const cpuPerGiB = (cpuSeconds(server.pid) - cpuBefore) / (BULK_BYTES / 2 ** 30);
  const rtts = await pingPong(port);
  return { name, bps, cpuPerGiB, p50: percentile(rtts, 50), p99: percentile(rtts, 99) };
}

const framecat = await measure(
  "framecat serve (echo)",
  (port) =>
    background(Deno.execPath(), framecatArgs(["serve", `127.0.0.1:${port}`, "--nodelay", "-q"])),
);
const recorder = await measure(
  "framecat serve --output json",
  (port) =>
    background(
      Deno.execPath(),
      framecatArgs(["serve", `127.0.0.1:${port}`, "--nodelay", "--output", "json"]),
    ),
);
const socat = await measure(
  "socat PIPE",
  (port) =>
    background("socat", [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork,nodelay`, "PIPE"]),
);
const sockperfServer = await measure(
  "sockperf server",
  (port) => background("sockperf", ["server", "--tcp", "-i", "127.0.0.1", "-p", `${port}`]),
  false,
);
const sockperfP50 = await sockperfLatency();

const gbps = (b: number) => (b / 1e9).toFixed(2);
const us = (x: number) => x.toFixed(1);
const row = (r: typeof framecat) => [
  r.name,
  Number.isNaN(r.bps) ? "-" : gbps(r.bps),
  Number.isNaN(r.bps) ? "-" : r.cpuPerGiB.toFixed(1),
  us(r.p50),
  us(r.p99),
];
printTable(["server (Deno client)", "echo Gbit/s", "CPU s/GiB", "64 B RTT p50 µs", "p99 µs"], [
  row(framecat),
  row(recorder),
  row(socat),
  row(sockperfServer),
  ["sockperf server, sockperf's own C client", "-", "-", us(sockperfP50), "-"],
]);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
console.log(`\nthroughput framecat/socat: ${ratio(framecat.bps, socat.bps)}`);
console.log(`throughput framecat --output json/socat: ${ratio(recorder.bps, socat.bps)}`);
console.log(
  `CPU per GiB framecat --output json/socat: ${ratio(recorder.cpuPerGiB, socat.cpuPerGiB)}`,
);
console.log(
  `RTT p50 framecat/sockperf server, same client: ${ratio(framecat.p50, sockperfServer.p50)}`,
);
console.log(`RTT p50 framecat/socat, same client: ${ratio(framecat.p50, socat.p50)}`);
console.log();
printAim(
  "echo with NDJSON recording (--output json) / socat PIPE, throughput",
  recorder.bps / socat.bps,
  {
    atLeast: 1.2,
  },
);
printAim("64 B RTT p50, framecat / socat, same client", framecat.p50 / socat.p50, { atMost: 1.1 });
printAim("echo (text, -q) / socat PIPE, throughput", framecat.bps / socat.bps, { atLeast: 1.5 });
