/**
 * The UDP relay: one session per client address, each with its own upstream
 * socket, so the target's replies find their way back to the right client.
 * Sessions silent for --idle-timeout expire. Faults are decided per session
 * and direction by {@linkcode DatagramFaults}.
 */
import { Ticks } from "../paused.ts";
import type { Emit, FcEvent } from "../events/types.ts";
import { saidOf } from "../errors.ts";
import { type Said, said, saying } from "../i18n/say.ts";
import { formatEndpoint, type NetEndpoint } from "../transport/endpoint.ts";
import {
  bindUdp,
  bindUdpClient,
  MAX_DATAGRAM_V6,
  RECEIVE_BUFFER,
  receiveDatagram,
  sendDatagram,
  udpTarget,
} from "../transport/datagram.ts";
import { announceListening } from "../transport/listening.ts";
import { type DatagramFaultOptions, DatagramFaults, datagramPlan } from "./datagram_faults.ts";
import { emitFault, type RunningRelay } from "./faults.ts";
import { newUdpStats, type UdpStats, udpStatsEvent, type Way } from "./stats.ts";

/** Sessions at once (each holds a socket); datagrams from further new clients are dropped. */
const MAX_SESSIONS = 1024;

/** What a UDP relay is told: where, to where, and what to break. */
export interface UdpRelayOptions extends DatagramFaultOptions {
  /** Where clients send, and where each client's datagrams are forwarded from a socket of its own. */
  listen: NetEndpoint;
  target: NetEndpoint;
  /** Seeds every random choice: the same seed and traffic break the same datagrams. */
  seed: number;
  /** ms: a client silent this long is forgotten (its socket closed). */
  idleTimeout: number;
}

interface RelayContext {
  options: UdpRelayOptions;
  emit: Emit;
  stats: UdpStats;
  /** The listening socket: what clients talk to, and what replies leave from. */
  socket: Deno.DatagramConn;
  target: Deno.NetAddr;
}

/** The stats counters of each way, named once rather than built per datagram. */
const COUNTER_KEYS = {
  up: { datagrams: "datagrams_up", bytes: "bytes_up" },
  down: { datagrams: "datagrams_down", bytes: "bytes_down" },
} as const;

class Session {
  lastActive = performance.now();
  readonly #stop = new AbortController();
  readonly #upstream: Deno.DatagramConn;
  readonly #up?: DatagramFaults;
  readonly #down?: DatagramFaults;
  readonly #counts: Record<Way, number> = { up: 0, down: 0 };

  constructor(
    readonly id: number,
    readonly client: Deno.NetAddr,
    readonly peer: string,
    readonly ctx: RelayContext,
  ) {
    this.#upstream = bindUdpClient(ctx.options.target);
    this.#up = this.#faults("up");
    this.#down = this.#faults("down");
  }

  #faults(way: Way): DatagramFaults | undefined {
    const { options, stats, emit } = this.ctx;
    const plan = datagramPlan(options, way);
    if (!plan) return undefined;
    return new DatagramFaults({
      plan,
      seed: options.seed,
      session: this.id,
      way,
      send: (data) => this.#send(way, data),
      report: (fault, fields) =>
        emitFault(emit, fault, way, this.peer, { session: this.id, ...fields }),
      stats,
      signal: this.#stop.signal,
    });
  }

  /** Relays replies from the target until the session closes. */
  async run(): Promise<void> {
    while (!this.#stop.signal.aborted) {
      try {
        // The peer is always the target: no address to format per reply.
        const [data] = await this.#upstream.receive(new Uint8Array(RECEIVE_BUFFER));
        await this.#relay("down", data);
      } catch (err) {
        if (this.#stop.signal.aborted) return;
        this.#error(err);
      }
    }
  }

  /** A datagram from the client. */
  fromClient(data: Uint8Array): Promise<void> {
    return this.#relay("up", data);
  }

  async #relay(way: Way, data: Uint8Array): Promise<void> {
    this.lastActive = performance.now();
    this.#counts[way]++;
    const key = COUNTER_KEYS[way];
    this.ctx.stats[key.datagrams]++;
    this.ctx.stats[key.bytes] += data.length;
    const faults = way === "up" ? this.#up : this.#down;
    if (faults) await faults.accept(data);
    else await this.#send(way, data);
  }

  /** Sends on; a failure is reported and the session goes on (UDP promises nothing anyway). */
  async #send(way: Way, data: Uint8Array): Promise<void> {
    if (this.#stop.signal.aborted) return;
    this.lastActive = performance.now();
    try {
      if (way === "up") await sendDatagram(this.#upstream, data, this.ctx.target);
      else await sendDatagram(this.ctx.socket, data, this.client);
    } catch (err) {
      this.#error(err);
    }
  }

  #error(err: unknown): void {
    this.ctx.emit({ event: "error", peer: this.peer, session: this.id, ...saying(saidOf(err)) });
  }

  /** Ends the session: `idle` when it expired, `us` when the relay stops. */
  close(reason: "idle" | "us" | "evicted", message: Said): void {
    if (this.#stop.signal.aborted) return;
    this.#stop.abort();
    this.#up?.close();
    this.#down?.close();
    this.#upstream.close();
    this.ctx.emit({
      event: "closed",
      peer: this.peer,
      session: this.id,
      reason,
      ...saying(message),
      datagrams_up: this.#counts.up,
      datagrams_down: this.#counts.down,
    });
  }
}

/** Starts the UDP relay: binds, then relays every client's datagrams until stop(). */
export function startUdpRelay(options: UdpRelayOptions, emit: Emit): RunningRelay {
  const listen = options.listen;
  const socket = bindUdp(listen);
  announceListening(emit, listen, socket.addr, {
    target: formatEndpoint(options.target),
    seed: options.seed,
  });
  return new UdpRelay({
    options,
    emit,
    stats: newUdpStats(),
    socket,
    target: udpTarget(options.target),
  });
}

/** The listening socket's loop: a session per client address, expired when idle. */
class UdpRelay implements RunningRelay {
  readonly #sessions = new Map<string, Session>();
  readonly #receiving: Promise<void>;
  readonly #sweeper: ReturnType<typeof setInterval>;
  #count = 0;
  #stopped = false;

  constructor(readonly ctx: RelayContext) {
    this.#receiving = this.#receive();
    // Sweep often enough that a session outlives its timeout by at most half of it (or 1 s).
    this.#ticks = new Ticks(
      Math.max(50, Math.min(ctx.options.idleTimeout / 2, 1000)),
      performance.now(),
    );
    this.#sweeper = setInterval(() => this.#expire(), this.#ticks.period);
  }

  /** The sweep's ticks: one that comes late was held up by a process not running. */
  readonly #ticks: Ticks;

  async stop(): Promise<FcEvent> {
    this.#stopped = true;
    clearInterval(this.#sweeper);
    for (const session of this.#sessions.values()) session.close("us", said("relay.stopped"));
    this.ctx.socket.close();
    await this.#receiving;
    return udpStatsEvent(this.ctx.options.seed, this.ctx.stats);
  }

  async #receive(): Promise<void> {
    while (!this.#stopped) {
      try {
        const dg = await receiveDatagram(this.ctx.socket, MAX_DATAGRAM_V6);
        const session = this.#sessions.get(dg.peer) ?? this.#open(dg.addr, dg.peer);
        await session.fromClient(dg.data);
      } catch (err) {
        if (this.#stopped) return;
        this.ctx.emit({
          event: "error",
          ...saying(saidOf(err)),
        });
      }
    }
  }

  /** A session for a new client; at MAX_SESSIONS the longest silent one makes room, as serve does. */
  #open(addr: Deno.NetAddr, peer: string): Session {
    const { emit, options, stats } = this.ctx;
    if (this.#sessions.size >= MAX_SESSIONS) this.#evictLongestSilent();
    const session = new Session(++this.#count, addr, peer, this.ctx);
    this.#sessions.set(peer, session);
    stats.sessions++;
    emit({ event: "connected", peer, session: session.id, target: formatEndpoint(options.target) });
    session.run();
    return session;
  }

  /** Closes the session silent the longest: many senders (spoofed or not) cannot lock others out. */
  #evictLongestSilent(): void {
    let oldest: [string, Session] | undefined;
    for (const entry of this.#sessions) {
      if (!oldest || entry[1].lastActive < oldest[1].lastActive) oldest = entry;
    }
    if (!oldest) return;
    this.#sessions.delete(oldest[0]);
    this.ctx.stats.evicted++;
    oldest[1].close("evicted", said("relay.evicted", { max: MAX_SESSIONS }));
  }

  /** Closes the sessions silent for --idle-timeout. */
  #expire(): void {
    const { idleTimeout } = this.ctx.options;
    const now = performance.now();
    // A late sweep: the datagrams of the pause wait unread behind it (lib/paused.ts).
    const paused = this.#ticks.paused(now);
    if (paused > 0) {
      for (const session of this.#sessions.values()) session.lastActive += paused;
    }
    for (const [peer, session] of this.#sessions) {
      if (now - session.lastActive < idleTimeout) continue;
      this.#sessions.delete(peer);
      this.ctx.stats.expired++;
      session.close("idle", said("relay.idle", { s: idleTimeout / 1000 }));
    }
  }
}
