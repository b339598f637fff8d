/**
 * A session's events on their way to the page: a bounded recent history,
 * and for each watcher a batch at most every {@linkcode BATCH_MS}, holding
 * at most {@linkcode MAX_BATCH} events and saying how many it left out.
 * A flood of 100,000 reads a second thus costs the page 20 small messages.
 * A watcher that comes late (a page opened after a demo ended, or reloaded)
 * first gets the whole history, oldest first, in batches of the same bounds,
 * as fast as its socket takes them: it sees how the session began.
 */
import { eventData, type FcEvent, type JsonEvent } from "../events/types.ts";
import { toJson } from "../display/reporter.ts";

/** Events kept for a watcher that connects late (the backlog)... */
export const HISTORY = 2000;
/** ...and at most this many bytes of their data, so big reads cannot make it large. */
export const HISTORY_BYTES = 4 * 1024 * 1024;
/** At most 20 batches a second. */
export const BATCH_MS = 50;
/** Events per batch; the newest are kept, the rest counted in `skipped`. */
export const MAX_BATCH = 200;
/** Data bytes per batch: a batch of big reads stays small too. */
const MAX_BATCH_BYTES = 256 * 1024;
/** A watcher whose socket holds more than this unsent is skipped until it drains. */
export const MAX_BUFFERED = 1024 * 1024;

interface Stamped {
  ev: FcEvent;
  at: Date;
}

/** Where a watcher is: the events before `after` are sent; until `until`, it catches up. */
interface Place {
  after: number;
  /** The end of the backlog it was given when it came. */
  until: number;
}

/** One watcher: a WebSocket, or anything that takes text messages. */
export interface Watcher {
  send(text: string): void;
  /** Bytes queued and not yet sent. */
  readonly bufferedAmount: number;
}

/** A batch as the WebSocket carries it. */
export interface Batch {
  events: JsonEvent[];
  /** Events that happened since the previous batch but are not in this one. */
  skipped: number;
}

export class EventFeed {
  /** The newest HISTORY events, circular: event number n sits at n % HISTORY. */
  readonly #ring: Stamped[] = new Array(HISTORY);
  /** Number of events ever pushed: the sequence number of the newest. */
  #seq = 0;
  /** Sequence number of the oldest event still kept. */
  #oldest = 0;
  /** Data bytes of the events kept. */
  #bytes = 0;
  readonly #watchers = new Map<Watcher, Place>();
  /** How to end each watcher when the feed is closed (its WebSocket closed). */
  readonly #ends = new Map<Watcher, () => void>();
  #timer?: ReturnType<typeof setInterval>;
  /** Closed: its session was removed; it keeps and sends nothing more. */
  #closed = false;

  constructor(readonly encoding: string) {}

  get count(): number {
    return this.#seq;
  }

  push(ev: FcEvent): void {
    if (this.#closed) return;
    if (this.#seq - this.#oldest === HISTORY) this.#forgetOldest();
    this.#ring[this.#seq % HISTORY] = { ev, at: new Date() };
    this.#seq++;
    this.#bytes += eventData(ev)?.length ?? 0;
    while (this.#bytes > HISTORY_BYTES && this.#seq - this.#oldest > 1) this.#forgetOldest();
  }

  #forgetOldest(): void {
    const slot = this.#oldest % HISTORY;
    this.#bytes -= eventData(this.#ring[slot].ev)?.length ?? 0;
    delete this.#ring[slot];
    this.#oldest++;
  }

  /**
   * Starts batches to `watcher`, the first with the backlog; returns how to stop them. `end`
   * ends the watcher (closes its WebSocket) when the feed is closed.
   */
  watch(watcher: Watcher, end?: () => void): () => void {
    const stop = () => {
      this.#watchers.delete(watcher);
      this.#ends.delete(watcher);
      if (this.#watchers.size > 0) return;
      clearInterval(this.#timer);
      this.#timer = undefined;
    };
    if (this.#closed) {
      end?.();
      return stop;
    }
    this.#watchers.set(watcher, { after: 0, until: this.#seq });
    if (end) this.#ends.set(watcher, end);
    this.#timer ??= setInterval(() => this.#tick(), BATCH_MS);
    this.#sendTo(watcher);
    return stop;
  }

  /**
   * Its session was removed (DELETE …?forget=1): every watcher is sent what it has not had,
   * then ended, and the events kept are let go; it takes no more.
   */
  close(): void {
    // What its watchers have not had yet goes first: a stopped session's `stats` is its last.
    this.#tick();
    this.#closed = true;
    const ends = [...this.#ends.values()];
    this.#watchers.clear();
    this.#ends.clear();
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#ring.fill(undefined as unknown as Stamped);
    this.#oldest = this.#seq;
    this.#bytes = 0;
    for (const end of ends) end();
  }

  /** The newest events since `after` (a sequence number), as one batch. */
  batchSince(after: number): Batch {
    const fresh = this.#seq - after;
    const oldest = Math.max(after, this.#oldest);
    const events: JsonEvent[] = [];
    let bytes = 0;
    for (let n = this.#seq - 1; n >= oldest; n--) {
      const { ev, at } = this.#ring[n % HISTORY];
      bytes += eventData(ev)?.length ?? 0;
      if (events.length >= MAX_BATCH || (bytes > MAX_BATCH_BYTES && events.length > 0)) break;
      events.push(toJson(ev, this.encoding, at));
    }
    return { events: events.reverse(), skipped: fresh - events.length };
  }

  /** The oldest events from `after` (a sequence number) up to `until`, as one batch. */
  batchFrom(after: number, until: number): Batch {
    const start = Math.max(after, this.#oldest);
    const events: JsonEvent[] = [];
    let bytes = 0;
    for (let n = start; n < until; n++) {
      const { ev, at } = this.#ring[n % HISTORY];
      bytes += eventData(ev)?.length ?? 0;
      if (events.length >= MAX_BATCH || (bytes > MAX_BATCH_BYTES && events.length > 0)) break;
      events.push(toJson(ev, this.encoding, at));
    }
    return { events, skipped: start - after };
  }

  #tick(): void {
    // Watchers that saw the same events get the same text: made once, not once per watcher.
    const made = new Map<number, string>();
    for (const watcher of this.#watchers.keys()) this.#sendTo(watcher, made);
  }

  #sendTo(watcher: Watcher, made = new Map<number, string>()): void {
    const place = this.#watchers.get(watcher)!;
    // Catching up on the backlog: all of it, oldest first, while the socket takes it; what is
    // new waits until it has caught up (none of the backlog is left out for it).
    while (place.after < place.until && watcher.bufferedAmount <= MAX_BUFFERED) {
      const batch = this.batchFrom(place.after, place.until);
      place.after = Math.max(place.after, this.#oldest) + batch.events.length;
      if (!this.#send(watcher, JSON.stringify(batch))) return;
    }
    if (place.after < place.until) return;
    const after = place.after;
    if (after === this.#seq || watcher.bufferedAmount > MAX_BUFFERED) return;
    let text = made.get(after);
    if (text === undefined) {
      text = JSON.stringify(this.batchSince(after));
      made.set(after, text);
    }
    place.after = this.#seq;
    this.#send(watcher, text);
  }

  /** False when the watcher was closed under us (and is forgotten: its close handler follows). */
  #send(watcher: Watcher, text: string): boolean {
    try {
      watcher.send(text);
      return true;
    } catch {
      this.#watchers.delete(watcher);
      this.#ends.delete(watcher);
      return false;
    }
  }
}
