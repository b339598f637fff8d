/**
 * The UDP flood: numbered, timestamped probes at a paced rate (or as fast
 * as possible), then the end marker carrying how many were sent. With
 * `--rtt` the target is an echo server: the flood collects the echoes
 * itself and reports round trips and the loss of both ways combined.
 */
import type { Emit, RttMs } from "../events/types.ts";
import { UsageError } from "../errors.ts";
import { sleep } from "../sleep.ts";
import { endpointError, formatHostPort, type NetEndpoint } from "../transport/endpoint.ts";
import type { FloodSettings } from "./settings.ts";
import { MAX_DATAGRAM, sendDatagram, udpTarget } from "../transport/datagram.ts";
import { bindUdpSender } from "../transport/multicast.ts";
import { DirectSender } from "../transport/direct_send.ts";
import { decodeProbe, HEADER_SIZE, isCutProbe, nowUs, ProbeWriter } from "./datagram_format.ts";
import { DEFAULT_DURATION_MS, floodPlan, Pacer } from "./pacing.ts";
import type { Progress } from "./progress.ts";
import { StreamStats } from "./receiver_stats.ts";
import { readableBits } from "../display/size.ts";
import {
  newStreamId,
  perSecond,
  readableMs,
  reportEvent,
  roughly,
  round,
  spaced,
  streamName,
} from "./report.ts";
import { RttRecorder } from "./rtt.ts";
import { type Said, said, saying } from "../i18n/say.ts";

export const DEFAULT_UDP_SIZE = 1400;
/** End markers sent, and the gap between them: one lost marker must not cost the count. */
const END_MARKERS = 5;
const END_MARKER_GAP_MS = 10;
/**
 * Datagrams sent as fast as possible between two looks at the clock and the progress line: a
 * look per datagram was about 5 % of the flood's time (profiled). 256 at 1 M pkt/s is 0.26 ms.
 * The last of a burst goes through Deno's `send`, whose await lets the event loop run (Ctrl-C,
 * the progress line, the echoes of --rtt); the others go straight to the kernel where they can,
 * a batch per system call (see transport/direct_send.ts).
 */
const UNPACED_BURST = 256;
/** The most memory a batch's datagrams take: fewer than UNPACED_BURST of the biggest. */
const BATCH_BYTES = 1024 * 1024;

export class UdpFlood {
  readonly #size: number;
  readonly #streamId = newStreamId();
  readonly #target: Deno.NetAddr;
  readonly #endpoint: NetEndpoint;
  #stopping = false;
  /** Aborted by Ctrl-C: ends a wait for the next paced datagram at once. */
  readonly #stopped = new AbortController();
  #wake?: () => void;

  constructor(
    readonly options: FloodSettings,
    endpoint: NetEndpoint,
    readonly emit: Emit,
    readonly progress: Progress,
  ) {
    this.#size = options.size ?? DEFAULT_UDP_SIZE;
    if (this.#size < HEADER_SIZE || this.#size > MAX_DATAGRAM) {
      throw new UsageError(
        said("usage.flood_size", { size: this.#size, min: HEADER_SIZE, max: MAX_DATAGRAM }),
      );
    }
    this.#endpoint = endpoint;
    this.#target = udpTarget(endpoint);
  }

  /** Ctrl-C: stop sending (the end markers still go out) or stop waiting for echoes. */
  stop(): void {
    this.#stopping = true;
    this.#stopped.abort();
    this.#wake?.();
  }

  async run(): Promise<number> {
    const { sock: socket } = await bindUdpSender(this.#endpoint, this.options);
    const echoes = this.options.rtt
      ? new EchoCollector(socket, this.#streamId, this.#size)
      : undefined;
    const collecting = echoes?.run();
    let sent: number, seconds: number;
    try {
      this.#announce();
      const start = performance.now();
      sent = await this.#sendProbes(socket);
      seconds = (performance.now() - start) / 1000;
      if (echoes) await this.#awaitEchoes(echoes, sent);
      else await this.#sendEndMarkers(socket, sent);
    } finally {
      this.progress.clear();
      socket.close(); // also ends the echo collector
      await collecting;
    }
    this.#report(sent, seconds, echoes);
    return 0;
  }

  #announce(): void {
    const { count, duration = DEFAULT_DURATION_MS, rate, rtt } = this.options;
    const size = this.#size;
    // "100 datagrams of 512 bytes at 1000/s", "512-byte datagrams for 1.5 s as fast as possible".
    const what = count !== undefined
      ? said("flood.udp_count", { count, size })
      : said("flood.udp_duration", { size, seconds: duration / 1000 });
    // One decimal (2.5/s), or two digits of a rate below one (0.05/s, not 0.1/s).
    const shown = Number(rate >= 1 ? rate.toFixed(1) : rate.toPrecision(2));
    const pace = rate > 0 ? said("flood.at_per_second", { rate: shown }) : said("flood.fast");
    this.emit({
      event: "info",
      kind: "stream",
      peer: this.#peer,
      stream: streamName(this.#streamId),
      ...saying(
        said(rtt ? "flood.announce_rtt" : "flood.announce", {
          to: `udp://${this.#peer}`,
          stream: streamName(this.#streamId),
          what,
          pace,
        }),
      ),
    });
  }

  get #peer(): string {
    return formatHostPort(this.#target.hostname, this.#target.port);
  }

  /** The hot loop: stamp and send, paced by absolute schedule. Returns how many were sent. */
  async #sendProbes(socket: Deno.DatagramConn): Promise<number> {
    const o = this.options;
    const { limit, deadline } = floodPlan(o, 1, DEFAULT_DURATION_MS);
    const pacer = o.rate > 0 ? new Pacer(o.rate) : undefined;
    const capacity = Math.max(1, Math.min(UNPACED_BURST, Math.floor(BATCH_BYTES / this.#size)));
    using direct = DirectSender.open(socket, this.#target, this.#size, capacity);
    const send = direct
      ? this.#batchSender(socket, direct)
      : this.#denoSender(socket, new ProbeWriter(this.#streamId, this.#size));
    let seq = 0;
    try {
      while (seq < limit && !this.#stopping && performance.now() < deadline) {
        const burst = pacer
          ? await pacer.release(seq, undefined, this.#stopped.signal)
          : UNPACED_BURST;
        if (this.#stopping) break;
        const end = Math.min(limit, seq + burst);
        await send(seq, end);
        seq = end;
        this.progress.show(() => said("flood.progress_udp", { sent: seq, peer: this.#peer }));
      }
      await pacer?.waitOut(deadline, this.#stopped.signal);
    } catch (err) {
      throw endpointError("send", this.#endpoint, err, "sink");
    }
    return seq;
  }

  /** Sends probes `from` to `end - 1` with Deno's `send`, one at a time. */
  #denoSender(socket: Deno.DatagramConn, writer: ProbeWriter) {
    const target = this.#target;
    return async (from: number, end: number) => {
      for (let seq = from; seq < end; seq++) await socket.send(writer.stamp(seq, nowUs()), target);
    };
  }

  /**
   * Sends probes `from` to `end - 1` as batches of the direct sender's slots, each stamped
   * with the time its batch is handed to the kernel. The last goes through Deno's `send`, to
   * let the event loop run; so does any the kernel does not take (Deno waits for room, or
   * names the error), and the batch goes on after it.
   */
  #batchSender(socket: Deno.DatagramConn, direct: DirectSender) {
    const target = this.#target;
    const writers = direct.slots.map((slot) =>
      new ProbeWriter(this.#streamId, this.#size, false, slot)
    );
    return async (from: number, end: number) => {
      for (let seq = from; seq < end;) {
        const n = Math.min(end - seq, writers.length);
        const now = nowUs();
        for (let i = 0; i < n; i++) writers[i].stamp(seq + i, now);
        const straight = seq + n === end ? n - 1 : n;
        for (let i = 0; i < n;) {
          i += direct.send(i, straight - i);
          if (i < n) await socket.send(writers[i++].bytes, target);
        }
        seq += n;
      }
    };
  }

  /** The count, repeated: each marker may be lost like any datagram. */
  async #sendEndMarkers(socket: Deno.DatagramConn, sent: number): Promise<void> {
    const marker = new ProbeWriter(this.#streamId, HEADER_SIZE, true);
    for (let i = 0; i < END_MARKERS; i++) {
      if (i > 0) await sleep(END_MARKER_GAP_MS);
      await sendDatagram(socket, marker.stamp(sent, nowUs()), this.#target);
    }
  }

  /** Waits until every echo is back, --wait has passed, or Ctrl-C. */
  async #awaitEchoes(echoes: EchoCollector, sent: number): Promise<void> {
    if (echoes.back >= sent || this.#stopping) return;
    const done = new AbortController();
    const finish = () => done.abort();
    echoes.onAllBack(sent, finish);
    this.#wake = finish;
    await sleep(this.options.wait, done.signal);
  }

  #report(sent: number, seconds: number, echoes?: EchoCollector): void {
    const bytes = sent * this.#size;
    const own = {
      role: "flood",
      transport: "udp",
      final: true,
      peer: this.#peer,
      stream: streamName(this.#streamId),
      sent,
      size: this.#size,
      rate: this.options.rate,
      bytes,
      seconds: round(seconds, 6),
      bits_per_second: perSecond(bytes * 8, seconds, 3),
      packets_per_second: perSecond(sent, seconds, 3),
    } as const;
    const line = said("flood.udp_sent", {
      sent,
      size: this.#size,
      seconds: seconds.toFixed(2),
      pps: roughly(own.packets_per_second),
      bits: readableBits(own.bits_per_second),
    });
    if (!echoes) {
      this.emit(reportEvent({ kind: "flood_udp", ...own }, line));
      return;
    }
    echoes.stats.markEnd(sent);
    const back = echoes.stats.final();
    const rtt = echoes.rtt.figures();
    // Echoes cut before their sequence number are counted apart: which probe each was is unknown.
    const truncated = back.truncated + echoes.cutShort;
    const echoed = said("flood.echoed", {
      unique: back.unique,
      sent,
      lost: back.lost,
      percent: back.lost_percent,
      dup: back.duplicates,
      ooo: back.out_of_order,
      truncated,
    });
    const parts = [line, echoed];
    if (rtt) parts.push(rttText(rtt));
    // Echoes came back, but too short to be told (which probe) or timed (when it left).
    if (echoes.cutShort > 0) {
      parts.push(said("flood.echoes_unknown", { count: echoes.cutShort, header: HEADER_SIZE }));
    } else if (!rtt) {
      parts.push(
        truncated > 0
          ? said("flood.echoes_untimed", { count: truncated, header: HEADER_SIZE })
          : said("flood.no_echo"),
      );
    }
    const whole = spaced(parts);
    this.emit(reportEvent({
      kind: "flood_udp_rtt",
      ...own,
      received: back.received,
      unique: back.unique,
      lost: back.lost,
      lost_percent: back.lost_percent,
      duplicates: back.duplicates,
      out_of_order: back.out_of_order,
      truncated,
      jitter_ms: back.jitter_ms,
      rtt_ms: rtt ?? null,
    }, whole));
  }
}

/** The round trips, each to the same three decimals: "rtt p50 0.340 ms  p90 0.708 ms …". */
function rttText(rtt: RttMs): Said {
  const r = readableMs;
  return said("flood.rtt", { p50: r(rtt.p50), p90: r(rtt.p90), p99: r(rtt.p99), max: r(rtt.max) });
}

/**
 * Echoes of our own probes: counted like a sink counts, plus each round trip, plus those cut too
 * short to say which probe they were (a relay's --truncate 5).
 */
class EchoCollector {
  readonly stats = new StreamStats();
  readonly rtt = new RttRecorder();
  /** Echoes of ours cut before their sequence number: counted, and nothing else known. */
  cutShort = 0;
  /** A data probe of the flood, to tell its cut echoes by. */
  readonly #probe: Uint8Array;
  #target = Infinity;
  #allBack?: () => void;

  constructor(readonly socket: Deno.DatagramConn, readonly streamId: number, size: number) {
    this.#probe = new ProbeWriter(streamId, size).bytes;
  }

  /** Calls `done` once `count` distinct probes have come back. */
  onAllBack(count: number, done: () => void): void {
    this.#target = count;
    this.#allBack = done;
  }

  /** Receives until the socket is closed. */
  async run(): Promise<void> {
    const buffer = new Uint8Array(MAX_DATAGRAM + 1);
    while (true) {
      let data: Uint8Array;
      try {
        [data] = await this.socket.receive(buffer);
      } catch {
        return; // closed: the flood is over
      }
      this.#handle(data);
    }
  }

  #handle(data: Uint8Array): void {
    const probe = decodeProbe(data);
    if (!probe) {
      if (!isCutProbe(data, this.#probe)) return;
      this.cutShort++;
      // An echo cut too short to name its probe is back all the same: with it, as many came as
      // were sent, there is nothing left to wait for (a relay --truncate: --wait need not pass).
      if (this.back >= this.#target) this.#allBack?.();
      return;
    }
    if (probe.end || probe.streamId !== this.streamId) return;
    const arrivalUs = nowUs();
    const first = this.stats.add({
      seq: probe.seq,
      sentUs: probe.sentUs,
      truncated: probe.truncated,
      bytes: data.length,
      arrivalUs,
    });
    // One cut before its send time is back too, with no round trip to measure.
    if (first && probe.sentUs !== 0) this.rtt.add((arrivalUs - probe.sentUs) / 1000);
    if (this.back >= this.#target) this.#allBack?.();
  }

  /** The echoes back: each probe's first, and those too short to say which probe they were. */
  get back(): number {
    return this.stats.unique + this.cutShort;
  }
}
