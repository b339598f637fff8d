/**
 * The value parsers of the option tables: units.ts's checks in the shape
 * commander calls (`(text, previous) => value`). A table entry wraps its
 * parser in {@linkcode arg}, so a failure's message names the option.
 */
import type { Option } from "commander";
import { UsageError } from "../errors.ts";
import { said } from "../i18n/say.ts";
import {
  parseDuration,
  parseInteger,
  parseInterval,
  parsePositiveDuration,
  parseRate,
  parseSize,
  type Rate,
} from "./units.ts";

/** How an option's text becomes its value; `previous` is the value so far (a repeated option). */
export type Parser<T> = (text: string, previous: T) => T;

/**
 * Adapts a checking parser to commander: a refusal is a UsageError that names
 * the option (`--count: Cannot use "x": …`), thrown past commander, whose own
 * message would be English only.
 */
export function arg<T>(option: Option, parse: Parser<T>): Parser<T> {
  const name = option.long ?? option.flags;
  return (text, previous) => {
    try {
      return parse(text, previous);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      throw new UsageError(said("usage.option_value", { option: name, reason: err.said }));
    }
  };
}

const MAX_INT = Number.MAX_SAFE_INTEGER;

/** Text as given (a path, a name); the last one given wins. */
export const text: Parser<string> = (t) => t;
/** A byte count from `min` to `max`, as 1024, 64KiB or 16MiB. */
export const size = (min = 0, max?: number): Parser<number> => (t) => parseSize(t, min, max);
export const ms: Parser<number> = (t) => parseDuration(t, "ms");
/** Every option in seconds is a timeout, an interval or a length of time: 0 means nothing. */
export const seconds: Parser<number> = (t) => parsePositiveDuration(t, "s");
/** chat's and sink's --interval: milliseconds when bare (as connect's), a bare number below 100 refused. */
export const interval: Parser<number> = (t) => parseInterval(t);
/** flood's --rate: packets, bits or bytes per second, or a bare number in the command's unit. */
export const rate: Parser<Rate> = (t) => parseRate(t);
/** relay's --rate: bytes per second, bare or as 10Mbit, 1MB, 1MiB; packets are refused (it paces bytes). */
export const byteRate: Parser<number> = (t) => {
  const { per, value } = parseRate(t);
  if (per === "packet") throw new UsageError(said("usage.rate_bytes", { value: t }));
  if (value < 1) throw new UsageError(said("usage.rate_min", { value: t }));
  return value;
};
/** A window in milliseconds that must be open to mean anything (--coalesce). */
export const positiveMs: Parser<number> = (t) => parsePositiveDuration(t, "ms");
/**
 * A whole number from `min` up. The message leaves out MAX_SAFE_INTEGER, which nobody means to
 * reach, unless it was: a number past it (a seed copied from elsewhere) is told the range.
 */
export const count = (min = 0): Parser<number> => (t) => {
  try {
    return parseInteger(t, min, MAX_INT);
  } catch (err) {
    if (/^\s*\d+\s*$/.test(t) && Number(t) > MAX_INT) throw err;
    throw new UsageError(said("usage.whole_number_min", { value: t, min }));
  }
};

/** One `--header KEY=VALUE` as its key and value; framecat writes total_size and md5 itself. */
export function parseHeaderField(text: string): [key: string, value: string] {
  const eq = text.indexOf("=");
  if (eq <= 0) {
    throw new UsageError(said("usage.header_field", { value: text }));
  }
  const key = text.slice(0, eq);
  if (key === "total_size" || key === "md5") {
    throw new UsageError(said("usage.header_own", { key }));
  }
  return [key, text.slice(eq + 1)];
}
