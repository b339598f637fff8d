/**
 * The `time` behaviour's formatter: Python's `time.strftime` as glibc runs it
 * in the C locale, on the process's local time (the `TZ` variable, as Python).
 *
 * The npm `strftime` library, given the C locale, supplies the names and the
 * composite formats (`%c`, `%x`, `%X`, `%D`, `%F`, `%r`, `%R`, `%T`). glibc's
 * grammar around them is this file's: the flags `_ - 0 ^ #`, a field width,
 * the `E`/`O` modifiers, unknown directives printed as written, and the
 * numeric fields, whose padding follows glibc (the library has no `%G %g %V`,
 * gets `%j` wrong at midnight on 1 January, and has none of `^ #` or widths).
 * `%Z` is the abbreviation of the zone file glibc reads, as Python prints it.
 */
import { said } from "../i18n/say.ts";
import { SaidRangeError } from "../errors.ts";

const DEFAULT_PATTERN = "%Y-%m-%d %X";

/** `%`, flags, width, modifier, conversion; the conversion is absent at the end of the pattern. */
const DIRECTIVE = /%([-_0^#]*)(\d*)([EO]?)([\s\S]?)/gu;

/** Conversions glibc refuses with each modifier: it prints the directive as written. */
const REFUSED: Record<string, string> = { E: "abdeghjklmwABDFGHIMSUVW", O: "acxADFXY" };

const DAY_MS = 86_400_000;

/** glibc's C locale (POSIX `LC_TIME`): the library's default, en_US, has other `%c` and `%X`. */
let cLocaleFormat: ((format: string, when: Date) => string) | undefined;

/**
 * Loads the `strftime` library, which only the `time` behaviour and a reply's `{time}` use: its
 * evaluation is a sixteenth of a framecat start's CPU. The command line loads it for them, and
 * the page's rules before they are read.
 */
export async function loadTimeFormat(): Promise<void> {
  if (cLocaleFormat) return;
  const strftime = (await import("strftime")).default;
  cLocaleFormat = strftime.localize({
    identifier: "en-US",
    days: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
    shortDays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    months: [
      "January",
      "February",
      "March",
      "April",
      "May",
      "June",
      "July",
      "August",
      "September",
      "October",
      "November",
      "December",
    ],
    shortMonths: [
      "Jan",
      "Feb",
      "Mar",
      "Apr",
      "May",
      "Jun",
      "Jul",
      "Aug",
      "Sep",
      "Oct",
      "Nov",
      "Dec",
    ],
    AM: "AM",
    PM: "PM",
    am: "am",
    pm: "pm",
    formats: {
      c: "%a %b %e %H:%M:%S %Y",
      D: "%m/%d/%y",
      F: "%Y-%m-%d",
      R: "%H:%M",
      r: "%I:%M:%S %p",
      T: "%H:%M:%S",
      v: "%e-%b-%Y",
      X: "%H:%M:%S",
      x: "%m/%d/%y",
    },
  });
}

function cLocale(format: string, when: Date): string {
  // A caller that did not load the library first is a bug of framecat's.
  if (cLocaleFormat === undefined) throw new Error("strftime is not loaded: call loadTimeFormat()");
  return cLocaleFormat(format, when);
}

/** Text, and the case that `#` gives it; `lower` forces lower case (`%P`). */
interface TextField {
  text: string;
  hash?: "upper" | "lower";
  lower?: boolean;
}

/** A number, zero-padded to `digits` unless `spaces` (`%e %k %l`). */
interface NumberField {
  value: number;
  digits: number;
  spaces?: boolean;
}

type Field = TextField | NumberField;

const text = (t: string, hash?: "upper" | "lower"): TextField => ({ text: t, hash });
const num = (value: number, digits: number, spaces = false) => ({ value, digits, spaces });
const named = (directive: string) => (when: Date) => text(cLocale(directive, when), "upper");
const composite = (directive: string) => (when: Date) => text(cLocale(directive, when));

/** Days from 1970-01-01 to a calendar date (years below 100 included, unlike `Date.UTC`). */
function epochDay(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return date.getTime() / DAY_MS;
}

/** Day of the year, 0 for 1 January (glibc's `tm_yday`). */
function yearDay(when: Date): number {
  const year = when.getFullYear();
  return epochDay(year, when.getMonth(), when.getDate()) - epochDay(year, 0, 1);
}

/** ISO 8601 year and week: the week's Thursday decides the year. */
function isoWeek(when: Date): [year: number, week: number] {
  const day = epochDay(when.getFullYear(), when.getMonth(), when.getDate());
  const thursday = day + 3 - (when.getDay() + 6) % 7;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  return [year, Math.floor((thursday - epochDay(year, 0, 1)) / 7) + 1];
}

const FIELDS: Record<string, (when: Date) => Field | Field[]> = {
  a: named("%a"),
  A: named("%A"),
  b: named("%b"),
  h: named("%b"),
  B: named("%B"),
  p: (when) => text(cLocale("%p", when), "lower"),
  P: (when) => ({ text: cLocale("%P", when), lower: true }),
  c: composite("%c"),
  D: composite("%D"),
  F: composite("%F"),
  r: composite("%r"),
  R: composite("%R"),
  T: composite("%T"),
  x: composite("%x"),
  X: composite("%X"),
  n: () => text("\n"),
  t: () => text("\t"),
  "%": () => text("%"),
  Z: (when) => text(zoneAbbreviation(when), "lower"),
  s: (when) => text(String(Math.floor(when.getTime() / 1000))),
  C: (when) => num(Math.floor(when.getFullYear() / 100), 1),
  Y: (when) => num(when.getFullYear(), 1),
  y: (when) => num((when.getFullYear() % 100 + 100) % 100, 2),
  G: (when) => num(isoWeek(when)[0], 1),
  g: (when) => num((isoWeek(when)[0] % 100 + 100) % 100, 2),
  V: (when) => num(isoWeek(when)[1], 2),
  m: (when) => num(when.getMonth() + 1, 2),
  d: (when) => num(when.getDate(), 2),
  e: (when) => num(when.getDate(), 2, true),
  j: (when) => num(yearDay(when) + 1, 3),
  H: (when) => num(when.getHours(), 2),
  k: (when) => num(when.getHours(), 2, true),
  I: (when) => num(when.getHours() % 12 || 12, 2),
  l: (when) => num(when.getHours() % 12 || 12, 2, true),
  M: (when) => num(when.getMinutes(), 2),
  S: (when) => num(when.getSeconds(), 2),
  u: (when) => num(when.getDay() || 7, 1),
  w: (when) => num(when.getDay(), 1),
  U: (when) => num(Math.floor((yearDay(when) - when.getDay() + 7) / 7), 2),
  W: (when) => num(Math.floor((yearDay(when) - (when.getDay() + 6) % 7 + 7) / 7), 2),
  z: (when) => {
    // glibc writes the sign and then the number, each padded to the width.
    const minutes = -when.getTimezoneOffset();
    const abs = Math.abs(minutes);
    return [text(minutes < 0 ? "-" : "+"), num(Math.floor(abs / 60) * 100 + abs % 60, 4)];
  },
};

const asciiUpper = (s: string) => s.replace(/[a-z]+/g, (run) => run.toUpperCase());
const asciiLower = (s: string) => s.replace(/[A-Z]+/g, (run) => run.toLowerCase());

/** Left-pads to `width` characters (a code point counts as one, as glibc counts its first byte). */
function padTo(s: string, width: number, fill: string): string {
  return fill.repeat(Math.max(0, width - [...s].length)) + s;
}

/** One field as glibc prints it under the flags and width (-1: none) of its directive. */
function render(field: Field, flags: string, width: number): string {
  let pad = flags.match(/[-_0]/g)?.at(-1) ?? "";
  if ("text" in field) {
    const hash = flags.includes("#") ? field.hash : undefined;
    const upper = flags.includes("^") || hash === "upper";
    const s = field.lower || hash === "lower"
      ? asciiLower(field.text)
      : upper
      ? asciiUpper(field.text)
      : field.text;
    return padTo(s, width, pad === "0" ? "0" : " ");
  }
  if (field.spaces && pad !== "0" && pad !== "-") pad = "_";
  const sign = field.value < 0 ? "-" : "";
  const digits = String(Math.abs(field.value));
  if (pad === "-") return padTo(sign + digits, width, " ");
  const size = Math.max(field.digits, width);
  return pad === "_"
    ? padTo(sign + digits, size, " ")
    : sign + padTo(digits, size - sign.length, "0");
}

/**
 * Formats `when` in local time by a Python `time.strftime` pattern (C locale,
 * glibc); an empty pattern means `%Y-%m-%d %X`.
 * @throws {RangeError} when the text would be longer than `maxChars`, before it is built
 * (an 11-byte `%100000000Y` asks for 100 MB)
 */
export function formatTime(pattern: string, when: Date, maxChars = Infinity): string {
  const source = pattern || DEFAULT_PATTERN;
  // Characters of the reply: the pattern's text between directives, then each field as it is
  // built. A width is checked before anything is padded to it.
  let size = source.replace(DIRECTIVE, "").length;
  const tooLong = (directive: string) =>
    new SaidRangeError(said("time.too_long", { max: maxChars, directive }));
  return source.replace(
    DIRECTIVE,
    (directive, flags: string, digits: string, modifier: string, conversion: string) => {
      const width = digits === "" ? -1 : Number(digits);
      const field = REFUSED[modifier]?.includes(conversion)
        ? undefined
        : FIELDS[conversion]?.(when);
      const parts = field === undefined ? [text(directive)] : [field].flat();
      // Each part is padded to the width (%z has two).
      if (width * parts.length > maxChars - size) throw tooLong(directive);
      const out = parts.map((part) => render(part, flags, width)).join("");
      size += out.length;
      if (size > maxChars) throw tooLong(directive);
      return out;
    },
  );
}

/** From `start` (seconds since the epoch) on, the zone is `minutes` east of UTC. */
interface ZoneSpan {
  start: number;
  minutes: number;
  abbreviation: string;
}

/**
 * A memo, not state: the spans of the zone in effect, as its zoneinfo file
 * says, the same for every run (read again only when the zone changes).
 */
let zoneCache: { zone: string; spans: ZoneSpan[] } | undefined;

/**
 * The zone's abbreviation at `when` ("UTC", "CST", "EDT"), read like glibc from
 * the TZif file of the zone; where that file can't be read (no permission, no
 * zoneinfo as on Windows), the platform's short name, which may be "GMT+8".
 */
function zoneAbbreviation(when: Date): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zoneCache?.zone !== zone) {
    zoneCache = { zone, spans: readZoneSpans(`/usr/share/zoneinfo/${zone}`) };
  }
  const minutes = -when.getTimezoneOffset();
  const seconds = when.getTime() / 1000;
  // The newest span by `when` with the platform's offset (their zone data may differ on dates).
  const span = zoneCache.spans.findLast((s) => s.start <= seconds && s.minutes === minutes) ??
    zoneCache.spans.find((s) => s.minutes === minutes);
  return span?.abbreviation ??
    new Intl.DateTimeFormat("en-US", { timeZoneName: "short" }).formatToParts(when)
      .find((part) => part.type === "timeZoneName")?.value ??
    "";
}

/** The spans of the TZif file at `path`; none if it can't be read. */
function readZoneSpans(path: string): ZoneSpan[] {
  // Asked, not requested: a terminal user is never prompted for a time zone name.
  if (Deno.permissions.querySync({ name: "read", path }).state !== "granted") return [];
  try {
    return parseTzif(Deno.readFileSync(path));
  } catch {
    return [];
  }
}

/** The spans of a TZif file (RFC 8536), oldest first. */
function parseTzif(bytes: Uint8Array): ZoneSpan[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder();
  if (decoder.decode(bytes.subarray(0, 4)) !== "TZif") {
    throw new SyntaxError("Cannot read the time zone file: No TZif header");
  }
  const counts = (at: number) => [0, 1, 2, 3, 4, 5].map((i) => view.getUint32(at + 20 + 4 * i));
  let [utCount, stdCount, leapCount, timeCount, typeCount, charCount] = counts(0);
  let at = 44;
  let timeSize = 4;
  if (bytes[4] >= 0x32) {
    // Version 2 and later repeat the data with 64-bit times after the 32-bit block.
    at += timeCount * 5 + typeCount * 6 + charCount + leapCount * 8 + stdCount + utCount;
    [utCount, stdCount, leapCount, timeCount, typeCount, charCount] = counts(at);
    at += 44;
    timeSize = 8;
  }
  const indexAt = at + timeCount * timeSize;
  const typeAt = indexAt + timeCount;
  const charAt = typeAt + typeCount * 6;
  const type = (i: number): Omit<ZoneSpan, "start"> => {
    const abbreviationAt = charAt + bytes[typeAt + i * 6 + 5];
    return {
      // Whole minutes, as the platform's offset and glibc's %z (local mean time has seconds).
      minutes: Math.trunc(view.getInt32(typeAt + i * 6) / 60),
      abbreviation: decoder.decode(
        bytes.subarray(abbreviationAt, bytes.indexOf(0, abbreviationAt)),
      ),
    };
  };
  const spans = [{ start: -Infinity, ...type(0) }];
  for (let i = 0; i < timeCount; i++) {
    const start = timeSize === 8 ? Number(view.getBigInt64(at + i * 8)) : view.getInt32(at + i * 4);
    spans.push({ start, ...type(bytes[indexAt + i]) });
  }
  return spans;
}
