/**
 * framecat serve: accept TCP, unix or UDP peers and hand their messages to a
 * behaviour. A bad peer closes only its own connection; the server goes on.
 */
import { Ticks } from "../paused.ts";
import { serverClock } from "../behaviors/clock.ts";
import { createBehavior } from "../behaviors/mod.ts";
import { HELD_REPLIES, ReplyBudget } from "../behaviors/reply_budget.ts";
import type { Behavior } from "../behaviors/types.ts";
import { type Emit, showingAs } from "../events/types.ts";
import { createReporter } from "../display/reporter.ts";
import { Prompt } from "../display/prompt.ts";
import { encodingHints } from "../display/encoding_hint.ts";
import { explainError, saidOf } from "../errors.ts";
import { said, saying } from "../i18n/say.ts";
import { formatAddr, type NetEndpoint } from "../transport/endpoint.ts";
import type { ServeOptions } from "../options/types.ts";
import { announceListening } from "../transport/listening.ts";
import { addCounters, newCounters, type PeerOptions } from "../transport/peer_options.ts";
import { bindUdpReceiver } from "../transport/multicast.ts";
import { setNoDelay } from "../transport/stream.ts";
import { type Accepted, StreamServer } from "../transport/stream_server.ts";
import { acceptedTls } from "../transport/tls.ts";
import { StreamPeer } from "../transport/stream_peer.ts";
import { type UdpPeer, UdpSocket } from "../transport/udp_peer.ts";
import { heartbeatsAsDetail } from "./heartbeat.ts";
import { Running } from "./running.ts";
import { onInterrupt } from "./interrupt.ts";
import { answeringFirst, startTalk, type Talk } from "./talk.ts";
import type { Context } from "../core/context.ts";

/** Where serve's emit tells of an `error` said about a peer (a stream server counts them). */
interface ErrorsSaid {
  about: (peer: string) => void;
}

/** UDP messages being handled at once (slow exec commands); more are dropped with an error. */
const MAX_IN_FLIGHT = 4096;

export async function serve(options: ServeOptions, ctx: Context): Promise<number> {
  const prompt = typingPrompt(options, ctx);
  const reporter = encodingHints(
    createReporter(ctx, { ...options, prompt, deferred: true }),
    options.encoding,
    options.recvFraming !== "raw",
    options.checksum?.algorithm.size,
  );
  // chat: every peer's heartbeat every few seconds would bury what people say.
  const shown = options.behavior === "chat" ? heartbeatsAsDetail(reporter) : reporter;
  // The peers an `error` was said about (a malformed frame, a refused file, a failed command):
  // each connection among them counts in the stats' errors once, as the lines above them said.
  // Over UDP a peer has no end to forget it at: its errors are counted as they come (serveUdp).
  const errors: ErrorsSaid = { about: () => {} };
  const emit = options.endpoint.transport === "udp" ? shown : showingAs((ev) => {
    if (ev.event === "error" && ev.peer !== undefined) errors.about(ev.peer);
    shown(ev);
  }, shown);
  const now = serverClock();
  using talk = startTalk(options, ctx, emit, now);
  const behavior = answeringFirst(
    createBehavior(options.behavior, {
      options,
      emit,
      now,
      input: ctx,
      prompt,
      replies: new ReplyBudget(HELD_REPLIES * options.maxFrame),
    }),
    talk.responder,
  );
  const peerOptions: PeerOptions = { ...options, emit, sentIsDetail: true, live: ctx.peers };
  // Told to stop: a running exec command would hold its peer, and so the server, until its timeout.
  using _interrupted = onInterrupt(ctx, () => behavior.interrupt?.());
  try {
    return options.endpoint.transport === "udp"
      ? await serveUdp(ctx, options, options.endpoint, behavior, peerOptions, emit, talk, now)
      : await serveStream(ctx, options, behavior, peerOptions, emit, talk, errors);
  } finally {
    await behavior.stop?.();
    prompt?.done();
  }
}

/**
 * The `>>> ` prompt where the server's user types lines to its peers (print, chat) on a terminal,
 * as connect's: what peers send is printed above it, never into a half-typed line.
 */
function typingPrompt(options: ServeOptions, ctx: Context): Prompt | undefined {
  const terminal = ctx.terminal;
  if (options.behavior !== "print" && options.behavior !== "chat") return undefined;
  if (!terminal?.stdin?.isTerminal?.() || !terminal.stderr.isTerminal?.()) return undefined;
  return new Prompt(">>> ", terminal.stderr, () => terminal.columns() ?? 80, terminal.stdin);
}

async function serveStream(
  ctx: Context,
  options: ServeOptions,
  behavior: Behavior,
  peerOptions: PeerOptions,
  emit: Emit,
  talk: Talk,
  errors: ErrorsSaid,
): Promise<number> {
  const ep = options.endpoint;
  // exec runs any command as us: its unix socket file lets only us connect (0600).
  const server = await StreamServer.listen(ep, emit, { ownerOnly: options.behavior === "exec" });
  announceListening(emit, ep, server.addr, { behavior: options.behavior });
  const totals = { connections: 0, refused: 0, errors: 0, ...newCounters() };
  const active = new Set<StreamPeer>();
  // The live connections an error was said about, by name: each counts once, as it ends. One said
  // after its connection ended (save discarding a partial file as it closes) counts at once.
  const live = new Set<string>();
  const erred = new Set<string>();
  errors.about = (name) => {
    if (live.has(name)) erred.add(name);
    else totals.errors++;
  };
  // Counted, not kept as promises: a promise and its `finally` per connection are about 400
  // bytes each of 10,000 idle connections hold.
  const running = new Running();
  let stopping = false;
  using _ = onInterrupt(ctx, () => {
    stopping = true;
    server.close();
    for (const peer of active) peer.close("us");
  });

  const handle = async ({ conn, peer: name }: Accepted) => {
    running.started();
    const transport = ep.transport === "unix" ? "unix" : "tcp";
    const peer = new StreamPeer(conn, name, transport, peerOptions);
    active.add(peer);
    live.add(peer.name);
    totals.connections++;
    let connected = false;
    let stopIdle: (() => void) | undefined;
    try {
      setNoDelay(conn, options.nodelay);
      const tls = await acceptedTls(conn);
      // A unix connection's own address is the hidden name its socket was bound under, not PATH.
      const local = formatAddr(ep.transport === "unix" ? server.addr : conn.localAddr);
      emit({ event: "connected", peer: peer.name, local, ...tls });
      connected = true;
      await behavior.open?.(peer);
      stopIdle = idleTimer(peer, options.idleTimeout);
      const result = await peer.run({
        frame: (frame) => behavior.message?.(peer, frame),
        data: behavior.data && ((chunk) => behavior.data!(peer, chunk)),
        end: () => behavior.end?.(peer),
      });
      if (result.frameError) erred.add(peer.name);
    } catch (err) {
      erred.add(peer.name);
      emit({
        event: "error",
        peer: peer.name,
        ...saying(said("error.connection_failed", { why: explainError(err) })),
      });
      // A connection that was announced is said to be closed; one that failed its handshake was not.
      if (connected) peer.end("error");
      else peer.close("error");
    } finally {
      live.delete(peer.name);
      if (erred.delete(peer.name)) totals.errors++;
      stopIdle?.();
      active.delete(peer);
      behavior.close?.(peer);
      addCounters(totals, peer.counters);
      running.ended();
    }
  };

  try {
    for await (const accepted of server) {
      // Accepted as we were told to stop: served, it would keep the server up until it left.
      if (stopping) {
        accepted.conn.close();
        continue;
      }
      if (options.maxConns !== undefined && active.size >= options.maxConns) {
        totals.refused++;
        emit({
          event: "info",
          kind: "note",
          ...saying(said("note.max_conns", { peer: accepted.peer, max: options.maxConns })),
        });
        accepted.conn.close();
        continue;
      }
      const done = handle(accepted);
      // --serial: the next client waits in the backlog until this one is done.
      if (options.serial || options.once) await done;
      if (options.once) break;
    }
  } finally {
    server.close();
  }
  await running.none();
  // The behaviour's last words (an exec command killed as we stop) come before the stats, which
  // are the run's last event. Stopping is idempotent: serve's own finally stops it again.
  await behavior.stop?.();
  emit({ event: "stats", kind: "serve", ...totals, ...talk.stats() });
  return 0;
}

/**
 * Closes a peer that stays silent for --idle-timeout; call the result once it has ended. (Not a
 * `using` disposable: that keeps a disposal stack alive for each of 10,000 idle connections.)
 */
function idleTimer(peer: StreamPeer, idleMs: number | undefined): (() => void) | undefined {
  if (!idleMs) return undefined;
  // Looked at ten times a timeout (at most each second): closed within a tenth of it of the
  // timeout. A check once a timeout closed a peer silent for anywhere from S to 2S.
  const tick = Math.max(10, Math.min(1000, idleMs / 10));
  let seen = peer.counters.reads;
  let heard = Date.now();
  const ticks = new Ticks(tick, heard);
  const timer = setInterval(() => {
    const now = Date.now();
    // A late tick: what the peer sent meanwhile waits unread behind it (lib/paused.ts).
    heard += ticks.paused(now);
    if (peer.counters.reads !== seen) {
      seen = peer.counters.reads;
      heard = now;
    } else if (now - heard >= idleMs) peer.close("idle");
  }, tick);
  return () => clearInterval(timer);
}

async function serveUdp(
  ctx: Context,
  options: ServeOptions,
  ep: NetEndpoint,
  behavior: Behavior,
  peerOptions: PeerOptions,
  emit: Emit,
  talk: Talk,
  now: () => Date,
): Promise<number> {
  const { sock, joined } = await bindUdpReceiver(ep, options);
  // Replies to one peer are bounded a second of the server's clock (a test can stop it).
  const udp = new UdpSocket(sock, peerOptions, () => now().getTime());
  udp.onForget = (peer) => behavior.close?.(peer);
  announceListening(emit, ep, udp.sock.addr, { behavior: options.behavior }, joined);
  using _ = onInterrupt(ctx, () => udp.close());
  const inFlight = new Set<Promise<void>>();
  const sweeper = options.idleTimeout
    ? setInterval(() => udp.forgetSilent(options.idleTimeout!), Math.min(options.idleTimeout, 1000))
    : undefined;
  let errors = 0;
  /**
   * Peers heard: counted as each is first heard, as `udp.peers` holds only those still
   * remembered (not those that left, were dropped, expired or were evicted). A peer forgotten
   * and heard again is a new peer (a chat member joins anew), counted again: a counter, not a
   * set of every address ever heard, which would grow without bound.
   */
  let heard = 0;
  /**
   * Peers the behaviour has been told of (open): at their first frame, which need not be in
   * their first datagram (that one may have held none, or come while too many were in flight).
   * A peer forgotten and heard again is a new Peer, told of anew.
   */
  const opened = new WeakSet<UdpPeer>();
  try {
    while (true) {
      const msg = await udp.receive();
      if (!msg) break;
      const { peer, frame } = msg;
      // Its first datagram, even one that held no frame: the peer was heard.
      if (peer.counters.reads === 1) heard++;
      if (!frame) {
        errors++;
        continue;
      }
      // Handled at once, not queued behind the previous message: a reply is sent in the
      // order its message came, and a slow command does not hold up the datagrams behind it.
      if (inFlight.size >= MAX_IN_FLIGHT) {
        emit({
          event: "error",
          peer: peer.name,
          ...saying(said("note.in_flight")),
        });
        continue;
      }
      const first = !opened.has(peer);
      opened.add(peer);
      // An async wrapper: a behaviour that throws at once is caught like one that rejects.
      const step = (async () => {
        if (first) await behavior.open?.(peer);
        await behavior.message?.(peer, frame);
      })().catch((err) => {
        errors++;
        emit({ event: "error", peer: peer.name, ...saying(saidOf(err)) });
      });
      inFlight.add(step);
      step.finally(() => inFlight.delete(step));
      if (options.once) {
        await step;
        break;
      }
    }
  } finally {
    if (sweeper !== undefined) clearInterval(sweeper);
    udp.close();
  }
  await Promise.all(inFlight);
  await behavior.stop?.();
  const udpStats = { peers: heard, errors, ...udp.totals, ...talk.stats() };
  emit({ event: "stats", kind: "serve_udp", ...udpStats });
  return 0;
}
