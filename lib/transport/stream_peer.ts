/**
 * One TCP or unix connection, either side: reads as asked (--read-size,
 * --read-delay), reports every read and every frame, writes framed messages.
 * Servers and clients share it, so both show the same events.
 */
import type { CountedPeer, Sending, SendNote } from "./peer.ts";
import { createDecoder, createEncoder, decodeChunk, FrameError } from "../framing/mod.ts";
import type { Frame, FrameDecoder, FrameEncoder, JsonHeader } from "../framing/types.ts";
import { explainError } from "../errors.ts";
import type { CloseReason } from "../events/types.ts";
import { isPeerGone, isTlsEof, writeAll } from "./stream.ts";
import { tlsAtPlainPeer } from "./tls.ts";
import {
  checkedFrame,
  emitFrame,
  emitSent,
  newCounters,
  type PeerCounters,
  type PeerOptions,
  withChecksum,
} from "./peer_options.ts";
import { shows } from "../events/types.ts";
import { closeQuietly } from "../close.ts";
import { FirstReads } from "./first_reads.ts";
import { type HeldMessage, WriteHold } from "./write_hold.ts";
import { type Said, said, saying } from "../i18n/say.ts";
import { ReadBuffer } from "./read_buffer.ts";

/** Framings whose decoder reads a length prefix, and so gives a TLS hint of its own. */
const PREFIXED = new Set(["len", "json"]);

export interface StreamHandlers {
  /** A decoded frame, with the number of the read that completed it. */
  frame?(frame: Frame): void | Promise<void>;
  /** Every read, undecoded (when set, frames are not decoded). */
  data?(chunk: Uint8Array): void | Promise<void>;
  /** EOF from the peer, before the connection closes. */
  end?(): void | Promise<void>;
}

export interface StreamResult {
  reason: CloseReason;
  /** Set when a malformed frame ended the connection. */
  frameError?: FrameError;
  /** Set when TLS failed after the handshake (a server refusing our client certificate). */
  tlsError?: Said;
  /** Set when the peer spoke TLS to this plain connection (said in an `error` event). */
  spokeTls?: true;
}

/** A message written, or not, and so never held. */
const WRITTEN: Sending = { written: Promise.resolve(true) };
const NOT_WRITTEN: Sending = { written: Promise.resolve(false) };

/**
 * The connections waiting out --read-delay before a read, each with what ends its wait: a close
 * (Ctrl-C, the page's Stop) ends it at once instead of up to the delay later. Kept here, not on
 * each connection: only a server with a read delay has any.
 */
const delaying = new Map<StreamPeer, () => void>();

export class StreamPeer implements CountedPeer {
  readonly counters: PeerCounters = newCounters();
  readonly #decoder: FrameDecoder;
  readonly #firstReads = new FirstReads();
  readonly #encoder: FrameEncoder;
  #closedBy?: CloseReason;
  #writeShut = false;
  #closedSaid = false;
  /** Set when a web session lists its connections. */
  readonly #untrack?: () => void;
  /** --coalesce: what is sent waits here and leaves in groups. */
  readonly #hold?: WriteHold;
  /** Writes made by --coalesce, numbered in their `sent` events. */
  #writes = 0;

  constructor(
    readonly conn: Deno.Conn,
    readonly name: string,
    readonly transport: "tcp" | "unix",
    readonly opts: PeerOptions,
  ) {
    const codec = {
      prefix: opts.prefix,
      maxFrame: opts.maxFrame,
      maxHeader: opts.maxHeader,
      crlf: opts.crlf,
      bodilessHeaders: opts.bodilessHeaders,
    };
    this.#decoder = createDecoder(opts.recvFraming, codec);
    this.#encoder = createEncoder(opts.sendFraming, codec);
    if (opts.coalesce !== undefined) {
      this.#hold = new WriteHold(opts.coalesce, (wire, held) => this.#writeTogether(wire, held));
    }
    this.#untrack = opts.live?.add(this);
  }

  get closed(): boolean {
    return this.#closedBy !== undefined;
  }

  get remoteAddr(): Deno.Addr {
    return this.conn.remoteAddr;
  }

  get localAddr(): Deno.Addr {
    return this.conn.localAddr;
  }

  async send(payload: Uint8Array, header?: JsonHeader, note?: SendNote): Promise<void> {
    await this.sendAsked(payload, header, note);
  }

  sendAsked(payload: Uint8Array, header?: JsonHeader, note?: SendNote): Promise<Sending> {
    const message = withChecksum(this.opts, payload);
    return this.#write(this.#encoder.encode(message, header), message, header, note);
  }

  async sendRaw(bytes: Uint8Array): Promise<void> {
    await this.#write(bytes, bytes);
  }

  /** Writes one message, or holds it (--coalesce); what became of it, as sendAsked says. */
  async #write(
    bytes: Uint8Array,
    payload: Uint8Array,
    header?: JsonHeader,
    note?: SendNote,
  ): Promise<Sending> {
    if (this.#closedBy) return NOT_WRITTEN;
    if (this.#hold) return await this.#hold.add({ bytes, payload, header, note });
    try {
      await writeAll(this.conn, bytes);
    } catch (err) {
      if (!isPeerGone(err)) throw err;
      this.close("reset");
      return NOT_WRITTEN;
    }
    this.counters.sends++;
    this.counters.bytes_out += bytes.length;
    emitSent(this.opts, this.name, payload, bytes.length, header, note);
    return WRITTEN;
  }

  /** Writes what --coalesce holds now; resolves once it is written. */
  flush(): Promise<void> {
    return this.#hold?.flush() ?? Promise.resolve();
  }

  /** --coalesce: the messages held together leave in one write, and their events say so. */
  async #writeTogether(wire: Uint8Array, messages: HeldMessage[]): Promise<boolean> {
    if (this.#closedBy) return false;
    try {
      await writeAll(this.conn, wire);
    } catch (err) {
      // Written from a timer: a failure ends the connection, it is never thrown at nobody.
      this.close(isPeerGone(err) ? "reset" : "error");
      return false;
    }
    const write = ++this.#writes;
    this.counters.sends += messages.length;
    this.counters.bytes_out += wire.length;
    for (const m of messages) {
      emitSent(this.opts, this.name, m.payload, m.bytes.length, m.header, {
        write,
        coalesced: messages.length,
        ...m.note,
      });
    }
    return true;
  }

  /**
   * After the peer's end of file: whether it has closed altogether (what we wrote since drew
   * its RST), not only its sending. A read cannot tell (after a FIN it reads end of file
   * whatever came since); an empty write can: the kernel fails it once that RST has come,
   * which over loopback is before our last write returned (from afar, an RTT later: not seen).
   */
  async goneAfterEof(): Promise<boolean> {
    if (this.#closedBy) return this.#closedBy === "reset";
    try {
      await this.conn.write(new Uint8Array(0));
      return false;
    } catch (err) {
      if (!isPeerGone(err)) return false;
      this.close("reset");
      return true;
    }
  }

  /** Shuts our write side: the peer reads EOF, we keep reading. */
  async closeWrite(): Promise<void> {
    await this.flush();
    if (this.#writeShut || this.#closedBy) return;
    this.#writeShut = true;
    await this.conn.closeWrite().catch(() => {});
  }

  close(reason: CloseReason = "us"): void {
    if (this.#closedBy) return;
    this.#closedBy = reason;
    delaying.get(this)?.();
    this.#hold?.drop();
    this.#untrack?.();
    closeQuietly(this.conn);
  }

  /** Reads until EOF, reset or close; reports `read`, `frame`, `error`, `closed`. */
  async run(handlers: StreamHandlers): Promise<StreamResult> {
    const reads = new ReadBuffer(this.opts.readSize, this.opts.readDelay > 0);
    let result: StreamResult | undefined;
    try {
      // One call a read: what a waiting connection holds is its read buffer and little else
      // (a loop here would keep its last read's bytes and frames alive while it waits).
      while (!result) result = await this.#next(reads, handlers);
    } catch (err) {
      result = this.#failed(err);
    }
    this.close(result.reason);
    if (result.reason !== "eof" && result.reason !== "error") this.#reportCutFrame(result.reason);
    this.end(result.reason);
    return result;
  }

  /** How a read that threw ends the connection (reported where the peer should hear of it). */
  #failed(err: unknown): StreamResult {
    if (err instanceof FrameError) {
      this.opts.emit({
        event: "error",
        peer: this.name,
        message: err.message,
        said: err.said,
        offset: err.offset,
        ...(err.hint ? { hint: err.hint } : {}),
      });
      return { reason: "error", frameError: err };
    }
    if (this.#closedBy) return { reason: this.#closedBy };
    if (isTlsEof(err)) return { reason: "eof" };
    // Only TLS reads fail with InvalidData: bad records, or an alert from the peer.
    if (err instanceof Deno.errors.InvalidData) {
      const why = explainError(err);
      this.opts.emit({ event: "error", peer: this.name, ...saying(why) });
      return { reason: "error", tlsError: why };
    }
    if (isPeerGone(err)) return { reason: "reset" };
    throw err;
  }

  /**
   * Closes the connection and says so, once, in a `closed` event with the
   * counters: `run` does when the connection ends, a server when its
   * behaviour failed.
   */
  end(reason: CloseReason): void {
    this.close(reason);
    if (this.#closedSaid) return;
    this.#closedSaid = true;
    this.opts.emit({ event: "closed", peer: this.name, reason, ...this.counters });
  }

  /** The frame half received so far, as the error an end now would be; none when none is begun. */
  heldFrame(): FrameError | undefined {
    try {
      this.#decoder.end();
      return undefined;
    } catch (err) {
      if (err instanceof FrameError) return err;
      throw err;
    }
  }

  /** A frame half received when the connection ends (--wait ran out, a reset): said, never lost silently. */
  #reportCutFrame(reason: CloseReason): void {
    try {
      this.#decoder.end();
    } catch (err) {
      if (!(err instanceof FrameError)) throw err;
      // Closed by us (--wait ran out, a stop): nothing broke, the frame had not all come yet.
      const key = reason === "us" ? "frame.cut_by_us" : "frame.cut_off";
      const cut = said(key, { offset: err.offset, reason: err.parts.reason });
      this.opts.emit({ event: "error", peer: this.name, ...saying(cut), offset: err.offset });
    }
  }

  /**
   * One read, its events and its frames handled; the result once the connection has ended.
   * Kept small: what it holds is held by every connection waiting for its next read. Not an
   * async function: a waiting connection holds the read's promise and one reaction to it, not
   * a suspended frame as well.
   */
  #next(reads: ReadBuffer, handlers: StreamHandlers): Promise<StreamResult | undefined> {
    if (this.#closedBy) return Promise.resolve({ reason: this.#closedBy });
    if (this.opts.readDelay > 0) {
      return new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          delaying.delete(this);
          resolve();
        };
        const timer = setTimeout(wake, this.opts.readDelay);
        delaying.set(this, wake);
      }).then(() => this.#closedBy ? { reason: this.#closedBy } : this.#read(reads, handlers));
    }
    return this.#read(reads, handlers);
  }

  #read(reads: ReadBuffer, handlers: StreamHandlers): Promise<StreamResult | undefined> {
    const ahead = reads.ahead();
    if (ahead) return ahead().then((chunk) => this.#handle(chunk, handlers));
    // A waiting connection holds this read's promise and one reaction to it, nothing more.
    const buf = reads.buffer;
    return this.conn.read(buf).then((n) =>
      reads.goesOn(buf, n)
        ? reads.goOn(this.conn, n).then((chunk) => this.#handle(chunk, handlers))
        : this.#handle(reads.took(n), handlers)
    );
  }

  #handle(chunk: Uint8Array | null, handlers: StreamHandlers): Promise<StreamResult | undefined> {
    return chunk === null ? this.#ended(handlers) : this.#took(chunk, handlers);
  }

  /** End of file from the peer: a frame cut short is an error, and the behaviour hears of it. */
  async #ended(handlers: StreamHandlers): Promise<StreamResult> {
    if (!handlers.data) this.#decoder.end();
    await handlers.end?.();
    return { reason: "eof" };
  }

  /** A read: counted, reported, decoded, its frames handed on in order. */
  async #took(chunk: Uint8Array, handlers: StreamHandlers): Promise<StreamResult | undefined> {
    const { emit } = this.opts;
    const n = chunk.length;
    const read = ++this.counters.reads;
    this.counters.bytes_in += n;
    if (handlers.data) {
      // Streamed bodies (save) run to GiBs: their reads are reported by size, in detail.
      if (shows(emit, "read", "detail")) {
        emit({ event: "read", peer: this.name, read, bytes: n, level: "detail" });
      }
      await handlers.data(chunk);
      return undefined;
    }
    if (shows(emit, "read")) emit({ event: "read", peer: this.name, read, data: chunk });
    // len and json say it in their frame error; raw and line would pass TLS bytes on silently.
    // To a client its bytes are no message (a TLS alert is not the reply --expect waits for): the
    // connection ends there, as at a malformed frame.
    if (read === 1 && !PREFIXED.has(this.opts.recvFraming)) {
      const tls = tlsAtPlainPeer(this.conn, this.name, chunk);
      if (tls) emit(tls);
      if (tls && this.opts.endOnTls) return { reason: "error", spokeTls: true };
    }
    // The first frame this read completes may have begun reads ago; any other began in it.
    let firstRead = this.#firstReads.next(read, n, this.#decoder.frameStart);
    // The frames this read completed before any bad bytes are still messages: shown first.
    const [frames, malformed] = decodeChunk(this.#decoder, chunk);
    for (const frame of frames) {
      const n = ++this.counters.frames;
      emitFrame(this.opts, this.name, n, read, frame, firstRead);
      firstRead = read;
      await handlers.frame?.(checkedFrame(this.opts, this.name, n, frame));
    }
    if (malformed) throw malformed;
    return undefined;
  }
}
