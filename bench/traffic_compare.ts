/**
 * flood/sink against iperf3, on loopback, in one run:
 * - TCP throughput, one stream: `flood tcp` → `sink tcp --read-size 1MiB`
 *   (every byte verified; 1 MiB writes, the flood's default) versus
 *   `iperf3 -c` (nothing verified; its default 128 KiB writes and reads, and
 *   again with `-l 1M`, which its server then reads in too);
 * - UDP packets/s at 64-byte payloads: `flood udp --rate 0 --size 64`
 *   versus `iperf3 -u -b 0 -l 64`, sent and received.
 * Each measurement runs ROUNDS times, alternating the tools, and the best
 * round counts (the machine is shared; the best is the least disturbed).
 * Run: deno run --quiet -P bench/traffic_compare.ts
 */
import {
  BENCH_TIMEOUT_MS,
  framecatArgs,
  freePort,
  listeningPort,
  output,
  printAim,
  printTable,
  startProcess,
} from "./helpers.ts";

const SECONDS = 4;
const ROUNDS = 3;

interface Figures {
  tcpBits: number;
  /** iperf3 only: with 1 MiB writes, as framecat's flood. */
  tcpBitsLarge: number;
  udpSent: number;
  udpReceived: number;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const framecat = async (args: string[]) => text(await output(Deno.execPath(), framecatArgs(args)));

/** The final report of a framecat run's NDJSON. */
function finalReport(ndjson: string): Record<string, number> {
  const line = ndjson.split("\n").find((l) => l.includes('"final":true'));
  if (!line) throw new Error(`no final report in:\n${ndjson}`);
  return JSON.parse(line);
}

/** One iperf3 client run against a one-shot server on a free loopback port: its `end` object. */
async function iperf3(client: string[]): Promise<Record<string, Record<string, number>>> {
  const port = String(freePort());
  // --forceflush: its first line is out once it listens, not when a buffer fills.
  const server = ["-s", "-B", "127.0.0.1", "-p", port, "-1", "--forceflush"];
  await using _server = await startProcess("iperf3", server, BENCH_TIMEOUT_MS);
  const args = ["-c", "127.0.0.1", "-p", port, "-t", String(SECONDS), ...client, "-J"];
  return JSON.parse(text(await output("iperf3", args))).end;
}

/** A sink on a port of its choosing, the flood against it; both final reports. */
async function framecatPair(transport: "tcp" | "udp", flood: string[], sinkArgs: string[] = []) {
  const sinkCommand = ["sink", `${transport}://127.0.0.1:0`, "--once", "--output", "json"];
  await using sink = await startProcess(
    Deno.execPath(),
    framecatArgs([...sinkCommand, ...sinkArgs]),
    BENCH_TIMEOUT_MS,
  );
  const endpoint = `${transport}://127.0.0.1:${listeningPort(sink)}`;
  const sent = finalReport(await framecat(["flood", endpoint, "--output", "json", ...flood]));
  return { sent, received: finalReport(await sink.rest()) };
}

async function measureIperf3(): Promise<Figures> {
  const tcp = await iperf3([]);
  const tcpLarge = await iperf3(["-l", "1M"]);
  const udp = (await iperf3(["-u", "-b", "0", "-l", "64"])).sum;
  return {
    tcpBits: tcp.sum_received.bits_per_second,
    tcpBitsLarge: tcpLarge.sum_received.bits_per_second,
    udpSent: udp.packets / udp.seconds,
    udpReceived: (udp.packets - udp.lost_packets) / udp.seconds,
  };
}

async function measureFramecat(): Promise<Figures> {
  const duration = ["--duration", String(SECONDS)];
  const tcp = await framecatPair("tcp", duration, ["--read-size", "1MiB"]);
  if (!tcp.received.intact) throw new Error("the TCP flood did not arrive intact");
  const udp = await framecatPair("udp", [...duration, "--rate", "0", "--size", "64"]);
  return {
    tcpBits: tcp.received.bits_per_second,
    tcpBitsLarge: tcp.received.bits_per_second,
    udpSent: udp.sent.packets_per_second,
    udpReceived: udp.received.received / udp.sent.seconds,
  };
}

function best(runs: Figures[]): Figures {
  const max = (k: keyof Figures) => Math.max(...runs.map((r) => r[k]));
  return {
    tcpBits: max("tcpBits"),
    tcpBitsLarge: max("tcpBitsLarge"),
    udpSent: max("udpSent"),
    udpReceived: max("udpReceived"),
  };
}

async function main(): Promise<void> {
  const ours: Figures[] = [];
  const theirs: Figures[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    theirs.push(await measureIperf3());
    ours.push(await measureFramecat());
  }
  const f = best(ours);
  const i = best(theirs);
  const gbit = (b: number) => `${(b / 1e9).toFixed(2)} Gbit/s`;
  const kpps = (p: number) => `${(p / 1000).toFixed(1)} kpkt/s`;
  const row = (what: string, a: number, b: number, unit: (x: number) => string) => [
    what,
    unit(a),
    unit(b),
    `${((100 * a) / b).toFixed(0)} %`,
  ];
  console.log(`loopback, best of ${ROUNDS} rounds of ${SECONDS} s each\n`);
  printTable(["", "framecat", "iperf3", "framecat/iperf3"], [
    row("TCP, 1 stream (iperf3 default writes)", f.tcpBits, i.tcpBits, gbit),
    row("TCP, 1 stream (iperf3 -l 1M)", f.tcpBitsLarge, i.tcpBitsLarge, gbit),
    row("UDP 64 B, sent", f.udpSent, i.udpSent, kpps),
    row("UDP 64 B, received", f.udpReceived, i.udpReceived, kpps),
  ]);
  console.log();
  printAim("UDP 64 B send rate, flood / iperf3 -u", f.udpSent / i.udpSent, { atLeast: 0.8 });
}

if (import.meta.main) await main();
