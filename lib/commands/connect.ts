/**
 * framecat connect: send messages (from --send, a file, or stdin), show every
 * read and frame that comes back, and exit when told: --expect replies, EOF,
 * or --wait after the last send.
 */
import { type Emit, type FcEvent, showingAs, shows } from "../events/types.ts";
import { stdinChunks, stdinLines } from "../display/input.ts";
import { lineBytes, rawLine, withCrlf } from "../display/typed_text.ts";
import { Prompt } from "../display/prompt.ts";
import { createReporter } from "../display/reporter.ts";
import { encodingHints } from "../display/encoding_hint.ts";
import {
  EXIT,
  NetworkError,
  SaidRangeError,
  TooFewMessages,
  Unanswered,
  UsageError,
} from "../errors.ts";
import { formatAddr, formatEndpoint, type NetEndpoint } from "../transport/endpoint.ts";
import type { ConnectOptions } from "../options/types.ts";
import { udpTarget } from "../transport/datagram.ts";
import { isBroadcast } from "../transport/interfaces.ts";
import { bindUdpMember, type GroupMember, type Joined } from "../transport/multicast.ts";
import type { PeerOptions } from "../transport/peer_options.ts";
import { sleep } from "../sleep.ts";
import { connectStream, serverName, setNoDelay } from "../transport/stream.ts";
import { tlsFields, warnIfInsecure } from "../transport/tls.ts";
import { StreamPeer, type StreamResult } from "../transport/stream_peer.ts";
import { UdpPeer, UdpSocket } from "../transport/udp_peer.ts";
import type { Peer, PeerCounters } from "../transport/peer.ts";
import { Progress } from "../traffic/progress.ts";
import { HEARTBEAT, heartbeatsAsDetail } from "./heartbeat.ts";
import { onInterrupt } from "./interrupt.ts";
import { startTalk } from "./talk.ts";
import type { Responder } from "../replies/responder.ts";
import { FileTransfer } from "./send_file.ts";
import type { Context } from "../core/context.ts";
import type { Frame, JsonHeader } from "../framing/types.ts";
import type { Pattern } from "../replies/pattern.ts";
import { type Said, said, saying } from "../i18n/say.ts";

/** Wait after the last send when not interactive and nothing else says when to stop. */
const DEFAULT_WAIT_MS = 1000;
/** Wait after the last send for the replies --expect asks for, when --wait does not say. */
const EXPECT_WAIT_MS = 5000;
/** After Ctrl-D at the prompt, a moment for the last replies. */
const INTERACTIVE_WAIT_MS = 300;
/** What a chat client (--heartbeat) types to leave: the server forgets it, so connect ends. */
const QUIT = "quit";

export async function connect(o: ConnectOptions, ctx: Context): Promise<number> {
  const terminal = ctx.terminal;
  const interactive = o.sends.length === 0 && o.sendFile === undefined &&
    (terminal?.stdin?.isTerminal?.() ?? false);
  // The prompt is redrawn with escape codes: only on a terminal, never into a log file.
  const prompt = interactive && terminal?.stderr.isTerminal?.()
    ? new Prompt(">>> ", terminal.stderr, () => terminal.columns() ?? 80, terminal.stdin)
    : undefined;
  const progress = new Progress(o, terminal, ctx.lang);
  let emit = encodingHints(
    progress.wrap(createReporter(ctx, { ...o, prompt, deferred: true })),
    o.encoding,
    o.recvFraming !== "raw",
    o.checksum?.algorithm.size,
  );
  if (o.heartbeat) emit = heartbeatsAsDetail(emit);
  // Messages that failed their --checksum: the run does not end as a success (exit 3).
  let badChecksums = 0;
  let sent = 0;
  const counted = emit;
  emit = showingAs((ev) => {
    if (ev.event === "checksum") badChecksums++;
    if (ev.event === "sent") sent++;
    counted(ev);
    const swapped = swappedReply(ev, sent, o);
    if (swapped) emit({ event: "info", kind: "note", peer: ev.peer, ...saying(swapped) });
  }, counted);
  const file = o.sendFile === undefined ? undefined : new FileTransfer(o, emit, progress);
  const goals: Goals = {
    messages: o.expect ?? file?.expect,
    bytes: o.expectBytes,
    match: o.expectMatch,
  };
  const asked = o.expect !== undefined || o.expectBytes !== undefined ||
    o.expectMatch !== undefined;
  const wait = o.wait ?? file?.wait ??
    (asked ? EXPECT_WAIT_MS : interactive ? INTERACTIVE_WAIT_MS : DEFAULT_WAIT_MS);
  // The course's acknowledgement of a file is a header alone, {"ok": true}, with no total_size.
  const peerOptions: PeerOptions = {
    ...o,
    emit,
    live: ctx.peers,
    bodilessHeaders: !!file,
    endOnTls: true,
  };
  using talk = startTalk(o, ctx, emit, () => new Date(), extraHeader(o));
  const client = o.endpoint.transport === "udp"
    ? await UdpClient.open(o, goals, peerOptions, emit, talk.responder)
    : await StreamClient.open(o, goals, peerOptions, emit, talk.responder);
  if (file && client instanceof StreamClient) client.onFrame = (frame) => file.reply(frame);
  let interrupted = false;
  using _ = onInterrupt(ctx, () => {
    interrupted = true;
    file?.stop();
    // --coalesce: lines typed before Ctrl-C and still held in the window leave first (as they
    // would at the end of stdin), unless the peer takes none for a while.
    const flushed = new AbortController();
    const flushing = Promise.race([client.flush(), sleep(FLUSH_ON_STOP_MS, flushed.signal)]);
    void flushing.catch(() => {}).finally(() => {
      flushed.abort();
      client.stop();
    });
  });
  const beat = () => void client.peer.send(HEARTBEAT, extraHeader(o)).catch(() => {});
  // The first at once: a UDP chat server knows a peer only once it has written.
  if (o.heartbeat) beat();
  const heartbeat = o.heartbeat ? setInterval(beat, o.heartbeat) : undefined;
  let fileSent: Promise<void> | undefined;
  /** Aborted once the sending is over for whatever reason: no more sends go. */
  const enough = new AbortController();
  try {
    fileSent = file?.send(client.peer);
    const sending = fileSent ??
      sendAll(o, ctx, client.peer, emit, interactive, prompt, enough.signal);
    // What is typed ends with the peer; what is piped or given goes on after its half-close.
    if (!interactive && client instanceof StreamClient) client.keepSending(sending);
    // A peer that closes (or Ctrl-C) ends connect even while it waits for a line on stdin; so do
    // --expect's replies, all come, while --count still repeats (polling until answered).
    const racers: Promise<unknown>[] = [sending, client.gone];
    if (!file && client.replies.reached) racers.push(client.replies.reached);
    const ended = await Promise.race(racers);
    enough.abort();
    // --coalesce: what the last window still holds leaves now, not when the window ends.
    await client.flush();
    // A chat client that said quit has left: a heartbeat now would join it again.
    if (ended === QUIT) clearInterval(heartbeat);
    if (o.halfClose) await client.shutWrite();
    await client.settle(wait);
    // UDP says nothing when nobody listens (an unconnected socket is not told of the ICMP port
    // unreachable): the silence is said, once the wait is over, so it is not taken for a yes. A
    // datagram that came and could not be read (cut by a relay's --truncate) is not silence.
    if (
      client instanceof UdpClient && !interrupted && client.replies.none &&
      client.udp.totals.sends > 0 && client.udp.totals.reads === 0
    ) {
      const to = formatEndpoint(o.endpoint);
      // Typed lines: the silence ran from the last one sent, which may be long before the wait.
      const since = performance.now() - client.udp.lastSentAt;
      const silent = since > (wait ?? 0) + SILENCE_SAID_SINCE_MS
        ? said("note.udp_silent_since", { to, s: Math.round(since / 100) / 10 })
        : said("note.udp_silent", { to, ms: wait });
      emit({ event: "info", kind: "note", ...saying(silent) });
    }
  } finally {
    clearInterval(heartbeat);
    // A file still being read (the server left while it was hashed or sent) is not read on.
    file?.stop();
    client.stop();
    prompt?.done();
  }
  // Cut short, the file's pass ends at its next chunk (stopped, or its connection closed): what
  // it sent is said before the outcome. A failure of its own was thrown by the race already.
  await fileSent?.catch(() => {});
  file?.check(interrupted, client instanceof StreamClient ? await client.result : undefined);
  const code = await client.exitCode();
  // The last event (the page's Stop and NDJSON readers look for it): what went each way, and
  // what the rules answered. In text it is a detail (-v) unless rules answered: the `closed`
  // line has said the counters already.
  if (talk.book.size > 0 || shows(emit, "stats", "detail")) {
    emit({ event: "stats", kind: "connect", ...client.counters(), ...talk.stats() });
  }
  if (code === EXIT.ok && asked) client.replies.check(prefixHint(o, client.counters()));
  // --send messages the peer left before: the script asked for them to go (--count 0 sends until
  // the peer leaves, and the replies --expect asked for may stop the sending: neither is short).
  // Sent after the peer's end of file, which was a close after all: those never reached it.
  const lost = client instanceof StreamClient ? client.lostAfterEof : undefined;
  const planned = o.count * o.sends.length;
  const went = client.counters().sends - (lost?.messages ?? 0);
  if (code === EXIT.ok && !interrupted && !asked && planned > 0 && went < planned) {
    emit({ event: "error", ...saying(said("error.sends_short", { went, planned })) });
    return EXIT.network;
  }
  // Piped stdin (--send with --count 0 polls until the peer leaves: its last one may be lost).
  if (code === EXIT.ok && !interrupted && lost && o.sends.length === 0 && !file) {
    emit({ event: "error", ...saying(said("error.lost_after_close", lost)) });
    return EXIT.network;
  }
  if (code === EXIT.ok && badChecksums > 0) {
    const checksum = o.checksum!.name;
    emit({ event: "error", ...saying(said("error.checksums", { n: badChecksums, checksum })) });
    return EXIT.frame;
  }
  return code;
}

/**
 * A reply whose length reads right only in the other byte order, after our message (framed with
 * the same --prefix) was answered: the server read our length right, so it writes its own in
 * another struct format than it reads (`'!I'` and `'i'`). Said beside the swap hint, which alone
 * would have the user spoil the requests the server reads right.
 */
function swappedReply(ev: FcEvent, sent: number, o: ConnectOptions): Said | undefined {
  if (ev.event !== "error" || sent === 0 || o.sendFraming !== o.recvFraming) return undefined;
  if (o.sendFraming !== "len" && o.sendFraming !== "json") return undefined;
  const hint = (ev.said?.vars as { hint?: Said } | undefined)?.hint;
  if (hint?.key !== "hint.swap" && hint?.key !== "hint.swap_course") return undefined;
  const other = (hint.vars as { other: string }).other;
  // Sent in network order and answered in the course's 'i': most likely a server that uses 'i'
  // both ways and answered a length it read wrong (data[4:4+n] does not check n), which the
  // swap hint's --prefix i fixes. Said only the other way round, where --prefix was chosen.
  if (other === "u32le") return undefined;
  return said("note.server_swaps", { prefix: o.prefix, other });
}

/**
 * The hint for the course's most common client mistake: len or json frames with the default
 * big-endian prefix to a server written as the course writes it (`struct.unpack('i')`, little
 * endian), which reads a huge length and waits for it: nothing at all comes back.
 */
function prefixHint(o: ConnectOptions, counters: PeerCounters): Said | undefined {
  const prefixed = o.sendFraming === "len" || o.sendFraming === "json";
  if (!prefixed || o.prefix !== "u32be" || counters.bytes_in > 0) return undefined;
  return said("hint.course_prefix");
}

/** What both transports offer the send/wait logic. */
interface Client {
  peer: Peer;
  replies: Replies;
  /** Resolves when the connection is over: closed by the peer, by an error, or by stop(). */
  gone: Promise<unknown>;
  /** Resolves when --expect messages came back, the peer is gone, or `wait` ms passed. */
  settle(wait: number | undefined): Promise<void>;
  /** Writes what --coalesce still holds. */
  flush(): Promise<void>;
  shutWrite(): Promise<void>;
  stop(): void;
  exitCode(): Promise<number>;
  /** What went each way, all told (a stream's one connection, or every UDP peer). */
  counters(): PeerCounters;
}

async function sendAll(
  o: ConnectOptions,
  ctx: Context,
  peer: Peer,
  emit: Emit,
  interactive: boolean,
  prompt: Prompt | undefined,
  enough: AbortSignal,
): Promise<typeof QUIT | void> {
  const header = extraHeader(o);
  if (o.sends.length > 0) {
    // A --send no datagram can carry is the user's mistake, said before anything is sent (exit 2),
    // as a --send-file too large for UDP is.
    if (peer instanceof UdpPeer) {
      for (const payload of o.sends) {
        const why = peer.tooBig(payload, header);
        if (why) throw new UsageError(why);
      }
    }
    // A newline inside a --send under line framing ends a line there: the peer reads several.
    if (o.sendFraming === "line") {
      o.sends.forEach((payload, i) => {
        const lines = payload.filter((b) => b === 0x0a).length + 1;
        if (lines > 1) {
          emit({
            event: "info",
            kind: "note",
            ...saying(said("note.send_newlines", { n: i + 1, lines })),
          });
        }
      });
    }
    let first = true;
    // --count 0: until stopped (Ctrl-C, or the peer leaving).
    for (let i = 0; o.count === 0 || i < o.count; i++) {
      for (const payload of o.sends) {
        if (!first && o.interval > 0) await sleep(o.interval, enough);
        if (enough.aborted || isClosed(peer)) return;
        first = false;
        await peer.send(payload, header);
      }
    }
    return;
  }
  // stdin: lines are messages, except raw bytes piped in, which pass through as they come.
  const raw = o.sendFraming === "raw";
  if (raw && !interactive && o.input === "text") {
    // A read of stdin can be more than a datagram holds (a pipe's 64 KiB): over UDP each goes in
    // as many datagrams as it needs, as nc -u sends its reads, not refused whole.
    const most = peer instanceof UdpPeer
      ? peer.maxDatagram - (o.checksum?.algorithm.size ?? 0)
      : Infinity;
    for await (const chunk of o.crlf ? withCrlf(stdinChunks(ctx)) : stdinChunks(ctx)) {
      if (enough.aborted || isClosed(peer)) return;
      if (chunk.length === 0 && peer.transport !== "udp") continue;
      // In pieces of one size: a pipe's 64 KiB read is two of 32 KiB, not 65,507 bytes and 29.
      const pieces = Math.max(1, Math.ceil(chunk.length / most));
      const size = Math.ceil(chunk.length / pieces);
      let at = 0;
      do {
        await peer.send(chunk.subarray(at, at + size));
        at += size;
      } while (at < chunk.length);
    }
    return;
  }
  let n = 0;
  for await (const line of stdinLines(ctx, prompt, o.encoding)) {
    if (enough.aborted || isClosed(peer)) return;
    n++;
    if (typeof line !== "string") {
      emit({ event: "error", ...saying(said("note.line_not_sent", { n, why: line.unread })) });
      continue;
    }
    let message: Uint8Array;
    try {
      message = lineBytes(line, o);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      emit({ event: "error", ...saying(said("note.line_not_sent", { n, why: err.said })) });
      continue;
    }
    // A typed line in raw framing goes without its newline, unless --crlf asks for one.
    if (raw) message = rawLine(message, o);
    // An empty raw message on a stream is nothing at all: the course's client skips it too.
    if (raw && message.length === 0 && peer.transport !== "udp") continue;
    try {
      if (peer instanceof UdpPeer) {
        // Its reason ends "not sent" already: said once, after the line's number.
        const tooBig = await peer.sendOrRefuse(message, header);
        if (tooBig) {
          emit({ event: "error", ...saying(said("note.line_refused", { n, why: tooBig })) });
          continue;
        }
      } else await peer.send(message, header);
    } catch (err) {
      // Longer than --prefix can say: refused like a line that cannot be read.
      if (!(err instanceof SaidRangeError)) throw err;
      emit({ event: "error", ...saying(said("note.line_not_sent", { n, why: err.said })) });
      continue;
    }
    if (o.heartbeat && new TextDecoder().decode(message).trim() === QUIT) return QUIT;
  }
}

/** Whether `peer` is a stream connection that has ended (a write failed, or it was stopped). */
function isClosed(peer: Peer): boolean {
  return peer instanceof StreamPeer && peer.closed;
}

/** A UDP silence longer than the wait by this much is said from the last send, not as the wait. */
const SILENCE_SAID_SINCE_MS = 1000;

/** Longest a stop waits for --coalesce's held lines to be written before it closes anyway. */
const FLUSH_ON_STOP_MS = 500;

/** The --header fields every json message carries (none: the sent events show no header). */
function extraHeader(o: ConnectOptions): JsonHeader | undefined {
  return Object.keys(o.headers).length > 0 ? o.headers : undefined;
}

/** What connect waits for: --expect's messages, --expect-bytes, --expect-match; each given must come. */
interface Goals {
  messages?: number;
  bytes?: number;
  match?: Pattern;
}

/** The replies that came back, against the goals: both transports count them alike. */
class Replies {
  #messages = 0;
  #bytes = 0;
  #matched = false;
  readonly #reached = Promise.withResolvers<void>();
  /** Called at each reply while settle() waits: its wait starts again. */
  #replied?: () => void;

  constructor(readonly goals: Goals) {
    if (this.#met()) this.#reached.resolve();
  }

  /** Resolves once every goal is reached; undefined when there are none. */
  get reached(): Promise<void> | undefined {
    return this.#waiting ? this.#reached.promise : undefined;
  }

  /** Whether nothing at all came back. */
  get none(): boolean {
    return this.#messages === 0;
  }

  /** One message (a frame, a datagram, a raw read) came back. */
  count(payload: Uint8Array): void {
    this.#messages++;
    this.#bytes += payload.length;
    // Waiting for goals, the wait is a deadline: a server that talks on and never says what
    // --expect asked for must still end it (exit 4).
    if (!this.#waiting) this.#replied?.();
    if (this.goals.match?.match(payload)) this.#matched = true;
    if (this.#met()) this.#reached.resolve();
  }

  get #waiting(): boolean {
    const { messages, bytes, match } = this.goals;
    return messages !== undefined || bytes !== undefined || match !== undefined;
  }

  #met(): boolean {
    const { messages, bytes, match } = this.goals;
    return this.#waiting && this.#messages >= (messages ?? 0) && this.#bytes >= (bytes ?? 0) &&
      (match === undefined || this.#matched);
  }

  /** Throws for the first goal not reached; `hint` follows a shortfall of messages. */
  check(hint?: Said): void {
    const { messages, bytes, match } = this.goals;
    if (messages !== undefined && this.#messages < messages) {
      throw new TooFewMessages(this.#messages, messages, "messages", hint);
    }
    if (bytes !== undefined && this.#bytes < bytes) {
      throw new TooFewMessages(this.#bytes, bytes, "bytes");
    }
    if (match !== undefined && !this.#matched) {
      throw new Unanswered(said("error.no_match", { pattern: match.source, n: this.#messages }));
    }
  }

  /**
   * Resolves when the goals are reached, `gone` resolves, or `wait` ms passed without a reply:
   * as nc's -w, a reply still coming in is not cut off (the wait starts again at each one). With
   * goals (--expect…), `wait` ms after the last send, whatever comes.
   */
  async settle(gone: Promise<unknown>, wait: number | undefined): Promise<void> {
    const racers: Promise<unknown>[] = [gone];
    if (this.#waiting) racers.push(this.#reached.promise);
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (wait !== undefined) {
      racers.push(
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, wait);
          this.#replied = () => {
            clearTimeout(timer);
            timer = setTimeout(resolve, wait);
          };
        }),
      );
    }
    try {
      await Promise.race(racers);
    } finally {
      this.#replied = undefined;
      clearTimeout(timer);
    }
  }
}

class StreamClient implements Client {
  readonly replies: Replies;
  /** How the connection ended, once it has. */
  readonly result: Promise<StreamResult>;
  readonly gone: Promise<unknown>;
  /** Each reply, for a caller that reads them (--send-file's acknowledgement). */
  onFrame?: (frame: Frame) => void;
  /** What is still being sent (piped stdin, --send, --send-file), while it is. */
  #sending?: Promise<unknown>;
  /**
   * What was sent after the peer's end of file and lost, when that end was a close, not a
   * half-close: the peer never read it.
   */
  lostAfterEof?: { messages: number; bytes: number };

  private constructor(
    readonly peer: StreamPeer,
    responder: Responder,
    goals: Goals,
    readonly emit: Emit,
  ) {
    this.replies = new Replies(goals);
    this.result = peer.run({
      frame: async (frame) => {
        this.#count(frame);
        await responder.answer(peer, frame.payload);
      },
      end: () => this.#peerEnded(),
    });
    this.gone = this.result;
  }

  /**
   * Until `sending` ends, the peer's end of file does not end the connection: it is a
   * half-close (shutdown(SHUT_WR)), and the peer may still read, as nc and socat take it. A
   * peer that closed altogether fails the next write, and the sending stops there.
   */
  keepSending(sending: Promise<unknown>): void {
    this.#sending = sending;
    const over = () => {
      if (this.#sending === sending) this.#sending = undefined;
    };
    sending.then(over, over);
  }

  async #peerEnded(): Promise<void> {
    const sending = this.#sending;
    if (!sending) return;
    this.emit({
      event: "info",
      kind: "note",
      peer: this.peer.name,
      ...saying(said("note.peer_half_closed")),
    });
    const { sends, bytes_out } = this.peer.counters;
    await sending.catch(() => {});
    const messages = this.peer.counters.sends - sends;
    if (messages > 0 && await this.peer.goneAfterEof()) {
      this.lostAfterEof = { messages, bytes: this.peer.counters.bytes_out - bytes_out };
    }
  }

  static async open(
    o: ConnectOptions,
    goals: Goals,
    peerOptions: PeerOptions,
    emit: Emit,
    responder: Responder,
  ): Promise<StreamClient> {
    if (o.endpoint.transport !== "unix") warnIfInsecure(emit, o.endpoint);
    const conn = await connectStream(o.endpoint);
    setNoDelay(conn, o.nodelay);
    const transport = o.endpoint.transport === "unix" ? "unix" : "tcp";
    const peer = new StreamPeer(conn, serverName(conn, o.endpoint), transport, peerOptions);
    emit({
      event: "connected",
      peer: peer.name,
      local: formatAddr(conn.localAddr),
      ...tlsFields(conn),
    });
    return new StreamClient(peer, responder, goals, emit);
  }

  #count(frame: Frame): void {
    this.onFrame?.(frame);
    this.replies.count(frame.payload);
  }

  settle(wait: number | undefined): Promise<void> {
    return this.replies.settle(this.result, wait);
  }

  flush(): Promise<void> {
    return this.peer.flush();
  }

  shutWrite(): Promise<void> {
    return this.peer.closeWrite();
  }

  stop(): void {
    this.peer.close("us");
  }

  counters(): PeerCounters {
    return this.peer.counters;
  }

  async exitCode(): Promise<number> {
    const result = await this.result;
    if (result.frameError) return EXIT.frame;
    // A TLS server reached in plain: said in its `error` event ("use tls://").
    if (result.spokeTls) return EXIT.network;
    if (result.tlsError) {
      throw new NetworkError(
        said("net.tls_failed", { peer: this.peer.name, why: result.tlsError }),
      );
    }
    if (result.reason === "reset") {
      throw new NetworkError(said("net.reset", { peer: this.peer.name }), said("hint.reset"));
    }
    return EXIT.ok;
  }
}

class UdpClient implements Client {
  readonly replies: Replies;
  #malformed = 0;
  #loop: Promise<void>;
  readonly gone: Promise<unknown>;

  private constructor(
    readonly udp: UdpSocket,
    readonly peer: Peer,
    readonly responder: Responder,
    goals: Goals,
    readonly member?: GroupMember,
  ) {
    this.replies = new Replies(goals);
    this.#loop = this.#receive();
    this.gone = this.#loop;
  }

  static async open(
    o: ConnectOptions,
    goals: Goals,
    peerOptions: PeerOptions,
    emit: Emit,
    responder: Responder,
  ): Promise<UdpClient> {
    const ep = o.endpoint as NetEndpoint;
    const { sock, joined, member } = await bindUdpMember(ep, o);
    const udp = new UdpSocket(sock, peerOptions);
    const peer = udp.peer(udpTarget(ep));
    const local = formatAddr(udp.sock.addr);
    emit({
      event: "connected",
      peer: peer.name,
      local,
      ...(joined ? { group: joined.group, iface: joined.iface } : {}),
      ...saying(
        said("note.udp_sending", { to: formatEndpoint(ep), local, how: udpNote(ep, joined) }),
      ),
    });
    return new UdpClient(udp, peer, responder, goals, member);
  }

  async #receive(): Promise<void> {
    while (true) {
      const msg = await this.udp.receive();
      if (!msg) return;
      if (!msg.frame) this.#malformed++;
      // Our own message, looped back by the group, is shown but is no reply (nor answered).
      else if (!this.member?.isOwn(msg.peer.addr)) {
        this.replies.count(msg.frame.payload);
        await this.responder.answer(msg.peer, msg.frame.payload);
      }
    }
  }

  settle(wait: number | undefined): Promise<void> {
    return this.replies.settle(this.#loop, wait);
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  shutWrite(): Promise<void> {
    return Promise.resolve();
  }

  stop(): void {
    this.udp.close();
  }

  counters(): PeerCounters {
    return this.udp.totals;
  }

  async exitCode(): Promise<number> {
    await this.#loop;
    return this.#malformed > 0 ? EXIT.frame : EXIT.ok;
  }
}

/** What the user should expect from a UDP target: one server, every member of a group, every host. */
function udpNote(ep: NetEndpoint, joined?: Joined): Said {
  if (joined) return said("note.udp_member", { group: joined.text });
  if (isBroadcast(ep.host)) return said("note.udp_broadcast");
  return said("note.udp_plain");
}
