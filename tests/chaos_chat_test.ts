/**
 * One chat member that heart-beats and never reads cannot freeze a TCP chat:
 * it is dropped when its bounded queue fills, and a third member's message
 * still reaches the others.
 */
import assert from "node:assert/strict";
import { sleep } from "../lib/sleep.ts";
import { eventsOf, Framecat, messageOf, servePrint } from "./helpers/cli.ts";
import { readBytes, text, writeAll } from "./helpers/net.ts";

const MiB = 1024 * 1024;

/** Reads a connection all along: counts the lines that came, and watches for a marker. */
class Reader {
  lines = 0;
  /** The last 100 short lines (not the 1 KiB filler): what the tests look for. */
  readonly short: string[] = [];
  #partial = "";
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
      const lines = (this.#partial + decoder.decode(buf.subarray(0, n), { stream: true }))
        .split("\n");
      this.#partial = lines.pop()!;
      this.lines += lines.length;
      for (const line of lines) if (line.length < 200) this.short.push(line);
      this.short.splice(0, this.short.length - 100);
      this.#wake();
    }
    this.#wake();
  }

  /** Whether a short line holding `text` has come. */
  saw(text: string): boolean {
    return this.short.some((line) => line.includes(text));
  }

  /** Waits until `pred` holds (true), or EOF or `timeoutMs` (false). */
  async until(pred: (r: this) => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let ended = false;
    this.done.then(() => ended = true);
    while (!pred(this)) {
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

/** `work`, or a failure naming `what` after `timeoutMs` (a write that would wait forever). */
async function within<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A line-framed chat server dropping members silent for `interval`. */
function chatServer(interval: string) {
  return Framecat.serving("--behavior", "chat", "--framing", "line", "--interval", interval);
}

/** Reads `conn` until a line holding `marker` has arrived (true), or EOF or `timeoutMs` (false). */
function sees(conn: Deno.Conn, marker: string, timeoutMs: number): Promise<boolean> {
  return new Reader(conn).until((r) => r.saw(marker), timeoutMs);
}

Deno.test("chat: a member that heart-beats and never reads is dropped; the others go on", async () => {
  // Nobody is dropped for silence while the 8 MiB go through (the deaf one heart-beats anyway).
  const { framecat: server, port } = await chatServer("600s");
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
    await server.waitFor((evs) =>
      eventsOf(evs, "info", "chat").filter((e) => e.chat === "join").length === 3
    );
    const marker = "] hello from the third";
    const talkerReads = new Reader(talker);
    // The third member reads all along too: only the deaf one is not reading.
    const thirdReads = new Reader(third);
    // 8 MiB of chat: far more than the kernel's buffers and the deaf member's queue hold. The
    // talker and the third member read the lines as they go, never more than 256 behind (well
    // within their queues): only the deaf member is slow.
    const lines = 8 * MiB / 1024;
    const burst = text(("x".repeat(1023) + "\n").repeat(64));
    for (let sent = 64; sent <= lines; sent += 64) {
      await within(writeAll(talker, burst), 30_000, "the server stopped reading the talker");
      for (const [who, reads] of [["talker", talkerReads], ["third", thirdReads]] as const) {
        assert.ok(await reads.until((r) => r.lines >= sent - 256, 30_000), `${who} dropped`);
      }
    }
    const dropped = await server.waitFor(
      (evs) => eventsOf(evs, "info", "chat").find((e) => e.chat === "overflow"),
      30_000,
      "the deaf member dropped",
    );
    assert.match(
      dropped.message,
      /was dropped: its queue stayed full \(1048576 bytes unread\) for 5 s/,
    );
    // Bounded, not instant: the message waits behind what the others have not yet read (less
    // than their 1 MiB queues, plus the kernel's buffers).
    await writeAll(third, text("hello from the third\n"));
    assert.ok(
      await thirdReads.until((r) => r.saw(marker), 30_000),
      "the third member sees its own message",
    );
    assert.ok(
      await talkerReads.until((r) => r.saw(marker), 30_000),
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

Deno.test("chat: a burst slows its sender; members that read late are not dropped", async () => {
  const { framecat: server, port } = await chatServer("600s");
  await using _ = server;
  const connect = () => Deno.connect({ hostname: "127.0.0.1", port });
  const sender = await connect();
  const reader = await connect();
  try {
    await server.waitFor((evs) =>
      eventsOf(evs, "info", "chat").filter((e) => e.chat === "join").length === 2
    );
    // 16 MiB of 4 KiB lines written at full speed: far more than a member's 1 MiB queue and the
    // kernel's buffers (several MiB each way) hold. Neither member reads for the first 2 s, less
    // than the FULL_MS a queue may stay full: the burst outruns them. Before, the members were
    // dropped for it (their queues filled), the sender with its writes reset.
    const lines = 16 * MiB / 4096;
    const burst = text(("x".repeat(4095) + "\n").repeat(16));
    const writing = (async () => {
      for (let sent = 0; sent < lines; sent += 16) await writeAll(sender, burst);
    })();
    await sleep(2000);
    const readers = [["sender", new Reader(sender)], ["reader", new Reader(reader)]] as const;
    await within(writing, 60_000, "the burst written");
    for (const [who, reads] of readers) {
      assert.ok(await reads.until((r) => r.lines >= lines, 60_000), `${who} got every line`);
    }
    const drops = server.of("info", "chat").filter((e) => e.chat !== "join");
    assert.deepEqual(drops, [], "nobody dropped");
  } finally {
    for (const c of [sender, reader]) {
      try {
        c.close();
      } catch { /* closed by a reader's timeout */ }
    }
  }
});

Deno.test("chat over TCP: a member dropped for silence is told why before the close", async () => {
  const { framecat: server, port } = await chatServer("500ms");
  await using _ = server;
  const silent = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const name = `127.0.0.1:${(silent.localAddr as Deno.NetAddr).port}`;
    assert.ok(
      await sees(silent, `[framecat] ${name} was dropped after 0.5 s of silence`, 10_000),
    );
  } finally {
    try {
      silent.close();
    } catch { /* closed by the reader's timeout */ }
  }
});

Deno.test("print: a peer that never reads is dropped; the lines still reach the others", async () => {
  const server = servePrint();
  await using _ = server;
  const port = await server.port();
  const deaf = await Deno.connect({ hostname: "127.0.0.1", port });
  const listener = await Deno.connect({ hostname: "127.0.0.1", port });
  const stdin = server.stdin.getWriter();
  try {
    await server.waitFor((evs) => eventsOf(evs, "connected").length === 2);
    const reads = new Reader(listener);
    // 8 MiB typed on the server's stdin; the listener keeps up, the deaf peer never reads.
    const burst = text(("y".repeat(1023) + "\n").repeat(64));
    for (let sent = 64; sent <= 8 * MiB / 1024; sent += 64) {
      await within(stdin.write(burst), 30_000, "the server stopped reading its stdin");
      assert.ok(await reads.until((r) => r.lines >= sent - 256, 30_000), "listener dropped");
    }
    const dropped = await server.waitFor(
      (evs) => evs.find((e) => /was dropped: it let 1048576 bytes wait unread/.test(messageOf(e))),
      30_000,
      "the deaf peer dropped",
    );
    assert.equal(dropped.peer, `127.0.0.1:${(deaf.localAddr as Deno.NetAddr).port}`);
    await stdin.write(text("the end\n"));
    assert.ok(await reads.until((r) => r.saw("the end"), 10_000));
  } finally {
    stdin.releaseLock();
    deaf.close();
    try {
      listener.close();
    } catch { /* closed by a reader's timeout */ }
  }
});

Deno.test("chat --framing len: a message no member's queue can hold is said with its sender, who stays in the room", async () => {
  const { framecat: server, port } = await Framecat.listening(
    ["serve", "127.0.0.1:0", "--behavior", "chat", "--framing", "len", "--output", "json"],
  );
  await using _ = server;
  using big = await Deno.connect({ hostname: "127.0.0.1", port });
  using other = await Deno.connect({ hostname: "127.0.0.1", port });
  await server.waitFor(() => server.of("info", "chat").length === 2 || undefined);
  const name = `127.0.0.1:${(big.localAddr as Deno.NetAddr).port}`;
  const frame = (body: Uint8Array) => {
    const out = new Uint8Array(4 + body.length);
    new DataView(out.buffer).setUint32(0, body.length);
    out.set(body, 4);
    return out;
  };
  // 1 MiB and 10 bytes: it fits --max-frame, not a member's queue with the name before it.
  await writeAll(big, frame(new Uint8Array(MiB + 10).fill(0x7a)));
  const [error] = await server.waitFor((evs) => {
    const errors = eventsOf(evs, "error");
    return errors.length > 0 && errors;
  });
  assert.equal(error.peer, name);
  assert.equal(
    messageOf(error),
    `a ${
      MiB + 10
    }-byte chat message was not passed on: with its sender's name, a member's queue holds ${
      MiB - `[${name}] `.length
    } bytes of message at most`,
  );
  // Still in the room: its next message reaches the other member.
  await writeAll(big, frame(text("hi")));
  const heard: string[] = [];
  for (let i = 0; i < 10 && !heard.includes(`[${name}] hi`); i++) {
    const size = new DataView((await readBytes(other, 4)).buffer).getUint32(0);
    heard.push(new TextDecoder().decode(await readBytes(other, size)));
  }
  assert.ok(heard.includes(`[${name}] hi`), heard.join(" | "));
  assert.deepEqual(server.of("info", "chat").filter((e) => e.chat !== "join"), []);
});
