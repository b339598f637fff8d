/**
 * The TCP (and unix) sink: accepts any number of floods, verifies every
 * byte of each against the pattern as it arrives, and reports throughput
 * per interval and a verdict per connection.
 */
import type { CloseReason, Emit } from "../events/types.ts";
import { explainError } from "../errors.ts";
import { type Said, said, saying } from "../i18n/say.ts";
import type { SinkSettings } from "./settings.ts";
import { sleep } from "../sleep.ts";
import { announceListening } from "../transport/listening.ts";
import { isPeerGone } from "../transport/stream.ts";
import { type Accepted, StreamServer } from "../transport/stream_server.ts";
import { acceptedTls, tlsAtPlainPeer } from "../transport/tls.ts";
import type { Progress } from "./progress.ts";
import { readableBits, readableBytes } from "../display/size.ts";
import { noFlood, perSecond, reportEvent, round, streamName } from "./report.ts";
import { PatternReceiver, type PatternResult } from "./tcp_pattern.ts";
import { closeQuietly } from "../close.ts";

/** How often the idle timeout is checked and progress redrawn. */
const SWEEP_MS = 100;

interface Connection {
  conn: Deno.Conn;
  peer: string;
  rx: PatternReceiver;
  /** performance.now() of the first and latest byte. */
  firstMs?: number;
  lastMs?: number;
  intervalStartMs?: number;
  intervalBytes: number;
  /** --interval's reports, counted from the first byte (0.00-1.00 s, 1.00-2.00 s…). */
  ticker?: ReturnType<typeof setInterval>;
}

export class TcpSink {
  readonly #active = new Set<Connection>();
  readonly #handlers = new Set<Promise<void>>();
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  #server?: StreamServer;
  #stopping = false;
  /** Connections accepted, all told. */
  #connections = 0;
  #lastTrafficMs = performance.now();
  #bytes = 0;

  constructor(
    readonly options: SinkSettings,
    readonly emit: Emit,
    readonly progress: Progress,
  ) {}

  async run(): Promise<number> {
    const server = await StreamServer.listen(this.options.endpoint, this.emit);
    this.#server = server;
    announceListening(this.emit, this.options.endpoint, server.addr);
    this.#timers.push(setInterval(() => this.#sweep(), SWEEP_MS));
    try {
      for await (const accepted of server) {
        const handler = this.#serve(accepted).finally(() => this.#handlers.delete(handler));
        this.#handlers.add(handler);
      }
    } finally {
      this.stop();
      await Promise.all(this.#handlers);
      for (const t of this.#timers) clearInterval(t);
      this.progress.clear();
      // A final report always: when nobody connected, that is what there is to report.
      if (this.#connections === 0) noFlood(this.emit);
    }
    return 0;
  }

  /** Stops accepting and ends every connection; each still gets its report. */
  stop(): void {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#server?.close();
    for (const c of this.#active) closeQuietly(c.conn);
  }

  async #serve({ conn, peer }: Accepted): Promise<void> {
    const c: Connection = {
      conn,
      peer,
      rx: new PatternReceiver(),
      intervalBytes: 0,
    };
    this.#active.add(c);
    this.#connections++;
    let reason: CloseReason = "eof";
    try {
      this.emit({ event: "connected", peer: c.peer, ...await acceptedTls(conn) });
      await this.#read(c);
    } catch (err) {
      reason = this.#stopping ? "us" : "reset";
      if (!this.#stopping && !isPeerGone(err)) {
        const why = explainError(err);
        this.emit({ event: "error", peer: c.peer, ...saying(said("error.read_failed", { why })) });
      }
    } finally {
      this.#active.delete(c);
      closeQuietly(conn);
    }
    this.#finish(c);
    this.emit({ event: "closed", peer: c.peer, reason });
    if (this.options.once) this.stop();
  }

  async #read(c: Connection): Promise<void> {
    const buffer = new Uint8Array(this.options.readSize);
    const delay = this.options.readDelay;
    while (true) {
      if (delay > 0) await sleep(delay);
      const n = await c.conn.read(buffer);
      if (n === null) return;
      const now = performance.now();
      if (c.firstMs === undefined) {
        c.firstMs = c.intervalStartMs = now;
        // Each connection's reports keep time from its own first byte, as iperf3's do: a tick
        // shared by every connection reported 0.00-0.00 s before the first byte, then -0.00-1.00.
        const every = this.options.interval;
        if (every) c.ticker = setInterval(() => this.#interval(c), every);
      }
      c.lastMs = now;
      this.#lastTrafficMs = now;
      c.intervalBytes += n;
      this.#bytes += n;
      if (c.rx.bytes === 0) this.#hintTls(c, buffer.subarray(0, n));
      c.rx.push(buffer.subarray(0, n));
    }
  }

  /** A ClientHello at a plain sink: the flood (or another client) speaks TLS. */
  #hintTls(c: Connection, first: Uint8Array): void {
    const event = tlsAtPlainPeer(c.conn, c.peer, first);
    if (event) this.emit(event);
  }

  #sweep(): void {
    const now = performance.now();
    const idle = this.options.idleTimeout;
    if (idle !== undefined && now - this.#lastTrafficMs >= idle) this.stop();
    this.progress.show(() =>
      said("sink.progress_tcp", { n: this.#active.size, readable: readableBytes(this.#bytes) })
    );
  }

  #interval(c: Connection, now = performance.now()): void {
    const startMs = c.intervalStartMs ?? now;
    const seconds = (now - startMs) / 1000;
    const bps = perSecond(c.intervalBytes * 8, seconds);
    const fields = {
      kind: "sink_interval",
      role: "sink",
      transport: "tcp",
      interval: true,
      peer: c.peer,
      start: round((startMs - (c.firstMs ?? now)) / 1000, 3),
      end: round((now - (c.firstMs ?? now)) / 1000, 3),
      seconds: round(seconds, 6),
      bytes: c.intervalBytes,
      bits_per_second: bps,
    } as const;
    this.emit(reportEvent(
      fields,
      said("sink.interval", {
        start: fields.start.toFixed(2),
        end: fields.end.toFixed(2),
        readable: readableBytes(c.intervalBytes),
        bits: readableBits(bps),
      }),
    ));
    c.intervalBytes = 0;
    c.intervalStartMs = now;
  }

  #finish(c: Connection): void {
    clearInterval(c.ticker);
    // The last, shorter interval, up to the last byte, before the final report (as iperf3's).
    if (c.ticker !== undefined && c.intervalBytes > 0 && c.lastMs !== undefined) {
      this.#interval(c, c.lastMs);
    }
    const r = c.rx.finish();
    const seconds = ((c.lastMs ?? 0) - (c.firstMs ?? 0)) / 1000;
    const bps = perSecond(r.bytes * 8, seconds);
    this.#explain(c.peer, r);
    const fields = {
      kind: "sink_final",
      role: "sink",
      transport: "tcp",
      final: true,
      peer: c.peer,
      stream: r.streamId === undefined ? null : streamName(r.streamId),
      bytes: r.bytes,
      seconds: round(seconds, 6),
      bits_per_second: bps,
      end_marker: r.endMarker,
      expected_bytes: r.expectedBytes ?? null,
      intact: r.intact,
      mismatches: r.mismatches,
      first_mismatch: r.firstMismatch ?? null,
    } as const;
    const verdict = r.intact
      ? said("sink.intact")
      : !r.flood
      ? said("sink.not_flood")
      : r.firstMismatch !== undefined
      ? said("sink.mismatch_at", { at: r.firstMismatch })
      : this.#stopping && !r.endMarker
      ? said("sink.incomplete_stopped")
      : said("sink.incomplete");
    const line = said("sink.final", {
      seconds: seconds.toFixed(2),
      readable: readableBytes(r.bytes),
      bytes: r.bytes,
      bits: readableBits(bps),
      verdict,
    });
    // Named like the UDP sink's line; traffic that is not a flood has no stream.
    this.emit(reportEvent(
      fields,
      fields.stream === null ? line : said("traffic.stream", { stream: fields.stream, line }),
    ));
  }

  /** Says, in words, what went wrong with a connection that is not intact. */
  #explain(peer: string, r: PatternResult): void {
    const say = (sentence: Said) => this.emit({ event: "error", peer, ...saying(sentence) });
    if (!r.flood) {
      say(said("sink.no_preamble"));
      return;
    }
    if (r.firstMismatch !== undefined) {
      say(said("sink.differs", { at: r.firstMismatch, n: r.mismatches }));
    }
    if (!r.endMarker && this.#stopping) {
      // Our own Ctrl-C cut it: the flood did nothing wrong, and this is no error of its.
      const stopped = said("sink.stopped_midway", { bytes: r.bytes });
      this.emit({ event: "info", kind: "note", peer, ...saying(stopped) });
    } else if (!r.endMarker) {
      say(said("sink.no_trailer", { bytes: r.bytes }));
    } else if (r.expectedBytes !== r.bytes) {
      say(said("sink.short", { expected: r.expectedBytes ?? 0, bytes: r.bytes }));
    }
  }
}

/** Closes a connection that stop() may have closed already. */
