/**
 * How a way puts the client's messages on the wire, with the relay's own
 * fault machinery run in-process (its queue and FaultyForwarder): stuck
 * merges the messages of an exchange into one write (--coalesce), split
 * writes every byte alone, spaced out (--slice 1 with --rate), and, for a
 * server on this machine, each only once the server has read the one before.
 * The plain,
 * delayed and large ways write each message as it is.
 */
import type { Emit } from "../events/types.ts";
import { ChunkQueue } from "../relay/chunk_queue.ts";
import { emitFault } from "../relay/faults.ts";
import { newTcpStats } from "../relay/stats.ts";
import { FaultyForwarder, type StreamPlan } from "../relay/stream_faults.ts";
import type { Taken } from "../transport/taken.ts";
import { SPLIT_RATE, STUCK_COALESCE_MS, type Way } from "./ways.ts";

/** The relay's faults that make each way, on the way up (client → server). */
const PLANS: Partial<Record<Way, StreamPlan>> = {
  stuck: { coalesce: STUCK_COALESCE_MS },
  split: { slice: { min: 1, max: 1 }, rate: SPLIT_RATE },
};

/** The seed of the faults: slice 1 and coalesce draw nothing, so any seed gives the same run. */
const SEED = 1;

export interface WireContext {
  way: Way;
  /** Writes bytes to the connection, all of them. */
  write: (bytes: Uint8Array) => Promise<void>;
  /** Resolves once the server has read all that was written (lib/transport/taken.ts), when it can tell. */
  taken?: Taken;
  /** Where the faults applied are reported (the case's recorder). */
  emit: Emit;
  /** The server, as the events name it. */
  peer: string;
  signal: AbortSignal;
}

/**
 * Writes `messages` (framed, in order) as the way says: stuck in one
 * write, byte by byte, or each as it is.
 */
export async function deliver(messages: Uint8Array[], ctx: WireContext): Promise<void> {
  const plan = PLANS[ctx.way];
  if (!plan) {
    for (const m of messages) await ctx.write(m);
    return;
  }
  const total = messages.reduce((n, m) => n + m.length, 0);
  // Every message is queued, and the end said, before the forwarder takes the first.
  const queue = new ChunkQueue(total + 1);
  for (const m of messages) await queue.push(m);
  queue.end();
  await new FaultyForwarder({
    plan,
    seed: SEED,
    connection: 1,
    way: "up",
    queue,
    // split: the next byte leaves once the server has read this one, where that can be seen.
    write: ctx.way === "split" && ctx.taken
      ? async (bytes) => {
        await ctx.write(bytes);
        await ctx.taken!();
      }
      : ctx.write,
    report: (fault, fields) => emitFault(ctx.emit, fault, "up", ctx.peer, fields),
    stats: newTcpStats(),
    signal: ctx.signal,
  }).run();
}
