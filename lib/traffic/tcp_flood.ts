/**
 * The TCP flood: a preamble, the verifiable pattern in writes of --size
 * (paced in bytes/s when --rate is given), the trailer with the length,
 * then a half-close; the sink's own close tells us everything arrived.
 */
import type { Emit } from "../events/types.ts";
import { NetworkError } from "../errors.ts";
import {
  endpointError,
  formatAddr,
  formatEndpoint,
  type NetEndpoint,
  scheme,
} from "../transport/endpoint.ts";
import type { FloodSettings } from "./settings.ts";
import { sleep } from "../sleep.ts";
import { connectStream, isPeerGone, serverName, writeAll } from "../transport/stream.ts";
import { tlsFields, warnIfInsecure } from "../transport/tls.ts";
import { DEFAULT_DURATION_MS, floodPlan, Pacer } from "./pacing.ts";
import type { Progress } from "./progress.ts";
import { readableBits, readableBytes } from "../display/size.ts";
import { newStreamId, perSecond, reportEvent, round, streamName } from "./report.ts";
import { encodePreamble, encodeTrailer, PatternWriter, PREAMBLE_SIZE } from "./tcp_pattern.ts";
import { said, saying } from "../i18n/say.ts";
import { closeQuietly } from "../close.ts";

/**
 * Write size. Each Deno write is an op, and a wake-up whenever the socket
 * buffer is full: 1 MiB writes make 8× fewer than iperf3's 128 KiB, which
 * on loopback took the flood from about 60 % of iperf3's throughput to par.
 */
export const DEFAULT_TCP_SIZE = 1024 * 1024;

export class TcpFlood {
  readonly #size: number;
  readonly #streamId = newStreamId();
  #stopping = false;
  /** Aborted by Ctrl-C: ends a wait for the next paced bytes at once. */
  readonly #stopped = new AbortController();
  #written = 0;
  /** Aborted to end the flood now: the connect is abandoned, a stuck write cut by a close. */
  readonly #cut = new AbortController();
  #cutTimer?: ReturnType<typeof setTimeout>;
  #deadlineTimer?: ReturnType<typeof setTimeout>;
  #connected = false;

  constructor(
    readonly options: FloodSettings,
    readonly endpoint: NetEndpoint,
    readonly emit: Emit,
    readonly progress: Progress,
  ) {
    this.#size = options.size ?? DEFAULT_TCP_SIZE;
  }

  /**
   * Ctrl-C: stop writing; the trailer still goes out so the sink can tell. A connect not yet
   * answered is abandoned at once; a write the peer has not taken within --wait is cut (the
   * connection closed under it).
   */
  stop(): void {
    this.#stopping = true;
    this.#stopped.abort();
    if (this.#connected) this.#cutAfterGrace();
    else this.#cut.abort();
  }

  #cutAfterGrace(): void {
    this.#cutTimer ??= setTimeout(() => this.#cut.abort(), this.options.wait);
  }

  async run(): Promise<number> {
    warnIfInsecure(this.emit, this.endpoint);
    const conn = await connectStream(this.endpoint, this.#cut.signal, "sink").catch((err) => {
      if (!this.#cut.signal.aborted) throw err;
      throw new NetworkError(
        said("flood.stopped_connecting", { to: formatEndpoint(this.endpoint) }),
      );
    });
    this.#connected = true;
    const cut = () => closeQuietly(conn);
    this.#cut.signal.addEventListener("abort", cut);
    const peer = serverName(conn, this.endpoint);
    this.emit({ event: "connected", peer, local: formatAddr(conn.localAddr), ...tlsFields(conn) });
    this.#announce(peer);
    const start = performance.now();
    try {
      await this.#write(conn, encodePreamble(this.#streamId));
      await this.#sendPattern(conn, peer);
      await this.#write(conn, encodeTrailer(this.#written));
      await conn.closeWrite();
      await this.#awaitPeerClose(conn);
    } catch (err) {
      this.progress.clear();
      if (this.#cut.signal.aborted) return this.#stuck(peer, start);
      if (!isPeerGone(err)) throw endpointError("send", this.endpoint, err, "sink");
      this.#report(peer, start);
      throw new NetworkError(said("flood.cut_short", { peer, bytes: this.#written }));
    } finally {
      clearTimeout(this.#cutTimer);
      clearTimeout(this.#deadlineTimer);
      this.#cut.signal.removeEventListener("abort", cut);
      closeQuietly(conn);
    }
    this.progress.clear();
    this.#report(peer, start);
    return 0;
  }

  /**
   * The connection was closed under a write the peer did not take: the report of what went,
   * and why the sink gets no trailer. Stopped (Ctrl-C) that is the end asked for; past
   * --duration it is a flood that could not do what it was told (exit 1).
   */
  #stuck(peer: string, start: number): number {
    this.#report(peer, start);
    const vars = { peer, bytes: this.#written, grace: this.options.wait / 1000 };
    if (!this.#stopping) throw new NetworkError(said("flood.stuck", vars));
    this.emit({ event: "info", kind: "note", peer, ...saying(said("flood.stuck_stopped", vars)) });
    return 0;
  }

  #announce(peer: string): void {
    const { count, duration = DEFAULT_DURATION_MS, rate } = this.options;
    const size = this.#size;
    // "1.00 MiB in 4 writes of 262144 bytes at 8.00 Mbit/s", "65536-byte writes for 1.5 s …".
    const what = count !== undefined
      ? said("flood.tcp_count", { bytes: readableBytes(count * size), count, size })
      : said("flood.tcp_duration", { size, seconds: duration / 1000 });
    const pace = rate > 0 ? said("flood.at", { rate: readableBits(rate * 8) }) : said("flood.fast");
    this.emit({
      event: "info",
      kind: "stream",
      peer,
      stream: streamName(this.#streamId),
      ...saying(
        said("flood.announce", {
          to: `${scheme(this.endpoint)}://${peer}`,
          stream: streamName(this.#streamId),
          what,
          pace,
        }),
      ),
    });
  }

  async #sendPattern(conn: Deno.Conn, peer: string): Promise<void> {
    const o = this.options;
    const size = this.#size;
    const { limit, deadline } = floodPlan(o, size, DEFAULT_DURATION_MS);
    const total = PREAMBLE_SIZE + limit;
    const pacer = o.rate > 0 ? new Pacer(o.rate) : undefined;
    const writer = new PatternWriter(size);
    // --duration ends the sending even while a write waits on a peer that does not read.
    if (deadline !== Infinity) {
      this.#deadlineTimer = setTimeout(
        () => this.#cutAfterGrace(),
        Math.max(0, deadline - performance.now()),
      );
    }
    while (this.#written < total && !this.#stopping && performance.now() < deadline) {
      const most = Math.min(size, total - this.#written);
      const n = pacer
        ? await pacer.release(this.#written - PREAMBLE_SIZE, most, this.#stopped.signal)
        : most;
      if (this.#stopping) break;
      const data = writer.fill(this.#written, n);
      const spoil = this.#corruptIndex(n);
      if (spoil !== undefined) writer.flip(spoil);
      await writeAll(conn, data);
      this.#written += n;
      this.progress.show(() =>
        said("flood.progress_tcp", { readable: readableBytes(this.#written), peer })
      );
    }
    await pacer?.waitOut(deadline, this.#stopped.signal);
  }

  /** Writes a marker, spoiled too if --corrupt-at falls in it. */
  async #write(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
    const spoil = this.#corruptIndex(bytes.length);
    if (spoil !== undefined) bytes[spoil] ^= 0xff;
    await writeAll(conn, bytes);
    this.#written += bytes.length;
  }

  /** Where --corrupt-at falls in the next `length` bytes, if it does. */
  #corruptIndex(length: number): number | undefined {
    const at = this.options.corruptAt;
    if (at === undefined || at < this.#written || at >= this.#written + length) return undefined;
    return at - this.#written;
  }

  /** The sink closes once it has read everything: bounded by --wait for peers that do not. */
  async #awaitPeerClose(conn: Deno.Conn): Promise<void> {
    const buffer = new Uint8Array(4096);
    const eof = (async () => {
      try {
        while (await conn.read(buffer) !== null) {
          /* a sink sends nothing; drain whatever comes */
        }
      } catch { /* reset or closed by us: the end either way */ }
    })();
    const waited = new AbortController();
    await Promise.race([eof, sleep(this.options.wait, waited.signal)]);
    waited.abort();
  }

  #report(peer: string, start: number): void {
    const seconds = (performance.now() - start) / 1000;
    const bps = perSecond(this.#written * 8, seconds);
    const fields = {
      kind: "flood",
      role: "flood",
      transport: "tcp",
      final: true,
      peer,
      stream: streamName(this.#streamId),
      bytes: this.#written,
      size: this.#size,
      rate: this.options.rate,
      seconds: round(seconds, 6),
      bits_per_second: bps,
    } as const;
    this.emit(reportEvent(
      fields,
      said("flood.tcp_sent", {
        readable: readableBytes(this.#written),
        bytes: this.#written,
        seconds: seconds.toFixed(2),
        bits: readableBits(bps),
      }),
    ));
  }
}
