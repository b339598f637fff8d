/**
 * One client as behaviours and clients see it, whatever carries it (TCP,
 * UDP, unix, TLS): it lives in transport, which implements it, so
 * dependencies point down (behaviours use it, transport does not use them).
 */
import type { CloseReason } from "../events/types.ts";
import type { JsonHeader } from "../framing/types.ts";

/** Why a message was sent, as its `sent` event says. */
export interface SendNote {
  /** The number of the reply rule that answered with it. */
  rule?: number;
  /** A line typed at the server (print, chat): shown as connect shows what is typed, not detail. */
  typed?: boolean;
}

export interface Peer {
  /** `HOST:PORT`, `[V6]:PORT` or the socket path. */
  readonly name: string;
  /** "tcp", "udp" or "unix". */
  readonly transport: "tcp" | "udp" | "unix";
  /** Where the peer is, and where it reached us (UDP: the address our socket is bound to). */
  readonly remoteAddr: Deno.Addr;
  readonly localAddr: Deno.Addr;
  /** Frames and sends one message with the send framing (and the checksum, when there is one). */
  send(payload: Uint8Array, header?: JsonHeader, note?: SendNote): Promise<void>;
  /** Sends bytes as they are, bypassing the send framing (a stream only). */
  sendRaw(bytes: Uint8Array): Promise<void>;
  /** Ends this peer's connection (TCP/unix) or forgets it (UDP); `reason` is the `closed` event's. */
  close(reason?: CloseReason): void;
}

/** Counters every connection keeps, summed into the `stats` event. */
export interface PeerCounters {
  reads: number;
  frames: number;
  bytes_in: number;
  bytes_out: number;
  sends: number;
}

/**
 * What became of a message the user sent: `written` settles to true once it is written, or to
 * false when it is not and never will be.
 */
export interface Sending {
  written: Promise<boolean>;
}

/** A connection with its counters: what the web page lists and sends to. */
export interface CountedPeer extends Peer {
  readonly counters: PeerCounters;
  /**
   * Sends one message the user asked for (the page's Send, a timed send) as `send` does, and
   * says whether it went. Resolves once the message is written, or held by --coalesce (then it
   * leaves with its group, and `written` settles when the group does: false when the connection
   * closed first and dropped it). Not a reply: a UDP server's reply guard does not bound how
   * often; but nothing is written to a UDP socket's own address (a forged peer).
   */
  sendAsked(payload: Uint8Array, header?: JsonHeader): Promise<Sending>;
  /** Writes what --coalesce holds now; resolves once it is written (at once when nothing is). */
  flush(): Promise<void>;
}

/**
 * The live connections of one run, by name, for whoever sends to them from
 * outside the command (the web page). Each run has its own.
 */
export class LivePeers {
  readonly #byName = new Map<string, CountedPeer>();

  /** Keeps `peer` while it lives; call the result when it is gone. */
  add(peer: CountedPeer): () => void {
    this.#byName.set(peer.name, peer);
    return () => {
      if (this.#byName.get(peer.name) === peer) this.#byName.delete(peer.name);
    };
  }

  get(name: string): CountedPeer | undefined {
    return this.#byName.get(name);
  }

  get size(): number {
    return this.#byName.size;
  }

  values(): IterableIterator<CountedPeer> {
    return this.#byName.values();
  }
}
