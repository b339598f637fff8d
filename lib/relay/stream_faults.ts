/**
 * TCP faults of one direction of one connection: what comes out of the
 * reader's queue is merged (--coalesce), held (--delay), cut (--slice), paced
 * (--rate) and counted against --close-after / --reset-after / --stall-after,
 * then written. Bytes always leave in the order they came.
 */
import type { Direction } from "../options/types.ts";
import type { Delay, Range } from "../options/units.ts";
import type { Chunk, ChunkQueue } from "./chunk_queue.ts";
import { concatBytes } from "../bytes.ts";
import { sleep } from "../sleep.ts";
import {
  activeDelay,
  appliesTo,
  type Fault,
  type FaultContext,
  faultRng,
  OrderedDelay,
  sleepUntil,
} from "./faults.ts";
import type { Rng } from "./rng.ts";
import type { TcpStats, Way } from "./stats.ts";
import type { Taken } from "../transport/taken.ts";

/** What a byte limit does when it is reached. */
export type Ending = "close" | "reset" | "stall";

export interface StreamPlan {
  slice?: Range;
  /** ms */
  coalesce?: number;
  delay?: Delay;
  /** bytes per second */
  rate?: number;
  /** --close-after / --reset-after / --stall-after (cli.ts allows one). */
  limit?: { ending: Ending; bytes: number };
}

/** The TCP faults a relay is asked for, both ways (relay's own terms; the CLI's are alike). */
export interface StreamFaultOptions {
  /** The way(s) the faults apply to. */
  direction: Direction;
  /** Bytes per write, drawn from this range. */
  slice?: Range;
  /** ms: what arrives within it leaves in one write. */
  coalesce?: number;
  delay?: Delay;
  /** Bytes per second. */
  rate?: number;
  /** After this many bytes a way is closed, reset, or stalled (one of them at most). */
  closeAfter?: number;
  resetAfter?: number;
  stallAfter?: number;
}

/** The faults of one way, or undefined when none apply there (the fast path). */
export function streamPlan(o: StreamFaultOptions, way: Way): StreamPlan | undefined {
  if (!appliesTo(o.direction, way)) return undefined;
  const limits: Array<[Ending, number | undefined]> = [
    ["close", o.closeAfter],
    ["reset", o.resetAfter],
    ["stall", o.stallAfter],
  ];
  const found = limits.find(([, bytes]) => bytes !== undefined);
  const plan: StreamPlan = {
    slice: o.slice,
    coalesce: o.coalesce,
    delay: activeDelay(o.delay),
    rate: o.rate,
    limit: found ? { ending: found[0], bytes: found[1]! } : undefined,
  };
  return Object.values(plan).some((v) => v !== undefined) ? plan : undefined;
}

/** Most a --coalesce write holds (plus the one read that crossed it): then it is flushed. */
const COALESCE_CAP = 1024 * 1024;

/** Seeded streams of the TCP faults (stable numbers: they select the streams). */
const SLICE_STREAM = 1;
const DELAY_STREAM = 2;

/**
 * Cuts the stream at seeded offsets: cut points depend only on the seed and
 * the byte count, so the same traffic is cut the same way however the reads
 * fell. A read boundary between two cuts ends a write too (the relay never
 * holds bytes back for --slice).
 */
export class Slicer {
  #pos = 0;
  #nextCut: number;

  constructor(readonly range: Range, readonly rng: Rng) {
    this.#nextCut = rng.int(range.min, range.max);
  }

  cut(data: Uint8Array): Uint8Array[] {
    const pieces: Uint8Array[] = [];
    const end = this.#pos + data.length;
    let start = 0;
    while (this.#nextCut < end) {
      const at = this.#nextCut - this.#pos;
      if (at > start) pieces.push(data.subarray(start, at));
      start = at;
      this.#nextCut += this.rng.int(this.range.min, this.range.max);
    }
    if (start < data.length) pieces.push(data.subarray(start));
    this.#pos = end;
    return pieces;
  }
}

/**
 * --rate as a virtual clock: each write of n bytes takes n / rate seconds of
 * the link, so a transfer of B bytes takes at least (B − quantum) / rate.
 * No credit builds up while idle, so there are no bursts beyond one quantum.
 */
export class Pacer {
  /** Bytes written at once: 20 ms worth, so the flow is smooth. */
  readonly quantum: number;
  #next = 0;

  constructor(readonly rate: number) {
    this.quantum = Math.min(64 * 1024, Math.max(1, Math.floor(rate / 50)));
  }

  /**
   * Waits for the turn of `n` bytes; returns the ms it waited, as the clock measured it: a
   * timer that fires late on a busy machine held the bytes that much longer (and the next turn,
   * due by then, waits nothing), so the planned waits alone would count too little. Less than
   * planned if stopped.
   */
  async take(n: number, signal: AbortSignal): Promise<number> {
    const now = performance.now();
    const start = Math.max(now, this.#next);
    this.#next = start + (n * 1000) / this.rate;
    const wait = start - now;
    if (wait < 1) return 0;
    await sleep(wait, signal);
    return performance.now() - now;
  }
}

/** How a direction ended: its source's end of file, a byte limit, or the link stopping. */
export type Outcome = "eof" | Ending | "stopped";

export interface ForwarderContext extends FaultContext<StreamPlan, TcpStats> {
  connection: number;
  queue: ChunkQueue;
  write: (data: Uint8Array) => Promise<void>;
  /**
   * Resolves once the receiver has read what was written (lib/transport/taken.ts), when it can
   * tell, or once the signal given is aborted.
   */
  taken?: Taken;
}

interface Unit {
  data: Uint8Array;
  at: number;
  /** The source ended while --coalesce was gathering this unit. */
  ended: boolean;
}

/** Largest unit (what one read brought, or --coalesce gathered) whose pieces are read apart. */
export const APART_MAX = 4096;

export class FaultyForwarder {
  #seq = 0;
  /** The part of a chunk past --coalesce's 1 MiB: the first of the next write. */
  #leftover?: Chunk;
  #forwarded = 0;
  readonly #slicer?: Slicer;
  readonly #delay?: OrderedDelay;
  readonly #pacer?: Pacer;

  constructor(readonly ctx: ForwarderContext) {
    const { plan, seed, connection, way } = ctx;
    const rng = (stream: number) => faultRng(seed, connection, way, stream);
    if (plan.slice) this.#slicer = new Slicer(plan.slice, rng(SLICE_STREAM));
    if (plan.delay) this.#delay = new OrderedDelay(plan.delay, rng(DELAY_STREAM));
    if (plan.rate) this.#pacer = new Pacer(plan.rate);
  }

  /** Forwards until the source ends, a limit is reached, or the link stops. */
  async run(): Promise<Outcome> {
    const { queue, plan, signal } = this.ctx;
    if (plan.limit?.bytes === 0) return plan.limit.ending;
    while (true) {
      const first = this.#leftover ?? await queue.take();
      this.#leftover = undefined;
      if (first === "end") return "eof";
      if (typeof first === "string") return "stopped";
      // Counted before --coalesce gathers, so its event numbers the write it makes, from 1.
      this.#seq++;
      const unit = plan.coalesce === undefined
        ? { ...first, ended: false }
        : await this.#gather(first, plan.coalesce);
      if (signal.aborted) return "stopped";
      if (this.#delay) await this.#hold(unit);
      const outcome = await this.#writeUnit(unit.data);
      if (outcome) return outcome;
      if (unit.ended) return "eof";
    }
  }

  /** --coalesce: everything that arrives within MS of the first chunk, as one write. */
  async #gather(first: Chunk, ms: number): Promise<Unit> {
    const parts = [first.data];
    let size = first.data.length;
    let ended = false;
    const deadline = first.at + ms;
    while (size < COALESCE_CAP) {
      const next = await this.ctx.queue.take(deadline);
      if (next === "end") ended = true;
      if (typeof next === "string") break;
      const room = COALESCE_CAP - size;
      if (next.data.length > room) {
        this.#leftover = { data: next.data.subarray(room), at: next.at };
        parts.push(next.data.subarray(0, room));
        size += room;
        break;
      }
      parts.push(next.data);
      size += next.data.length;
    }
    if (parts.length === 1) return { data: first.data, at: performance.now(), ended };
    const data = concatBytes(parts);
    this.ctx.stats.coalesced_writes++;
    this.ctx.stats.coalesced_reads += parts.length;
    this.#report("coalesce", { reads: parts.length, bytes: size });
    return { data, at: performance.now(), ended };
  }

  async #hold(unit: Unit): Promise<void> {
    const due = this.#delay!.due(unit.at);
    this.ctx.stats.delayed++;
    // Held from its arrival: the chunks before it were held meanwhile, so not from now.
    this.#report("delay", { bytes: unit.data.length, ms: Math.round(due - unit.at) });
    await sleepUntil(due, this.ctx.signal);
  }

  /** Writes one unit as --slice cuts it; returns the limit's ending when it was reached. */
  async #writeUnit(data: Uint8Array): Promise<Ending | "stopped" | undefined> {
    const { plan, stats, signal } = this.ctx;
    const pieces = this.#slicer ? this.#slicer.cut(data) : [data];
    if (pieces.length > 1) this.#report("slice", { bytes: data.length, pieces: pieces.length });
    const waited = { ms: 0 };
    let outcome: Ending | "stopped" | undefined;
    try {
      for (const [i, whole] of pieces.entries()) {
        let piece = whole;
        // In a message-sized unit each piece after the first waits until the receiver has read
        // the one before, so a receiver that reads late (a busy machine, one event loop with the
        // relay in the web workspace) still gets it alone: by construction, not by luck. Each
        // wait costs a look at the kernel's tables (about a millisecond), so a bulk transfer's
        // big chunks are cut and written back to back. Bounded: a piece not read within a
        // second ends the waiting on this link (lib/transport/taken.ts).
        if (i > 0 && data.length <= APART_MAX && this.ctx.taken) await this.ctx.taken(signal);
        if (signal.aborted) return "stopped";
        const left = plan.limit ? plan.limit.bytes - this.#forwarded : Infinity;
        if (piece.length >= left) {
          piece = piece.subarray(0, left);
          outcome = plan.limit!.ending;
        }
        await this.#paced(piece, waited);
        if (signal.aborted) return "stopped";
        this.#forwarded += piece.length;
        if (this.#slicer) stats.slices++;
        if (outcome) break;
      }
    } finally {
      // Counted however the unit ended: a long one throttled for seconds, then cut by the relay
      // stopping or by a side that failed, was throttled all the same.
      if (waited.ms > 0) {
        stats.rate_waits++;
        stats.throttled_ms += waited.ms;
        this.#report("rate", { bytes: data.length, waited_ms: Math.round(waited.ms) });
      }
    }
    return outcome;
  }

  /** Writes `piece`, in --rate quanta when a rate is set; adds the ms waited to `waited`. */
  async #paced(piece: Uint8Array, waited: { ms: number }): Promise<void> {
    const { write, signal } = this.ctx;
    if (!this.#pacer) return await write(piece);
    for (let off = 0; off < piece.length; off += this.#pacer.quantum) {
      const part = piece.subarray(off, off + this.#pacer.quantum);
      waited.ms += await this.#pacer.take(part.length, signal);
      if (signal.aborted) return;
      await write(part);
    }
  }

  #report(fault: Fault, fields: Record<string, unknown>): void {
    this.ctx.report(fault, { seq: this.#seq, ...fields });
  }
}
