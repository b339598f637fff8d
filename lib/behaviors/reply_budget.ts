/**
 * The replies of one server waiting to be written, all peers together: a
 * reply is held until the peer's kernel buffers take it, so clients that ask
 * for large replies and never read would each hold one (`time`'s
 * `%16000000Y` is 16 MB from 12 bytes). --max-frame bounds each reply; this
 * bounds their sum.
 */
import type { JsonHeader } from "../framing/types.ts";
import type { Peer } from "../transport/peer.ts";
import { SaidRangeError } from "../errors.ts";
import { said } from "../i18n/say.ts";

/** Replies of up to this many bytes are always sent (and not counted): one per connection at a time. */
export const ALWAYS_SENT = 64 * 1024;
/** The bound on the replies held at once, in replies of --max-frame. */
export const HELD_REPLIES = 4;

export class ReplyBudget {
  #held = 0;

  /** `limit`: bytes of counted replies held at once (HELD_REPLIES × --max-frame). */
  constructor(readonly limit: number) {}

  /** Bytes of counted replies handed to writes and not yet written. */
  get held(): number {
    return this.#held;
  }

  /**
   * Sends one reply, counted while it is being written.
   * @throws {RangeError} when it is larger than ALWAYS_SENT and would pass the limit: not sent
   */
  async send(peer: Peer, payload: Uint8Array, header?: JsonHeader): Promise<void> {
    const size = payload.length;
    if (size <= ALWAYS_SENT) return await peer.send(payload, header);
    if (this.#held + size > this.limit) {
      throw new SaidRangeError(
        said("reply.budget", { held: this.#held, size, limit: this.limit, n: HELD_REPLIES }),
      );
    }
    this.#held += size;
    try {
      await peer.send(payload, header);
    } finally {
      this.#held -= size;
    }
  }
}
