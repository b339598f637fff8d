/**
 * Round-trip times and their percentiles. Samples are kept exactly up to
 * MAX_SAMPLES, then by reservoir sampling (each sample kept with equal
 * probability), so memory stays bounded on endless floods while min, max
 * and mean stay exact.
 */

import type { RttMs } from "../events/types.ts";
import { round } from "./report.ts";

/** 1 Mi samples: 8 MiB of Float64. */
const MAX_SAMPLES = 1 << 20;

export class RttRecorder {
  #samples = new Float64Array(1024);
  #kept = 0;
  #count = 0;
  #sum = 0;
  #min = Infinity;
  #max = -Infinity;

  constructor(readonly random: () => number = Math.random) {}

  /** Adds one round trip, in ms. */
  add(ms: number): void {
    this.#count++;
    this.#sum += ms;
    if (ms < this.#min) this.#min = ms;
    if (ms > this.#max) this.#max = ms;
    if (this.#kept < MAX_SAMPLES) {
      if (this.#kept === this.#samples.length) this.#grow();
      this.#samples[this.#kept++] = ms;
      return;
    }
    const slot = Math.floor(this.random() * this.#count);
    if (slot < MAX_SAMPLES) this.#samples[slot] = ms;
  }

  #grow(): void {
    const bigger = new Float64Array(Math.min(this.#samples.length * 2, MAX_SAMPLES));
    bigger.set(this.#samples);
    this.#samples = bigger;
  }

  get count(): number {
    return this.#count;
  }

  /** Percentiles by nearest rank, in ms; undefined before the first sample. */
  figures(): RttMs | undefined {
    if (this.#count === 0) return undefined;
    const sorted = this.#samples.slice(0, this.#kept).sort();
    const r = (x: number) => round(x, 3);
    return {
      samples: this.#count,
      min: r(this.#min),
      mean: r(this.#sum / this.#count),
      p50: r(percentile(sorted, 50)),
      p90: r(percentile(sorted, 90)),
      p99: r(percentile(sorted, 99)),
      max: r(this.#max),
    };
  }
}

/** Nearest-rank percentile of sorted values: the smallest value with at least p % at or below it. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}
