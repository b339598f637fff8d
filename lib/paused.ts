/**
 * How long the process was not running, as a periodic sweep sees it: a tick that comes more than a
 * period late was held up (a loaded machine, Ctrl-Z), and what peers sent meanwhile still waits
 * unread behind it. The sweeps that end peers for their silence (sink, chat, the UDP relay,
 * serve's --idle-timeout) move every last-heard time on by that pause: it was our silence, not
 * theirs.
 */
export class Ticks {
  #last: number;

  /** `period`: ms between ticks; `now`: the tick's time, in the clock the caller uses. */
  constructor(readonly period: number, now: number) {
    this.#last = now;
  }

  /** The pause before this tick at `now` (ms beyond one period, when over two), else 0. */
  paused(now: number): number {
    const gap = now - this.#last;
    this.#last = now;
    return gap > 2 * this.period ? gap - this.period : 0;
  }
}
