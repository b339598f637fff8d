/**
 * Memory a server holds for each idle client, measured from outside: its
 * resident memory (VmRSS in /proc/PID/status, Linux only), before and while
 * clients that have each sent ten lines (and read them echoed) stay
 * connected and say nothing more. RSS does not move with the machine's load,
 * so the figure holds on a busy machine too. Used by the memory test and by
 * bench/idle_memory.ts.
 *
 * Two figures at each count: RSS as soon as it stops growing (what the test
 * bounds: fast), and, when asked, after the server has had nothing to do for
 * a while: V8 keeps the young generation it grew while the clients connected
 * (up to 48 MiB) until its memory reducer sees the process idle, about 25 s
 * later, and then gives it back.
 */
import { sleep } from "../../lib/sleep.ts";
import { writeAll } from "../../lib/transport/stream.ts";
import { rssBytes } from "../chaos_helpers.ts";

/** What each client sends, one line a write: 10 lines, 250 bytes. */
const LINES = Array.from(
  { length: 10 },
  (_, i) => new TextEncoder().encode(`line ${i} of an idle client\n`),
);
const ECHOED = LINES.reduce((sum, line) => sum + line.length, 0);
/** Clients connecting at once: enough to go fast, few enough for any backlog. */
const AT_ONCE = 50;
/** The longest one client may take to connect and be echoed (a bound on a hung server). */
const CLIENT_MS = 30_000;

/** One client: connects, sends the lines, reads them all back; left open. */
async function idleClient(port: number): Promise<Deno.Conn> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const timer = setTimeout(() => conn.close(), CLIENT_MS);
  try {
    for (const line of LINES) await writeAll(conn, line);
    const buf = new Uint8Array(ECHOED);
    for (let got = 0; got < ECHOED;) {
      const n = await conn.read(buf.subarray(got));
      if (n === null) throw new Error("the server closed an idle client");
      got += n;
    }
  } catch (err) {
    conn.close();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return conn;
}

/** Adds clients to `conns` until there are `count`. */
async function connectUpTo(port: number, conns: Deno.Conn[], count: number): Promise<void> {
  while (conns.length < count) {
    const batch = Math.min(AT_ONCE, count - conns.length);
    conns.push(...await Promise.all(Array.from({ length: batch }, () => idleClient(port))));
  }
}

/** The server's RSS once it has stopped growing (sampled every 200 ms, at most 5 s). */
async function settledRss(pid: number): Promise<number> {
  let last = rssBytes(pid);
  for (let i = 0; i < 25; i++) {
    await sleep(200);
    const now = rssBytes(pid);
    if (Math.abs(now - last) < 64 * 1024) return now;
    last = now;
  }
  return last;
}

export interface IdleMemory {
  /** Clients connected. */
  clients: number;
  /** The server's RSS with them connected. */
  rss: number;
  /**
   * Bytes per client: (RSS − RSS at the count before) / (clients − that count), the first
   * count measured from the RSS before any client. What the next thousand clients cost, not
   * what the first ones cost in code compiled and heap reserved.
   */
  perClient: number;
  /** With `quietMs`: the RSS after that long with nothing to do, and bytes per client from it. */
  quiet?: { rss: number; perClient: number };
}

/**
 * The echo server `pid` on `port`, measured at each count of idle clients
 * (ascending): its RSS before any (after a few clients have come and gone, so
 * that its code for them is compiled), and with each count connected. With
 * `quietMs`, each is measured again after that long idle (`baseQuiet`,
 * `quiet`). The clients are closed at the end.
 */
export async function idleMemory(
  pid: number,
  port: number,
  counts: number[],
  quietMs = 0,
): Promise<{ base: number; baseQuiet: number; at: IdleMemory[] }> {
  const warmUp: Deno.Conn[] = [];
  await connectUpTo(port, warmUp, 20);
  for (const conn of warmUp) conn.close();
  const base = await settledRss(pid);
  let baseQuiet = base;
  if (quietMs > 0) {
    await sleep(quietMs);
    baseQuiet = rssBytes(pid);
  }
  const conns: Deno.Conn[] = [];
  const at: IdleMemory[] = [];
  try {
    let before = { clients: 0, rss: base, quiet: baseQuiet };
    for (const clients of counts) {
      await connectUpTo(port, conns, clients);
      const rss = await settledRss(pid);
      const measured: IdleMemory = {
        clients,
        rss,
        perClient: (rss - before.rss) / (clients - before.clients),
      };
      let quiet = rss;
      if (quietMs > 0) {
        await sleep(quietMs);
        quiet = rssBytes(pid);
        measured.quiet = {
          rss: quiet,
          perClient: (quiet - before.quiet) / (clients - before.clients),
        };
      }
      at.push(measured);
      before = { clients, rss, quiet };
    }
  } finally {
    for (const conn of conns) conn.close();
  }
  return { base, baseQuiet, at };
}
