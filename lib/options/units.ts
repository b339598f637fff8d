/**
 * Parsers for the values options take: sizes, durations, percentages,
 * ranges. Each checks its range while parsing and throws a UsageError that
 * names the valid form, so a bad value never gets further than the parser.
 */
import { UsageError } from "../errors.ts";
import { said } from "../i18n/say.ts";
import { parseDuration } from "../notation/duration.ts";

export { parseDuration };

const SIZE_UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1024,
  kib: 1024,
  kb: 1000,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  mb: 1000 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
  gb: 1000 ** 3,
  t: 1024 ** 4,
  tib: 1024 ** 4,
  tb: 1000 ** 4,
};

/** Largest size any option takes: 1 TiB, far above any frame or file we handle. */
const MAX_SIZE = 1024 ** 4;

/**
 * Parses `1024`, `64KiB`, `16MiB`, `1.5G`, `1TiB`: K/KiB/M/MiB/G/GiB/T/TiB are powers of
 * 1024 (as nc and iperf3 read them), KB/MB/GB/TB powers of 1000.
 */
export function parseSize(text: string, min = 0, max = MAX_SIZE): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new UsageError(said("usage.size_form", { value: text }));
  }
  const exact = Number(m[1]) * unit;
  const value = Math.round(exact);
  // A byte is not cut: 1.5 or 2.7KiB (2764.8 bytes) is refused, not rounded (1.5KiB is 1536).
  if (Math.abs(exact - value) > 1e-9 * Math.max(1, exact)) {
    throw new UsageError(said("usage.size_fraction", { value: text, bytes: exact }));
  }
  if (value < min || value > max) {
    throw new UsageError(
      said("usage.size_range", { value: text, min: formatBytes(min), max: formatBytes(max) }),
    );
  }
  return value;
}

/** Formats a byte count the way parseSize reads it back: 16MiB, 1000, 1.5KiB. */
export function formatBytes(n: number): string {
  for (
    const [unit, size] of [["TiB", 1024 ** 4], ["GiB", 1024 ** 3], ["MiB", 1024 ** 2], [
      "KiB",
      1024,
    ]] as const
  ) {
    if (n >= size && n % (size / 1024) === 0) {
      const v = n / size;
      return `${Number.isInteger(v) ? v : v.toFixed(1)}${unit}`;
    }
  }
  return `${n}`;
}

/** Parses a percentage from 0 to 100, with or without `%`: `10`, `2.5%`. */
/**
 * A duration where 0 means nothing (a timeout, an interval, a heartbeat):
 * 0 is refused with the same words by every command.
 */
export function parsePositiveDuration(text: string, unit: "ms" | "s"): number {
  const ms = parseDuration(text, unit);
  if (ms <= 0) {
    throw new UsageError(said("usage.duration_zero", { value: text }));
  }
  return ms;
}

/**
 * The least bare number a chat's or a sink's --interval takes: below it, seconds were more
 * likely meant (iperf3's `-i 1`, chat's old `--interval 10`) than a few milliseconds.
 */
const LEAST_BARE_INTERVAL_MS = 100;

/**
 * An --interval that must be open (chat, sink): milliseconds when bare, as on every command
 * (connect's pause between sends too), or `500ms`, `10s`, `1m`. A bare number below 100 is
 * refused with both spellings, so that seconds are never taken silently for milliseconds.
 */
export function parseInterval(text: string): number {
  const ms = parsePositiveDuration(text, "ms");
  const n = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(n) && ms < LEAST_BARE_INTERVAL_MS) {
    throw new UsageError(said("usage.interval_bare", { value: n }));
  }
  return ms;
}

/** What a rate counts: packets (datagrams or writes), bytes, or the command's own unit (a bare number). */
export interface Rate {
  per: "packet" | "byte" | "unit";
  /** Per second. */
  value: number;
}

/** Bits per second: iperf3's units (powers of 1000), any case. */
const RATE_BITS: Record<string, number> = { bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9 };
/** Bytes per second in powers of 1024, any case (`MiB` cannot be bits). */
const RATE_BINARY: Record<string, number> = { kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };
/** Bytes per second in powers of 1000: the B upper case (a lower-case b is bits to some). */
const RATE_DECIMAL: Record<string, number> = { B: 1, KB: 1e3, kB: 1e3, MB: 1e6, GB: 1e9 };
/** Largest rate taken: 1 Tbyte/s, far above any link. */
const MAX_RATE = 1e12;

/**
 * Parses a rate that says what it counts: `5000pps` (packets/s), `10Mbit` (bits/s, as iperf3's
 * -b), `1MB`, `1MiB` (bytes/s), each with an optional `/s`; a bare number is the command's own
 * unit. `10M` alone (iperf3's bits, or bytes, or packets?) is refused with the spellings.
 */
export function parseRate(text: string): Rate {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)(?:\/s)?$/i.exec(text.trim());
  if (!m) throw new UsageError(said("usage.rate_form", { value: text }));
  const [, digits, unit] = m;
  const n = Number(digits);
  const lower = unit.toLowerCase();
  const rate = (per: Rate["per"], value: number): Rate => {
    if (value > MAX_RATE) throw new UsageError(said("usage.rate_max", { value: text }));
    return { per, value };
  };
  if (unit === "") return rate("unit", n);
  if (lower === "pps") return rate("packet", n);
  if (RATE_BITS[lower] !== undefined) return rate("byte", (n * RATE_BITS[lower]) / 8);
  const bytes = RATE_BINARY[lower] ?? RATE_DECIMAL[unit];
  if (bytes !== undefined) return rate("byte", n * bytes);
  const prefix = /^[kmg]/i.exec(unit)?.[0].toUpperCase() ?? "";
  throw new UsageError(said("usage.rate_unit", {
    value: text,
    bits: `${digits}${prefix}bit`,
    bytes: `${digits}${prefix}B`,
  }));
}

export function parsePercent(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*%?$/.exec(text.trim());
  const value = m ? Number(m[1]) : NaN;
  if (!(value >= 0 && value <= 100)) {
    throw new UsageError(said("usage.percent", { value: text }));
  }
  return value;
}

/** Parses a whole number within [min, max]. */
export function parseInteger(text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) {
    throw new UsageError(said("usage.whole_number", { value: text, min, max }));
  }
  return value;
}

/** An inclusive range of whole numbers, from `MIN-MAX` or `N` (MIN = MAX = N). */
export interface Range {
  min: number;
  max: number;
}

/** Parses `MIN[-MAX]` within [floor, ceil]; MIN must not exceed MAX. */
export function parseRange(text: string, floor: number, ceil: number): Range {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) {
    throw new UsageError(said("usage.range_form", { value: text }));
  }
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (min < floor || max > ceil) {
    throw new UsageError(said("usage.range_bounds", { value: text, min: floor, max: ceil }));
  }
  if (min > max) {
    throw new UsageError(said("usage.range_order", { value: text, min, max }));
  }
  return { min, max };
}

/** A delay with optional jitter, in milliseconds: `MS[:JITTER]`. */
export interface Delay {
  ms: number;
  jitter: number;
}

/** Parses `100` or `100:20` (100 ms ± up to 20 ms); jitter may not exceed the delay. */
export function parseDelay(text: string): Delay {
  const m = /^(\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/.exec(text.trim());
  if (!m) {
    throw new UsageError(said("usage.delay_form", { value: text }));
  }
  const ms = Number(m[1]);
  const jitter = m[2] === undefined ? 0 : Number(m[2]);
  if (ms > 60_000) {
    throw new UsageError(said("usage.delay_max", { value: text }));
  }
  if (jitter > ms) {
    throw new UsageError(said("usage.delay_jitter", { value: text, jitter, ms }));
  }
  return { ms, jitter };
}
