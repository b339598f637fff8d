/**
 * TLS echo throughput, framecat against socat, in one run: the same Deno
 * TLS client (64 KiB writes and reads, verifying against the CA) echoes
 * BULK_BYTES through `framecat serve tls:// --behavior echo` and through
 * `socat OPENSSL-LISTEN:… PIPE`, both serving the same ECDSA P-256
 * certificate, ROUNDS times each, taking turns; the medians, and the figure: the median of
 * the rounds' own ratios (each round's framecat transfer over the socat transfer just after it),
 * so a ratio never pairs one moment of a shared machine with another. Absolute numbers depend
 * on the machine.
 * Run: deno run --quiet -P bench/tls_compare.ts
 */
import { makeCertificates } from "../lib/transport/certificate.ts";
import {
  background,
  echoBulkRetried,
  framecatArgs,
  freePort,
  printAim,
  printTable,
  waitForTcp,
} from "./helpers.ts";

const BULK_BYTES = 256 * 1024 * 1024;
const ROUNDS = 5;

async function bulk(what: string, port: number, ca: string): Promise<number> {
  const connect = async () => {
    const conn = await Deno.connectTls({ hostname: "localhost", port, caCerts: [ca] });
    await conn.handshake();
    return conn;
  };
  return await echoBulkRetried(what, connect, BULK_BYTES); // bits/s echoed
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Both servers started once, then ROUNDS connections to each, taking turns (load that comes and
 * goes on a shared machine falls on both): each server's samples, round by round.
 */
async function measure(
  starts: ((port: number) => AsyncDisposable)[],
  ca: string,
): Promise<number[][]> {
  const servers: { port: number; process: AsyncDisposable }[] = [];
  try {
    for (const start of starts) {
      const port = freePort();
      servers.push({ port, process: start(port) });
      await waitForTcp(port);
    }
    const samples = servers.map(() => [] as number[]);
    for (let i = 0; i < ROUNDS; i++) {
      for (const [s, { port }] of servers.entries()) {
        samples[s].push(await bulk(s === 0 ? "framecat" : "socat", port, ca));
      }
    }
    return samples;
  } finally {
    for (const { process } of servers) await process[Symbol.asyncDispose]();
  }
}

const dir = await Deno.makeTempDir({ prefix: "fc-tls-bench-" });
try {
  const made = await makeCertificates({ names: ["localhost", "127.0.0.1"] });
  const cert = `${dir}/cert.pem`;
  const key = `${dir}/key.pem`;
  await Deno.writeTextFile(cert, made.cert);
  await Deno.writeTextFile(key, made.key);

  const [framecats, socats] = await measure([
    (port) =>
      background(
        Deno.execPath(),
        framecatArgs(["serve", `tls://127.0.0.1:${port}`, "--cert", cert, "--key", key, "-q"]),
      ),
    (port) =>
      background("socat", [
        `OPENSSL-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork,cert=${cert},key=${key},verify=0`,
        "PIPE",
      ]),
  ], made.ca);
  const [framecat, socat] = [median(framecats), median(socats)];
  const ratios = framecats.map((f, i) => f / socats[i]);
  const gbps = (b: number) => (b / 1e9).toFixed(2);
  console.log(`median of ${ROUNDS} connections each, the servers taking turns`);
  printTable(["TLS echo server (same Deno client)", "echo Gbit/s"], [
    ["framecat serve tls://", gbps(framecat)],
    ["socat OPENSSL-LISTEN … PIPE", gbps(socat)],
  ]);
  console.log(
    `\nthroughput framecat/socat (ratio of the medians): ${(framecat / socat).toFixed(2)}×`,
  );
  console.log(
    `framecat/socat, round by round: ${ratios.map((r) => r.toFixed(2)).join(" ")} ` +
      `(median ${median(ratios).toFixed(2)}×)`,
  );
  printAim(
    "TLS echo / socat OPENSSL-LISTEN, throughput, median of the rounds' ratios",
    median(ratios),
    { atLeast: 1.2 },
  );
} finally {
  await Deno.remove(dir, { recursive: true });
}
