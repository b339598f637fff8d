/**
 * TLS echo throughput, framecat against socat, in one run: the same Deno
 * TLS client (64 KiB writes and reads, verifying against the CA) echoes
 * BULK_BYTES through `framecat serve tls:// --behavior echo` and through
 * `socat OPENSSL-LISTEN:… PIPE`, both serving the same ECDSA P-256
 * certificate. The ratio is the figure; absolute numbers depend on the machine.
 * Run: deno run --quiet -P bench/tls_compare.ts
 */
import { makeCertificates } from "../lib/transport/certificate.ts";
import {
  background,
  echoBulk,
  framecatArgs,
  freePort,
  printAim,
  printTable,
  waitForTcp,
} from "./helpers.ts";

const BULK_BYTES = 256 * 1024 * 1024;
const ROUNDS = 3;

async function bulk(port: number, ca: string): Promise<number> {
  const conn = await Deno.connectTls({ hostname: "localhost", port, caCerts: [ca] });
  await conn.handshake();
  return await echoBulk(conn, BULK_BYTES); // bits/s echoed
}

/** The best of ROUNDS connections to a server started once. */
async function measure(start: (port: number) => AsyncDisposable, ca: string): Promise<number> {
  const port = freePort();
  await using _server = start(port);
  await waitForTcp(port);
  let best = 0;
  for (let i = 0; i < ROUNDS; i++) best = Math.max(best, await bulk(port, ca));
  return best;
}

const dir = await Deno.makeTempDir({ prefix: "fc-tls-bench-" });
try {
  const made = await makeCertificates({ names: ["localhost", "127.0.0.1"] });
  const cert = `${dir}/cert.pem`;
  const key = `${dir}/key.pem`;
  await Deno.writeTextFile(cert, made.cert);
  await Deno.writeTextFile(key, made.key);

  const framecat = await measure(
    (port) =>
      background(
        Deno.execPath(),
        framecatArgs(["serve", `tls://127.0.0.1:${port}`, "--cert", cert, "--key", key, "-q"]),
      ),
    made.ca,
  );
  const socat = await measure(
    (port) =>
      background("socat", [
        `OPENSSL-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork,cert=${cert},key=${key},verify=0`,
        "PIPE",
      ]),
    made.ca,
  );
  const gbps = (b: number) => (b / 1e9).toFixed(2);
  printTable(["TLS echo server (same Deno client)", "echo Gbit/s"], [
    ["framecat serve tls://", gbps(framecat)],
    ["socat OPENSSL-LISTEN … PIPE", gbps(socat)],
  ]);
  console.log(`\nthroughput framecat/socat: ${(framecat / socat).toFixed(2)}×`);
  printAim("TLS echo / socat OPENSSL-LISTEN, throughput", framecat / socat, { atLeast: 1.2 });
} finally {
  await Deno.remove(dir, { recursive: true });
}
