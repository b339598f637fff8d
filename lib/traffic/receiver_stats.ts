/**
 * What one flood stream did on arrival: counters that always add up, jitter
 * as iperf3 computes it, and interval versus total figures.
 *
 * Identities, by construction:
 * - `received = unique + duplicates` (every arrival is the first of its
 *   sequence number or a repeat of one);
 * - `sent = unique + lost`, with `sent` from the end marker (or, without one,
 *   the highest sequence number seen + 1), so `lost` is never negative and
 *   `lost_percent` stays in [0, 100].
 *
 * `out_of_order` counts first arrivals that came after a datagram the flood
 * sent later (a higher sequence number, or the end marker); repeats count
 * as `duplicates` only, so the two never mix, and neither touches loss.
 *
 * Loss belongs to the whole stream: a datagram missing now may still arrive
 * (reordering), so intervals never declare loss — they count what arrived in
 * them (never negative) and show `missing`, the holes below the highest
 * sequence number at that moment (a level that falls when late ones fill
 * them). iperf3 declares loss per interval and takes it back later, which
 * is how its interval figures go negative.
 */
import { perSecond, round } from "./report.ts";

/** Sequence numbers remembered behind the highest: bounds memory whatever a peer claims. */
export const SEQ_WINDOW = 1 << 20;

/**
 * Which sequence numbers arrived, in a sliding bitmap of SEQ_WINDOW numbers
 * ending at the highest seen. A number older than the window cannot be told
 * from a duplicate and counts as one.
 */
export class SeqWindow {
  readonly #words = new Uint32Array(SEQ_WINDOW / 32);
  /** First sequence number the window covers (a multiple of 32). */
  #base = 0;

  /** Marks `seq`; true when it is the first time. */
  mark(seq: number): boolean {
    if (seq < this.#base) return false;
    if (seq >= this.#base + SEQ_WINDOW) this.#slide(seq);
    const word = Math.floor(seq / 32);
    const index = word % this.#words.length;
    const bit = 1 << (seq % 32);
    if (this.#words[index] & bit) return false;
    this.#words[index] |= bit;
    return true;
  }

  /** Moves the window so that it ends at `seq`, clearing the words it reuses. */
  #slide(seq: number): void {
    const newBase = (Math.floor(seq / 32) + 1) * 32 - SEQ_WINDOW;
    const firstNew = Math.floor((this.#base + SEQ_WINDOW) / 32);
    const lastNew = Math.floor(seq / 32);
    if (lastNew - firstNew + 1 >= this.#words.length) {
      this.#words.fill(0);
    } else {
      for (let w = firstNew; w <= lastNew; w++) {
        this.#words[w % this.#words.length] = 0;
      }
    }
    this.#base = newBase;
  }
}

/** Arrival counters of a stretch of time (an interval or the whole stream). */
interface Arrivals {
  received: number;
  unique: number;
  duplicates: number;
  out_of_order: number;
  truncated: number;
  bytes: number;
}

function noArrivals(): Arrivals {
  return {
    received: 0,
    unique: 0,
    duplicates: 0,
    out_of_order: 0,
    truncated: 0,
    bytes: 0,
  };
}

/** Adds one arrival to `c`: `first` of its sequence number, and `late` (out of order) if so. */
function countArrival(c: Arrivals, a: Arrival, first: boolean, late: boolean): void {
  c.received++;
  c.bytes += a.bytes;
  if (a.truncated) c.truncated++;
  if (!first) c.duplicates++;
  else c.unique++;
  if (late) c.out_of_order++;
}

/** One data datagram as the counters need it. */
export interface Arrival {
  seq: number;
  /** Send time, µs (sender's clock); 0 when unknown (cut before the field). */
  sentUs: number;
  truncated: boolean;
  /** Bytes that arrived. */
  bytes: number;
  /** Arrival time, µs (receiver's clock). */
  arrivalUs: number;
}

/** Figures shared by interval and final reports. */
export interface RateFigures extends Arrivals {
  jitter_ms: number;
  seconds: number;
  bits_per_second: number;
  packets_per_second: number;
}

export interface IntervalFigures extends RateFigures {
  /** Seconds since the stream's first arrival. */
  start: number;
  end: number;
  /** Holes below the highest sequence number now: may still arrive. */
  missing: number;
}

export interface FinalFigures extends RateFigures {
  sent: number;
  /** Probes that cannot be true (forged or garbled), kept out of every other figure. */
  malformed: number;
  lost: number;
  lost_percent: number;
  /** Whether the sender's count arrived (else `sent` is the highest sequence seen + 1). */
  end_marker: boolean;
}

/** Furthest a sequence number (or an end marker's count) may run ahead of the highest seen. */
const MAX_SEQ_JUMP = 2 ** 24;
/** Most a datagram's transit time may differ from the stream's first: an hour (clocks drift less). */
const MAX_TRANSIT_SWING_US = 3600e6;

export class StreamStats {
  readonly #seen = new SeqWindow();
  #malformed = 0;
  /** The first datagram's transit time (µs, sender's clock to ours): the stream's reference. */
  #firstTransitUs?: number;
  #total = noArrivals();
  #interval = noArrivals();
  #maxSeq = -1;
  /** The latest position the flood sent among arrivals: data seq, or the end marker's total. */
  #latest = -1;
  /** RFC 3550 jitter estimate (seconds) and the previous transit time (µs). */
  #jitter = 0;
  #prevTransitUs?: number;
  #firstUs?: number;
  #lastUs?: number;
  #intervalStartUs?: number;
  #endTotal?: number;

  /**
   * Counts one data datagram; true when its sequence number is new (not a
   * duplicate). One that cannot be true is counted as malformed only.
   */
  add(a: Arrival): boolean {
    if (!this.#plausible(a)) {
      this.#malformed++;
      return false;
    }
    this.#firstUs ??= a.arrivalUs;
    this.#intervalStartUs ??= a.arrivalUs;
    this.#lastUs = a.arrivalUs;
    const first = this.#seen.mark(a.seq);
    const late = first && a.seq < this.#latest;
    countArrival(this.#total, a, first, late);
    countArrival(this.#interval, a, first, late);
    if (first && a.seq > this.#maxSeq) this.#maxSeq = a.seq;
    if (a.seq > this.#latest) this.#latest = a.seq;
    if (a.sentUs > 0) this.#updateJitter(a.arrivalUs - a.sentUs);
    return first;
  }

  /**
   * iperf3's jitter (iperf_udp_recv, after RFC 3550 A.8): on every datagram
   * in arrival order, J += (|D| − J) / 16, where D is the change in transit
   * time; the first datagram only sets the reference. Clocks need not agree:
   * their offset cancels in D (taken in µs, exact even for offsets of years).
   */
  #updateJitter(transitUs: number): void {
    const d = Math.abs(transitUs - (this.#prevTransitUs ?? transitUs)) / 1e6;
    this.#prevTransitUs = transitUs;
    this.#jitter += (d - this.#jitter) / 16;
  }

  /**
   * Records the sender's count from an end marker (repeats agree; the
   * largest wins). The marker was sent after every data datagram: data
   * arriving after it arrived out of order.
   */
  markEnd(total: number): void {
    // A count below a sequence number that arrived, or far past any: not the flood's.
    if (total <= this.#maxSeq || total > this.#maxSeq + 1 + MAX_SEQ_JUMP) {
      this.#malformed++;
      return;
    }
    this.#endTotal = Math.max(this.#endTotal ?? 0, total);
    if (total > this.#latest) this.#latest = total;
  }

  /**
   * Whether a data datagram can be the flood's: its sequence number within
   * the count the flood announced and not far past the highest seen, its send
   * time within an hour of the stream's first transit time.
   */
  #plausible(a: Arrival): boolean {
    if (a.seq >= (this.#endTotal ?? Infinity)) return false;
    if (a.seq > this.#maxSeq + MAX_SEQ_JUMP) return false;
    if (a.sentUs === 0) return true;
    const transitUs = a.arrivalUs - a.sentUs;
    this.#firstTransitUs ??= transitUs;
    return Math.abs(transitUs - this.#firstTransitUs) <= MAX_TRANSIT_SWING_US;
  }

  get ended(): boolean {
    return this.#endTotal !== undefined;
  }

  get unique(): number {
    return this.#total.unique;
  }

  /** The figures of the interval since the last call (or the first arrival), then starts a new one. */
  takeInterval(nowUs: number): IntervalFigures {
    const startUs = this.#intervalStartUs ?? this.#firstUs ?? nowUs;
    const first = this.#firstUs ?? nowUs;
    const figures = {
      start: round((startUs - first) / 1e6, 3),
      end: round((nowUs - first) / 1e6, 3),
      ...this.#rates(this.#interval, (nowUs - startUs) / 1e6),
      missing: this.#maxSeq + 1 - this.#total.unique,
    };
    this.#interval = noArrivals();
    this.#intervalStartUs = nowUs;
    return figures;
  }

  /**
   * The interval the stream ended in, up to its last arrival, as iperf3 reports its last, shorter
   * interval; undefined when nothing arrived in it.
   */
  lastInterval(): IntervalFigures | undefined {
    const startUs = this.#intervalStartUs ?? this.#firstUs;
    if (this.#interval.received === 0 || this.#lastUs === undefined) return undefined;
    if (startUs !== undefined && this.#lastUs <= startUs) return undefined;
    return this.takeInterval(this.#lastUs);
  }

  /** The whole stream: from the first to the last arrival. */
  final(): FinalFigures {
    const highest = this.#maxSeq + 1;
    const sent = Math.max(this.#endTotal ?? 0, highest);
    const lost = sent - this.#total.unique;
    const seconds = ((this.#lastUs ?? 0) - (this.#firstUs ?? 0)) / 1e6;
    return {
      sent,
      ...this.#rates(this.#total, seconds),
      lost,
      lost_percent: sent === 0 ? 0 : round((100 * lost) / sent, 4),
      end_marker: this.ended,
      malformed: this.#malformed,
    };
  }

  #rates(c: Arrivals, seconds: number): RateFigures {
    return {
      ...c,
      jitter_ms: round(this.#jitter * 1000, 6),
      seconds: round(seconds, 6),
      bits_per_second: perSecond(c.bytes * 8, seconds, 3),
      packets_per_second: perSecond(c.received, seconds, 3),
    };
  }
}
