/**
 * Rate pacing by absolute schedule: unit i (a datagram, a byte) is due at
 * start + i / rate. The sender sleeps coarsely (timers wake a millisecond or
 * two late) and then sends everything due in one small burst, so lateness
 * never accumulates: the achieved rate is the asked one over any run longer
 * than a few timer ticks.
 */
import { sleep } from "../sleep.ts";

/** Without --count or --duration a flood lasts this long, as iperf3's does. */
export const DEFAULT_DURATION_MS = 10_000;

export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Waits `ms`, or less when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realClock: Clock = { now: () => performance.now(), sleep };

/** Most units released at once after a stall: the catch-up goes out in bursts this size. */
export const MAX_BURST = 1024;

export class Pacer {
  readonly #msPerUnit: number;
  readonly #start: number;

  /** `rate` units per second, > 0; the schedule starts now. */
  constructor(rate: number, readonly clock: Clock = realClock) {
    if (!(rate > 0)) throw new RangeError(`Cannot pace at ${rate}/s: the rate must be above 0`);
    this.#msPerUnit = 1000 / rate;
    this.#start = clock.now();
  }

  /** How many units are due by `now` since the start (unit 0 is due at once). */
  dueBy(now: number): number {
    return Math.floor((now - this.#start) / this.#msPerUnit) + 1;
  }

  /**
   * Waits until unit `next` is due, then returns how many units from `next`
   * on are due (at least 1, at most `max`); 0 when `stop` aborts first (Ctrl-C
   * must not wait for the next unit of a slow rate, a minute away at 1/60).
   */
  async release(next: number, max = MAX_BURST, stop?: AbortSignal): Promise<number> {
    let due = this.dueBy(this.clock.now());
    while (due <= next) {
      if (stop?.aborted) return 0;
      const wait = this.#start + next * this.#msPerUnit - this.clock.now();
      await this.clock.sleep(Math.max(wait, 0), stop);
      due = this.dueBy(this.clock.now());
    }
    return Math.min(due - next, max);
  }

  /**
   * Waits out a paced --duration (`deadline`) once everything was sent: its amount was due
   * before the end, but the flood lasts the time asked (at 0.2/s for 3 s, one datagram and
   * 3 s, not a few milliseconds reported as 50/s). Returns early when `stop` aborts.
   */
  async waitOut(deadline: number, stop?: AbortSignal): Promise<void> {
    if (deadline === Infinity) return;
    await this.clock.sleep(deadline - this.clock.now(), stop);
  }
}

/** What a flood sends: at most `limit` units, and nothing after `deadline` (performance.now()). */
export interface FloodPlan {
  limit: number;
  deadline: number;
}

/**
 * --count N (of `unitsPer` units each), else --duration (default
 * `defaultMs`). A paced duration also bounds the amount to rate × duration,
 * so a late timer never sends more than was due.
 */
export function floodPlan(
  o: { count?: number; duration?: number; rate: number },
  unitsPer: number,
  defaultMs: number,
  clock: Clock = realClock,
): FloodPlan {
  if (o.count !== undefined) return { limit: o.count * unitsPer, deadline: Infinity };
  const ms = o.duration ?? defaultMs;
  return {
    limit: o.rate > 0 ? Math.ceil((o.rate * ms) / 1000) : Infinity,
    deadline: clock.now() + ms,
  };
}
