/**
 * What the TCP and UDP relays share: which way a fault applies, the `fault`
 * event, --delay's due times, and a sleep that a stopping relay cuts short.
 */
import type { FcEvent } from "../display/events.ts";
import type { Direction } from "../options/types.ts";
import type { Delay } from "../options/units.ts";
import type { Rng } from "./rng.ts";
import type { Way } from "./stats.ts";

export type Fault =
  | "drop"
  | "dup"
  | "reorder"
  | "truncate"
  | "delay"
  | "slice"
  | "coalesce"
  | "rate"
  | "close"
  | "reset"
  | "stall";

/** A relay that is serving: stop() ends it and gives the final `stats` event. */
export interface RunningRelay {
  stop(): Promise<FcEvent>;
}

/** Names of the ways in RNG stream derivation (stable: they pick the seeded streams). */
export const WAY_INDEX: Record<Way, number> = { up: 1, down: 2 };

/** True when --direction puts faults on this way. */
export function appliesTo(direction: Direction, way: Way): boolean {
  return direction === "both" || direction === way;
}

/** One fault applied: shown in text with -v, always in NDJSON. */
export function faultEvent(
  fault: Fault,
  way: Way,
  peer: string,
  fields: Record<string, unknown>,
): FcEvent {
  return { event: "fault", level: "detail", peer, fault, direction: way, ...fields };
}

/**
 * Due times for --delay MS[:JITTER]: MS plus a seeded jitter in
 * [-JITTER, +JITTER], never earlier than the chunk before, so a delay never
 * reorders (--reorder does that, and counts it).
 */
export class OrderedDelay {
  #last = 0;

  constructor(readonly delay: Delay, readonly rng: Rng) {}

  /** When something that arrived at `at` (performance.now() ms) may leave. */
  due(at: number): number {
    const jitter = this.delay.jitter > 0 ? (this.rng.next() * 2 - 1) * this.delay.jitter : 0;
    this.#last = Math.max(this.#last, at + this.delay.ms + jitter);
    return this.#last;
  }
}

/** Waits at least `ms` (rounded up: timers take whole milliseconds), or less when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.ceil(ms));
    signal.addEventListener("abort", done);
  });
}

/** Waits until `performance.now()` reaches `when`. */
export function sleepUntil(when: number, signal: AbortSignal): Promise<void> {
  return sleep(when - performance.now(), signal);
}
