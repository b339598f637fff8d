/**
 * Hex as people write it, one set of rules for every spelling: `4142`,
 * `41 42`, `41:42`, `41-42`, `0x41,0x42`, `\x41\x42`. Every byte is two
 * digits: a run of digits of odd length is refused, naming where it begins
 * (a quiet `0` → `00` would send a byte nobody wrote). Reply-rule patterns
 * add `??` (one byte) and `*` (any run), read by the same scanner.
 */
import { UsageError } from "../errors.ts";
import { type Said, said } from "../i18n/say.ts";

/** One piece of a hex pattern: bytes, one wildcard byte, or a wildcard run. */
export type HexPart = Uint8Array | "??" | "*";

/** Characters of the text quoted in an error, before it is cut. */
const QUOTED = 60;
const SEPARATOR = /[\s,:;-]/;

/** The bytes of `text`; a UsageError names the first mistake and where it is. */
export function parseHex(text: string): Uint8Array {
  return scan(text, false)[0] as Uint8Array ?? new Uint8Array(0);
}

/** A reply-rule hex pattern: bytes with `??` and `*` among them, adjacent bytes merged. */
export function parseHexPattern(text: string): HexPart[] {
  return scan(text, true);
}

/** The value of hex digit `code` (a UTF-16 code unit), or -1. */
function digitValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** Whether `code` separates bytes: white space, `,`, `:`, `;`, `-`. */
function isSeparator(text: string, i: number, code: number): boolean {
  if (code < 0x80) {
    return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0x2c || code === 0x3a ||
      code === 0x3b || code === 0x2d;
  }
  return SEPARATOR.test(text[i]);
}

/**
 * One pass over the characters, by code: the bytes go straight into one array (a byte takes two
 * digits, so it needs at most half the text's length). 8 MiB of hex from the page took 10 s and
 * close to 1 GB built a digit string and an array of numbers at a time.
 */
function scan(text: string, wildcards: boolean): HexPart[] {
  const parts: HexPart[] = [];
  const out = new Uint8Array(text.length >> 1);
  let n = 0; // bytes written to `out`
  let first = 0; // where the bytes not yet in `parts` begin
  let runAt = -1; // where the run being read began (a prefix included), -1 outside a run
  let digitsAt = -1; // where its digits begin
  let digits = 0;
  // A mistake ends with the spellings that are read.
  const fail = (at: number, why: Said): never => {
    const shown = text.length > QUOTED ? `${text.slice(0, QUOTED)}…` : text;
    throw new UsageError(said("hex.cannot", { shown, why, at: at + 1 }));
  };
  /** Ends the run read so far; `end` is where the next character is. */
  const endRun = (end: number) => {
    if (runAt < 0) return;
    if (digits === 0) fail(runAt, said("hex.no_digits", { written: text.slice(runAt, end) }));
    if (digits % 2 === 1) {
      fail(runAt, said("hex.odd", { written: text.slice(runAt, end), digits }));
    }
    for (let k = digitsAt; k < digitsAt + digits; k += 2) {
      out[n++] = digitValue(text.charCodeAt(k)) * 16 + digitValue(text.charCodeAt(k + 1));
    }
    runAt = -1;
    digits = 0;
  };
  const wildcard = (part: "??" | "*", at: number) => {
    endRun(at);
    if (n > first) parts.push(out.slice(first, n));
    first = n;
    parts.push(part);
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    if (isSeparator(text, i, code)) {
      endRun(i);
    } else if ((next | 0x20) === 0x78 && (code === 0x5c || (code === 0x30 && runAt < 0))) {
      // `\x` anywhere, `0x` where no run is being read: a prefix, and a new run.
      endRun(i);
      runAt = i++;
    } else if (digitValue(code) >= 0) {
      if (runAt < 0) runAt = i;
      if (digits++ === 0) digitsAt = i;
    } else if (wildcards && code === 0x3f && next === 0x3f) {
      wildcard("??", i);
      i++;
    } else if (wildcards && code === 0x2a) {
      wildcard("*", i);
    } else if (wildcards && code === 0x3f) {
      fail(i, said("hex.lone_question"));
    } else {
      fail(i, said("hex.not_digit", { c: text[i] }));
    }
  }
  endRun(text.length);
  if (n > first) parts.push(first === 0 && n === out.length ? out : out.slice(first, n));
  return parts;
}
