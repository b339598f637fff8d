/**
 * A bounded outbound queue for one peer of a behaviour that broadcasts
 * (chat, print): a broadcast queues and goes on, so it never waits on one
 * peer's writes, and a peer that does not read cannot make the server hold
 * more than OUTBOX_BYTES for it.
 */
import type { CloseReason } from "../events/types.ts";
import { sleep } from "../sleep.ts";
import type { Peer } from "./types.ts";

/** Bytes of messages held for one peer; a peer that lets more pile up is dropped. */
export const OUTBOX_BYTES = 1024 * 1024;
/** How long a farewell may wait for the peer to take it before the peer is closed anyway. */
const FAREWELL_MS = 1000;

export class Outbox {
  #queue: Uint8Array[] = [];
  #bytes = 0;
  #draining?: Promise<void>;

  constructor(readonly peer: Peer) {}

  /** Queues one message; false (and nothing queued) when it would pass OUTBOX_BYTES. */
  push(payload: Uint8Array): boolean {
    if (this.#bytes + payload.length > OUTBOX_BYTES) return false;
    this.#queue.push(payload);
    this.#bytes += payload.length;
    this.#draining ??= this.#drain();
    return true;
  }

  /**
   * Drops what is queued, sends `line` after the message being written (when
   * the peer takes it within FAREWELL_MS), then closes the peer with `reason`.
   */
  async farewell(line: Uint8Array, reason: CloseReason): Promise<void> {
    this.#queue = [line];
    this.#bytes = line.length;
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
        const message = this.#queue.shift()!;
        this.#bytes -= message.length;
        await this.peer.send(message);
      }
    } catch {
      // The peer is gone (its connection reports how): nothing more to send it.
      this.#queue = [];
      this.#bytes = 0;
    } finally {
      this.#draining = undefined;
    }
  }
}
