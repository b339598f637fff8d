/**
 * A connection our own accept loop took, as the node:stream Duplex that
 * node:http and ws speak: the page's HTTP server runs on connections framecat
 * accepted itself (transport's accept policy), not on a listener of its own.
 */
import { Duplex } from "node:stream";
import { closeQuietly } from "../close.ts";
import { writeAll } from "../transport/stream.ts";

/** Bytes asked of each read: the page's requests are small, its uploads streamed. */
const READ_SIZE = 16 * 1024;

export class ConnSocket extends Duplex {
  readonly remoteAddress?: string;
  readonly remotePort?: number;
  #reading = false;
  #idleMs = 0;
  #idle?: ReturnType<typeof setTimeout>;

  constructor(readonly conn: Deno.Conn) {
    super({ allowHalfOpen: false });
    const remote = conn.remoteAddr as Deno.NetAddr;
    this.remoteAddress = remote.hostname;
    this.remotePort = remote.port;
    // A peer's reset reaches node:http or ws as an `error`; once they let go, it must not throw.
    this.on("error", () => {});
  }

  override _read(): void {
    if (!this.#reading) this.#pump();
  }

  /** Reads until the consumer has enough (push false) or the peer is done. */
  async #pump(): Promise<void> {
    this.#reading = true;
    try {
      while (!this.destroyed) {
        const buf = new Uint8Array(READ_SIZE);
        const n = await this.conn.read(buf);
        this.#touch();
        if (n === null) {
          this.push(null);
          return;
        }
        if (!this.push(buf.subarray(0, n))) return;
      }
    } catch (err) {
      if (!this.destroyed) this.destroy(err as Error);
    } finally {
      this.#reading = false;
    }
  }

  override _write(chunk: Uint8Array, _enc: string, done: (err?: Error | null) => void): void {
    writeAll(this.conn, chunk).then(() => {
      this.#touch();
      done();
    }, done);
  }

  override _final(done: (err?: Error | null) => void): void {
    this.conn.closeWrite().then(() => done(), () => done());
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    clearTimeout(this.#idle);
    closeQuietly(this.conn);
    done(err);
  }

  /** node:net's idle timeout (node:http's keep-alive uses it): `timeout` after `ms` of silence. */
  setTimeout(ms: number, listener?: () => void): this {
    this.#idleMs = ms;
    if (listener) this.once("timeout", listener);
    this.#touch();
    return this;
  }

  setNoDelay(on = true): this {
    if ("setNoDelay" in this.conn) (this.conn as Deno.TcpConn).setNoDelay(on);
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  #touch(): void {
    clearTimeout(this.#idle);
    if (this.#idleMs > 0 && !this.destroyed) {
      this.#idle = setTimeout(() => this.emit("timeout"), this.#idleMs);
    }
  }
}
