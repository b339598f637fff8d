/**
 * Relay throughput, in one run, as ratios to a direct transfer:
 * - a bulk TCP transfer (1 GiB in 256 KiB writes) from this process to
 *   bench/relay_sink.ts: direct, through `framecat relay` with no faults,
 *   and through `socat TCP-LISTEN:P,fork,reuseaddr TCP:127.0.0.1:Q`;
 *   rounds interleaved so machine noise hits all three alike, medians kept;
 * - the same three with iperf3 at both ends (C, separate processes);
 * - the Deno transfer again with the relay on a CPU of its own (taskset:
 *   both ends on CPU 0, the relay or socat on CPU 1), which shows whether
 *   the relay keeps up when it does not compete with the ends for a core;
 * - how close `--rate` holds a transfer to its rate.
 * Run: deno run -A bench/relay_bench.ts
 */
import { freePort, printTable, startProcess, waitForTcp } from "./helpers.ts";

const BYTES = 1024 * 1024 * 1024;
const ROUNDS = 5;
const SINK = new URL("./relay_sink.ts", import.meta.url).pathname;
const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** Runs `cmd` on one CPU (taskset), or wherever the scheduler likes when `cpu` is undefined. */
function startOn(cpu: number | undefined, cmd: string, args: string[]) {
  return cpu === undefined
    ? startProcess(cmd, args)
    : startProcess("taskset", ["-c", `${cpu}`, cmd, ...args]);
}

function startRelay(cpu: number | undefined, args: string[]) {
  return startOn(cpu, Deno.execPath(), ["run", "-A", MAIN, "relay", ...args, "-q"]);
}

/** Sends `bytes` to the sink behind `port`; returns bytes per second, end to end. */
async function transfer(port: number, bytes: number): Promise<number> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const chunk = new Uint8Array(256 * 1024).fill(0x61);
  const start = performance.now();
  for (let sent = 0; sent < bytes; sent += chunk.length) {
    let off = 0;
    const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
    while (off < part.length) off += await conn.write(part.subarray(off));
  }
  await conn.closeWrite();
  const reply = new Uint8Array(8);
  let got = 0;
  while (got < 8) {
    const n = await conn.read(reply.subarray(got));
    if (n === null) throw new Error("the sink closed before answering");
    got += n;
  }
  const seconds = (performance.now() - start) / 1000;
  conn.close();
  const counted = Number(new DataView(reply.buffer).getBigUint64(0));
  if (counted !== bytes) throw new Error(`the sink counted ${counted} of ${bytes} bytes`);
  return bytes / seconds;
}

/** iperf3 for 3 s against `port`; returns the receiver's bytes per second. */
async function iperf(port: number): Promise<number> {
  const out = await new Deno.Command("iperf3", {
    args: ["-c", "127.0.0.1", "-p", `${port}`, "-t", "3", "-J"],
    stdout: "piped",
    stderr: "null",
  }).output();
  const report = JSON.parse(new TextDecoder().decode(out.stdout));
  if (report.error) throw new Error(`iperf3: ${report.error}`);
  return report.end.sum_received.bits_per_second / 8;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

type Path = "direct" | "framecat relay" | "socat relay";
const PATHS: Path[] = ["direct", "framecat relay", "socat relay"];

interface CompareOptions {
  /** Pin the relay and socat to this CPU. */
  relayCpu?: number;
  /**
   * Starts the target once the relays are up, so the probes that wait for them are refused
   * instead of reaching it (an iperf3 server takes a probe for a test and stays busy).
   */
  startTarget?: () => AsyncDisposable;
}

/** Runs `measure` ROUNDS times over each path, interleaved; medians by path. */
async function compare(
  target: number,
  measure: (port: number) => Promise<number>,
  { relayCpu, startTarget }: CompareOptions = {},
): Promise<Record<Path, number>> {
  const relayPort = freePort();
  const socatPort = freePort();
  await using _relay = startRelay(relayCpu, [`127.0.0.1:${relayPort}`, `127.0.0.1:${target}`]);
  await using _socat = startOn(relayCpu, "socat", [
    `TCP-LISTEN:${socatPort},bind=127.0.0.1,fork,reuseaddr`,
    `TCP:127.0.0.1:${target}`,
  ]);
  await waitForTcp(relayPort);
  await waitForTcp(socatPort);
  await using _target = startTarget?.();
  if (startTarget) {
    await waitForTcp(target);
    // iperf3's server takes the probe for a test that never starts: let it give up on it.
    await new Promise((r) => setTimeout(r, 1000));
  }
  const ports: Record<Path, number> = {
    direct: target,
    "framecat relay": relayPort,
    "socat relay": socatPort,
  };
  const samples: Record<Path, number[]> = { direct: [], "framecat relay": [], "socat relay": [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const path of PATHS) samples[path].push(await measure(ports[path]));
  }
  return {
    direct: median(samples.direct),
    "framecat relay": median(samples["framecat relay"]),
    "socat relay": median(samples["socat relay"]),
  };
}

/** Bytes per second through `framecat relay --rate RATE`, for 3 s worth of bytes. */
async function rateAccuracy(target: number, rate: number): Promise<number> {
  const port = freePort();
  await using _relay = startRelay(undefined, [
    `127.0.0.1:${port}`,
    `127.0.0.1:${target}`,
    "--rate",
    `${rate}`,
  ]);
  await waitForTcp(port);
  return await transfer(port, 3 * rate);
}

const mbps = (bytesPerS: number) => ((bytesPerS * 8) / 1e9).toFixed(2);
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(0)} %`;

function table(title: string, r: Record<Path, number>): void {
  console.log(`\n${title}`);
  printTable(
    ["path", "Gbit/s", "of direct"],
    PATHS.map((p) => [p, mbps(r[p]), pct(r[p], r.direct)]),
  );
  console.log(
    `framecat relay / socat relay: ${(r["framecat relay"] / r["socat relay"]).toFixed(2)}×`,
  );
}

const sinkPort = freePort();
await using _sink = startProcess(Deno.execPath(), ["run", "-A", SINK, `${sinkPort}`]);
await waitForTcp(sinkPort);
table(
  `Bulk TCP, 1 GiB from a Deno client to a Deno sink, median of ${ROUNDS} rounds`,
  await compare(sinkPort, (port) => transfer(port, BYTES)),
);

const iperfPort = freePort();
table(
  `Bulk TCP, iperf3 client to iperf3 server (3 s), median of ${ROUNDS} rounds`,
  await compare(iperfPort, iperf, {
    startTarget: () => startProcess("iperf3", ["-s", "-B", "127.0.0.1", "-p", `${iperfPort}`]),
  }),
);

if (navigator.hardwareConcurrency >= 2 && Deno.build.os === "linux") {
  // This process (the client) and the sink on CPU 0; the relay or socat on CPU 1.
  await new Deno.Command("taskset", { args: ["-p", "-c", "0", `${Deno.pid}`], stdout: "null" })
    .output();
  const pinnedSink = freePort();
  await using _pinned = startOn(0, Deno.execPath(), ["run", "-A", SINK, `${pinnedSink}`]);
  await waitForTcp(pinnedSink);
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
