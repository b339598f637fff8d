/**
 * What came back to one client, in order, for the expect steps to take:
 * decoded replies, replies that could not be decoded, and how the
 * connection ended. Bounded by the connection's own limits (check stops a
 * connection that sends more than FLOOD_BYTES).
 */
import type { Frame } from "../framing/types.ts";
import type { Said } from "../i18n/say.ts";

/** A case stops reading past this many bytes received: a server that floods fails its own case. */
export const FLOOD_BYTES = 4 * 1024 * 1024;

/** A timer this late means the process was not running: its wait is made longer. */
const LATE_MS = 50;
/** The most a wait is made longer for such stalls, all told. */
const STALLS_MS = 5_000;

/** How a client's connection ended, or why it never opened. */
export interface Ending {
  why: "eof" | "reset" | "malformed" | "flood" | "error" | "unreachable";
  /** The error: the system's words (a refused connection), or framecat's (a frame error). */
  error?: string | Said;
}

/** One thing that came back: a reply, or a datagram that held none. */
export type Item = { frame: Frame } | { malformed: Said };

export class Inbox {
  #items: Item[] = [];
  #ending?: Ending;
  #wake?: () => void;

  push(item: Item): void {
    this.#items.push(item);
    this.#wake?.();
  }

  /** Puts a reply back in front (the part of a raw read after what one expect took). */
  unshift(frame: Frame): void {
    this.#items.unshift({ frame });
  }

  /** Every reply waiting to be taken, taken now (what came after all that was expected). */
  takeWaiting(): Frame[] {
    const frames = this.#items.flatMap((item) => "frame" in item ? [item.frame] : []);
    this.#items = this.#items.filter((item) => !("frame" in item));
    return frames;
  }

  /** The connection is over; the first ending given is the one kept. */
  end(ending: Ending): void {
    this.#ending ??= ending;
    this.#wake?.();
  }

  get ending(): Ending | undefined {
    return this.#ending;
  }

  /**
   * The next item; else the ending once everything before it was taken; else "timeout" at
   * `deadline`. A wait whose timer comes late (the process was not running: a loaded machine
   * descheduled it) is made longer by that much, up to STALLS_MS in all: the timer of a stalled
   * process runs before the reads that came meanwhile, and a server that answered in time would
   * be called silent.
   */
  async next(deadline: number, signal?: AbortSignal): Promise<Item | Ending | "timeout"> {
    let stalled = 0;
    while (true) {
      const item = this.#items.shift();
      if (item) return item;
      if (this.#ending) return this.#ending;
      const left = deadline - performance.now();
      if (left <= 0 || signal?.aborted) return "timeout";
      const due = performance.now() + left;
      const timedOut = await new Promise<boolean>((resolve) => {
        const done = (timer: boolean) => {
          clearTimeout(timeout);
          signal?.removeEventListener("abort", woken);
          this.#wake = undefined;
          resolve(timer);
        };
        const woken = () => done(false);
        const timeout = setTimeout(() => done(true), Math.ceil(left));
        signal?.addEventListener("abort", woken);
        this.#wake = woken;
      });
      const late = performance.now() - due;
      if (timedOut && late > LATE_MS && stalled < STALLS_MS) {
        const more = Math.min(late, STALLS_MS - stalled);
        stalled += more;
        // From now: the time the stall took from the wait is given back after it.
        deadline = performance.now() + more;
      }
    }
  }
}
