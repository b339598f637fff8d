/**
 * The one accept loop of every stream server (serve, sink, the relay), with
 * the policy of Deno std's http server: what a peer can cause is skipped,
 * what the machine runs out of is waited out, and only our own close ends
 * the loop. Any Deno.Listener serves (TCP, unix, and TLS, which returns the
 * same Listener and Conn shapes).
 */
import type { Emit } from "../events/types.ts";
import { saidOf } from "../errors.ts";
import type { Endpoint } from "./endpoint.ts";
import { sleep } from "../sleep.ts";
import { listenStream, peerName } from "./stream.ts";
import type { UnixListenOptions } from "./unix_listener.ts";
import { closeQuietly } from "../close.ts";
import { said, saying } from "../i18n/say.ts";

/**
 * Accept failures a peer causes: a port scanner connects and resets before
 * we accept, and Deno's getpeername after accept then fails (denoland/deno#8499).
 */
const PEER_CODES = new Set(["ENOTCONN", "ECONNRESET", "ECONNABORTED"]);
/** First pause after a failed accept; it doubles on each failure in a row, up to the most. */
const BACKOFF_FIRST_MS = 5;
const BACKOFF_MOST_MS = 1000;

/** True when an accept failed because of the peer, not the machine: skip it at once. */
export function isPeerAbort(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return (typeof code === "string" && PEER_CODES.has(code)) ||
    err instanceof Deno.errors.NotConnected ||
    err instanceof Deno.errors.ConnectionReset ||
    err instanceof Deno.errors.ConnectionAborted;
}

/**
 * The pause of failed accepts in a row (out of descriptors or buffers:
 * EMFILE, ENFILE, ENOBUFS, ENOMEM), said once per episode: a failure that
 * repeats a thousand times a second is one `error` event, not a thousand.
 */
export class AcceptBackoff {
  #delayMs = 0;
  #failures = 0;

  constructor(readonly emit: Emit) {}

  /** A failed accept: reports the first of an episode; returns how long to wait. */
  failed(err: unknown): number {
    this.#failures++;
    if (this.#delayMs === 0) {
      this.emit({
        event: "error",
        ...saying(said("note.accept_failed", { error: saidOf(err) })),
      });
    }
    this.#delayMs = Math.min(BACKOFF_MOST_MS, Math.max(BACKOFF_FIRST_MS, this.#delayMs * 2));
    return this.#delayMs;
  }

  /** An accept succeeded: an episode, if any, is over. */
  accepted(): void {
    if (this.#failures === 0) return;
    this.emit({
      event: "info",
      kind: "note",
      ...saying(said("note.accepting_again", { failures: this.#failures })),
    });
    this.#delayMs = 0;
    this.#failures = 0;
  }
}

/** An accepted connection and its peer name (unix clients are numbered by the server). */
export interface Accepted {
  conn: Deno.Conn;
  peer: string;
}

/** A listening stream socket whose connections are taken with `for await`. */
export class StreamServer implements AsyncIterable<Accepted> {
  readonly #closing = new AbortController();
  #accepted = 0;
  readonly #backoff: AcceptBackoff;

  /** Listens on TCP or a unix path (a stale socket file is replaced; ours is removed at close). */
  static async listen(
    ep: Endpoint,
    emit: Emit,
    options: UnixListenOptions = {},
  ): Promise<StreamServer> {
    return new StreamServer(await listenStream(ep, options), ep, emit);
  }

  constructor(readonly listener: Deno.Listener, readonly ep: Endpoint, emit: Emit) {
    this.#backoff = new AcceptBackoff(emit);
  }

  get closed(): boolean {
    return this.#closing.signal.aborted;
  }

  get addr(): Deno.Addr {
    return this.listener.addr;
  }

  /** Ends the accept loop; connections already accepted are the caller's. */
  close(): void {
    if (this.closed) return;
    this.#closing.abort();
    closeQuietly(this.listener);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Accepted> {
    while (!this.closed) {
      let conn: Deno.Conn;
      try {
        conn = await this.listener.accept();
      } catch (err) {
        if (this.closed) return;
        if (!isPeerAbort(err)) await sleep(this.#backoff.failed(err), this.#closing.signal);
        continue;
      }
      this.#backoff.accepted();
      yield { conn, peer: peerName(conn, this.ep, ++this.#accepted) };
    }
  }
}
