/**
 * Reply-rule patterns (PRODUCT.md, Talking back): what a received message is
 * tried against — by `--reply` rules, `connect --expect-match`, and the
 * `expect` steps of `framecat check`. A pattern is checked when it is read
 * (a mistake is one UsageError line naming where) and then matches whole
 * messages, never raw reads, so it works however the stream was cut.
 *
 * | written          | matches                                             | captures ($1…)           |
 * | ---------------- | --------------------------------------------------- | ------------------------ |
 * | `TEXT`, `text:T` | the whole message                                   | none                     |
 * | `prefix:TEXT`    | a message that begins with TEXT                     | none                     |
 * | `contains:TEXT`  | a message that holds TEXT                           | none                     |
 * | `/REGEX/FLAGS`   | the message's text in the encoding (an RE2 search)  | the groups               |
 * | `hex:01 03 ?? *` | the whole message, `??` any byte, `*` any run       | each `??` and `*`        |
 * | `*`              | any message                                         | none                     |
 *
 * TEXT is read with the `-e` escapes (`\r`, `\x41`…) and encoded in the
 * encoding; `$0` is always the whole message.
 */
import { UsageError } from "../errors.ts";
import { encodeText } from "../notation/text_encoding.ts";
import { type HexPart, parseHexPattern } from "../notation/hex.ts";
import { unescapeText } from "../notation/escapes.ts";
import { listed, said } from "../i18n/say.ts";
import type { RE2JS } from "re2js";

export type PatternKind = "exact" | "prefix" | "contains" | "regex" | "hex" | "any";

/** A checked pattern, ready to match messages. */
export interface Pattern {
  /** As written. */
  readonly source: string;
  readonly kind: PatternKind;
  /** How many captures a match gives besides `$0`: regex groups, hex wildcards. */
  readonly captures: number;
  /** An exact pattern's bytes: the one message it matches. */
  readonly exact?: Uint8Array;
  /** `[$0, $1, …]` as bytes when `message` matches, else undefined. */
  match(message: Uint8Array): Uint8Array[] | undefined;
}

/** Regex flags that mean something for one message tried once (g and y keep state between tries). */
const REGEX_FLAGS = "imsuv";

/** Reads a pattern; `encoding` is how TEXT is written and how a regex reads messages. */
export function parsePattern(source: string, encoding = "utf-8"): Pattern {
  const text = (prefix: string) => unescapeText(source.slice(prefix.length), encoding);
  if (source === "*") return { source, kind: "any", captures: 0, match: (m) => [m] };
  if (source.startsWith("hex:")) return hexPattern(source, parseHexPattern(source.slice(4)));
  if (source.startsWith("prefix:")) return bytesPattern(source, "prefix", text("prefix:"));
  if (source.startsWith("contains:")) return bytesPattern(source, "contains", text("contains:"));
  if (source.startsWith("text:")) return bytesPattern(source, "exact", text("text:"));
  if (source.startsWith("/")) return regexPattern(source, encoding);
  return bytesPattern(source, "exact", text(""));
}

function bytesPattern(source: string, kind: PatternKind, bytes: Uint8Array): Pattern {
  const test = {
    exact: (m: Uint8Array) => m.length === bytes.length && startsWith(m, bytes, 0),
    prefix: (m: Uint8Array) => m.length >= bytes.length && startsWith(m, bytes, 0),
    contains: (m: Uint8Array) => indexOf(m, bytes, 0) >= 0,
  }[kind as "exact" | "prefix" | "contains"];
  return {
    source,
    kind,
    captures: 0,
    match: (m) => (test(m) ? [m] : undefined),
    ...(kind === "exact" ? { exact: bytes } : {}),
  };
}

/** The end of `/REGEX/` in `text` (the index of its closing slash), or -1: `\/` and `[/]` do not end it. */
export function regexEnd(text: string): number {
  let inClass = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "/" && !inClass) return i;
  }
  return -1;
}

let re2: typeof RE2JS | undefined;

/**
 * Loads RE2 (re2js) for `/REGEX/` patterns. Only they need it, and its evaluation is an eighth
 * of a framecat start's CPU, so it is loaded by what reads patterns before it reads them: the
 * command line when it holds a rule or `--expect-match`, the page's rules, check's scenarios.
 */
export async function loadRegexEngine(): Promise<void> {
  re2 ??= (await import("re2js")).RE2JS;
}

/** The argv options that may hold a pattern (and so a regex): RE2 is loaded for them. */
export const PATTERN_OPTIONS = ["--reply", "--replies", "--expect-match"];

/** RE2's options for the flags a pattern may end with (u and v: RE2 reads Unicode always). */
function re2Flags(engine: typeof RE2JS): Record<string, number> {
  return { i: engine.CASE_INSENSITIVE, m: engine.MULTILINE, s: engine.DOTALL, u: 0, v: 0 };
}

/**
 * A regex, matched by RE2 (re2js): in time linear in the message whatever the pattern, so no
 * message a peer sends can make a rule run for ever (V8's own engine backtracks: `/(a+)+$/`
 * against 40 `a`s and a `b` would hold the server for hours). RE2 has no backreferences and no
 * lookaround; a pattern using them is refused when it is read, with RE2's reason.
 */
function regexPattern(source: string, encoding: string): Pattern {
  const end = regexEnd(source);
  const flags = end < 0 ? "" : source.slice(end + 1);
  if (end < 0) {
    throw new UsageError(
      said("pattern.cannot", { source, why: said("pattern.regex_end", { source }) }),
    );
  }
  const bad = [...flags].find((f) => !REGEX_FLAGS.includes(f));
  if (bad !== undefined) {
    const why = said("pattern.flag", { bad, flags: listed([...REGEX_FLAGS]) });
    throw new UsageError(said("pattern.cannot", { source, why }));
  }
  // A reader that did not load RE2 first is a bug of framecat's, not the user's pattern.
  if (re2 === undefined) {
    throw new Error(`RE2 is not loaded: read ${source} after loadRegexEngine()`);
  }
  const engine = re2;
  let regex: RE2JS;
  try {
    regex = engine.compile(
      source.slice(1, end),
      [...flags].reduce((all, f) => all | re2Flags(engine)[f], 0),
    );
  } catch (err) {
    const why = said("pattern.re2", {
      why: (err as Error).message.replace(/^error parsing regexp: /, ""),
    });
    throw new UsageError(said("pattern.cannot", { source, why }));
  }
  const captures = regex.groupCount();
  // Bytes that are not text in the encoding read as U+FFFD: a regex still sees the rest.
  const decoder = new TextDecoder(encoding);
  return {
    source,
    kind: "regex",
    captures,
    match(message) {
      const found = regex.matcher(decoder.decode(message));
      if (!found.find()) return undefined;
      const groups: Uint8Array[] = [message];
      for (let i = 1; i <= captures; i++) groups.push(encodeText(found.group(i) ?? "", encoding));
      return groups;
    },
  };
}

/** One stretch of a hex pattern between `*`s: fixed bytes, null for `??`. */
type Segment = (number | null)[];

function hexPattern(source: string, parts: HexPart[]): Pattern {
  const segments: Segment[] = [[]];
  let captures = 0;
  for (const part of parts) {
    if (part === "*") segments.push([]);
    else segments.at(-1)!.push(...(part === "??" ? [null] : part));
    if (typeof part === "string") captures++;
  }
  return {
    source,
    kind: "hex",
    captures,
    match: (message) => matchSegments(message, segments),
  };
}

/**
 * Glob matching over bytes: the first segment at the start, the last at the
 * end, each one between at its leftmost place (so each `*` takes the shortest
 * run that lets the rest match, the last whatever is left). Linear in the
 * message for each segment, whatever it holds: no backtracking.
 */
function matchSegments(message: Uint8Array, segments: Segment[]): Uint8Array[] | undefined {
  const first = segments[0];
  const last = segments.at(-1)!;
  const captures: Uint8Array[] = [message];
  const wildcardsOf = (segment: Segment, at: number) => {
    segment.forEach((b, i) => b === null && captures.push(message.subarray(at + i, at + i + 1)));
  };
  if (segments.length === 1) {
    if (message.length !== first.length || !segmentAt(message, first, 0)) return undefined;
    wildcardsOf(first, 0);
    return captures;
  }
  if (!segmentAt(message, first, 0)) return undefined;
  wildcardsOf(first, 0);
  let at = first.length;
  const lastAt = message.length - last.length;
  for (const segment of segments.slice(1, -1)) {
    const found = findSegment(message, segment, at, lastAt);
    if (found < 0) return undefined;
    captures.push(message.subarray(at, found));
    wildcardsOf(segment, found);
    at = found + segment.length;
  }
  if (lastAt < at || !segmentAt(message, last, lastAt)) return undefined;
  captures.push(message.subarray(at, lastAt));
  wildcardsOf(last, lastAt);
  // In the order they are written: each `*`, then the `??`s of the segment after it.
  return captures;
}

function segmentAt(message: Uint8Array, segment: Segment, at: number): boolean {
  if (at < 0 || at + segment.length > message.length) return false;
  for (let i = 0; i < segment.length; i++) {
    if (segment[i] !== null && message[at + i] !== segment[i]) return false;
  }
  return true;
}

/** The leftmost place from `from` where `segment` fits, ending at `end` at the latest. */
function findSegment(message: Uint8Array, segment: Segment, from: number, end: number): number {
  for (let at = from; at + segment.length <= end; at++) {
    if (segmentAt(message, segment, at)) return at;
  }
  return -1;
}

function startsWith(message: Uint8Array, bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < bytes.length; i++) if (message[at + i] !== bytes[i]) return false;
  return true;
}

/** Where `bytes` first occurs in `message` from `from`, or -1. */
function indexOf(message: Uint8Array, bytes: Uint8Array, from: number): number {
  for (let at = from; at + bytes.length <= message.length; at++) {
    if (startsWith(message, bytes, at)) return at;
  }
  return -1;
}
