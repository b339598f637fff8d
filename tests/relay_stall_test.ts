/**
 * --stall-after is an unplugged cable: once a link is stalled, neither way
 * forwards anything more to the other side, data or end of file, until the
 * relay stops. Real sockets on 127.0.0.1, the relay in-process; every wait is
 * bounded.
 */
import assert from "node:assert/strict";
import { concatBytes } from "../lib/bytes.ts";
import { sleep } from "../lib/sleep.ts";
import { text, writeAll } from "./helpers/net.ts";
import { startRelay, stopStats } from "./relay_helpers.ts";

/** How long a side watches for an end of file that must not come. */
const SILENCE_MS = 1500;
/** Longest wait for anything that must come. */
const WAIT_MS = 5000;

/** Reads a connection in the background until end of file (or its close): what came, and whether it ended. */
class Tap {
  bytes: Uint8Array = new Uint8Array(0);
  eof = false;
  readonly done: Promise<void>;

  constructor(conn: Deno.Conn) {
    this.done = (async () => {
      const buf = new Uint8Array(65536);
      while (true) {
        // A read fails once the test closes the connection: that ends it too, without an EOF.
        const n = await conn.read(buf).catch(() => undefined);
        if (n === undefined) return;
        if (n === null) {
          this.eof = true;
          return;
        }
        this.bytes = concatBytes([this.bytes, buf.slice(0, n)]);
      }
    })();
  }

  /** Waits until `n` bytes came (or end of file), within `ms`. */
  async bytesIn(n: number, ms = WAIT_MS): Promise<Uint8Array> {
    const deadline = performance.now() + ms;
    while (this.bytes.length < n && !this.eof && performance.now() < deadline) await sleep(10);
    return this.bytes;
  }
}

/** `p`, or an error after `ms`. */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

const dec = (b: Uint8Array) => new TextDecoder().decode(b);

// Each case: the side that sends past the limit (and stalls the link), and the way the
// other side's end of file takes back to it — the fast copy (no faults that way) or the
// faulty forwarder (--direction both).
const CASES = [
  { direction: "down", trigger: "target", back: "up, the fast path" },
  { direction: "up", trigger: "client", back: "down, the fast path" },
  { direction: "both", trigger: "target", back: "up, the faulty forwarder" },
  { direction: "both", trigger: "client", back: "down, the faulty forwarder" },
] as const;

Deno.test("--stall-after 10: after the stall, neither way forwards data or an end of file until the relay stops", async (t) => {
  for (const { direction, trigger, back } of CASES) {
    await t.step(
      `--direction ${direction}, stalled by the ${trigger} (back: ${back})`,
      async () => {
        const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
        const accepted = listener.accept();
        let client: Deno.TcpConn | undefined;
        let target: Deno.Conn | undefined;
        try {
          const { relay, port } = await startRelay(`127.0.0.1:${listener.addr.port}`, [
            "--stall-after",
            "10",
            "--direction",
            direction,
            "--seed",
            "1",
          ]);
          await using _relay = relay;
          client = await Deno.connect({ hostname: "127.0.0.1", port });
          target = await within(accepted, WAIT_MS, "the relay's connection to the target");
          const sides = { client, target };
          const taps = { client: new Tap(client), target: new Tap(target) };
          const other = trigger === "client" ? "target" : "client";
          // Before the stall: the other side's 4 bytes pass (below the limit, whichever way it counts).
          await writeAll(sides[other], text("ping"));
          assert.equal(
            dec(await taps[trigger].bytesIn(4)),
            "ping",
            "4 bytes before the stall pass",
          );
          // 20 bytes past the limit: 10 delivered, then the link is stalled.
          await writeAll(sides[trigger], text("0123456789abcdefghij"));
          await relay.waitFor(
            (evs) => evs.find((e) => e.event === "fault" && e.fault === "stall"),
            WAIT_MS,
            "the stall",
          );
          assert.equal(dec(await taps[other].bytesIn(10)), "0123456789");
          // The other side ends its write side (as `connect --send … --wait` does when it is done):
          // a stalled link must not pass that end of file on.
          await sides[other].closeWrite();
          await sleep(SILENCE_MS);
          assert.equal(
            taps[trigger].eof,
            false,
            `the ${trigger} read an end of file through a stalled link (--direction ${direction})`,
          );
          assert.equal(dec(taps[trigger].bytes), "ping", `nothing more reached the ${trigger}`);
          assert.equal(taps[other].eof, false);
          assert.equal(dec(taps[other].bytes), "0123456789", `nothing more reached the ${other}`);
          // The link ends when the relay stops: both sides then read end of file.
          const stats = await stopStats(relay);
          assert.equal(stats.stalls, 1);
          const delivered = { client: "bytes_up", target: "bytes_down" } as const;
          assert.equal(stats[delivered[trigger]], 10);
          assert.equal(stats[delivered[other]], 4);
          await within(Promise.all([taps.client.done, taps.target.done]), WAIT_MS, "the ends");
          assert.deepEqual([taps.client.eof, taps.target.eof], [true, true], "closed on stop");
        } finally {
          client?.close();
          target?.close();
          listener.close();
          // Accepted after all (the relay connected late): closed too.
          if (!target) (await accepted.catch(() => undefined))?.close();
        }
      },
    );
  }
});
