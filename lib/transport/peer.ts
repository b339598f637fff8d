/**
 * One client as behaviours and clients see it, whatever carries it (TCP,
 * UDP, unix, TLS): it lives in transport, which implements it, so
 * dependencies point down (behaviours use it, transport does not use them).
 */
import type { CloseReason } from "../events/types.ts";
import type { JsonHeader } from "../framing/types.ts";

export interface Peer {
  /** `HOST:PORT`, `[V6]:PORT` or the socket path. */
  readonly name: string;
  /** "tcp", "udp" or "unix". */
  readonly transport: "tcp" | "udp" | "unix";
  /** Frames and sends one message with the send framing. */
  send(payload: Uint8Array, header?: JsonHeader): Promise<void>;
  /** Sends bytes as they are, bypassing the send framing (a stream only). */
  sendRaw(bytes: Uint8Array): Promise<void>;
  /** Ends this peer's connection (TCP/unix) or forgets it (UDP); `reason` is the `closed` event's. */
  close(reason?: CloseReason): void;
}
