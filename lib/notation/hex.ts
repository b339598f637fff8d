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
const DIGIT = /[0-9a-f]/i;

/** The bytes of `text`; a UsageError names the first mistake and where it is. */
export function parseHex(text: string): Uint8Array {
  return scan(text, false)[0] as Uint8Array ?? new Uint8Array(0);
}

/** A reply-rule hex pattern: bytes with `??` and `*` among them, adjacent bytes merged. */
export function parseHexPattern(text: string): HexPart[] {
  return scan(text, true);
}

function scan(text: string, wildcards: boolean): HexPart[] {
  const parts: HexPart[] = [];
  const bytes: number[] = [];
  let run = ""; // the digits of the run being read
  let runAt = -1; // where it began (a prefix included), -1 outside a run
  // A mistake ends with the spellings that are read.
  const fail = (at: number, why: Said): never => {
    const shown = text.length > QUOTED ? `${text.slice(0, QUOTED)}…` : text;
    throw new UsageError(said("hex.cannot", { shown, why, at: at + 1 }));
  };
  /** Ends the run read so far; `end` is where the next character is. */
  const endRun = (end: number) => {
    if (runAt < 0) return;
    const written = text.slice(runAt, end);
    if (run === "") fail(runAt, said("hex.no_digits", { written }));
    if (run.length % 2 === 1) {
      fail(runAt, said("hex.odd", { written, digits: run.length }));
    }
    for (let i = 0; i < run.length; i += 2) bytes.push(parseInt(run.slice(i, i + 2), 16));
    run = "";
    runAt = -1;
  };
  const wildcard = (part: "??" | "*", at: number) => {
    endRun(at);
    if (bytes.length > 0) parts.push(Uint8Array.from(bytes.splice(0)));
    parts.push(part);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const pair = text.slice(i, i + 2).toLowerCase();
    if (SEPARATOR.test(c)) {
      endRun(i);
    } else if (pair === "\\x" || (pair === "0x" && runAt < 0)) {
      endRun(i);
      runAt = i++;
    } else if (DIGIT.test(c)) {
      if (runAt < 0) runAt = i;
      run += c;
    } else if (wildcards && pair === "??") {
      wildcard("??", i);
      i++;
    } else if (wildcards && c === "*") {
      wildcard("*", i);
    } else if (wildcards && c === "?") {
      fail(i, said("hex.lone_question"));
    } else {
      fail(i, said("hex.not_digit", { c }));
    }
  }
  endRun(text.length);
  if (bytes.length > 0) parts.push(Uint8Array.from(bytes));
  return parts;
}
