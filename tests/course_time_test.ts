/**
 * serve --behavior time against Python's own time.strftime: the server's clock
 * is stopped at a known instant (FRAMECAT_FAKE_NOW, a testing aid), both sides
 * run in the same TZ, and every reply must equal what Python prints.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { eventsOf, Framecat, runFramecat } from "./helpers/cli.ts";
import { python, pythonJson } from "./helpers/process.ts";

/** The course's patterns, each directive the issue names, combinations, text around them. */
const PATTERNS = [
  "",
  "%Y-%m-%d %X",
  "%Y-%m-%d %H:%M:%S",
  "%X",
  "%x",
  "%c",
  "%p",
  "%I:%M:%S %p",
  "%j",
  "%U",
  "%W",
  "%a",
  "%A",
  "%b",
  "%B",
  "%%",
  "%y %m %d %H %M %S",
  "%Z %z",
  "%w %u %e",
  "%D %T %R",
  "%G-W%V",
  "%a %b %d %H:%M:%S %Y",
  "100%% sure it is %H o'clock",
  "现在是%Y年%m月%d日 %H时%M分",
  "no directives",
];

function serveTime(transport: "udp" | "tcp", tz: string, nowMs: number, extra: string[] = []) {
  return new Framecat(
    ["serve", `${transport}://127.0.0.1:0`, "--behavior", "time", "--output", "json", ...extra],
    { env: { TZ: tz, FRAMECAT_FAKE_NOW: String(nowMs) } },
  );
}

interface Row {
  pattern: string;
  got: string;
  expected: string;
}

Deno.test("time: the course's UDP client gets what Python's strftime gives, pattern by pattern", async () => {
  // 2026-03-08 07:05:09 UTC: a Sunday; morning in Shanghai, evening before in New York.
  const seconds = 1772953509;
  for (const tz of ["Asia/Shanghai", "America/New_York"]) {
    await using server = serveTime("udp", tz, seconds * 1000);
    const rows = await pythonJson<Row[]>(
      "course_time_client.py",
      [String(await server.port()), String(seconds)],
      { stdin: JSON.stringify(PATTERNS), env: { TZ: tz } },
    );
    strictEqual(rows.length, PATTERNS.length);
    deepStrictEqual(
      rows.filter((r) => r.got !== r.expected),
      [],
      `${tz}: replies that differ from Python`,
    );
  }
});

Deno.test("time: over TCP with line framing, an empty line means %Y-%m-%d %X", async () => {
  const seconds = 1783179000; // 2026-07-04 15:30:00 UTC
  const tz = "America/New_York";
  await using server = serveTime("tcp", tz, seconds * 1000, ["--framing", "line"]);
  const patterns = ["", "%c", "%I %p"];
  const run = await runFramecat([
    "connect",
    `127.0.0.1:${await server.port()}`,
    "--framing",
    "line",
    ...patterns.flatMap((p) => ["--send", p]),
    "--expect",
    String(patterns.length),
    "--output",
    "json",
  ]);
  strictEqual(run.code, 0, run.stderr);
  const expected = await strftime(patterns, seconds, tz);
  deepStrictEqual(eventsOf(run.events, "frame").map((f) => f.text), expected);
});

/** What Python's time.strftime prints for each pattern (empty: the course's default). */
async function strftime(patterns: string[], seconds: number, tz: string): Promise<string[]> {
  const out = await python(
    "import json, sys, time\n" +
      "t = time.localtime(int(sys.argv[1]))\n" +
      "print(json.dumps([time.strftime(p or '%Y-%m-%d %X', t) for p in json.loads(sys.argv[2])]))",
    [String(seconds), JSON.stringify(patterns)],
    { env: { TZ: tz } },
  );
  return JSON.parse(out);
}

Deno.test("time over UDP: an answer longer than one datagram is an error naming its peer; the next is answered", async () => {
  await using server = new Framecat([
    "serve",
    "udp://127.0.0.1:0",
    "--behavior",
    "time",
    "--output",
    "json",
  ]);
  const port = await server.port();
  const long = await runFramecat([
    "connect",
    `udp://127.0.0.1:${port}`,
    "--send",
    "%70000Y",
    "--wait",
    "300",
    "--output",
    "json",
  ]);
  strictEqual(eventsOf(long.events, "sent").length, 1, long.stderr);
  strictEqual(eventsOf(long.events, "read").length, 0, "no answer came back");
  const [error] = await server.waitFor((evs) => {
    const errors = eventsOf(evs, "error");
    return errors.length > 0 && errors;
  });
  strictEqual(
    error.message,
    "the reply is 70000 B, more than one UDP datagram holds (65507 B): not sent",
  );
  strictEqual(typeof error.peer, "string");
  const short = await runFramecat([
    "connect",
    `udp://127.0.0.1:${port}`,
    "--send",
    "%Y",
    "--expect",
    "1",
  ]);
  strictEqual(short.code, 0, short.stderr);
});
