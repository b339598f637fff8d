/**
 * The TCP (and unix) relay: each accepted client gets its own connection to
 * the target, and each direction is pumped on its own. A direction without
 * faults is a tight read → write loop (two buffers, one write in flight, so
 * a slow side slows the other and memory stays bounded); a direction with
 * faults reads ahead into a bounded queue and writes through a
 * {@linkcode FaultyForwarder}. End of file on one side is passed on as a
 * write shutdown, and the other direction keeps flowing. A stalled link
 * passes nothing on, either way: no data, no end of file.
 */
import type { Emit } from "../events/types.ts";
import { explainError, SaidError, saidOf } from "../errors.ts";
import { type Said, said, saying } from "../i18n/say.ts";
import { type Endpoint, formatEndpoint } from "../transport/endpoint.ts";
import { sleep } from "../sleep.ts";
import { announceListening } from "../transport/listening.ts";
import { warnIfInsecure } from "../transport/tls.ts";
import { ChunkQueue } from "./chunk_queue.ts";
import { emitFault, type Fault, type RunningRelay } from "./faults.ts";
import { nodeBackend } from "./node_side.ts";
import { newTcpStats, type TcpStats, tcpStatsEvent, type Way } from "./stats.ts";
import {
  type Ending,
  FaultyForwarder,
  type Outcome,
  type StreamFaultOptions,
  type StreamPlan,
  streamPlan,
} from "./stream_faults.ts";
import { denoBackend, type StreamBackend, type StreamSide } from "./stream_side.ts";

/**
 * Bytes a faulty direction reads ahead of its writer: what --delay can hold in flight
 * (at --delay 100, up to 10 MiB/s), plus one read.
 */
const READ_AHEAD = 1024 * 1024;
/** Connections relayed at once; more are closed on arrival. */
const MAX_CONNECTIONS = 1024;
/** Longest stop() waits for the accept loop to end once the listener is closed. */
const ACCEPT_END_MS = 100;
/**
 * Longest a link whose one side failed goes on delivering, to the other side, what the relay had
 * read from the failed one: a receiver that does not read cannot hold the link for ever.
 */
const FLUSH_MS = 10_000;

/** What a read raced against a gone destination gives when the destination won. */
const GONE = Symbol("gone");

/** What a TCP (TLS, unix) relay is told: where, to where, and what to break. */
export interface TcpRelayOptions extends StreamFaultOptions {
  /** Where clients connect, and where each of their connections is forwarded. */
  listen: Endpoint;
  target: Endpoint;
  /** Seeds every random choice: the same seed and traffic break the same bytes. */
  seed: number;
}

interface RelayContext {
  options: TcpRelayOptions;
  emit: Emit;
  stats: TcpStats;
  backend: StreamBackend;
}

type Side = "client" | "target";

/** Why a link closed, as `closed` events say it everywhere (the detail goes to `message`). */
type CloseReason = "eof" | "reset" | "us" | "error";

/** A read or write that failed, with the side it failed on (for the `closed` reason). */
class SideError extends SaidError {
  constructor(readonly side: Side, override readonly cause: unknown) {
    super(explainError(cause));
  }
}

/** Tags a failure of `op` with its side. */
function on<T>(side: Side, op: Promise<T>): Promise<T> {
  return op.catch((err) => Promise.reject(new SideError(side, err)));
}

/** The sides a way reads from and writes to. */
const SIDES: Record<Way, { from: Side; to: Side }> = {
  up: { from: "client", to: "target" },
  down: { from: "target", to: "client" },
};

/** One client and its connection to the target. */
class Link {
  readonly #stop = new AbortController();
  readonly #stopped: Promise<void>;
  #stalled = false;
  #target?: StreamSide;
  readonly #bytes: Record<Way, number> = { up: 0, down: 0 };
  /** The first read or write that failed on a side, while the other way still delivers. */
  #failure?: SideError;
  /** Until the client's TLS handshake is over: the link is not announced yet. */
  #handshaking = false;
  #flushing?: ReturnType<typeof setTimeout>;
  /** The sides that have failed: nothing read for them can be delivered any more. */
  readonly #gone = new Set<Side>();
  /**
   * For each side, what ends the read pending for it (the read of the way that writes to it)
   * once that side fails. One slot a way, cleared as its read settles: a promise every read
   * raced against would keep a reaction, and its chunk, for each read of the link's life.
   */
  readonly #wake: Partial<Record<Side, () => void>> = {};

  constructor(readonly id: number, readonly client: StreamSide, readonly ctx: RelayContext) {
    this.#stopped = new Promise((resolve) =>
      this.#stop.signal.addEventListener("abort", () => resolve())
    );
  }

  /** The next read of `way`, or GONE once the side it writes to has failed. */
  #read(way: Way, src: StreamSide): Promise<Uint8Array | null | typeof GONE> {
    const { from, to } = SIDES[way];
    if (this.#gone.has(to)) return Promise.resolve(GONE);
    return new Promise((resolve, reject) => {
      const wake = () => resolve(GONE);
      this.#wake[to] = wake;
      // Cleared only while it is still this read's (the next read may have taken the slot).
      const settled = () => {
        if (this.#wake[to] === wake) delete this.#wake[to];
      };
      on(from, src.read()).then(
        (chunk) => (settled(), resolve(chunk)),
        (err) => (settled(), reject(err)),
      );
    });
  }

  async run(): Promise<void> {
    const { backend, options, emit, stats } = this.ctx;
    // A TLS client that fails its handshake is not relayed: the target never sees it.
    this.#handshaking = true;
    try {
      await this.client.handshake?.();
    } catch (err) {
      if (this.#stop.signal.aborted) return;
      this.#stop.abort();
      this.client.close();
      stats.handshakes_failed++;
      const why = explainError(err);
      emit({
        event: "error",
        peer: this.client.peer,
        connection: this.id,
        ...saying(said("error.connection_failed", { why })),
      });
      return;
    }
    this.#handshaking = false;
    if (this.#stop.signal.aborted) return;
    try {
      this.#target = await backend.connect(options.target, this.#stop.signal);
    } catch (err) {
      // Stopped while connecting: abort() has said so already.
      if (this.#stop.signal.aborted) return;
      stats.unreached++;
      const why = saidOf(err);
      emit({ event: "error", peer: this.client.peer, connection: this.id, ...saying(why) });
      // Its `closed` tells the cause again (JSON); its line does not repeat the error's (text.ts).
      this.#finish("error", said("relay.target_unreached", { why }), "target");
      return;
    }
    stats.connections++;
    emit({
      event: "connected",
      peer: this.client.peer,
      connection: this.id,
      target: formatEndpoint(options.target),
    });
    await Promise.all([
      this.#pump("up", this.client, this.#target),
      this.#pump("down", this.#target, this.client),
    ]);
    clearTimeout(this.#flushing);
    if (this.#failure) this.#failNow(this.#failure);
    else this.#finish("eof", said("relay.eof_both"));
  }

  /** Tears the link down (the relay is stopping). */
  abort(): void {
    // A client still in its TLS handshake was never announced: it goes without a word.
    if (this.#handshaking) {
      this.#stop.abort();
      this.client.close();
      return;
    }
    this.#finish("us", said("relay.stopped"));
  }

  /** Closes both sides, once; the first reason given is the one reported. */
  #finish(reason: CloseReason, message: Said, side?: Side): void {
    if (this.#stop.signal.aborted) return;
    clearTimeout(this.#flushing);
    this.#stop.abort();
    this.client.close();
    this.#target?.close();
    this.ctx.emit({
      event: "closed",
      peer: this.client.peer,
      connection: this.id,
      reason,
      ...saying(message),
      side,
      bytes_up: this.#bytes.up,
      bytes_down: this.#bytes.down,
    });
  }

  async #pump(way: Way, src: StreamSide, dst: StreamSide): Promise<void> {
    const plan = streamPlan(this.ctx.options, way);
    try {
      if (plan) return await this.#forwardFaulty(way, src, dst, plan);
      if (await this.#copy(way, src, dst) === "eof") await this.#shutdown(way, dst);
    } catch (err) {
      this.#fail(err);
    }
  }

  /**
   * The fast path: write each chunk while the next one is read (a chunk stays valid until
   * the read after next), count, until end of file. One write in flight at most.
   */
  async #copy(way: Way, src: StreamSide, dst: StreamSide): Promise<"eof" | "stopped"> {
    let writing: Promise<void> = Promise.resolve();
    while (true) {
      let chunk: Uint8Array | null | typeof GONE;
      try {
        chunk = await this.#read(way, src);
      } catch (err) {
        // The source failed: the chunk still being written was read before, and goes first.
        this.#fail(err);
        await writing.catch(() => {});
        return "stopped";
      }
      if (chunk === GONE) return "stopped";
      await writing;
      if (chunk === null) return "eof";
      if (this.#stalled) await this.#stopped;
      if (this.#stop.signal.aborted) return "stopped";
      const n = chunk.length;
      writing = on(SIDES[way].to, dst.write(chunk)).then(() => this.#count(way, n));
      // Handled now, awaited after the next read: a reset may reject it meanwhile (or a failed
      // read leave it unawaited), and an unhandled rejection would end the relay, not this link.
      writing.catch(() => {});
    }
  }

  async #forwardFaulty(way: Way, src: StreamSide, dst: StreamSide, plan: StreamPlan) {
    const queue = new ChunkQueue(READ_AHEAD);
    const stop = () => queue.close();
    this.#stop.signal.addEventListener("abort", stop);
    const reading = this.#readAhead(way, src, queue);
    const forwarder = new FaultyForwarder({
      plan,
      seed: this.ctx.options.seed,
      connection: this.id,
      way,
      queue,
      write: async (data) => {
        if (this.#stalled) await this.#stopped;
        if (this.#stop.signal.aborted) return;
        await on(SIDES[way].to, dst.write(data));
        this.#count(way, data.length);
      },
      // --slice's pieces meet the receiver's reads one at a time: each waits for the one before
      // to be read (a receiver on this machine; elsewhere they leave back to back).
      taken: plan.slice ? (signal) => dst.taken?.(signal) ?? Promise.resolve() : undefined,
      report: (fault, fields) => this.#report(fault, way, fields),
      stats: this.ctx.stats,
      signal: this.#stop.signal,
    });
    let outcome: Outcome;
    try {
      outcome = await forwarder.run();
    } finally {
      queue.close();
      this.#stop.signal.removeEventListener("abort", stop);
    }
    // A source that failed (its reset) is passed on as the link ends, not as an end of file.
    if (outcome === "eof") {
      if (this.#failure?.side !== SIDES[way].from) await this.#shutdown(way, dst);
    } else if (outcome !== "stopped") await this.#end(outcome, way, plan.limit!.bytes);
    // The reader ends at end of file, or when the link closes (a stall waits for that).
    await reading;
  }

  /**
   * Passes the end of file of `way` on as a write shutdown, unless the link is stalled: an
   * unplugged cable carries no FIN either, so that way then waits for the link to end (the
   * relay stopping, or a side failing). Checked right before the shutdown, in the same tick.
   */
  async #shutdown(way: Way, dst: StreamSide): Promise<void> {
    if (this.#stalled) return await this.#stopped;
    if (this.#stop.signal.aborted) return;
    await on(SIDES[way].to, dst.closeWrite());
  }

  /** Reads into the queue until end of file; a read error fails the link. */
  async #readAhead(way: Way, src: StreamSide, queue: ChunkQueue): Promise<void> {
    try {
      while (true) {
        const chunk = await this.#read(way, src);
        if (chunk === GONE) return queue.close();
        if (chunk === null) return queue.end();
        // The queue keeps the bytes past the next read, so they are copied.
        if (!await queue.push(chunk.slice())) return;
      }
    } catch (err) {
      this.#fail(err);
      // What was read before the failure is still written (the link closes the queue if not).
      queue.end();
    }
  }

  /**
   * Counts bytes delivered on `way` (written to the other side), for the link's `closed`
   * event and the relay's stats: what arrived but was held (a stall, a close) is not counted.
   */
  #count(way: Way, n: number): void {
    this.#bytes[way] += n;
    this.ctx.stats[way === "up" ? "bytes_up" : "bytes_down"] += n;
  }

  /** A byte limit was reached: close, reset, or stall the whole connection. */
  async #end(ending: Ending, way: Way, bytes: number): Promise<void> {
    const { stats } = this.ctx;
    // Both ways may reach their limit: the first one decides.
    if (this.#stalled || this.#stop.signal.aborted) return await this.#stopped;
    if (ending === "stall") {
      stats.stalls++;
      this.#report("stall", way, { bytes });
      this.#stalled = true;
      await this.#stopped;
      return;
    }
    if (ending === "close") {
      stats.closes++;
      this.#report("close", way, { bytes });
      this.#finish(
        "us",
        said("relay.ended_by", { option: "--close-after", bytes, way: said(`relay.${way}`) }),
      );
      return;
    }
    stats.resets++;
    const rst = this.client.reset();
    this.#target?.reset();
    this.#report("reset", way, { bytes, rst });
    this.#finish(
      "us",
      said("relay.ended_by", { option: "--reset-after", bytes, way: said(`relay.${way}`) }),
    );
  }

  /**
   * A read or write failed. When it failed on a side, the way toward that side stops, and the
   * other way delivers what the relay had already read from it (FLUSH_MS at most), as a wire
   * would: the course's client that sends, then closes without reading, has its last message
   * reach the server although the echo of its first one met its reset. Then the link ends.
   */
  #fail(err: unknown): void {
    if (this.#stop.signal.aborted || this.#failure) return;
    if (!(err instanceof SideError) || this.#stalled) return this.#failNow(err);
    this.#failure = err;
    this.#gone.add(err.side);
    this.#wake[err.side]?.();
    this.#flushing = setTimeout(() => this.#failNow(err), FLUSH_MS);
  }

  /** Ends the link for `err`: a reset is passed on, and the `closed` event tells the side. */
  #failNow(err: unknown): void {
    if (this.#stop.signal.aborted) return;
    const why = saidOf(err);
    const side = err instanceof SideError ? err.side : undefined;
    // A broken pipe is a write after the peer's RST: a reset too.
    const reset = err instanceof SideError && (err.cause instanceof Deno.errors.ConnectionReset ||
      err.cause instanceof Deno.errors.BrokenPipe);
    // A reset is passed on as a reset: the other end learns that bytes were lost, as it would
    // without us (node:net can; a Deno.Conn only closes, and that end reads end of file).
    if (reset) (side === "target" ? this.client : this.#target)?.reset();
    const message = side
      ? said("relay.side_failed", { side: said(`relay.side.${side}`), why })
      : why;
    this.#finish(reset ? "reset" : "error", message, side);
  }

  #report(fault: Fault, way: Way, fields: Record<string, unknown>): void {
    emitFault(this.ctx.emit, fault, way, this.client.peer, { connection: this.id, ...fields });
  }
}

/** Starts the TCP relay: listens, then relays every client until stop(). */
export async function startTcpRelay(options: TcpRelayOptions, emit: Emit): Promise<RunningRelay> {
  // Only node:net can send a real RST; Deno.Conn is faster for everything else.
  const backend = options.resetAfter !== undefined ? nodeBackend : denoBackend();
  if (options.target.transport !== "unix") warnIfInsecure(emit, options.target);
  const server = await backend.listen(options.listen, emit);
  announceListening(emit, options.listen, server.addr, {
    target: formatEndpoint(options.target),
    seed: options.seed,
  });
  const ctx: RelayContext = { options, emit, stats: newTcpStats(), backend };
  const links = new Set<Link>();
  const running = new Set<Promise<void>>();
  let count = 0;
  const accepting = server.serve((client) => {
    if (links.size >= MAX_CONNECTIONS) {
      emit({
        event: "error",
        peer: client.peer,
        ...saying(said("relay.too_many", { max: MAX_CONNECTIONS })),
      });
      client.close();
      return;
    }
    const link = new Link(++count, client, ctx);
    links.add(link);
    const done = link.run().finally(() => {
      links.delete(link);
      running.delete(done);
    });
    running.add(done);
  });
  return {
    async stop() {
      server.close();
      for (const link of links) link.abort();
      await Promise.allSettled([...running]);
      // The accept loop ends with the listener (node:net's once its sockets are gone): not long.
      const waited = new AbortController();
      await Promise.race([accepting, sleep(ACCEPT_END_MS, waited.signal)]);
      waited.abort();
      const transport = options.listen.transport === "unix" ? "unix" : "tcp";
      return tcpStatsEvent(transport, options.seed, ctx.stats);
    },
  };
}
