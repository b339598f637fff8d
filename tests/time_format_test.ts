/**
 * formatTime against Python's `time.strftime` itself: both sides format the
 * same patterns and instants under the same `TZ`, each in its own process
 * (the local zone is fixed when a process starts), and the tables must match.
 */
import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { formatTime, loadTimeFormat } from "../lib/notation/time_format.ts";
import { output, PYTHON } from "./helpers/process.ts";

const ZONES = ["UTC", "Asia/Shanghai", "America/New_York"];

/** Seconds since the epoch, chosen for the calendar edges they hit in some zone. */
const INSTANTS = [
  0, // 1970-01-01 00:00:00 UTC, a Thursday
  1767225600, // 2026-01-01 00:00:00 UTC: midnight on 1 January
  1767196800, // 2025-12-31 16:00:00 UTC: midnight on 1 January in Shanghai
  1767225599, // 2025-12-31 23:59:59 UTC: the last second of the year
  1709164800, // 2024-02-29 00:00:00 UTC: a leap day
  1709208000, // 2024-02-29 12:00:00 UTC: noon
  1795358720, // 2026-11-22 14:45:20 UTC: a Sunday
  1772953509, // 2026-03-08 07:05:09 UTC: one-digit hours; New York starts summer time
  946699200, // 2000-01-01 04:00:00 UTC: ISO week 52 of 1999
  1230541387, // 2008-12-29 09:03:07 UTC: ISO week 1 of 2009
  1609698600, // 2021-01-03 18:30:00 UTC: a Sunday in ISO week 53 of 2020
  2147483648, // 2038-01-19 03:14:08 UTC: past 32-bit time
  4107585600, // 2100-03-01 12:00:00 UTC: after a century's missing leap day
  -2203613633, // 1900-03-04 05:06:07 UTC: local mean time in Shanghai
  -1, // 1969-12-31 23:59:59 UTC: a negative %s
  -0.5, // half a second before the epoch: Python floors it
  1767243661.789, // 2026-01-01 05:01:01.789 UTC: milliseconds dropped
  1783179000, // 2026-07-04 15:30:00 UTC: summer time in New York
  1793511000, // 2026-11-01 05:30:00 UTC: 01:30 EDT in New York
  1793514600, // 2026-11-01 06:30:00 UTC: 01:30 EST, an hour later
];

/** Every directive alone, the course's patterns, literal and non-ASCII text, flags. */
const PATTERNS = [
  "",
  ..."aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%".split("").map((c) => `%${c}`),
  "%Y-%m-%d %X",
  "%Y-%m-%d %H:%M:%S",
  "%a, %d %b %Y %H:%M:%S %z",
  "%A %B %d %Y %I:%M:%S %p %Z",
  "%c | %x | %X",
  "%D %T %R %r",
  "%F %T%z",
  "%G-W%V-%u %g",
  "%U %W %V %j %w %u",
  "%C%y %e %k %l",
  "%s.%S",
  "%n%t%%",
  "time is %H:%M",
  "no directives at all",
  "现在是%Y年%m月%d日 %H时%M分%S秒 中文",
  "日本語 %A ünïcödé %B 😀 %Z",
  "100%% done",
  "%Q %i %f %v %L %o %q %E %O %J %K %N %+ %:z",
  "trailing %",
  "%",
  "%%%",
  "%-d/%-m/%y %-H:%M",
  "%_d|%_m|%_H|%-j|%_j|%0e|%0k|%-l",
  "%^a %^A %^b %^B %^p %#a %#B %#p %#Z %^Z %^#Z %P %^P",
  "%10Y|%_10Y|%-10Y|%5d|%_5d|%-5d|%05e|%3j|%10a|%010a|%-10a|%^10B",
  "%5z|%_5z|%-z|%05z|%10s|%010s|%30c|%^30c|%^x|%10n|%5%",
  "%Ec %EC %Ex %EX %Ey %EY %Od %Oe %OH %OI %Om %OM %OS %Ou %OU %OV %Ow %OW %Oy",
  "%Ea %Od %OY %Ej %E% %O% %5 %10^a %-",
  "%中 %5é %10😀 %^ß %_9中",
];

/** glibc's grammar exhaustively: each printable character after each flag, width and modifier. */
const GRID_PREFIXES = [
  "",
  "E",
  "O",
  "_",
  "-",
  "0",
  "^",
  "#",
  "5",
  "_5",
  "-5",
  "05",
  "^#8",
  "_E",
  "-O",
  "0E",
];
const GRID_PATTERNS = GRID_PREFIXES.flatMap((prefix) => [
  `<%${prefix}`,
  ...Array.from({ length: 95 }, (_, i) => `<%${prefix}${String.fromCharCode(32 + i)}>`),
]);
const GRID_INSTANTS = [1767243661, 1795358720, 1772953509];

const STRFTIME_PY = `
import json, sys, time
job = json.load(sys.stdin)
print(json.dumps([[time.strftime(p or "%Y-%m-%d %X", time.localtime(t)) for p in job["patterns"]]
                  for t in job["instants"]]))
`;

// What the command line loads first when it is asked for (lib/options/cli.ts).
await loadTimeFormat();

const CLI = new URL("./fixtures/time_format_cli.ts", import.meta.url).pathname;

/** Runs a command with `TZ`, feeds it the job as JSON and returns its JSON table. */
async function table(
  command: string,
  args: string[],
  zone: string,
  patterns: string[],
  instants: number[],
): Promise<Record<string, string>> {
  const stdout = await output(command, args, {
    env: { TZ: zone, PYTHONUTF8: "1" },
    stdin: JSON.stringify({ patterns, instants }),
  });
  const rows: string[][] = JSON.parse(new TextDecoder().decode(stdout));
  // Keyed by instant and pattern, so a failure names exactly the cells that differ.
  return Object.fromEntries(
    rows.flatMap((row, i) =>
      row.map((cell, j) => [`${instants[i]} ${JSON.stringify(patterns[j])}`, cell])
    ),
  );
}

function compare(zone: string, patterns: string[], instants: number[]) {
  return async () => {
    const [ours, python] = await Promise.all([
      table(
        Deno.execPath(),
        ["run", "--quiet", "--allow-read=/usr/share/zoneinfo", CLI],
        zone,
        patterns,
        instants,
      ),
      table(PYTHON, ["-c", STRFTIME_PY], zone, patterns, instants),
    ]);
    deepStrictEqual(ours, python);
  };
}

for (const zone of ZONES) {
  Deno.test(
    `formatTime matches Python's time.strftime in ${zone}`,
    compare(zone, PATTERNS, INSTANTS),
  );
  Deno.test(
    `formatTime parses directives as glibc does in ${zone}`,
    compare(zone, GRID_PATTERNS, GRID_INSTANTS),
  );
}

Deno.test("formatTime uses %Y-%m-%d %X for an empty pattern", () => {
  const when = new Date(2026, 10, 22, 22, 45, 20);
  strictEqual(formatTime("", when), "2026-11-22 22:45:20");
  strictEqual(formatTime("", when), formatTime("%Y-%m-%d %X", when));
});

Deno.test("formatTime keeps unknown and unfinished directives as written", () => {
  const when = new Date(2026, 10, 22, 22, 45, 20);
  strictEqual(formatTime("%Q|%:z|%Ea|%", when), "%Q|%:z|%Ea|%");
  strictEqual(formatTime("%-|%5", when), "%-|   %5");
  strictEqual(formatTime("%c", when), "Sun Nov 22 22:45:20 2026");
});

Deno.test("formatTime refuses a reply over its bound before padding to a huge width", () => {
  const when = new Date(2026, 10, 22, 22, 45, 20);
  strictEqual(formatTime("", when, 19), "2026-11-22 22:45:20", "exactly at the bound");
  strictEqual(formatTime("%8Y", when, 8), "00002026");
  throws(() => formatTime("%999999999Y", when, 16 * 1024 * 1024), /over --max-frame/);
  // %z is two parts, each padded to the width.
  throws(() => formatTime("%6z", when, 11), /at %6z/);
  throws(() => formatTime("%Y".repeat(10), when, 39), RangeError);
});
