/**
 * The sender-side cause of sticking (the course's cause 2, what Nagle's
 * algorithm does to small sends): what is sent within a window is held and
 * leaves as one write, so the peer reads it as one segment however eagerly it
 * reads. `connect --coalesce MS` sends through it, and so does `demo nagle`.
 */
import { concatBytes } from "../bytes.ts";
import type { SendNote } from "./peer.ts";

/** Most bytes held before they leave at once, window or not (as the relay's --coalesce). */
export const MAX_HELD_BYTES = 1024 * 1024;

/** One message waiting: its bytes as framed, and what its `sent` event needs. */
export interface HeldMessage {
  /** The framed bytes, as they go on the wire. */
  bytes: Uint8Array;
  /** The message itself (before framing). */
  payload: Uint8Array;
  header?: Record<string, unknown>;
  /** Why it was sent (the reply rule), for its `sent` event. */
  note?: SendNote;
}

/**
 * Writes the held messages as one: `wire` is their bytes one after the other. Resolves once
 * they are written; to false when they were not (the connection was gone).
 */
export type WriteTogether = (wire: Uint8Array, messages: HeldMessage[]) => Promise<boolean | void>;

export class WriteHold {
  #held: HeldMessage[] = [];
  #bytes = 0;
  /** Settles with the group being held: true once it is written, false when it is not. */
  #group?: PromiseWithResolvers<boolean>;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The writes started so far, one after the other: a later one never overtakes. */
  #writing: Promise<void> = Promise.resolve();

  /**
   * @param windowMs how long the first message held waits for others
   * @param write writes one group; it must not throw (a failure is the peer's to report)
   */
  constructor(readonly windowMs: number, readonly write: WriteTogether) {}

  /**
   * Holds a message; it leaves with the others sent within the window. Resolves when it is
   * held, to whether it is written: a promise that settles when its group has left, or has
   * been dropped.
   */
  add(message: HeldMessage): Promise<{ written: Promise<boolean> }> {
    this.#held.push(message);
    this.#bytes += message.bytes.length;
    this.#group ??= Promise.withResolvers();
    const held = { written: this.#group.promise };
    // Bound: at most MAX_HELD_BYTES (plus the message that crossed it) wait at once.
    if (this.#bytes >= MAX_HELD_BYTES) return this.flush().then(() => held);
    this.#timer ??= setTimeout(() => void this.flush(), this.windowMs);
    return Promise.resolve(held);
  }

  /** Writes what is held now; resolves when it (and every earlier group) is written. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const messages = this.#held;
    const group = this.#group;
    if (messages.length > 0 && group) {
      this.#held = [];
      this.#bytes = 0;
      this.#group = undefined;
      const wire = concatBytes(messages.map((m) => m.bytes));
      const wrote = this.#writing.then(() => this.write(wire, messages));
      wrote.then((ok) => group.resolve(ok !== false), () => group.resolve(false));
      this.#writing = wrote.then(() => {});
    }
    return this.#writing;
  }

  /** Drops what is held (the connection is gone): nothing more is written, and that is said. */
  drop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#group?.resolve(false);
    this.#group = undefined;
    this.#held = [];
    this.#bytes = 0;
  }
}
