// @ts-check
// Each peer's bytes per second in and out, measured between the session list's polls.

/** @typedef {{ in: number, out: number }} Rates */
/** @typedef {{ peer: string, bytes_in: number, bytes_out: number }} Counted */

/** The span a rate is measured over: a few polls, so a send each second reads as steady. */
export const RATE_WINDOW_MS = 3000;

/**
 * The counters of each peer at the last polls, and the rates they make. Measured between polls,
 * at the times they were asked, not when the page redraws: an event redraws it between polls,
 * and a rate taken then read 0 (the counters had not moved), and the next one twice the truth.
 */
export class RateWindow {
  /** @type {Map<string, { at: number, in: number, out: number }[]>} */
  #samples = new Map();

  /**
   * The rates of `peers` as the poll asked at `polled` (performance.now()) gave them; a redraw
   * between polls gives the same `polled`, and gets the same rates. Peers no poll names are
   * forgotten.
   * @param {Counted[]} peers
   * @param {number | undefined} polled
   * @returns {Map<string, Rates>}
   */
  measure(peers, polled) {
    /** @type {Map<string, Rates>} */
    const rates = new Map();
    for (const p of peers) {
      let samples = this.#samples.get(p.peer);
      if (!samples) this.#samples.set(p.peer, samples = []);
      if (polled !== undefined && samples.at(-1)?.at !== polled) {
        samples.push({ at: polled, in: p.bytes_in, out: p.bytes_out });
        // The window, with the last sample before it as its start.
        while (samples.length > 2 && polled - samples[1].at >= RATE_WINDOW_MS) samples.shift();
      }
      const first = samples[0];
      const last = samples.at(-1);
      const seconds = first && last ? (last.at - first.at) / 1000 : 0;
      rates.set(
        p.peer,
        first && last && seconds > 0
          ? { in: (last.in - first.in) / seconds, out: (last.out - first.out) / seconds }
          : { in: 0, out: 0 },
      );
    }
    const named = new Set(peers.map((p) => p.peer));
    for (const name of this.#samples.keys()) if (!named.has(name)) this.#samples.delete(name);
    return rates;
  }
}
