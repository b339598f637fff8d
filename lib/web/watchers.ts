/**
 * The events WebSockets of one workspace, bounded together: a watcher that
 * never reads holds at most its own 1 MiB (event_feed.ts) plus a batch, and
 * all of them together at most {@linkcode MAX_HELD} plus a batch.
 */
import type { Watcher } from "./event_feed.ts";

/** Event WebSockets open at once (the page opens one per session: two pages of 64 sessions); more get 503. */
export const MAX_WATCHERS = 128;
/** Characters of batches sent to all watchers and not yet written out; past it, batches wait. */
export const MAX_HELD = 16 * 1024 * 1024;

/** What a watcher needs of a WebSocket (ws's, here). */
export interface TextSocket {
  send(text: string, written: (err?: Error) => void): void;
  readonly bufferedAmount: number;
}

export class Watchers {
  #open = 0;
  #held = 0;

  /** True when no more watchers may open. */
  get full(): boolean {
    return this.#open >= MAX_WATCHERS;
  }

  /** A watcher over `socket`, or undefined when MAX_WATCHERS are open; `closed()` when it ends. */
  add(socket: TextSocket): { watcher: Watcher; closed: () => void } | undefined {
    if (this.#open >= MAX_WATCHERS) return undefined;
    this.#open++;
    let ended = false;
    const overShared = () => this.#held > MAX_HELD;
    const watcher: Watcher = {
      send: (text) => {
        this.#held += text.length;
        socket.send(text, () => (this.#held -= text.length));
      },
      // Over the shared bound every watcher looks full: the feed skips it until bytes drain.
      get bufferedAmount() {
        return overShared() ? Infinity : socket.bufferedAmount;
      },
    };
    return {
      watcher,
      closed: () => {
        if (ended) return;
        ended = true;
        this.#open--;
      },
    };
  }
}
