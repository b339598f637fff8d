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
 * The servers take turns, ROUNDS times, and each figure is the median of its
 * rounds: on a shared machine, load that comes and goes then falls on all.
 * Run: deno run --quiet -P bench/echo_compare.ts
 */
import {
  type Background,
  background,
  cpuSeconds,
  echoBulkRetried,
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

async function bulk(what: string, port: number): Promise<number> {
  const connect = async () => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    conn.setNoDelay(true);
    return conn;
  };
  return await echoBulkRetried(what, connect, BULK_BYTES); // bits/s echoed
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

/** Rounds of each measurement, the servers taking turns: machine noise hits all of them alike. */
const ROUNDS = 3;

interface Server {
  name: string;
  start: (port: number) => Background;
  /** False for sockperf's server, which answers pings but does not echo. */
  echoes: boolean;
}

interface Figures {
  name: string;
  bps: number;
  cpuPerGiB: number;
  p50: number;
  p99: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Every server started once, then ROUNDS rounds in which each takes its turn (a bulk echo, with
 * the CPU its process used, then the pings): the medians by server. Measured one after the
 * other instead, a burst of load on a shared machine lands on one server and not the others.
 */
async function measureAll(servers: Server[]): Promise<Figures[]> {
  const running: { server: Server; port: number; process: Background }[] = [];
  try {
    for (const server of servers) {
      const port = freePort();
      running.push({ server, port, process: server.start(port) });
      await waitForTcp(port);
    }
    const samples = running.map(() => ({
      bps: [] as number[],
      cpu: [] as number[],
      rtts: [] as number[][],
    }));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, { server, port, process }] of running.entries()) {
        if (server.echoes) {
          const cpuBefore = cpuSeconds(process.pid);
          samples[i].bps.push(await bulk(server.name, port));
          // socat's child for the connection is counted once it has ended.
          await sleep(300);
          samples[i].cpu.push((cpuSeconds(process.pid) - cpuBefore) / (BULK_BYTES / 2 ** 30));
        }
        samples[i].rtts.push(await pingPong(port));
      }
    }
    return running.map(({ server }, i) => ({
      name: server.name,
      bps: server.echoes ? median(samples[i].bps) : NaN,
      cpuPerGiB: server.echoes ? median(samples[i].cpu) : NaN,
      p50: median(samples[i].rtts.map((r) => percentile(r, 50))),
      p99: median(samples[i].rtts.map((r) => percentile(r, 99))),
    }));
  } finally {
    for (const { process } of running) await process[Symbol.asyncDispose]();
  }
}

const [framecat, recorder, socat, sockperfServer] = await measureAll([
  {
    name: "framecat serve (echo)",
    echoes: true,
    start: (port) =>
      background(Deno.execPath(), framecatArgs(["serve", `127.0.0.1:${port}`, "--nodelay", "-q"])),
  },
  {
    name: "framecat serve --output json",
    echoes: true,
    start: (port) =>
      background(
        Deno.execPath(),
        framecatArgs(["serve", `127.0.0.1:${port}`, "--nodelay", "--output", "json"]),
      ),
  },
  {
    name: "socat PIPE",
    echoes: true,
    start: (port) =>
      background("socat", [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork,nodelay`, "PIPE"]),
  },
  {
    name: "sockperf server",
    echoes: false,
    start: (port) =>
      background("sockperf", ["server", "--tcp", "-i", "127.0.0.1", "-p", `${port}`]),
  },
]);
const sockperfP50 = await sockperfLatency();

const gbps = (b: number) => (b / 1e9).toFixed(2);
const us = (x: number) => x.toFixed(1);
const row = (r: Figures) => [
  r.name,
  Number.isNaN(r.bps) ? "-" : gbps(r.bps),
  Number.isNaN(r.bps) ? "-" : r.cpuPerGiB.toFixed(1),
  us(r.p50),
  us(r.p99),
];
console.log(`median of ${ROUNDS} rounds, the servers taking turns`);
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
