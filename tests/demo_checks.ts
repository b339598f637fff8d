/**
 * What each demo must show, checked on its NDJSON events: the same checks
 * serve the in-process repetitions and the spawned CLI runs.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { FcEvent } from "../lib/events/types.ts";
import { toJson } from "../lib/display/reporter.ts";
import { runDemo } from "../lib/demo/run.ts";
import type { Demo } from "../lib/demo/types.ts";
import { type EventKind, eventsOf, type JsonEvent } from "./helpers/cli.ts";

/** Runs a demo in-process and returns its events as NDJSON objects. */
export async function demoEvents(demo: Demo): Promise<JsonEvent[]> {
  const events: FcEvent[] = [];
  await runDemo(demo, { lang: "en", emit: (ev) => events.push(ev) });
  return events.map((ev) => toJson(ev, "utf-8"));
}

const bytesOf = (ev: { base64?: string }) => Uint8Array.fromBase64(ev.base64 ?? "");
const md5 = (data: Uint8Array) => createHash("md5").update(data).digest("hex");

/** The events of one phase: `of("read", "receiver")`, `stats`. */
function phase(events: JsonEvent[], id: string) {
  const mine = events.filter((e) => e.phase === id);
  assert.ok(mine.length > 0, `no events in phase ${id}`);
  assert.equal(eventsOf(mine, "stats").length, 1, `one stats event in phase ${id}`);
  const [stats] = eventsOf(mine, "stats", "demo");
  assert.ok(stats, `the phase ${id} says its figures`);
  return {
    of: <E extends EventKind>(event: E, role?: string) =>
      eventsOf(mine, event).filter((e) => role === undefined || e.role === role),
    stats,
  };
}

export const CHECKS: Record<string, (events: JsonEvent[]) => void> = {
  sticky(events) {
    const problem = phase(events, "problem");
    assert.deepEqual(problem.of("sent", "sender").map((e) => e.text), ["hello", "world"]);
    const reads = problem.of("read", "receiver");
    assert.equal(reads.length, 1, "exactly one raw read");
    assert.equal(reads[0].text, "helloworld");
    const fix = phase(events, "fix");
    assert.equal(fix.of("read", "receiver").length, 1, "the framed bytes stick too");
    const frames = fix.of("frame", "receiver");
    assert.deepEqual(frames.map((e) => e.text), ["hello", "world"]);
    assert.deepEqual(frames.map((e) => [e.first_read, e.read]), [[1, 1], [1, 1]]);
  },

  nagle(events) {
    const problem = phase(events, "problem");
    const sent = problem.of("sent", "sender");
    assert.deepEqual(sent.map((e) => [e.text, e.write, e.coalesced]), [
      ["hello", 1, 2],
      ["world", 1, 2],
    ]);
    const reads = problem.of("read", "receiver");
    assert.equal(reads.length, 1, "one read, though the receiver was waiting");
    assert.equal(reads[0].text, "helloworld");
    const fix = phase(events, "fix");
    assert.equal(fix.of("read", "receiver").length, 1, "the framed sends are merged too");
    assert.deepEqual(fix.of("frame", "receiver").map((e) => e.text), ["hello", "world"]);
  },

  split(events) {
    const problem = phase(events, "problem");
    const [sent] = problem.of("sent", "sender");
    assert.equal(sent.bytes, 65536);
    const reads = problem.of("read", "receiver");
    assert.ok(reads.length > 1, "many reads");
    for (const r of reads) assert.ok((r.bytes ?? Infinity) <= 1024, `read of ${r.bytes} B`);
    const joined = new Uint8Array(reads.flatMap((r) => [...bytesOf(r)]));
    assert.equal(md5(joined), md5(bytesOf(sent)), "the reads add up to the message");
    const fix = phase(events, "fix");
    const [fixSent] = fix.of("sent", "sender");
    assert.ok(fix.of("read", "receiver").length > 1);
    for (const r of fix.of("read", "receiver")) assert.ok((r.bytes ?? Infinity) <= 1024);
    const frames = fix.of("frame", "receiver");
    assert.equal(frames.length, 1, "one message");
    assert.equal(frames[0].bytes, 65536);
    const splitOver = [frames[0].first_read, frames[0].read];
    assert.deepEqual(splitOver, [1, fix.of("read", "receiver").length], "split over every read");
    assert.equal(md5(bytesOf(frames[0])), md5(bytesOf(fixSent)));
    assert.equal(frames[0].md5, fixSent.md5);
  },

  "exec-leftover"(events) {
    const problem = phase(events, "problem");
    const [reply1, reply2] = problem.of("sent", "sender").map(bytesOf);
    assert.ok(reply1.length > 1024, "the first reply is longer than one read");
    const [read1, read2] = problem.of("read", "receiver").map(bytesOf);
    assert.deepEqual(read1, reply1.subarray(0, 1024));
    const leftover = reply1.subarray(1024);
    assert.deepEqual(
      read2.subarray(0, leftover.length),
      leftover,
      "second reply starts with the leftover",
    );
    assert.deepEqual(read2.subarray(leftover.length), reply2);
    const fix = phase(events, "fix");
    const outputs = fix.of("sent", "sender").map(bytesOf);
    const frames = fix.of("frame", "receiver");
    assert.equal(frames.length, 2);
    const [firstReply, secondReply] = frames.map((e) => [e.first_read ?? e.read, e.read]);
    assert.ok(firstReply[0] === 1 && firstReply[1] > 1, "the first reply is split over reads");
    assert.equal(secondReply[0], firstReply[1] + 1, "the second begins in the next read");
    frames.forEach((frame, i) => {
      assert.deepEqual(bytesOf(frame), outputs[i]);
      assert.equal(frame.header?.total_size, outputs[i].length);
      assert.equal(frame.header?.exit_code, 0);
    });
    assert.equal(frames[1].text, "/home/student\n");
  },

  "udp-boundaries"(events) {
    const udp = phase(events, "udp");
    const reads = udp.of("read", "receiver");
    assert.deepEqual(reads.map((e) => e.bytes), [3, 3, 5, 0]);
    assert.deepEqual(reads.map((e) => e.text), ["one", "two", "three", ""]);
    const tcp = phase(events, "tcp");
    assert.deepEqual(tcp.of("read", "receiver").map((e) => e.text), ["onetwothree"]);
  },

  "udp-truncate"(events) {
    const problem = phase(events, "problem");
    const [cut, next] = problem.of("read", "receiver");
    assert.equal(cut.truncated, true);
    assert.equal(cut.bytes, 512);
    assert.equal(cut.datagram_bytes, 1400);
    assert.equal(cut.lost_bytes, 888);
    assert.equal(next.truncated, false);
    assert.equal(next.text, "next");
    const fix = phase(events, "fix");
    const [whole] = fix.of("read", "receiver");
    assert.equal(whole.truncated, false);
    assert.equal(whole.bytes, 1400);
  },

  "udp-loss"(events) {
    for (const id of ["problem", "fix", "relay"]) {
      const p = phase(events, id);
      const stats = p.stats;
      assert.ok(stats.demo === "udp-loss");
      const { sent, received, lost } = stats;
      assert.equal(sent, received + lost, `${id}: sent = received + lost`);
      const count = (event: "sent" | "read", role: string) =>
        p.of(event, role).reduce((sum, e) => sum + (e.datagrams ?? 0), 0);
      assert.equal(count("sent", "sender"), sent);
      assert.equal(count("read", "receiver"), received);
      if (id === "fix") assert.equal(lost, 0, "flow control loses nothing");
      else assert.ok(lost > 0, `${id}: datagrams were lost`);
    }
    const relay = phase(events, "relay");
    const drops = relay.of("fault").filter((e) => e.fault === "drop" && e.bytes === 1400);
    const stats = relay.stats;
    assert.ok(stats.demo === "udp-loss" && stats.phase === "relay");
    assert.equal(drops.length, stats.lost, "the relay dropped exactly the missing ones");
    assert.equal(stats.dropped, stats.lost);
  },

  multicast(events) {
    const group = phase(events, "group");
    const sends = group.of("sent", "sender");
    assert.equal(sends.length, 1, "one send to the group");
    const reads = group.of("read", "receiver");
    assert.deepEqual(reads.map((e) => e.member), [1, 2, 3], "each receiver read once");
    for (const r of reads) assert.deepEqual(bytesOf(r), bytesOf(sends[0]));
    assert.equal(new Set(reads.map((e) => e.peer)).size, 1, "every copy is from the one sender");
    const tcp = phase(events, "tcp");
    assert.equal(tcp.of("sent", "sender").length, 3, "TCP: one send per receiver");
    assert.deepEqual(tcp.of("read", "receiver").map((e) => e.text), Array(3).fill(sends[0].text));
  },
};

/** What must be the same on every run: the datagrams the seeded relay drops. */
export function relayDrops(events: JsonEvent[]): string {
  const stats = phase(events, "relay").stats;
  assert.ok(stats.demo === "udp-loss" && stats.phase === "relay");
  return stats.lost_seqs;
}
