/**
 * What the TCP and UDP relays share: which way a fault applies, the `fault`
 * event, --delay's due times, and waiting for them (cut short when the relay stops).
 */
import { type Emit, type FaultName, type FcEvent, shows } from "../events/types.ts";
import type { Direction } from "../options/types.ts";
import type { Delay } from "../options/units.ts";
import { sleep } from "../sleep.ts";
import { type Rng, streamRng } from "./rng.ts";
import type { Way } from "./stats.ts";

/** The faults a relay applies: the `fault` event's names. */
export type Fault = FaultName;

/** What the faults of one direction are given, over TCP or UDP. */
export interface FaultContext<Plan, Stats> {
  plan: Plan;
  seed: number;
  way: Way;
  report: (fault: Fault, fields: Record<string, unknown>) => void;
  stats: Stats;
  /** Aborted when the connection or session ends: waits are cut short. */
  signal: AbortSignal;
}

/** A relay that is serving: stop() ends it and gives the final `stats` event. */
export interface RunningRelay {
  stop(): Promise<FcEvent>;
}

/** Names of the ways in RNG stream derivation (stable: they pick the seeded streams). */
const WAY_INDEX: Record<Way, number> = { up: 1, down: 2 };

/** True when --direction puts faults on this way. */
export function appliesTo(direction: Direction, way: Way): boolean {
  return direction === "both" || direction === way;
}

/** --delay when it delays anything (`--delay 0` is no fault at all). */
export function activeDelay(delay: Delay | undefined): Delay | undefined {
  return delay && (delay.ms > 0 || delay.jitter > 0) ? delay : undefined;
}

/** The seeded stream of one fault (`stream`) of one way of connection or session `id`. */
export function faultRng(seed: number, id: number, way: Way, stream: number): Rng {
  return streamRng(seed, id, WAY_INDEX[way], stream);
}

/** Shows one fault applied: in text with -v, always in NDJSON (and not built when not shown). */
export function emitFault(
  emit: Emit,
  fault: Fault,
  way: Way,
  peer: string,
  fields: Record<string, unknown>,
): void {
  if (!shows(emit, "fault", "detail")) return;
  emit({ event: "fault", level: "detail", peer, fault, direction: way, ...fields });
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

/** Waits until `performance.now()` reaches `when`, or less when `signal` aborts. */
export function sleepUntil(when: number, signal: AbortSignal): Promise<void> {
  return sleep(when - performance.now(), signal);
}
