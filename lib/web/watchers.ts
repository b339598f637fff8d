/**
 * The events WebSockets of one workspace, bounded together: a watcher that
 * never reads holds at most its own 1 MiB (event_feed.ts) plus a batch, and
 * all of them together at most {@linkcode MAX_HELD} plus a batch. Past
 * MAX_HELD every watcher waits; one that has held its own bound for
 * {@linkcode STALL_MS} is not reading and is cut off, so that a few that never
 * read cannot stop every feed for good.
 */
import { MAX_BUFFERED, type Watcher } from "./event_feed.ts";

/** Event WebSockets open at once (the page opens one per session: two pages of 64 sessions); more get 503. */
export const MAX_WATCHERS = 128;
/** Characters of batches sent to all watchers and not yet written out; past it, batches wait. */
export const MAX_HELD = 16 * 1024 * 1024;
/** A watcher over its own bound this long is not reading: it is cut off. */
export const STALL_MS = 5_000;
/** How often the watchers are looked at for that. */
const SWEEP_MS = 1_000;

/** What a watcher needs of a WebSocket (ws's, here). */
export interface TextSocket {
  send(text: string, written: (err?: Error) => void): void;
  readonly bufferedAmount: number;
  /** Drops the connection at once (a close handshake would wait on a peer that does not read). */
  terminate(): void;
}

interface Open {
  socket: TextSocket;
  /** Since when it has held more than its own bound. */
  over?: number;
}

export class Watchers {
  readonly #open = new Set<Open>();
  #held = 0;
  #sweeping?: ReturnType<typeof setInterval>;

  /** True when no more watchers may open. */
  get full(): boolean {
    return this.#open.size >= MAX_WATCHERS;
  }

  /** A watcher over `socket`, or undefined when MAX_WATCHERS are open; `closed()` when it ends. */
  add(socket: TextSocket): { watcher: Watcher; closed: () => void } | undefined {
    if (this.full) return undefined;
    const open: Open = { socket };
    this.#open.add(open);
    this.#sweeping ??= setInterval(() => this.#sweep(), SWEEP_MS);
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
        if (!this.#open.delete(open)) return;
        if (this.#open.size === 0) {
          clearInterval(this.#sweeping);
          this.#sweeping = undefined;
        }
      },
    };
  }

  /** Cuts off the watchers that have held their own bound for STALL_MS. */
  #sweep(): void {
    const now = Date.now();
    for (const open of this.#open) {
      if (open.socket.bufferedAmount <= MAX_BUFFERED) open.over = undefined;
      else if (open.over === undefined) open.over = now;
      else if (now - open.over >= STALL_MS) open.socket.terminate();
    }
  }
}
