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

  /** The next item; else the ending once everything before it was taken; else "timeout" at `deadline`. */
  async next(deadline: number, signal?: AbortSignal): Promise<Item | Ending | "timeout"> {
    while (true) {
      const item = this.#items.shift();
      if (item) return item;
      if (this.#ending) return this.#ending;
      const left = deadline - performance.now();
      if (left <= 0 || signal?.aborted) return "timeout";
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", done);
          this.#wake = undefined;
          resolve();
        };
        const timer = setTimeout(done, Math.ceil(left));
        signal?.addEventListener("abort", done);
        this.#wake = done;
      });
    }
  }
}
