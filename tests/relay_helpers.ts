/** Helpers of the relay tests: a relay in front of a target, and its final stats. */
import assert from "node:assert/strict";
import { Framecat, type HowToRun, type JsonEventOf, type JsonEventOfKind } from "./helpers/cli.ts";
import type { FaultName } from "../lib/events/types.ts";

export const J = ["--output", "json"];

/** `framecat relay` from a free port to `target`, with fault options; dispose kills it. */
export async function startRelay(
  target: string,
  faults: string[],
  listen = "127.0.0.1:0",
  how: HowToRun = {},
): Promise<{ relay: Framecat; port: number }> {
  const args = ["relay", listen, target, ...faults, ...J];
  const { framecat, port } = await Framecat.listening(args, how);
  return { relay: framecat, port };
}

/** Stops a TCP (TLS, unix) relay with Ctrl-C and returns its `stats` event. */
export async function stopStats(relay: Framecat): Promise<JsonEventOfKind<"stats", "relay">> {
  return await stopStatsOf(relay, "relay");
}

/** Stops a UDP relay with Ctrl-C and returns its `stats` event. */
export async function stopUdpStats(
  relay: Framecat,
): Promise<JsonEventOfKind<"stats", "relay_udp">> {
  return await stopStatsOf(relay, "relay_udp");
}

async function stopStatsOf<K extends "relay" | "relay_udp">(relay: Framecat, kind: K) {
  const status = await relay.stop();
  assert.equal(status.code, 0, relay.stderr);
  assert.equal(relay.of("stats").length, 1, "one stats event at the end");
  const [stats] = relay.of("stats", kind);
  assert.ok(stats, `the stats of a ${kind}`);
  return stats;
}

/** The relay's `fault` events of one kind. */
export function faults(relay: Framecat, fault: FaultName): JsonEventOf<"fault">[] {
  return relay.of("fault").filter((e) => e.fault === fault);
}

/** How sequence numbers arrived: first arrivals, repeats, and first arrivals after a later one. */
export function arrivalOrder(seqs: readonly number[]) {
  const seen = new Set<number>();
  let max = 0;
  let duplicates = 0;
  let late = 0;
  for (const seq of seqs) {
    if (seen.has(seq)) duplicates++;
    else if (seq < max) late++;
    seen.add(seq);
    max = Math.max(max, seq);
  }
  return { unique: seen.size, duplicates, late };
}
