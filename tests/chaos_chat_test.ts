/**
 * One chat member that heart-beats and never reads cannot freeze a TCP chat:
 * it is dropped when its bounded queue fills, and a third member's message
 * still reaches the others.
 */
import assert from "node:assert/strict";
import { sleep } from "../lib/sleep.ts";
import { Framecat } from "./helpers/cli.ts";
import { text, writeAll } from "./helpers/net.ts";
import { J } from "./chaos_helpers.ts";

const MiB = 1024 * 1024;

/** Reads a connection all along: counts the lines that came, and watches for a marker. */
class Reader {
  lines = 0;
  #tail = "";
  #wake = () => {};
  readonly done: Promise<void>;

  constructor(readonly conn: Deno.Conn) {
    this.done = this.#run();
  }

  async #run(): Promise<void> {
    const decoder = new TextDecoder();
    const buf = new Uint8Array(256 * 1024);
    while (true) {
      const n = await this.conn.read(buf).catch(() => null);
      if (n === null) break;
      const chunk = decoder.decode(buf.subarray(0, n), { stream: true });
      for (let at = chunk.indexOf("\n"); at >= 0; at = chunk.indexOf("\n", at + 1)) this.lines++;
      this.#tail = (this.#tail + chunk).slice(-4096);
      this.#wake();
    }
    this.#wake();
  }

  /** Waits until `pred` holds (true), or EOF or `timeoutMs` (false). */
  async until(pred: (r: { lines: number; tail: string }) => boolean, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    let ended = false;
    this.done.then(() => ended = true);
    while (!pred({ lines: this.lines, tail: this.#tail })) {
      if (ended || Date.now() > deadline) return false;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 100);
        this.#wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    return true;
  }
}

/** Reads `conn` until `marker` has arrived (true), or EOF or `timeoutMs` (false). */
function sees(conn: Deno.Conn, marker: string, timeoutMs: number): Promise<boolean> {
  return new Reader(conn).until((r) => r.tail.includes(marker), timeoutMs);
}

Deno.test("chat: a member that heart-beats and never reads is dropped; the others go on", async () => {
  const { framecat: server, port } = await Framecat.listening([
    "serve",
    "127.0.0.1:0",
    "--behavior",
    "chat",
    "--framing",
    "line",
    // Nobody is dropped for silence while the 8 MiB go through (the deaf one heart-beats anyway).
    "--interval",
    "600",
    ...J,
  ]);
  await using _ = server;
  const connect = () => Deno.connect({ hostname: "127.0.0.1", port });
  const deaf = await connect();
  const talker = await connect();
  const third = await connect();
  let beating = true;
  // Keeps the deaf member live: it is never dropped for silence (bounded: 300 beats).
  const beats = (async () => {
    for (let i = 0; beating && i < 300; i++) {
      await writeAll(deaf, text("^hb^\n")).catch(() => {});
      await sleep(100);
    }
  })();
  try {
    await server.waitFor((evs) => evs.filter((e) => e.chat === "join").length === 3);
    const marker = "] hello from the third";
    const talkerReads = new Reader(talker);
    // The third member reads all along too: only the deaf one is not reading.
    const thirdReads = new Reader(third);
    // 8 MiB of chat: far more than the kernel's buffers and the deaf member's queue hold. The
    // talker reads its own lines back as it goes, never more than 256 behind: it is not deaf.
    const lines = 8 * MiB / 1024;
    const burst = text(("x".repeat(1023) + "\n").repeat(64));
    for (let sent = 64; sent <= lines; sent += 64) {
      await writeAll(talker, burst);
      assert.ok(await talkerReads.until((r) => r.lines >= sent - 256, 30_000), "talker dropped");
    }
    const dropped = await server.waitFor(
      (evs) => evs.find((e) => e.chat === "overflow"),
      30_000,
      "the deaf member dropped",
    );
    assert.match(String(dropped.message), /was dropped: it let 1048576 bytes wait unread/);
    // Bounded, not instant: the message waits behind what the others have not yet read (less
    // than their 1 MiB queues, plus the kernel's buffers).
    await writeAll(third, text("hello from the third\n"));
    assert.ok(
      await thirdReads.until((r) => r.tail.includes(marker), 30_000),
      "the third member sees its own message",
    );
    assert.ok(
      await talkerReads.until((r) => r.tail.includes(marker), 30_000),
      "the talker sees the third member's message",
    );
  } finally {
    beating = false;
    await beats;
    for (const c of [deaf, talker, third]) {
      try {
        c.close();
      } catch { /* closed by a reader's timeout */ }
    }
  }
});

Deno.test("chat over TCP: a member dropped for silence is told why before the close", async () => {
  const { framecat: server, port } = await Framecat.listening([
    "serve",
    "127.0.0.1:0",
    "--behavior",
    "chat",
    "--framing",
    "line",
    "--interval",
    "500ms",
    ...J,
  ]);
  await using _ = server;
  const silent = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const name = `127.0.0.1:${(silent.localAddr as Deno.NetAddr).port}`;
    assert.ok(
      await sees(silent, `[framecat] ${name} was dropped after 0.5 s of silence\n`, 10_000),
    );
  } finally {
    try {
      silent.close();
    } catch { /* closed by the reader's timeout */ }
  }
});
