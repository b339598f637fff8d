/**
 * Seeded randomness for the relay's fault decisions. mulberry32 is small,
 * fast and repeatable: the same seed gives the same stream on every
 * platform. Each connection, session, direction and fault draws from its own
 * stream ({@linkcode deriveSeed}), so one fault's decisions do not shift when
 * another fault is switched on, and one busy connection does not change the
 * decisions of the next.
 */

/** A repeatable pseudo-random stream (mulberry32). */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** True with probability `pct` percent (0..100). */
  chance(pct: number): boolean {
    return this.next() * 100 < pct;
  }

  /** A whole number in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
}

/** Mixes one 32-bit word into a hash (the murmur3 finaliser after an add). */
function mix(h: number, word: number): number {
  h = (h ^ (word >>> 0)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The seed of one stream: the user's seed (any safe integer, high bits
 * included) mixed with the parts that name the stream (connection number,
 * direction, fault).
 */
export function deriveSeed(seed: number, ...parts: number[]): number {
  let h = mix(mix(0x9e3779b9, seed % 2 ** 32), Math.floor(seed / 2 ** 32));
  for (const part of parts) h = mix(h, part);
  return h;
}

/** A stream for one fault of one direction of one connection or session. */
export function streamRng(seed: number, ...parts: number[]): Rng {
  return new Rng(deriveSeed(seed, ...parts));
}
