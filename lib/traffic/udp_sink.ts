/**
 * The UDP sink: receives probes from any number of floods, keeps them apart
 * by sender address and stream id, reports each stream every interval and
 * once at its end (its end marker, or silence, or the sink stopping).
 */
import { Ticks } from "../paused.ts";
import type { Emit } from "../events/types.ts";
import { toNetworkError } from "../errors.ts";
import { sleep } from "../sleep.ts";
import { formatAddr, type NetEndpoint } from "../transport/endpoint.ts";
import type { SinkSettings } from "./settings.ts";
import { RECEIVE_BUFFER } from "../transport/datagram.ts";
import { bindUdpReceiver } from "../transport/multicast.ts";
import { announceListening } from "../transport/listening.ts";
import { decodeProbe, nowUs } from "./datagram_format.ts";
import type { Progress } from "./progress.ts";
import { type FinalFigures, type IntervalFigures, StreamStats } from "./receiver_stats.ts";
import { readableBits, readableBytes } from "../display/size.ts";
import { noFlood, readableMs, reportEvent, spaced, streamName } from "./report.ts";
import { type Said, said, saying } from "../i18n/say.ts";

/** After its end marker, a stream is reported once quiet this long (stragglers, marker repeats). */
const END_LINGER_MS = 300;
/** A stream quiet this long without an end marker is reported as ended without one. */
const STREAM_EXPIRY_MS = 5000;
/** Streams followed at once (each keeps a 128 KiB sequence window); more are ignored. */
const MAX_OPEN_STREAMS = 256;
/** Finished streams remembered, so their stragglers are ignored rather than start a new stream. */
const MAX_FINISHED = 4096;
/** Peers whose stray (non-probe) datagrams are counted, each reported at the end; more are not. */
const MAX_FOREIGN_PEERS = 1024;
/** How often streams are checked for their end, and progress redrawn. */
const SWEEP_MS = 100;

interface Flow {
  key: string;
  peer: string;
  stream: string;
  stats: StreamStats;
  lastSeenMs: number;
  /** --interval's reports, counted from the stream's first datagram. */
  ticker?: ReturnType<typeof setInterval>;
}

export class UdpSink {
  readonly #flows = new Map<string, Flow>();
  readonly #finished = new Set<string>();
  /** Peers that sent something other than probes, with how many datagrams. */
  readonly #foreign = new Map<string, number>();
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  #socket?: Deno.DatagramConn;
  #stopping = false;
  #lastTrafficMs = performance.now();
  readonly #ticks = new Ticks(SWEEP_MS, performance.now());
  #received = 0;
  #reported = 0;
  /** Whether streams beyond MAX_OPEN_STREAMS were refused (said once). */
  #refused = false;

  constructor(
    readonly options: SinkSettings,
    readonly endpoint: NetEndpoint,
    readonly emit: Emit,
    readonly progress: Progress,
  ) {}

  /** Runs until stopped (SIGINT, --once, --idle-timeout); resolves to the exit code. */
  async run(): Promise<number> {
    const { sock: socket, joined } = await bindUdpReceiver(this.endpoint, this.options);
    this.#socket = socket;
    announceListening(this.emit, this.endpoint, socket.addr, {}, joined);
    this.#timers.push(setInterval(() => this.#sweep(), SWEEP_MS));
    try {
      await this.#receiveLoop(socket);
    } finally {
      for (const t of this.#timers) clearInterval(t);
      this.progress.clear();
      for (const flow of [...this.#flows.values()]) this.#finish(flow);
      this.#reportForeign();
      // A final report always: when no flood came, that is what there is to report.
      if (this.#reported === 0 && this.#foreign.size === 0) noFlood(this.emit);
    }
    return 0;
  }

  /** Stops receiving; run() then reports every stream still open. */
  stop(): void {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#socket?.close();
  }

  async #receiveLoop(socket: Deno.DatagramConn): Promise<void> {
    const buffer = new Uint8Array(RECEIVE_BUFFER);
    const delay = this.options.readDelay;
    while (!this.#stopping) {
      if (delay > 0) await sleep(delay);
      let data: Uint8Array, addr: Deno.Addr;
      try {
        [data, addr] = await socket.receive(buffer);
      } catch (err) {
        if (this.#stopping) return;
        throw toNetworkError(said("net.receive_udp"), err);
      }
      this.#handle(data, addr as Deno.NetAddr);
    }
  }

  #handle(data: Uint8Array, addr: Deno.NetAddr): void {
    const arrivalUs = nowUs();
    this.#lastTrafficMs = performance.now();
    const kept = data.length > this.options.readSize
      ? data.subarray(0, this.options.readSize)
      : data;
    const probe = decodeProbe(kept);
    const peer = formatAddr(addr);
    if (!probe) return this.#countForeign(peer);
    const key = `${peer}/${probe.streamId}`;
    if (this.#finished.has(key)) return;
    const flow = this.#flows.get(key) ?? this.#start(key, peer, probe.streamId);
    if (!flow) return;
    flow.lastSeenMs = this.#lastTrafficMs;
    if (probe.end) {
      flow.stats.markEnd(probe.seq);
      return;
    }
    // The flood's own datagrams, as the reports count them: not its end markers.
    this.#received++;
    flow.stats.add({
      seq: probe.seq,
      sentUs: probe.sentUs,
      truncated: probe.truncated || kept.length < data.length,
      bytes: kept.length,
      arrivalUs,
    });
  }

  #countForeign(peer: string): void {
    const count = this.#foreign.get(peer);
    if (count === undefined && this.#foreign.size >= MAX_FOREIGN_PEERS) return;
    this.#foreign.set(peer, (count ?? 0) + 1);
  }

  #start(key: string, peer: string, streamId: number): Flow | undefined {
    if (this.#flows.size >= MAX_OPEN_STREAMS) {
      if (!this.#refused) {
        this.#refused = true;
        this.emit({
          event: "error",
          peer,
          ...saying(said("sink.too_many", { max: MAX_OPEN_STREAMS })),
        });
      }
      return undefined;
    }
    const stream = streamName(streamId);
    const flow: Flow = { key, peer, stream, stats: new StreamStats(), lastSeenMs: 0 };
    this.#flows.set(key, flow);
    // Each stream's reports keep time from its own first datagram, as iperf3's do: a tick shared
    // by every stream began with a 0.00-0.00 s report, then -0.00-1.00.
    const every = this.options.interval;
    if (every) flow.ticker = setInterval(() => this.#interval(flow), every);
    this.emit({
      event: "info",
      kind: "stream",
      peer,
      stream,
      ...saying(said("sink.stream_from", { stream, peer })),
    });
    return flow;
  }

  /** Reports streams whose end has come, checks the idle timeout, redraws progress. */
  #sweep(): void {
    const now = performance.now();
    // Late for this sweep: the process was not running (a loaded machine, Ctrl-Z), and what
    // arrived meanwhile still waits to be read. That time was our silence, not the peers': it
    // does not count towards any stream's silence (nor the idle timeout), so no end is declared
    // before the reads have had their turn, however long the pause or however often it comes.
    const paused = this.#ticks.paused(now);
    if (paused > 0) {
      for (const flow of this.#flows.values()) flow.lastSeenMs += paused;
      this.#lastTrafficMs += paused;
    }
    for (const flow of [...this.#flows.values()]) {
      const quiet = now - flow.lastSeenMs;
      if (quiet >= (flow.stats.ended ? END_LINGER_MS : STREAM_EXPIRY_MS)) this.#finish(flow);
    }
    const idle = this.options.idleTimeout;
    if (idle !== undefined && now - this.#lastTrafficMs >= idle) this.stop();
    this.progress.show(() =>
      said("sink.progress_udp", {
        open: this.#flows.size,
        done: this.#reported,
        received: this.#received,
      })
    );
  }

  #interval(flow: Flow, f = flow.stats.takeInterval(nowUs())): void {
    this.emit(reportEvent(
      {
        kind: "sink_udp_interval",
        role: "sink",
        transport: "udp",
        interval: true,
        peer: flow.peer,
        stream: flow.stream,
        ...f,
      },
      said("traffic.stream", { stream: flow.stream, line: intervalLine(f) }),
    ));
  }

  #finish(flow: Flow): void {
    clearInterval(flow.ticker);
    // The last, shorter interval, up to the stream's last datagram, before the final report.
    const last = flow.ticker === undefined ? undefined : flow.stats.lastInterval();
    if (last) this.#interval(flow, last);
    this.#flows.delete(flow.key);
    this.#finished.add(flow.key);
    if (this.#finished.size > MAX_FINISHED) {
      this.#finished.delete(this.#finished.values().next().value!);
    }
    const f = flow.stats.final();
    if (!f.end_marker) {
      this.emit({
        event: "info",
        kind: "stream",
        peer: flow.peer,
        stream: flow.stream,
        ...saying(said("sink.no_end_marker", { stream: flow.stream, sent: f.sent })),
      });
    }
    this.emit(reportEvent(
      {
        kind: "sink_udp_final",
        role: "sink",
        transport: "udp",
        final: true,
        peer: flow.peer,
        stream: flow.stream,
        ...f,
      },
      said("traffic.stream", { stream: flow.stream, line: finalLine(f) }),
    ));
    this.#reported++;
    if (this.options.once) this.stop();
  }

  #reportForeign(): void {
    for (const [peer, count] of this.#foreign) {
      this.emit({
        event: "info",
        kind: "ignored",
        peer,
        ignored: count,
        malformed: count,
        ...saying(said("sink.ignored", { count, peer })),
      });
    }
  }
}

/** A readable interval line, iperf3-like. */
function intervalLine(f: IntervalFigures): Said {
  return spaced([
    said("sink.span", { start: f.start.toFixed(2), end: f.end.toFixed(2) }),
    said("text", { text: readableBytes(f.bytes) }),
    said("text", { text: readableBits(f.bits_per_second) }),
    said("sink.pps", { pps: Math.round(f.packets_per_second) }),
    said("sink.jitter", { ms: readableMs(f.jitter_ms) }),
    received(f),
    said("sink.missing", { missing: f.missing }),
  ]);
}

/** `received 10 (unique 9, dup 1, …)`: every arrival, and what each was. */
function received(f: IntervalFigures | FinalFigures): Said {
  return said("sink.received", {
    received: f.received,
    unique: f.unique,
    dup: f.duplicates,
    ooo: f.out_of_order,
    truncated: f.truncated,
  });
}

/** A readable final line: the counters first, as they add up. */
function finalLine(f: FinalFigures): Said {
  return spaced([
    said("sink.final_span", { seconds: f.seconds.toFixed(2) }),
    said(f.end_marker ? "sink.sent" : "sink.sent_no_marker", { sent: f.sent }),
    ...(f.malformed > 0 ? [said("sink.malformed", { n: f.malformed })] : []),
    said("sink.lost", { lost: f.lost, sent: f.sent, percent: f.lost_percent }),
    received(f),
    said("text", { text: readableBytes(f.bytes) }),
    // One datagram, or all at one instant: no time between them, so no rate (not 0 bit/s).
    ...(f.seconds > 0
      ? [
        said("text", { text: readableBits(f.bits_per_second) }),
        said("sink.pps", { pps: Math.round(f.packets_per_second) }),
      ]
      : [said("text", { text: "—" })]),
    said("sink.jitter", { ms: readableMs(f.jitter_ms) }),
  ]);
}
