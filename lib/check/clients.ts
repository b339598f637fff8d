/**
 * The clients of a case: a TCP or unix connection, or a UDP socket, each
 * feeding what comes back into its inbox and reporting every event to the
 * case's recorder. Both use transport's own peers (StreamPeer, UdpSocket),
 * so a check reads, decodes and reports exactly as connect does.
 */
import type { Emit } from "../events/types.ts";
import { errorMessage, SaidError, saidOf } from "../errors.ts";
import { type Endpoint, formatAddr, type NetEndpoint } from "../transport/endpoint.ts";
import { bindUdpClient, sendDatagram, udpTarget } from "../transport/datagram.ts";
import type { PeerOptions } from "../transport/peer_options.ts";
import { setNoDelay, writeAll } from "../transport/stream.ts";
import { connectTcp } from "../transport/dial.ts";
import { StreamPeer } from "../transport/stream_peer.ts";
import { UdpSocket } from "../transport/udp_peer.ts";
import { closeQuietly } from "../close.ts";
import type { FrameError } from "../framing/frame_error.ts";
import { isTextHint } from "../framing/prefix.ts";
import { type Said, said } from "../i18n/say.ts";
import type { Conversation } from "./conversation.ts";
import { type Ending, FLOOD_BYTES, Inbox } from "./inbox.ts";
import type { Recorder } from "./recorder.ts";
import { type Taken, unreadBy, watchTaken } from "../transport/taken.ts";
import { deliver } from "./wire.ts";
import { DELAYED_READ_MS, type Way } from "./ways.ts";

/** Bytes one read asks for: room for any reply a check expects in one go. */
const READ_SIZE = 65536;

/** What a client of a case needs to know. */
export interface ClientContext {
  conversation: Conversation;
  way: Way;
  recorder: Recorder;
  /** The server, as events name it (`HOST:PORT`, with `#N` for a second client). */
  peer: string;
  /** Connecting is given up after this long (ms). */
  timeout: number;
  signal: AbortSignal;
}

export interface Client {
  readonly inbox: Inbox;
  /** Writes the framed messages as the way says; `payloads` are what the `sent` events show. */
  send(wires: Uint8Array[], payloads: Uint8Array[]): Promise<void>;
  /** Ends the connection (FIN) or closes the socket; resolves once reading has stopped. */
  close(): Promise<void>;
  /**
   * A reply begun and not ended after waiting `withinMs` for it (a length that announced more
   * than came, a line with no newline): why it cannot be read; none when no reply is begun.
   */
  unended?(withinMs: number): Said | undefined;
  /** The server had closed or reset the connection before anything was written to it. */
  readonly endedUnwritten?: boolean;
  /** The bytes written that the server has not read yet, where the kernel shows them. */
  unread?(): Promise<number | undefined>;
}

/** A target that cannot be reached: connecting failed or took too long. */
export class Unreachable extends SaidError {
  override name = "Unreachable";
}

/** Opens a client of the conversation's transport to `ep`; throws Unreachable. */
export function openClient(ep: Endpoint, ctx: ClientContext): Promise<Client> {
  return ctx.conversation.transport === "datagram"
    ? Promise.resolve(DatagramClient.open(ep as NetEndpoint, ctx))
    : StreamClient.open(ep, ctx);
}

/** How the case's peers read and decode: the conversation's framing, the way's read delay. */
function peerOptions(ctx: ClientContext): PeerOptions {
  const { conversation: c, way, recorder } = ctx;
  return {
    recvFraming: c.recvFraming,
    sendFraming: c.sendFraming,
    ...c.codec,
    readSize: READ_SIZE,
    readDelay: way === "delayed" ? DELAYED_READ_MS : 0,
    // The course's acknowledgement is a header alone, {"ok": true}, with no total_size.
    bodilessHeaders: true,
    emit: recorder.emit,
  };
}

/** The `sent` event of each message, numbered by the write that carried it, with how many it carried. */
function emitSends(
  emit: Emit,
  peer: string,
  wires: Uint8Array[],
  payloads: Uint8Array[],
  write: number,
) {
  wires.forEach((wire, i) => {
    emit({
      event: "sent",
      peer,
      data: payloads[i],
      wire_bytes: wire.length,
      write,
      coalesced: wires.length,
    });
  });
}

class StreamClient implements Client {
  readonly inbox = new Inbox();
  readonly #peer: StreamPeer;
  readonly #reading: Promise<void>;
  /** Whether the server has read what was written, where the kernel shows it (the split way). */
  readonly #taken?: Taken;
  #writes = 0;

  private constructor(conn: Deno.Conn, readonly ctx: ClientContext) {
    if (ctx.way === "split") this.#taken = watchTaken(conn);
    // Writes leave as they are made (no Nagle): each way cuts the stream itself.
    setNoDelay(conn, true);
    const transport = conn.remoteAddr.transport === "unix" ? "unix" : "tcp";
    this.#peer = new StreamPeer(conn, ctx.peer, transport, peerOptions(ctx));
    this.#reading = this.#read();
  }

  unread(): Promise<number | undefined> {
    return unreadBy(this.#peer.conn);
  }

  static async open(ep: Endpoint, ctx: ClientContext): Promise<StreamClient> {
    const conn = await connectWithin(ep, ctx.timeout);
    ctx.recorder.emit({
      event: "connected",
      peer: ctx.peer,
      local: formatAddr(conn.localAddr),
    });
    return new StreamClient(conn, ctx);
  }

  async #read(): Promise<void> {
    const result = await this.#peer.run({
      frame: (frame) => {
        if (this.ctx.recorder.bytesIn > FLOOD_BYTES) {
          this.inbox.end({ why: "flood" });
          this.#peer.close("us");
          return;
        }
        this.inbox.push({ frame });
      },
    }).catch((err): StreamEnd => ({ reason: "error", message: errorMessage(err) }));
    this.inbox.end(streamEnding(result));
  }

  /** The server had closed or reset the connection before anything was written to it. */
  endedUnwritten = false;

  async send(wires: Uint8Array[], payloads: Uint8Array[]): Promise<void> {
    // Whatever the way does to the bytes, a server that has gone before any came never saw it.
    const ended = this.inbox.ending?.why;
    if (this.#writes === 0 && (ended === "eof" || ended === "reset")) this.endedUnwritten = true;
    emitSends(this.ctx.recorder.emit, this.ctx.peer, wires, payloads, ++this.#writes);
    const conn = this.#peer.conn;
    // Written past the peer (each way cuts the stream itself): counted here, for its `closed`.
    const counters = this.#peer.counters;
    counters.sends += wires.length;
    try {
      await deliver(wires, {
        way: this.ctx.way,
        write: async (bytes) => {
          await writeAll(conn, bytes);
          counters.bytes_out += bytes.length;
        },
        taken: this.#taken,
        emit: this.ctx.recorder.emit,
        peer: this.ctx.peer,
        signal: this.ctx.signal,
      });
    } catch (err) {
      // The server went away under our write: what it did is the reading side's to tell.
      this.inbox.end({ why: "reset", error: saidOf(err) });
    }
  }

  async close(): Promise<void> {
    this.#peer.close("us");
    await this.#reading;
  }

  unended(withinMs: number): Said | undefined {
    const held = this.#peer.heldFrame();
    if (!held) return undefined;
    const s = withinMs / 1000;
    const reason = held.parts.reason;
    // "end of stream" it is not (the stream is open): how much of what it announced came.
    return reason.key === "reason.end_of_stream"
      ? said("check.reply_unended_part", { s, ...reason.vars })
      : said("check.reply_unended", { s, reason });
  }
}

/** How a stream peer's reading ended (or the error it ended with). */
type StreamEnd = { reason: string; frameError?: FrameError; message?: string };

/** How a stream client's reading ended, as an inbox ending. */
function streamEnding(result: StreamEnd): Ending {
  if (result.frameError) return { why: "malformed", error: asChecked(result.frameError) };
  if (result.reason === "eof") return { why: "eof" };
  if (result.reason === "reset") return { why: "reset" };
  return { why: "error", error: result.message };
}

/** Reasons that name an option's limit, as check says them of its own (its words, not serve's). */
const CHECK_LIMITS: Record<string, "check.too_long" | "check.total_size_max"> = {
  "reason.too_long": "check.too_long",
  "reason.total_size_max": "check.total_size_max",
};

/**
 * A reply's frame error as a grader reads it: the hints serve and connect give name their own
 * options ("try --framing line", "use tls://"), which check has not; what they saw is said of
 * the server instead. A limit is check's own, not `--max-frame`. (A byte-order hint stays:
 * check takes --prefix.)
 */
function asChecked(err: FrameError): Said {
  const { subject, reason } = err.parts;
  // A check has no --max-frame to raise: of "swap, or raise the limit", the swap is said.
  const hint = err.parts.hint?.key === "hint.or_raise"
    ? err.parts.hint.vars?.hint as Said
    : err.parts.hint?.key === "hint.raise"
    ? undefined
    : err.parts.hint;
  const vars = reason.vars;
  const limited = !vars || typeof vars.limit !== "string" || !vars.limit.startsWith("--")
    ? reason
    : reason.key in CHECK_LIMITS
    ? said(CHECK_LIMITS[reason.key], vars)
    : { ...reason, vars: { ...vars, limit: said("check.limit") } };
  const base = { subject, offset: err.offset, reason: limited };
  if (hint && isTextHint(hint)) {
    return said("frame.error_hint", { ...base, hint: said("check.hint_text", hint.vars) });
  }
  if (!hint || hint.key === "hint.tls") return said("frame.error", base);
  return said("frame.error_hint", { ...base, hint });
}

/**
 * Connects, giving up after `ms`: a host that drops our SYN must not hold
 * its case for the system's two minutes. A connection that comes later is closed.
 */
async function connectWithin(ep: Endpoint, ms: number): Promise<Deno.Conn> {
  const connecting = ep.transport === "unix"
    ? Deno.connect({ transport: "unix", path: ep.path })
    : connectTcp(ep.host, ep.port, undefined, Infinity); // bounded here, by --timeout
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Unreachable(said("check_got.no_connect", { s: ms / 1000 }))),
      ms,
    );
  });
  try {
    return await Promise.race([connecting, late]);
  } catch (err) {
    connecting.then((conn) => closeQuietly(conn), () => {});
    throw err instanceof Unreachable ? err : new Unreachable(saidOf(err));
  } finally {
    clearTimeout(timer);
  }
}

class DatagramClient implements Client {
  readonly inbox = new Inbox();
  readonly #udp: UdpSocket;
  readonly #target: Deno.NetAddr;
  readonly #reading: Promise<void>;
  #writes = 0;

  private constructor(ep: NetEndpoint, readonly ctx: ClientContext) {
    this.#udp = new UdpSocket(bindUdpClient(ep), peerOptions(ctx));
    this.#target = udpTarget(ep);
    this.#reading = this.#read();
  }

  static open(ep: NetEndpoint, ctx: ClientContext): DatagramClient {
    try {
      const client = new DatagramClient(ep, ctx);
      ctx.recorder.emit({
        event: "connected",
        peer: ctx.peer,
        local: formatAddr(client.#udp.sock.addr),
      });
      return client;
    } catch (err) {
      throw new Unreachable(saidOf(err));
    }
  }

  async #read(): Promise<void> {
    try {
      while (true) {
        const msg = await this.#udp.receive();
        if (!msg) return;
        if (this.ctx.recorder.bytesIn > FLOOD_BYTES) {
          this.inbox.end({ why: "flood" });
          return this.#udp.close();
        }
        const framing = this.ctx.conversation.recvFraming;
        this.inbox.push(
          msg.frame ? { frame: msg.frame } : { malformed: said("check.unframed", { framing }) },
        );
      }
    } catch (err) {
      this.inbox.end({ why: "error", error: saidOf(err) });
    }
  }

  async send(wires: Uint8Array[], payloads: Uint8Array[]): Promise<void> {
    emitSends(this.ctx.recorder.emit, this.ctx.peer, wires, payloads, ++this.#writes);
    try {
      // Datagrams keep their boundaries: every way sends each as it is.
      for (const wire of wires) await sendDatagram(this.#udp.sock, wire, this.#target);
    } catch (err) {
      this.inbox.end({ why: "error", error: saidOf(err) });
    }
  }

  async close(): Promise<void> {
    this.#udp.close();
    await this.#reading;
  }
}
