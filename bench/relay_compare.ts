/**
 * Relay throughput, in one run, as ratios to a direct transfer:
 * - a bulk TCP transfer (1 GiB in 256 KiB writes) from this process to
 *   bench/relay_sink.ts: direct, through `framecat relay` with no faults,
 *   through `socat TCP-LISTEN:P,fork,reuseaddr TCP:127.0.0.1:Q`, and through
 *   bench/copy_relay.py, the floor: blocking 1 MiB recv_into and sendall and
 *   nothing else, which shows what any copying relay costs on this machine;
 *   rounds interleaved so machine noise hits all four alike, medians kept;
 *   the aim is the median of the rounds' own ratios (each relay round over the direct
 *   round just before it), since this VM's speed drifts between rounds by a third;
 * - the same four with iperf3 at both ends (C, separate processes);
 * - the Deno transfer again with the relay on a CPU of its own (taskset:
 *   both ends on CPU 0, each relay on CPU 1), which shows whether
 *   the relay keeps up when it does not compete with the ends for a core;
 * - how close `--rate` holds a transfer to its rate.
 * Run: deno run --quiet -P bench/relay_compare.ts
 */
import { writeAll } from "../lib/transport/stream.ts";
import { readBytes } from "../tests/helpers/net.ts";
import {
  background,
  BENCH_TIMEOUT_MS,
  framecatArgs,
  freePort,
  listeningPort,
  output,
  printAim,
  printTable,
  type Running,
  startProcess,
  waitForTcp,
} from "./helpers.ts";

const BYTES = 1024 * 1024 * 1024;
const ROUNDS = 5;
const SINK = new URL("./relay_sink.ts", import.meta.url).pathname;
const COPY_RELAY = new URL("./copy_relay.py", import.meta.url).pathname;

/** `cmd` on one CPU (taskset), or wherever the scheduler likes when `cpu` is undefined. */
function onCpu(cpu: number | undefined, cmd: string, args: string[]): [string, string[]] {
  return cpu === undefined ? [cmd, args] : ["taskset", ["-c", `${cpu}`, cmd, ...args]];
}

/** `framecat relay` from a port of its choosing to `target`; its port is its `listening` event's. */
function startRelay(cpu: number | undefined, target: number, faults: string[] = []) {
  const args = ["relay", "127.0.0.1:0", `127.0.0.1:${target}`, ...faults, "-q", "--output", "json"];
  return startProcess(...onCpu(cpu, Deno.execPath(), framecatArgs(args)), BENCH_TIMEOUT_MS);
}

/** bench/relay_sink.ts; its port is its first line. */
function startSink(cpu?: number): Promise<Running> {
  return startProcess(
    ...onCpu(cpu, Deno.execPath(), ["run", "--allow-net", SINK]),
    BENCH_TIMEOUT_MS,
  );
}

/** Sends `bytes` to the sink behind `port`; returns bytes per second, end to end. */
async function transfer(port: number, bytes: number): Promise<number> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const chunk = new Uint8Array(256 * 1024).fill(0x61);
  const start = performance.now();
  for (let sent = 0; sent < bytes; sent += chunk.length) {
    await writeAll(conn, chunk.subarray(0, Math.min(chunk.length, bytes - sent)));
  }
  await conn.closeWrite();
  const reply = await readBytes(conn, 8);
  if (reply.length < 8) throw new Error("the sink closed before answering");
  const seconds = (performance.now() - start) / 1000;
  conn.close();
  const counted = Number(new DataView(reply.buffer).getBigUint64(0));
  if (counted !== bytes) throw new Error(`the sink counted ${counted} of ${bytes} bytes`);
  return bytes / seconds;
}

/** iperf3 for 3 s against `port`; returns the receiver's bytes per second. */
async function iperf(port: number): Promise<number> {
  const out = await output("iperf3", ["-c", "127.0.0.1", "-p", `${port}`, "-t", "3", "-J"]);
  const report = JSON.parse(new TextDecoder().decode(out));
  if (report.error) throw new Error(`iperf3: ${report.error}`);
  return report.end.sum_received.bits_per_second / 8;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

type Path = "direct" | "framecat relay" | "copy relay (python3)" | "socat relay";
const PATHS: Path[] = ["direct", "framecat relay", "copy relay (python3)", "socat relay"];

interface CompareOptions {
  /** Pin the relays (framecat, python3, socat) to this CPU. */
  relayCpu?: number;
  /**
   * Starts the target once the relays are up, and resolves once it listens: the probe that
   * waits for socat must be refused rather than reach it (an iperf3 server takes a probe for
   * a test and stays busy).
   */
  startTarget?: () => Promise<AsyncDisposable>;
}

type Samples = Record<Path, number[]>;

/** Runs `measure` ROUNDS times over each path, interleaved; every sample, by path. */
async function compare(
  target: number,
  measure: (port: number) => Promise<number>,
  { relayCpu, startTarget }: CompareOptions = {},
): Promise<Samples> {
  await using relay = await startRelay(relayCpu, target);
  const relayPort = listeningPort(relay);
  const socatPort = freePort();
  await using _socat = background(
    ...onCpu(relayCpu, "socat", [
      `TCP-LISTEN:${socatPort},bind=127.0.0.1,fork,reuseaddr`,
      `TCP:127.0.0.1:${target}`,
    ]),
  );
  await waitForTcp(socatPort);
  await using copyRelay = await startProcess(
    ...onCpu(relayCpu, "python3", [COPY_RELAY, `${target}`]),
    BENCH_TIMEOUT_MS,
  );
  await using _target = await startTarget?.();
  const ports: Record<Path, number> = {
    direct: target,
    "framecat relay": relayPort,
    "copy relay (python3)": Number(copyRelay.firstLine),
    "socat relay": socatPort,
  };
  const samples = Object.fromEntries(PATHS.map((p) => [p, [] as number[]])) as Samples;
  for (let round = 0; round < ROUNDS; round++) {
    for (const path of PATHS) samples[path].push(await measure(ports[path]));
  }
  return samples;
}

/** Each round's `path` over the same round's direct transfer. */
function roundRatios(s: Samples, path: Path): number[] {
  return s[path].map((v, round) => v / s.direct[round]);
}

/** Bytes per second through `framecat relay --rate RATE`, for 3 s worth of bytes. */
async function rateAccuracy(target: number, rate: number): Promise<number> {
  await using relay = await startRelay(undefined, target, ["--rate", `${rate}`]);
  return await transfer(listeningPort(relay), 3 * rate);
}

const mbps = (bytesPerS: number) => ((bytesPerS * 8) / 1e9).toFixed(2);
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(0)} %`;

function table(title: string, s: Samples): void {
  const r = Object.fromEntries(PATHS.map((p) => [p, median(s[p])])) as Record<Path, number>;
  console.log(`\n${title}`);
  printTable(
    ["path", "Gbit/s", "of direct"],
    PATHS.map((p) => [p, mbps(r[p]), pct(r[p], r.direct)]),
  );
  console.log(
    `framecat relay / socat relay: ${(r["framecat relay"] / r["socat relay"]).toFixed(2)}×`,
  );
  console.log(
    `framecat relay / copy relay (python3): ${
      (r["framecat relay"] / r["copy relay (python3)"]).toFixed(2)
    }×`,
  );
  for (const path of ["framecat relay", "copy relay (python3)"] as const) {
    const ratios = roundRatios(s, path);
    console.log(
      `${path} / direct, round by round: ${ratios.map((x) => x.toFixed(2)).join(" ")}` +
        ` (median ${median(ratios).toFixed(2)}×)`,
    );
  }
}

await using sink = await startSink();
const sinkPort = Number(sink.firstLine);
table(
  `Bulk TCP, 1 GiB from a Deno client to a Deno sink, median of ${ROUNDS} rounds`,
  await compare(sinkPort, (port) => transfer(port, BYTES)),
);

const iperfPort = freePort();
const throughIperf = await compare(iperfPort, iperf, {
  // --forceflush: its first line is out once it listens, not when a buffer fills.
  startTarget: () =>
    startProcess(
      "iperf3",
      ["-s", "-B", "127.0.0.1", "-p", `${iperfPort}`, "--forceflush"],
      BENCH_TIMEOUT_MS,
    ),
});
table(`Bulk TCP, iperf3 client to iperf3 server (3 s), median of ${ROUNDS} rounds`, throughIperf);

if (navigator.hardwareConcurrency >= 2 && Deno.build.os === "linux") {
  // This process (the client) and the sink on CPU 0; the relay or socat on CPU 1.
  await new Deno.Command("taskset", { args: ["-p", "-c", "0", `${Deno.pid}`], stdout: "null" })
    .output();
  await using pinned = await startSink(0);
  const pinnedSink = Number(pinned.firstLine);
  table(
    `Bulk TCP as above, both ends on CPU 0, the relay on CPU 1, median of ${ROUNDS} rounds`,
    await compare(pinnedSink, (port) => transfer(port, BYTES), { relayCpu: 1 }),
  );
}

const RATE = 1_000_000;
const measured = await rateAccuracy(sinkPort, RATE);
console.log(
  `\n--rate ${RATE}: ${(measured / 1000).toFixed(1)} kB/s measured end to end (${
    pct(measured, RATE)
  } of the rate)`,
);
console.log();
printAim(
  "iperf3 through framecat relay / iperf3 direct, median of the rounds' ratios",
  median(roundRatios(throughIperf, "framecat relay")),
  { atLeast: 0.85 },
);
