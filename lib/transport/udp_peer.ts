/**
 * UDP, either side: one socket, peers told apart by address. Each datagram
 * is one read; with a framing it must hold exactly one frame.
 */
import { type Said, said, sayEn, saying } from "../i18n/say.ts";
import { type CloseReason, shows } from "../events/types.ts";
import type { CountedPeer, Sending, SendNote } from "./peer.ts";
import { createEncoder, decodeDatagram, FrameError } from "../framing/mod.ts";
import type { Frame, FrameEncoder, JsonHeader } from "../framing/types.ts";
import { formatAddr } from "./endpoint.ts";
import {
  type Datagram,
  type DatagramSocket,
  MAX_DATAGRAM,
  MAX_DATAGRAM_V6,
  RECEIVE_BUFFER,
  receiveDatagram,
  sendDatagram,
} from "./datagram.ts";
import { sleep } from "../sleep.ts";
import {
  checkedFrame,
  emitFrame,
  emitSent,
  newCounters,
  type PeerCounters,
  type PeerOptions,
  withChecksum,
} from "./peer_options.ts";
import { closeQuietly } from "../close.ts";
import { ReplyGuard, type ReplyWindow } from "./reply_guard.ts";

/** An IPv4 address as a dual-stack socket names it (`::ffff:127.0.0.1`): it is reached over IPv4. */
const V4_MAPPED = /^::ffff:\d{1,3}(\.\d{1,3}){3}$/i;

/** The largest datagram that reaches `addr`: IPv6's only when it is reached over IPv6. */
function maxDatagramTo(addr: Deno.NetAddr): number {
  const host = addr.hostname;
  return host.includes(":") && !V4_MAPPED.test(host) ? MAX_DATAGRAM_V6 : MAX_DATAGRAM;
}

export class UdpPeer implements CountedPeer {
  readonly transport = "udp";
  readonly counters: PeerCounters = newCounters();
  lastHeard = Date.now();
  /** Replies sent it in the second under way (ReplyGuard). */
  readonly replies: ReplyWindow = { start: 0, count: 0 };
  /** The largest datagram it can be sent (IPv4's through a dual-stack socket too). */
  readonly maxDatagram: number;
  #forgotten = false;
  readonly #untrack: () => void;

  constructor(
    readonly socket: UdpSocket,
    readonly addr: Deno.NetAddr,
    readonly name = formatAddr(addr),
  ) {
    this.maxDatagram = maxDatagramTo(addr);
    this.#untrack = socket.opts.live?.add(this) ?? (() => {});
  }

  get remoteAddr(): Deno.Addr {
    return this.addr;
  }

  get localAddr(): Deno.Addr {
    return this.socket.sock.addr;
  }

  get forgotten(): boolean {
    return this.#forgotten;
  }

  /**
   * The bytes of the datagram that would carry `payload`: the message with its framing (a json
   * header, a length prefix, a newline) and its checksum; a message its framing cannot encode is
   * refused by the send itself, and counted as it is.
   */
  datagramSize(payload: Uint8Array, header?: JsonHeader): number {
    try {
      return this.socket.encoder.encode(withChecksum(this.socket.opts, payload), header).length;
    } catch {
      return payload.length;
    }
  }

  /** Why `payload` cannot go to this peer in one datagram, or undefined when it can. */
  tooBig(payload: Uint8Array, header?: JsonHeader): Said | undefined {
    return this.#tooBig(payload.length, this.datagramSize(payload, header));
  }

  #tooBig(payload: number, bytes: number): Said | undefined {
    const max = this.maxDatagram;
    if (bytes <= max) return undefined;
    return bytes === payload
      ? said("udp.message_too_big", { bytes, max })
      : said("udp.framed_too_big", { payload, bytes, max });
  }

  /**
   * Sends `payload` if one datagram holds it, encoding it once; else sends nothing and says why,
   * for the caller to say with what it knows (a piped line's number).
   */
  async sendOrRefuse(payload: Uint8Array, header?: JsonHeader): Promise<Said | undefined> {
    const message = withChecksum(this.socket.opts, payload);
    const bytes = this.socket.encoder.encode(message, header);
    const why = this.#tooBig(payload.length, bytes.length);
    if (why) return why;
    await this.socket.sendTo(this, bytes, message, header);
    return undefined;
  }

  send(payload: Uint8Array, header?: JsonHeader, note?: SendNote): Promise<void> {
    const message = withChecksum(this.socket.opts, payload);
    const bytes = this.socket.encoder.encode(message, header);
    return this.socket.sendTo(this, bytes, message, header, note);
  }

  async sendAsked(payload: Uint8Array, header?: JsonHeader): Promise<Sending> {
    const message = withChecksum(this.socket.opts, payload);
    const bytes = this.socket.encoder.encode(message, header);
    return { written: Promise.resolve(await this.socket.sendAsked(this, bytes, message, header)) };
  }

  sendRaw(bytes: Uint8Array): Promise<void> {
    return this.socket.sendTo(this, bytes, bytes);
  }

  /** A datagram leaves at once: nothing is ever held. */
  flush(): Promise<void> {
    return Promise.resolve();
  }

  /** At our own address: a forged source, that nothing is written to (ReplyGuard). */
  get own(): boolean {
    return this.socket.isOwn(this.addr);
  }

  close(reason: CloseReason = "us"): void {
    if (this.#forgotten) return;
    this.#forgotten = true;
    this.#untrack();
    this.socket.forget(this, reason);
  }
}

export interface UdpMessage {
  peer: UdpPeer;
  /** The decoded frame; undefined when the datagram was malformed (an error event says why). */
  frame?: Frame;
}

/** Bound on how many peers a UDP socket remembers; the longest silent is forgotten first. */
const MAX_PEERS = 65536;

/** A UDP socket with its peers, reporting `read`, `frame`, `sent`, `error` events. */
export class UdpSocket {
  readonly encoder: FrameEncoder;
  readonly peers = new Map<string, UdpPeer>();
  readonly totals: PeerCounters = newCounters();
  /** When the last datagram went (performance.now()), for a silence to be measured from it. */
  lastSentAt = 0;
  /** Called when a peer is forgotten (closed, expired, evicted). */
  onForget?: (peer: UdpPeer, reason: CloseReason) => void;
  readonly #guard: ReplyGuard;
  /** A server's socket (what it sends are replies), not a client's. */
  readonly #server: boolean;
  #closed = false;
  /** Aborted by close: a --read-delay wait ends with it (Ctrl-C does not wait the delay out). */
  readonly #closing = new AbortController();
  /** What every datagram is received into (each is copied out of it). */
  readonly #buffer = new Uint8Array(RECEIVE_BUFFER);

  /** `serverClock`: a server's; replies to any one peer are then bounded a second of it (ReplyGuard). */
  constructor(
    readonly sock: DatagramSocket,
    readonly opts: PeerOptions,
    serverClock?: () => number,
  ) {
    this.encoder = createEncoder(opts.sendFraming, {
      prefix: opts.prefix,
      maxFrame: opts.maxFrame,
      crlf: opts.crlf,
    });
    this.#guard = new ReplyGuard(sock.addr, opts.emit, serverClock);
    this.#server = serverClock !== undefined;
  }

  /** The peer for an address, made on first sight. */
  peer(addr: Deno.NetAddr): UdpPeer {
    const key = formatAddr(addr);
    let peer = this.peers.get(key);
    if (!peer) {
      if (this.peers.size >= MAX_PEERS) this.peers.values().next().value!.close("evicted");
      peer = new UdpPeer(this, addr, key);
      this.peers.set(key, peer);
    }
    return peer;
  }

  forget(peer: UdpPeer, reason: CloseReason): void {
    if (this.peers.get(peer.name) === peer) this.peers.delete(peer.name);
    this.opts.emit({ event: "closed", peer: peer.name, reason, ...peer.counters });
    this.onForget?.(peer, reason);
  }

  /** Forgets peers silent for longer than `ms`. */
  forgetSilent(ms: number): void {
    const cutoff = Date.now() - ms;
    for (const peer of [...this.peers.values()]) if (peer.lastHeard < cutoff) peer.close("idle");
  }

  /** Whether `addr` is this socket's own address (ReplyGuard). */
  isOwn(addr: Deno.NetAddr): boolean {
    return this.#guard.isOwn(addr);
  }

  /** Sends what the command sends (a reply, a client's message), as the ReplyGuard allows. */
  async sendTo(
    peer: UdpPeer,
    bytes: Uint8Array,
    payload: Uint8Array,
    header?: JsonHeader,
    note?: SendNote,
  ): Promise<void> {
    if (!this.#guard.allows(peer.addr, peer.replies)) return;
    await this.#write(peer, bytes, payload, header, note);
  }

  /**
   * Sends what the user asked for (the page): no reply, so not bounded by the guard's rate,
   * but never to our own address. True when it was written.
   */
  sendAsked(
    peer: UdpPeer,
    bytes: Uint8Array,
    payload: Uint8Array,
    header?: JsonHeader,
  ): Promise<boolean> {
    if (this.isOwn(peer.addr)) return Promise.resolve(false);
    return this.#write(peer, bytes, payload, header);
  }

  /** Writes one datagram, counted and reported; false when it is too large to be one. */
  async #write(
    peer: UdpPeer,
    bytes: Uint8Array,
    payload: Uint8Array,
    header?: JsonHeader,
    note?: SendNote,
  ): Promise<boolean> {
    // A reply larger than one datagram (time's or upper's answer to a long message), or a line
    // typed to a client: said, with its peer, and the server or the client goes on; the kernel
    // would refuse it as "Message too long".
    const max = peer.maxDatagram;
    if (bytes.length > max) {
      const why = said(this.#server ? "udp.reply_too_big" : "udp.message_too_big", {
        bytes: bytes.length,
        max,
      });
      this.opts.emit({ event: "error", peer: peer.name, ...saying(why) });
      return false;
    }
    await sendDatagram(this.sock, bytes, peer.addr);
    this.lastSentAt = performance.now();
    for (const c of [peer.counters, this.totals]) {
      c.sends++;
      c.bytes_out += bytes.length;
    }
    emitSent(this.opts, peer.name, payload, bytes.length, header, note);
    return true;
  }

  /** Receives the next datagram: reports it and decodes it. Null once the socket is closed. */
  async receive(): Promise<UdpMessage | null> {
    const { readSize, readDelay } = this.opts;
    if (readDelay > 0) await sleep(readDelay, this.#closing.signal);
    if (this.#closed) return null;
    let dgram;
    while (!dgram) {
      try {
        dgram = await receiveDatagram(this.sock, readSize, this.#buffer);
      } catch (err) {
        if (this.#closed) return null;
        // Windows reports a port unreachable (ICMP) from an earlier send as a reset of the next
        // receive: that peer is gone, the socket is fine.
        if (!(err instanceof Deno.errors.ConnectionReset)) throw err;
      }
    }
    const peer = this.#heard(dgram);
    return this.#decode(peer, dgram, peer.counters.reads);
  }

  /** Counts and reports a datagram (one read), and makes its peer the latest heard. */
  #heard(dgram: Datagram): UdpPeer {
    const peer = this.peer(dgram.addr);
    // Refresh the peer's place in the map: the first entry is then the longest silent.
    this.peers.delete(peer.name);
    this.peers.set(peer.name, peer);
    peer.lastHeard = Date.now();
    const read = ++peer.counters.reads;
    this.totals.reads++;
    peer.counters.bytes_in += dgram.data.length;
    this.totals.bytes_in += dgram.data.length;
    if (!shows(this.opts.emit, "read")) return peer;
    const lost = dgram.size - this.opts.readSize;
    this.opts.emit({
      event: "read",
      peer: peer.name,
      read,
      data: dgram.data,
      truncated: dgram.truncated,
      ...(dgram.truncated ? { datagram_bytes: dgram.size, lost_bytes: lost } : {}),
    });
    return peer;
  }

  /** The frame the datagram holds, reported; or an `error` event when it holds none. */
  #decode(peer: UdpPeer, dgram: Datagram, read: number): UdpMessage {
    const { readSize, emit, recvFraming, prefix, maxFrame, maxHeader, bodilessHeaders } = this.opts;
    try {
      const frame = decodeDatagram(recvFraming, dgram.data, {
        prefix,
        maxFrame,
        maxHeader,
        bodilessHeaders,
      });
      this.totals.frames++;
      const n = ++peer.counters.frames;
      emitFrame(this.opts, peer.name, n, read, frame);
      return { peer, frame: checkedFrame(this.opts, peer.name, n, frame) };
    } catch (err) {
      if (!(err instanceof FrameError)) throw err;
      const why = dgram.truncated
        ? said("frame.error_cut", { error: err.said, size: dgram.size, read_size: readSize })
        : err.said;
      emit({
        event: "error",
        peer: peer.name,
        message: sayEn(why),
        said: why,
        ...(err.hint ? { hint: err.hint } : {}),
      });
      return { peer };
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closing.abort();
    closeQuietly(this.sock);
  }
}
