/**
 * A bounded outbound queue for one peer of a behaviour that broadcasts
 * (chat, print): a broadcast queues and goes on, so it never waits on one
 * peer's writes, and a peer that does not read cannot make the server hold
 * more than OUTBOX_BYTES for it. A sender may wait for room (chat does):
 * the queue says when it shrinks and since when it has been full.
 */
import type { CloseReason } from "../events/types.ts";
import { sleep } from "../sleep.ts";
import type { Peer } from "./types.ts";
import type { SendNote } from "../transport/peer.ts";

/** Bytes of messages held for one peer; a peer that lets more pile up is dropped. */
export const OUTBOX_BYTES = 1024 * 1024;
/** How long a farewell may wait for the peer to take it before the peer is closed anyway. */
const FAREWELL_MS = 1000;

export class Outbox {
  #queue: Array<{ message: Uint8Array; note?: SendNote }> = [];
  #bytes = 0;
  #draining?: Promise<void>;
  /** When a message was first held back for want of room, since the queue last drained to half. */
  #fullSince?: number;
  /** Settled when the queue next shrinks: what a sender held back waits on. */
  #shrunk?: PromiseWithResolvers<void>;

  constructor(readonly peer: Peer) {}

  /** Whether `size` more bytes fit in the queue now. */
  fits(size: number): boolean {
    return this.#bytes + size <= OUTBOX_BYTES;
  }

  /**
   * Notes that a message is held back for want of room at `now` (Date.now()),
   * and says since when the queue has been full: from the first time, until it
   * drains to half (a peer that takes a message now and then is still full).
   */
  fullSince(now: number): number {
    return this.#fullSince ??= now;
  }

  /** Resolves when the queue next shrinks (a message taken, or the queue dropped). */
  shrinks(): Promise<void> {
    this.#shrunk ??= Promise.withResolvers();
    return this.#shrunk.promise;
  }

  /**
   * Queues one message (`note`: how its `sent` event is shown); false (and nothing queued) when
   * it would pass OUTBOX_BYTES.
   */
  push(payload: Uint8Array, note?: SendNote): boolean {
    if (!this.fits(payload.length)) return false;
    this.#queue.push({ message: payload, note });
    this.#bytes += payload.length;
    this.#draining ??= this.#drain();
    return true;
  }

  /**
   * Drops what is queued, sends `line` after the message being written (when
   * the peer takes it within FAREWELL_MS), then closes the peer with `reason`.
   */
  async farewell(line: Uint8Array, reason: CloseReason): Promise<void> {
    this.#queue = [{ message: line }];
    this.#bytes = line.length;
    this.#shrank();
    this.#draining ??= this.#drain();
    const waited = new AbortController();
    await Promise.race([this.#draining, sleep(FAREWELL_MS, waited.signal)]);
    waited.abort();
    this.peer.close(reason);
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        // Counted while queued: the one being written is held by the write, not the queue.
        const { message, note } = this.#queue.shift()!;
        this.#bytes -= message.length;
        this.#shrank();
        await this.peer.send(message, undefined, note);
      }
    } catch {
      // The peer is gone (its connection reports how): nothing more to send it.
      this.#queue = [];
      this.#bytes = 0;
      this.#shrank();
    } finally {
      this.#draining = undefined;
    }
  }

  #shrank(): void {
    if (this.#bytes <= OUTBOX_BYTES / 2) this.#fullSince = undefined;
    this.#shrunk?.resolve();
    this.#shrunk = undefined;
  }
}
