/**
 * One side of a relayed stream connection, and the backends that make them.
 * The relay's pumps see only {@linkcode StreamSide}; the Deno backend is the
 * fast one, the node:net backend is used for --reset-after because only it
 * can close with a real RST (Deno.Conn has no SO_LINGER, and its close()
 * sends a FIN first even when data is left unread).
 */
import { type Endpoint, formatEndpoint } from "../transport/endpoint.ts";
import type { Emit } from "../events/types.ts";
import { connectStream, isTlsEof, setNoDelay, writeAll } from "../transport/stream.ts";
import { StreamServer } from "../transport/stream_server.ts";
import { closeQuietly } from "../close.ts";
import { acceptedTls } from "../transport/tls.ts";
import { type Taken, watchTaken } from "../transport/taken.ts";

export interface StreamSide {
  /** `HOST:PORT`, `[V6]:PORT` or the socket path. */
  readonly peer: string;
  /** The next chunk, or null at end of file. It stays valid until the read after next. */
  read(): Promise<Uint8Array | null>;
  /** Writes all of `data`; resolves when the kernel has taken it. */
  write(data: Uint8Array): Promise<void>;
  /**
   * Resolves once the peer has read everything written to it so far, as the kernel's tables
   * tell it (a peer on this machine); at once where that cannot be told. Undefined: never told.
   */
  readonly taken?: Taken;
  /**
   * An accepted TLS client's handshake, finished (bounded; it throws when it fails), before
   * the target is dialled. Undefined for plain sides.
   */
  handshake?(): Promise<void>;
  /** Shuts the write side: the peer reads end of file, and may keep sending. */
  closeWrite(): Promise<void>;
  close(): void;
  /** Aborts the connection; true when the peer got a real RST, false when only a close. */
  reset(): boolean;
}

/** A relay's listener: accepts with the shared policy of lib/transport/stream_server.ts. */
export interface SideServer {
  readonly addr: Deno.Addr;
  /** Hands each accepted connection to `onSide` until close(). */
  serve(onSide: (side: StreamSide) => void): Promise<void>;
  close(): void;
}

export interface StreamBackend {
  /** Listens on `ep`; accept trouble (out of descriptors) is reported to `emit`, once an episode. */
  listen(ep: Endpoint, emit: Emit): Promise<SideServer>;
  /** Connects to `ep`; `signal` abandons the connect at once (the relay is stopping). */
  connect(ep: Endpoint, signal: AbortSignal): Promise<StreamSide>;
}

/**
 * First read buffer, and what a quiet link waits with: a waiting read holds its buffer, and
 * idle links are most of a busy relay's. A side whose reads fill theirs gets bigger ones, up to
 * READ_MAX; one whose reads bring no more than this twice in a row goes back to it. (Once was
 * too soon: a bulk transfer's reads come back this small now and then, about 90 times a second
 * through iperf3 at 12 Gbit/s, and each time both buffers were made again, 1 KiB to 1 MiB,
 * through five sizes: 2.3 % of the relay's CPU, profiled.)
 */
const READ_START = 1024;
/** Largest read buffer: big reads keep a bulk transfer's per-chunk cost low (measured: 1 MiB
 * costs about a quarter less CPU per GiB than 256 KiB). */
const READ_MAX = 1024 * 1024;
/** Bytes all read buffers of one relay together may have grown by: a few bulk connections get
 * big buffers, a crowd of them cannot exhaust memory. */
const GROWTH_BUDGET = 128 * 1024 * 1024;

/** What the read buffers of one relay have grown by, against GROWTH_BUDGET. */
class Growth {
  #grown = 0;

  /** Takes `extra` bytes from the budget; false (nothing taken) when they would exceed it. */
  take(extra: number): boolean {
    if (this.#grown + extra > GROWTH_BUDGET) return false;
    this.#grown += extra;
    return true;
  }

  give(bytes: number): void {
    this.#grown -= bytes;
  }
}

/**
 * A Deno.Conn. Reads alternate between two buffers, so a chunk stays valid
 * while the next read fills the other one: the relay overlaps writing one
 * chunk with reading the next.
 */
class DenoSide implements StreamSide {
  #bufs = [new Uint8Array(READ_START), new Uint8Array(READ_START)];
  #next = 0;
  #grown = 0;
  /** Reads in a row that brought READ_START bytes or less. */
  #small = 0;

  constructor(readonly conn: Deno.Conn, readonly peer: string, readonly growth: Growth) {
    // The relay adds no Nagle delay of its own, and --slice writes stay apart.
    setNoDelay(conn, true);
  }

  #taken?: Taken | null;

  /** Made when first asked (only --slice asks): it finds the peer's end in /proc once. */
  get taken(): Taken | undefined {
    if (this.#taken === undefined) this.#taken = watchTaken(this.conn) ?? null;
    return this.#taken ?? undefined;
  }

  async read(): Promise<Uint8Array | null> {
    const i = this.#next;
    this.#next ^= 1;
    const buf = this.#bufs[i];
    const n = await this.conn.read(buf).catch((err) => {
      // A TLS peer gone without close_notify has ended its stream, as a FIN does.
      if (isTlsEof(err)) return null;
      throw err;
    });
    if (n === null) return null;
    this.#small = n <= READ_START ? this.#small + 1 : 0;
    if (n === buf.length && n < READ_MAX) this.#grow(i);
    else if (this.#small >= 2 && this.#grown > 0) this.#shrink();
    return buf.subarray(0, n);
  }

  /** Both buffers back to READ_START (a chunk read into one stays valid: it keeps its own). */
  #shrink(): void {
    this.#bufs = [new Uint8Array(READ_START), new Uint8Array(READ_START)];
    this.growth.give(this.#grown);
    this.#grown = 0;
  }

  #grow(i: number): void {
    const size = Math.min(READ_MAX, this.#bufs[i].length * 4);
    const extra = size - this.#bufs[i].length;
    if (!this.growth.take(extra)) return;
    this.#grown += extra;
    this.#bufs[i] = new Uint8Array(size);
  }

  async handshake(): Promise<void> {
    await acceptedTls(this.conn);
  }

  write(data: Uint8Array): Promise<void> {
    return writeAll(this.conn, data);
  }

  closeWrite(): Promise<void> {
    return this.conn.closeWrite();
  }

  close(): void {
    this.growth.give(this.#grown);
    this.#grown = 0;
    closeQuietly(this.conn);
  }

  reset(): boolean {
    this.close();
    return false;
  }
}

/** Deno.listen / Deno.connect: the fast path. One per relay: its sides share one growth budget. */
export function denoBackend(): StreamBackend {
  const growth = new Growth();
  return {
    async listen(ep, emit) {
      const server = await StreamServer.listen(ep, emit);
      return {
        addr: server.addr,
        async serve(onSide) {
          for await (const { conn, peer } of server) onSide(new DenoSide(conn, peer, growth));
        },
        close: () => server.close(),
      };
    },
    async connect(ep, signal) {
      const conn = await connectStream(ep, signal);
      return new DenoSide(conn, formatEndpoint(ep), growth);
    },
  };
}
