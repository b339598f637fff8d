/**
 * The TCP sink's progress line on a real terminal (tmux) counts its
 * connections in English as a person writes them: "1 connection",
 * "0 connections", never "connection(s)"; so do its other counted lines.
 */
import assert from "node:assert/strict";
import { Framecat, framecatArgs } from "./helpers/cli.ts";
import { freePort } from "./helpers/net.ts";
import { output } from "./helpers/process.ts";
import { said, sayEn } from "../lib/i18n/say.ts";

const DEADLINE_MS = 20_000;

/** A tmux server of our own (its own socket), killed on dispose. */
class Pane implements AsyncDisposable {
  readonly socket = `fc-sink-${crypto.randomUUID().slice(0, 8)}`;

  async start(command: string[]): Promise<void> {
    const line = command.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
    await this.tmux("new-session", "-d", "-x", "120", "-y", "20", line);
  }

  tmux(...args: string[]): Promise<Uint8Array> {
    return output("tmux", ["-u", "-L", this.socket, ...args], {
      env: { LANG: "C.UTF-8", LC_ALL: "C.UTF-8" },
    });
  }

  /** Waits until a row matches `row`, and returns it; fails with the screen if none ever does. */
  async until(row: RegExp): Promise<string> {
    const deadline = Date.now() + DEADLINE_MS;
    while (true) {
      const text = new TextDecoder().decode(await this.tmux("capture-pane", "-p"));
      const found = text.split("\n").map((r) => r.trimEnd()).find((r) => row.test(r));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`never saw ${row}:\n${text}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.tmux("kill-server").catch(() => {});
  }
}

Deno.test("sink's progress line says 1 connection, then 0 connections", async () => {
  const port = freePort();
  await using pane = new Pane();
  await pane.start([Deno.execPath(), ...framecatArgs(["sink", `127.0.0.1:${port}`])]);
  await pane.until(/Listening on tcp:\/\/127\.0\.0\.1:/);
  // Paced, and stopped (Ctrl-C) only once the line with its connection was seen: however slow
  // the machine, the line is drawn (every quarter second) while the flood lasts.
  const flood = new Framecat(["flood", `127.0.0.1:${port}`, "--duration", "20", "--rate", "1MB"]);
  try {
    await pane.until(/^1 connection, \S+ \S+ received and verified$/);
  } finally {
    assert.equal((await flood.stop()).code, 0, flood.stderr);
  }
  assert.match(
    await pane.until(/^0 connection.*received and verified$/),
    /^0 connections, \S+ \S+ received and verified$/,
  );
});

Deno.test("sink's other counted lines agree with their number in English", () => {
  assert.equal(
    sayEn(said("sink.ignored", { count: 1, peer: "127.0.0.1:5000" })),
    "1 datagram from 127.0.0.1:5000 was not a flood probe (or was cut before its sequence number) and was ignored",
  );
  assert.equal(
    sayEn(said("sink.ignored", { count: 3, peer: "127.0.0.1:5000" })),
    "3 datagrams from 127.0.0.1:5000 were not flood probes (or were cut before their sequence number) and were ignored",
  );
  assert.equal(
    sayEn(said("sink.differs", { at: 7, n: 1 })),
    "byte 7 differs from the pattern (1 byte differs in all)",
  );
  assert.equal(
    sayEn(said("sink.differs", { at: 7, n: 2 })),
    "byte 7 differs from the pattern (2 bytes differ in all)",
  );
});
