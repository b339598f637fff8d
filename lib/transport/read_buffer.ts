/**
 * The buffer one stream connection reads into. A read waiting in Deno holds
 * its buffer for as long as it waits, and most of a server's connections are
 * waiting: with a --read-size buffer each (64 KiB by default) 10,000 idle
 * clients held 650 MB. So a connection that has caught up waits in a small
 * buffer, reads with its whole --read-size once a read comes back full (more
 * may be waiting), and goes back to the small one when a read brings less
 * than 4 KiB. A read that filled at least half of a --read-size buffer keeps
 * that buffer, and the next read gets a new one (no copy); a smaller read is
 * copied out. Every read is what one recv of --read-size would return, as the
 * course's recv(n) is: a read that fills the quiet buffer goes on at once, in
 * the same read, with what is already waiting (1,500 bytes sent at once are one
 * read of 1,500, not 1,024 and 476: framecat must not show a split TCP did not
 * make).
 */

/** What a quiet connection waits with: a line, a small message, the course's recv(1024). */
export const QUIET_READ = 1024;

/**
 * Microtask turns a read of bytes already waiting takes to settle: Deno runs a socket read at
 * once when it is called (an eager op), so its promise settles in two turns, before any I/O
 * or timer. Unsettled after these, nothing was waiting.
 */
const SETTLE_TURNS = 8;

/** The value of `promise` if it settles within SETTLE_TURNS microtask turns; else undefined. */
async function settledAtOnce<T>(promise: Promise<T>): Promise<{ value: T } | undefined> {
  let settled: { value: T } | undefined;
  let failed = false;
  promise.then((value) => (settled = { value }), () => (failed = true));
  for (let turn = 0; turn < SETTLE_TURNS && !settled && !failed; turn++) await undefined;
  return settled;
}

/** Each ReadBuffer's next read, where its last one settled it (see ReadBuffer.ahead). */
const settledNext = new WeakMap<ReadBuffer, () => Promise<Uint8Array | null>>();

export class ReadBuffer {
  /** The buffer of a quiet connection: kept for its whole life. */
  readonly #quiet: Uint8Array;
  /** The --read-size buffer: from a read that fills the quiet one to one that brings < 4 KiB. */
  #busy?: Uint8Array;

  /**
   * `readSize` is the most one read returns. `steady`: always read with all of it (a
   * --read-delay reader lets bytes pile up between reads, and must see them as recv(n) would).
   */
  constructor(readonly readSize: number, steady = false) {
    this.#quiet = new Uint8Array(steady ? readSize : Math.min(readSize, QUIET_READ));
  }

  /** What the next read reads into. */
  get buffer(): Uint8Array {
    return this.#busy ?? this.#quiet;
  }

  /**
   * The next read, when the last one settled it (a read still out, bytes beyond what the last
   * could take, the end): taken, to be called now. Undefined when the next read is a read of
   * `buffer`. Kept aside, not in a field: a waiting connection's every byte counts.
   */
  ahead(): (() => Promise<Uint8Array | null>) | undefined {
    const next = settledNext.get(this);
    if (next) settledNext.delete(this);
    return next;
  }

  /** Whether a read that returned `n` into `buf` goes on (goOn) before it is a read. */
  goesOn(buf: Uint8Array, n: number | null): n is number {
    return n === buf.length && buf === this.#quiet && n < this.readSize;
  }

  /** A read that filled the quiet buffer, gone on with what is waiting (see #goOn). */
  goOn(conn: Deno.Conn, n: number): Promise<Uint8Array> {
    return this.#goOn(conn, this.#quiet.slice(0, n), true);
  }

  /**
   * The quiet buffer came back full (`head`): the read goes on, into a --read-size buffer of its
   * own, with what is waiting already, joined to it as one recv(--read-size) would have taken it.
   * What is beyond --read-size then begins the next read (`carry`), joined the same way to what
   * waits behind it, once: if more than that is waiting still, a stream is flowing, and the next
   * read is the bytes beyond alone. When nothing is waiting, the read is `head`, and the read
   * still out, a whole --read-size one, is the next.
   */
  async #goOn(conn: Deno.Conn, head: Uint8Array, carry: boolean): Promise<Uint8Array> {
    const big = new Uint8Array(this.readSize);
    const rest = conn.read(big);
    const now = await settledAtOnce(rest);
    if (now === undefined) {
      const next = rest.then((m) => m === null ? null : this.#keep(big, 0, m));
      // Not awaited if the connection ends first (closed by us): its failure is no one's.
      next.catch(() => {});
      settledNext.set(this, () => next);
      return head;
    }
    // End of file right behind the bytes: this read is theirs, the next one says the end.
    if (now.value === null) {
      settledNext.set(this, () => Promise.resolve(null));
      return head;
    }
    const m = now.value;
    const room = this.readSize - head.length;
    if (m > room && !carry) {
      const next = this.#keep(big, 0, m);
      settledNext.set(this, () => Promise.resolve(next));
      return head;
    }
    const joined = new Uint8Array(head.length + Math.min(m, room));
    joined.set(head);
    joined.set(big.subarray(0, Math.min(m, room)), head.length);
    if (m > room) {
      const beyond = big.slice(room, m);
      settledNext.set(this, () => this.#goOn(conn, beyond, false));
    } else {
      // big is free again (copied out): a burst's next reads ask for all of --read-size.
      this.#busy = head.length + m < QUIET_READ * 4 ? undefined : big;
    }
    return joined;
  }

  /**
   * Bytes `from`..`to` of a --read-size buffer: handed over when they are at least half of it,
   * else copied out. As took() does, a read of a few KiB that did not fill it goes back to the
   * quiet buffer; any other keeps a --read-size one for the next read.
   */
  #keep(big: Uint8Array, from: number, to: number): Uint8Array {
    const quiet = to < big.length && to - from < QUIET_READ * 4;
    if ((to - from) * 2 >= big.length) {
      this.#busy = quiet ? undefined : new Uint8Array(this.readSize);
      return big.subarray(from, to);
    }
    this.#busy = quiet ? undefined : big;
    return big.slice(from, to);
  }

  /** What a read into `buffer` returned (`n` bytes, null at end of file): a copy of those bytes. */
  took(n: number | null): Uint8Array | null {
    if (n === null) return null;
    const buf = this.buffer;
    if (n === buf.length) {
      if (!this.#busy && buf.length < this.readSize) this.#busy = new Uint8Array(this.readSize);
    } else if (n < QUIET_READ * 4) {
      // A few KiB at most: the connection has gone quiet (a line, a small message). Not less
      // than a full read: a bulk stream's reads that come back short (a TLS record's rest after
      // a quiet read took its start) would each be followed by a small read and a new buffer.
      this.#busy = undefined;
    }
    // What is returned outlives the buffer's next read (frames are views into it, and may be
    // kept). A --read-size buffer at least half filled is handed over as it is, and the next
    // read gets a new one: a copy costs as much as the new buffer and then the copying too
    // (profiled: copying each 64 KiB read was 7 % of an NDJSON echo server's CPU time).
    if (buf === this.#busy && n * 2 >= buf.length) {
      this.#busy = new Uint8Array(this.readSize);
      return buf.subarray(0, n);
    }
    return buf.slice(0, n);
  }
}
