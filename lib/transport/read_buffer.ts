/**
 * The buffer one stream connection reads into. A read waiting in Deno holds
 * its buffer for as long as it waits, and most of a server's connections are
 * waiting: with a --read-size buffer each (64 KiB by default) 10,000 idle
 * clients held 650 MB. So a connection that has caught up waits in a small
 * buffer, reads with its whole --read-size once a read comes back full (more
 * may be waiting), and goes back to the small one when a read brings less
 * than 4 KiB. A read that filled at least half of a --read-size buffer keeps
 * that buffer, and the next read gets a new one (no copy); a smaller read is
 * copied out. Every read is still one recv of at most --read-size,
 * as the course's recv(n) is; a burst that reaches a quiet connection comes
 * in a read of at most QUIET_READ bytes, then in reads of up to --read-size.
 */

/** What a quiet connection waits with: a line, a small message, the course's recv(1024). */
export const QUIET_READ = 1024;

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
