/**
 * UDP faults of one direction of one session, decided per datagram in
 * arrival order: --loss, then --truncate, --dup, --reorder, then --delay.
 * Each fault draws from its own seeded stream, so with the same seed and the
 * same traffic the same datagrams are dropped, duplicated and held back.
 */
import type { Direction } from "../options/types.ts";
import type { Delay } from "../options/units.ts";
import {
  activeDelay,
  appliesTo,
  type FaultContext,
  faultRng,
  OrderedDelay,
  sleepUntil,
} from "./faults.ts";
import type { Rng } from "./rng.ts";
import type { UdpStats, Way } from "./stats.ts";

export interface DatagramPlan {
  /** percent */
  loss: number;
  dup: number;
  reorder: number;
  delay?: Delay;
  truncate?: number;
}

/** The UDP faults a relay is asked for, both ways (relay's own terms; the CLI's are alike). */
export interface DatagramFaultOptions {
  /** The way(s) the faults apply to. */
  direction: Direction;
  /** Percent of datagrams dropped, duplicated, held back to be overtaken. */
  loss: number;
  dup: number;
  reorder: number;
  delay?: Delay;
  /** Bytes a datagram is cut to. */
  truncate?: number;
}

/** The faults of one way, or undefined when none apply there. */
export function datagramPlan(o: DatagramFaultOptions, way: Way): DatagramPlan | undefined {
  if (!appliesTo(o.direction, way)) return undefined;
  const delay = activeDelay(o.delay);
  if (!o.loss && !o.dup && !o.reorder && !delay && o.truncate === undefined) return undefined;
  return { loss: o.loss, dup: o.dup, reorder: o.reorder, delay, truncate: o.truncate };
}

/** A held datagram goes out after this many later ones (drawn), or after REORDER_HOLD_MS. */
const REORDER_AFTER = { min: 1, max: 3 };
/** Longest a datagram is held back when no later datagram comes to overtake it. */
export const REORDER_HOLD_MS = 500;
/** Datagrams waiting out --delay per session and direction (netem's default limit is 1000). */
const MAX_DELAYED = 4096;

/** Seeded streams of the UDP faults (stable numbers: they select the streams). */
const STREAMS = { loss: 1, dup: 2, reorder: 3, delay: 4 } as const;

interface Held {
  seq: number;
  data: Uint8Array;
  copies: number;
  /** Later datagrams still to pass it. */
  left: number;
  /** Later datagrams that did pass it. */
  passed: number;
  timer?: ReturnType<typeof setTimeout>;
}

export interface DatagramContext extends FaultContext<DatagramPlan, UdpStats> {
  session: number;
  /** Sends one datagram on (errors are the caller's to report). */
  send: (data: Uint8Array) => Promise<void>;
}

export class DatagramFaults {
  #seq = 0;
  #held: Held[] = [];
  #delayed: Array<{ data: Uint8Array; due: number }> = [];
  #draining?: Promise<void>;
  readonly #rng: Record<keyof typeof STREAMS, Rng>;
  readonly #delay?: OrderedDelay;

  constructor(readonly ctx: DatagramContext) {
    const { seed, session, way } = ctx;
    const rng = (stream: number) => faultRng(seed, session, way, stream);
    this.#rng = {
      loss: rng(STREAMS.loss),
      dup: rng(STREAMS.dup),
      reorder: rng(STREAMS.reorder),
      delay: rng(STREAMS.delay),
    };
    if (ctx.plan.delay) this.#delay = new OrderedDelay(ctx.plan.delay, this.#rng.delay);
  }

  /** Takes the next datagram of this direction; resolves once it is sent or scheduled. */
  async accept(data: Uint8Array): Promise<void> {
    const { plan, stats } = this.ctx;
    const seq = ++this.#seq;
    if (plan.loss > 0 && this.#rng.loss.chance(plan.loss)) {
      stats.dropped++;
      this.ctx.report("drop", { seq, bytes: data.length });
      return;
    }
    if (plan.truncate !== undefined && data.length > plan.truncate) {
      stats.truncated++;
      this.ctx.report("truncate", { seq, bytes: data.length, kept: plan.truncate });
      data = data.subarray(0, plan.truncate);
    }
    let copies = 1;
    if (plan.dup > 0 && this.#rng.dup.chance(plan.dup)) {
      stats.duplicated++;
      this.ctx.report("dup", { seq, bytes: data.length });
      copies = 2;
    }
    if (plan.reorder > 0 && this.#rng.reorder.chance(plan.reorder)) {
      const left = this.#rng.reorder.int(REORDER_AFTER.min, REORDER_AFTER.max);
      // One held at a time: a later one chosen too passes it instead. Held together, they waited
      // for each other (at --reorder 100 nothing passed: each came 500 ms late, in order).
      if (this.#held.length === 0) return this.#hold(seq, data, copies, left);
    }
    await this.#out(seq, data, copies);
    await this.#overtake();
  }

  /** Drops what is held or delayed (the session ended). */
  close(): void {
    for (const held of this.#held) clearTimeout(held.timer);
    this.#held = [];
    this.#delayed = [];
  }

  #hold(seq: number, data: Uint8Array, copies: number, left: number): void {
    const held: Held = { seq, data, copies, left, passed: 0 };
    held.timer = setTimeout(() => this.#release(held), REORDER_HOLD_MS);
    this.#held.push(held);
  }

  /** A datagram went out: every held one has been overtaken once more. */
  async #overtake(): Promise<void> {
    if (this.#held.length === 0) return;
    const due: Held[] = [];
    for (const held of this.#held) {
      held.passed++;
      if (--held.left === 0) due.push(held);
    }
    for (const held of due) await this.#release(held);
  }

  /**
   * Sends a held datagram; it counts as reordered only when something overtook it, else (its hold
   * ran out: nothing came after it) as delayed by the hold.
   */
  async #release(held: Held): Promise<void> {
    const at = this.#held.indexOf(held);
    if (at < 0) return;
    this.#held.splice(at, 1);
    clearTimeout(held.timer);
    const bytes = held.data.length;
    if (held.passed > 0) {
      this.ctx.stats.reordered++;
      this.ctx.report("reorder", { seq: held.seq, bytes, passed: held.passed });
    } else {
      this.ctx.stats.delayed++;
      this.ctx.report("delay", { seq: held.seq, bytes, ms: REORDER_HOLD_MS });
    }
    await this.#out(held.seq, held.data, held.copies);
  }

  /** Sends now, or after --delay, always in the order datagrams reach this point. */
  async #out(seq: number, data: Uint8Array, copies: number): Promise<void> {
    if (!this.#delay) {
      for (let i = 0; i < copies; i++) await this.ctx.send(data);
      return;
    }
    if (this.#delayed.length >= MAX_DELAYED) {
      this.ctx.stats.overflowed++;
      return;
    }
    const due = this.#delay.due(performance.now());
    this.ctx.stats.delayed++;
    this.ctx.report("delay", { seq, bytes: data.length, ms: Math.round(due - performance.now()) });
    for (let i = 0; i < copies; i++) this.#delayed.push({ data, due });
    this.#draining ??= this.#drain();
  }

  async #drain(): Promise<void> {
    while (this.#delayed.length > 0 && !this.ctx.signal.aborted) {
      await sleepUntil(this.#delayed[0].due, this.ctx.signal);
      const next = this.#delayed.shift();
      if (next) await this.ctx.send(next.data);
    }
    this.#draining = undefined;
  }
}
