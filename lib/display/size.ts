/**
 * Sizes and rates as people read them, the same in every output: bytes in
 * powers of 1024 (`1.18 MiB`), rates in powers of 1000 as links are sold
 * (`1.23 Mbit/s`). `options/units.ts` writes sizes the way options take them
 * (`16MiB`), which is a value to type, not a figure to read.
 */

/** 1234567 → "1.18 MiB". */
export function readableBytes(bytes: number): string {
  return `${scaled(bytes, 1024, "i")}B`;
}

/** 1234567 → "1.23 Mbit/s" (decimal units, as iperf3 and link speeds use). */
export function readableBits(bitsPerSecond: number): string {
  return `${scaled(bitsPerSecond, 1000)}bit/s`;
}

/** `1024 B`; past a MiB also readable, as nobody counts 50000105 at a glance: `50000105 B (47.68 MiB)`. */
export function exactBytes(bytes: number): string {
  return bytes < 1024 ** 2 ? `${bytes} B` : `${bytes} B (${readableBytes(bytes)})`;
}

function scaled(value: number, base: number, suffix = ""): string {
  // SI's kilo is a small k (`kbit/s`, as the options take it); the binary kibi is `Ki`.
  const units = ["", base === 1000 ? "k" : "K", "M", "G", "T"];
  let i = 0;
  while (value >= base && i < units.length - 1) {
    value /= base;
    i++;
  }
  const digits = value >= 100 || i === 0 ? 0 : 2;
  return `${value.toFixed(digits)} ${units[i]}${i > 0 ? suffix : ""}`;
}
