/** Shared pieces of the benchmark scripts: wait for ports, print tables. */
import { sleep } from "../lib/sleep.ts";
import { writeAll } from "../lib/transport/stream.ts";
import type { Running } from "../tests/helpers/process.ts";

export { framecatArgs } from "../tests/helpers/cli.ts";
export { freePort } from "../tests/helpers/net.ts";
export {
  type Background,
  background,
  output,
  type Running,
  runProcess,
  startProcess,
} from "../tests/helpers/process.ts";
export { percentile } from "../lib/traffic/rtt.ts";

/** Long enough for any benchmark: a process that hangs is still killed in the end. */
export const BENCH_TIMEOUT_MS = 60 * 60 * 1000;

/** The port of a framecat started with `--output json`, from its first line (`listening`). */
export function listeningPort(framecat: Running): number {
  return JSON.parse(framecat.firstLine).port;
}

/**
 * Waits until something accepts TCP connections on the port (bounded), for
 * servers that do not say when they listen. The probe is a connection.
 */
export async function waitForTcp(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return;
    } catch {
      await sleep(50);
    }
  }
  throw new Error(`nothing listens on ${port}`);
}

/**
 * CPU seconds used by a process and its children that have ended (socat
 * serves each connection in a child): Linux's /proc, NaN elsewhere.
 */
export function cpuSeconds(pid: number): number {
  try {
    // stat(5) after the command name: state is field 3, utime..cstime are 14..17.
    const fields = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1].split(" ");
    const ticks = fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0);
    return ticks / 100; // USER_HZ
  } catch {
    return NaN;
  }
}

/** Prints rows as an aligned plain-text table. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

/** Writes `bytes` in 64 KiB chunks while reading the echo back; the bits per second echoed. */
export async function echoBulk(conn: Deno.Conn, bytes: number): Promise<number> {
  const chunk = new Uint8Array(65536).fill(0x61);
  const start = performance.now();
  let got = 0;
  let stalled = false;
  // A server that echoes nothing for STALL_MS is stuck: the connection is closed under it.
  let seen = -1;
  const watchdog = setInterval(() => {
    if (got === seen) {
      stalled = true;
      conn.close();
    }
    seen = got;
  }, STALL_MS);
  const writer = (async () => {
    for (let sent = 0; sent < bytes; sent += chunk.length) await writeAll(conn, chunk);
  })();
  try {
    const buf = new Uint8Array(65536);
    while (got < bytes) {
      const n = await conn.read(buf);
      if (n === null) throw new Error("server closed early");
      got += n;
    }
    await writer;
  } catch (err) {
    writer.catch(() => {}); // closed under it too
    throw stalled ? new EchoStalled(got, bytes) : err;
  } finally {
    clearInterval(watchdog);
  }
  const seconds = (performance.now() - start) / 1000;
  conn.close();
  return (bytes * 8) / seconds;
}

/** How long a bulk echo may move nothing before it is declared stuck. */
const STALL_MS = 20_000;

/** A bulk echo whose server stopped echoing. */
export class EchoStalled extends Error {
  constructor(readonly got: number, readonly bytes: number) {
    super(`the server echoed nothing for ${STALL_MS / 1000} s (${got} of ${bytes} bytes back)`);
  }
}

/**
 * echoBulk on a connection of its own, run again when the server stalls, at most twice, each
 * time said on stderr. socat's PIPE can deadlock itself: it writes 8 KiB into its own pipe
 * when poll said only 4 KiB were free, and blocks there, owing the echo forever. A new
 * connection gets a new socat child (fork); a third stall fails the run.
 */
export async function echoBulkRetried(
  what: string,
  connect: () => Promise<Deno.Conn>,
  bytes: number,
): Promise<number> {
  for (let attempt = 1;; attempt++) {
    try {
      return await echoBulk(await connect(), bytes);
    } catch (err) {
      if (!(err instanceof EchoStalled) || attempt === 3) throw err;
      console.error(`${what}: ${err.message}; that echo is run again`);
    }
  }
}

/**
 * One of the figures `deno task bench:compare` is judged by: a ratio measured in this run,
 * beside its aim (issue 25), on a line of its own that starts with `aim:`.
 */
export function printAim(what: string, ratio: number, aim: { atLeast?: number; atMost?: number }) {
  const met = (aim.atLeast === undefined || ratio >= aim.atLeast) &&
    (aim.atMost === undefined || ratio <= aim.atMost);
  const bound = aim.atLeast !== undefined ? `≥ ${aim.atLeast}×` : `≤ ${aim.atMost}×`;
  console.log(`aim: ${what}: ${ratio.toFixed(2)}× (aim ${bound}: ${met ? "met" : "not met"})`);
}
