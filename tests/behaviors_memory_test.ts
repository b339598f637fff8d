/**
 * Behaviours tested in memory through the `Peer` interface, with no socket
 * (as Hono's `app.request` tests a server without one): a behaviour sees
 * peers and frames only, so a peer that records what it was sent is all a
 * test needs. The options come from the real command-line parser, and every
 * event the behaviour emits must match `framecat schema`. The CLI tests
 * (course_*_test.ts) run the same behaviours over real sockets.
 */
import assert from "node:assert/strict";
import { createBehavior } from "../lib/behaviors/mod.ts";
import { HELD_REPLIES, ReplyBudget } from "../lib/behaviors/reply_budget.ts";
import type { Behavior, Peer } from "../lib/behaviors/types.ts";
import { toJson } from "../lib/display/reporter.ts";
import type { FcEvent } from "../lib/events/types.ts";
import type { Frame, JsonHeader } from "../lib/framing/types.ts";
import { parseCommandLine } from "../lib/options/cli.ts";
import { assertValidEvent } from "./helpers/schema.ts";

const text = (s: string) => new TextEncoder().encode(s);
const read = (b: Uint8Array) => new TextDecoder().decode(b);
const frame = (s: string, header?: JsonHeader): Frame => ({ payload: text(s), header });

/** A peer that keeps what it was sent and how it was closed. */
class RecordingPeer implements Peer {
  readonly transport = "tcp";
  readonly remoteAddr: Deno.Addr = { transport: "tcp", hostname: "127.0.0.1", port: 40000 };
  readonly localAddr: Deno.Addr = { transport: "tcp", hostname: "127.0.0.1", port: 9000 };
  readonly sent: Array<{ text: string; header?: JsonHeader }> = [];
  readonly payloads: Uint8Array[] = [];
  closedFor?: string;

  constructor(readonly name: string) {}

  send(payload: Uint8Array, header?: JsonHeader): Promise<void> {
    this.sent.push({ text: read(payload), ...(header ? { header } : {}) });
    this.payloads.push(payload);
    return Promise.resolve();
  }

  sendRaw(bytes: Uint8Array): Promise<void> {
    return this.send(bytes);
  }

  close(reason = "us"): void {
    this.closedFor = reason;
  }
}

/** A behaviour as `serve ARGS` makes it, its events kept (each checked by the schema). */
async function behavior(args: string[], now = () => new Date()) {
  const inv = await parseCommandLine(["serve", "127.0.0.1:0", ...args]);
  assert.equal(inv.command, "serve");
  const events: FcEvent[] = [];
  const emit = (ev: FcEvent) => {
    assertValidEvent(toJson(ev, "utf-8"));
    events.push(ev);
  };
  const b: Behavior = createBehavior(inv.options.behavior, {
    options: inv.options,
    emit,
    now,
    input: { signal: AbortSignal.abort() },
    replies: new ReplyBudget(HELD_REPLIES * inv.options.maxFrame),
  });
  return { b, events };
}

Deno.test("echo: each message back as it came, its json header too", async () => {
  const { b } = await behavior(["--behavior", "echo"]);
  const peer = new RecordingPeer("127.0.0.1:1");
  await b.message!(peer, frame("hello"));
  await b.message!(peer, frame("body", { file_name: "a.txt", total_size: 4 }));
  assert.deepEqual(peer.sent, [
    { text: "hello" },
    { text: "body", header: { file_name: "a.txt", total_size: 4 } },
  ]);
});

Deno.test("upper: text upper-cased in --encoding, growing where the language does (ß is SS)", async () => {
  const { b } = await behavior(["--behavior", "upper"]);
  const peer = new RecordingPeer("127.0.0.1:1");
  await b.message!(peer, frame("straße"));
  await b.message!(peer, { payload: Uint8Array.of(0x61, 0xff, 0x7a) });
  assert.equal(peer.sent[0].text, "STRASSE");
  assert.deepEqual(peer.payloads[1], Uint8Array.of(0x41, 0xff, 0x5a), "not text: only a-z change");
});

Deno.test("time: the message is the pattern, the clock is the context's", async () => {
  const noon = new Date(2026, 0, 2, 12, 34, 56);
  const { b } = await behavior(["--behavior", "time"], () => noon);
  const peer = new RecordingPeer("127.0.0.1:1");
  await b.message!(peer, frame("%Y-%m-%d"));
  await b.message!(peer, frame(""));
  assert.deepEqual(peer.sent.map((s) => s.text), ["2026-01-02", "2026-01-02 12:34:56"]);
});

Deno.test("chat: one message reaches every member; a heartbeat reaches nobody; quit leaves", async () => {
  const { b, events } = await behavior(["--behavior", "chat"]);
  const [ann, bob, cat] = ["10.0.0.1:1", "10.0.0.2:2", "10.0.0.3:3"].map((n) =>
    new RecordingPeer(n)
  );
  try {
    for (const p of [ann, bob, cat]) await b.open!(p);
    await b.message!(bob, frame("hi all"));
    await b.message!(cat, frame("^hb^"));
    await b.message!(ann, frame("quit"));
    await b.message!(cat, frame("bye"));
  } finally {
    await b.stop!();
  }
  assert.deepEqual(ann.sent.map((s) => s.text), ["[10.0.0.2:2] hi all"]);
  assert.deepEqual(bob.sent.map((s) => s.text), ["[10.0.0.2:2] hi all", "[10.0.0.3:3] bye"]);
  assert.deepEqual(cat.sent.map((s) => s.text), ["[10.0.0.2:2] hi all", "[10.0.0.3:3] bye"]);
  assert.equal(ann.closedFor, "leave", "quit closes the peer that said it");
  assert.equal(bob.closedFor, undefined);
  const changes = events.flatMap((e) =>
    e.event === "info" && e.kind === "chat" ? [[e.chat, e.online]] : []
  );
  assert.deepEqual(changes, [["join", 1], ["join", 2], ["join", 3], ["leave", 2]]);
});
