// deno-lint-ignore-file no-control-regex -- these tests look for terminal escape sequences
/** --output text as people read it: sentences per event, mixed UTF-8, the prompt and its line editing. */
import assert from "node:assert/strict";
import { escapeBytes } from "../lib/display/escape.ts";
import { LineEditor } from "../lib/display/line_edit.ts";
import { Prompt } from "../lib/display/prompt.ts";
import { createReporter } from "../lib/display/reporter.ts";
import { Terminal } from "../lib/display/terminal.ts";
import { formatText } from "../lib/display/text_line.ts";
import { readableBits, readableBytes } from "../lib/display/size.ts";
import type { ConnectedEvent, FaultEvent, FcEvent } from "../lib/events/types.ts";
import { RELAY_SENTENCES } from "../lib/relay/text.ts";
import { heartbeatsAsDetail } from "../lib/commands/heartbeat.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
/** The line without its time. */
const line = (ev: FcEvent) => formatText(ev, "utf-8").replace(/^\d\d:\d\d:\d\d\.\d{3} /, "");

Deno.test("escapeBytes: a stray byte or a cut character is escaped alone, the text stays readable", () => {
  const prefixed = Uint8Array.of(0, 0, 0, 0xc8, ...bytes("hello 你好"));
  assert.equal(escapeBytes(prefixed, "utf-8"), '"\\x00\\x00\\x00\\xc8hello 你好"');
  assert.equal(escapeBytes(bytes("abc粘包").subarray(0, 7), "utf-8"), '"abc粘\\xe5"');
  assert.equal(escapeBytes(bytes("a\u202eb"), "utf-8"), '"a\\xe2\\x80\\xaeb"', "no bidi override");
});

Deno.test("text: what a peer names (a file, a header) cannot turn a line around or command the terminal", () => {
  const shown = line({
    event: "error",
    peer: "127.0.0.1:5",
    message:
      'refused "ok\u202etxt.exe": a name \u2066isolated\u2069, \u001b]0;title\u0007 and \u009b2J',
  });
  assert.doesNotMatch(shown, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  assert.equal(
    shown,
    '127.0.0.1:5 error: refused "ok\\u202etxt.exe": a name \\u2066isolated\\u2069, \\u001b]0;title\\u0007 and \\u009b2J',
  );
  // Chinese, tabs and emoji are words, not commands: left as they are.
  assert.match(line({ event: "error", message: "中文\t😀" }), /error: 中文\t😀$/);
});

Deno.test("escapeBytes: binary data is cut by its width on screen, not only by its bytes", () => {
  const shown = escapeBytes(new Uint8Array(1400), "utf-8", 64);
  assert.equal(shown, `"${"\\x00".repeat(16)}"… (+1384 B)`);
});

Deno.test("text: read, frame, sent say what came, with the framing overhead when there is one", () => {
  assert.equal(
    line({ event: "sent", peer: "p:1", data: bytes("hello"), wire_bytes: 9 }),
    'p:1 sent 5 B "hello" (9 B on the wire)',
  );
  assert.equal(
    line({ event: "sent", peer: "p:1", data: bytes("hi"), wire_bytes: 2 }),
    'p:1 sent 2 B "hi"',
  );
  assert.equal(
    line({
      event: "read",
      peer: "p:1",
      read: 1,
      data: bytes("xx"),
      truncated: true,
      datagram_bytes: 1400,
      lost_bytes: 888,
    }),
    'p:1 read #1 2 B "xx" TRUNCATED: the datagram had 1400 B, 888 B lost',
  );
  assert.equal(
    line({ event: "read", peer: "p:1", read: 3, truncated: false, data: bytes("") }),
    'p:1 read #3 0 B ""',
  );
});

Deno.test("text: a frame split across reads names the first and the last; one read names it alone", () => {
  const frame = (first_read: number, read: number): FcEvent => ({
    event: "frame",
    peer: "p:1",
    frame: 1,
    read,
    first_read,
    data: bytes("hi"),
  });
  assert.equal(line(frame(1, 5)), 'p:1 frame #1 2 B "hi" (split across reads #1–#5)');
  assert.equal(line(frame(6, 6)), 'p:1 frame #1 2 B "hi" (completed by read #6)');
});

Deno.test("hex: a split frame says so above its dump", () => {
  const lines: string[] = [];
  const out = { writeSync: (p: Uint8Array) => (lines.push(new TextDecoder().decode(p)), p.length) };
  const emit = createReporter({ terminal: new Terminal({ stdout: out, stderr: out }) }, {
    output: "hex",
  });
  emit({ event: "frame", peer: "p:1", frame: 2, read: 3, first_read: 2, data: bytes("hi") });
  assert.match(
    lines.join(""),
    /frame #2 2 B "hi" \(split across reads #2–#3\)\n +00000000: 6869 +hi\n/,
  );
});

Deno.test("text: closed and stats count in words", () => {
  const counters = { reads: 1, frames: 2, bytes_in: 18, bytes_out: 18, sends: 2 };
  assert.equal(
    line({ event: "closed", peer: "p:1", reason: "eof", ...counters }),
    "p:1 closed by the peer (end of file); received 18 B in 1 read (2 frames), sent 18 B in 2 sends",
  );
  assert.equal(
    line({ event: "stats", kind: "serve", connections: 1, refused: 0, errors: 0, ...counters }),
    "stats: 1 connection, 0 errors; received 18 B in 1 read (2 frames), sent 18 B in 2 sends",
  );
});

Deno.test("text: a raw-framing summary counts reads, not frames (64 reads are not 64 messages)", () => {
  const raw = { reads: 64, frames: 64, bytes_in: 65536, bytes_out: 0, sends: 0 };
  const text = line({ event: "closed", peer: "p:1", reason: "eof", ...raw });
  assert.match(text, /received 65536 B in 64 reads, sent/);
  assert.doesNotMatch(text, /frames/);
});

Deno.test("text: relay faults read as sentences", () => {
  const fault = (fields: Omit<FaultEvent, "event" | "direction">) =>
    formatText(
      { event: "fault", level: "detail", peer: "c:1", direction: "up", ...fields },
      "utf-8",
      new Date(),
      RELAY_SENTENCES,
    ).replace(/^\d\d:\d\d:\d\d\.\d{3} /, "");
  assert.equal(
    fault({ fault: "drop", session: 1, seq: 3, bytes: 5 }),
    "c:1 fault on #1 up: dropped datagram 3 (5 B)",
  );
  assert.equal(
    fault({ fault: "slice", connection: 2, seq: 1, bytes: 18, pieces: 9 }),
    "c:1 fault on #2 up: sliced chunk 1 (18 B) into 9 writes",
  );
  assert.equal(
    fault({ fault: "truncate", session: 1, seq: 4, bytes: 1400, kept: 512 }),
    "c:1 fault on #1 up: truncated datagram 4 from 1400 B to 512 B",
  );
  assert.equal(
    fault({ fault: "reset", connection: 1, bytes: 4096, rst: true }),
    "c:1 fault on #1 up: reset both sides after 4096 B (--reset-after, a real RST)",
  );
  assert.doesNotMatch(
    fault({ fault: "dup", session: 1, seq: 1, bytes: 3 }),
    /=/,
    "no key=value left",
  );
});

Deno.test("text: an unknown field is still shown, as key=value", () => {
  assert.match(
    // A field added by a newer producer than this formatter knows.
    line({ event: "connected", peer: "p:1", local: "l:2", extra: 7 } as ConnectedEvent),
    /\(local l:2\) extra=7$/,
  );
});

/** The lines a fresh editor gives for `keys`, and the line and cursor left after them. */
function typed(keys: string, editor = new LineEditor()) {
  const edited = editor.keys(keys);
  return { ...edited, line: editor.line, beforeCursor: editor.beforeCursor };
}

Deno.test("LineEditor: Enter, Backspace, Ctrl-U, Ctrl-W, Ctrl-D", () => {
  assert.deepEqual(typed("hel\x7flo\r").lines, ["helo"]);
  assert.deepEqual(typed("a\r\nb\n").lines, ["a", "b"], "CRLF is one Enter");
  assert.equal(typed("one two\x17").line, "one ");
  assert.equal(typed("one two  \x17").line, "one ", "Ctrl-W takes the blanks and the word");
  assert.equal(typed("abc\x15x").line, "x");
  assert.equal(typed("粘包\x7f").line, "粘");
  assert.equal(typed("x\x04").eof, false, "Ctrl-D ends only an empty line");
  assert.equal(typed("\x04").eof, true);
});

Deno.test("LineEditor: arrows, Home/End and Ctrl-A/E move the cursor; typing inserts there", () => {
  // The issue's own case: "helo wrld", ← three times, type o.
  assert.deepEqual(typed("helo wrld\x1b[D\x1b[D\x1b[Do\r").lines, ["helo world"]);
  assert.equal(typed("elo\x1b[Hh").line, "helo");
  assert.equal(typed("bc\x01a\x05d").line, "abcd");
  assert.equal(typed("ac\x1bOD\x1bOHx\x1bOFy\x1b[1~z\x1b[4~!").line, "zxacy!");
  const mid = typed("abcd\x1b[D\x1b[D");
  assert.equal(mid.beforeCursor, "ab");
  assert.equal(
    typed("abcd\x1b[D\x1b[D\x1b[3~").line,
    "abd",
    "Delete takes the character under the cursor",
  );
  assert.equal(typed("abcd\x1b[D\x1b[D\x0b").line, "ab", "Ctrl-K kills to the end");
  assert.equal(typed("abcd\x1b[D\x15").line, "d", "Ctrl-U kills to the start");
  assert.equal(typed("粘包\x1b[D你").line, "粘你包", "wide characters are one step each");
  assert.equal(typed("ab\x1b[1;5Dx").line, "axb", "modified arrows move too");
});

Deno.test("LineEditor: Up/Down walk the history and come back to the line being typed", () => {
  const editor = new LineEditor();
  editor.keys("first\rsecond\r");
  assert.equal(typed("dra\x1b[A", editor).line, "second");
  assert.equal(typed("\x1b[A", editor).line, "first");
  assert.equal(typed("\x1b[A", editor).line, "first", "no older line: stays");
  assert.equal(typed("\x1b[B\x1b[B", editor).line, "dra");
  assert.deepEqual(typed("\x1b[A\x1b[A!\r", editor).lines, ["first!"]);
  assert.equal(typed("\x1b[A", editor).line, "first!");
});

Deno.test("LineEditor: an escape sequence cut between two reads is still one key", () => {
  const editor = new LineEditor();
  editor.keys("ab\x1b[");
  assert.equal(typed("Dx", editor).line, "axb");
});

Deno.test("prompt: events are printed on a clean line, the prompt and the typed text come back after", () => {
  let screen = "";
  const out = { writeSync: (p: Uint8Array) => (screen += new TextDecoder().decode(p), p.length) };
  const prompt = new Prompt(">>> ", out, () => 80);
  const emit = createReporter({ terminal: new Terminal({ stdout: out, stderr: out }) }, { prompt });
  prompt.ask();
  prompt.edit("hi al");
  emit({ event: "read", peer: "p:1", read: 1, data: bytes("news") });
  assert.match(screen, /^>>> \r\x1b\[J>>> hi al\r\x1b\[J\d.*read #1 4 B "news"\n>>> hi al$/);
  prompt.done();
  assert.match(screen, /\r\x1b\[J$/, "done() leaves no prompt behind");
});

Deno.test("prompt: a typed line longer than the terminal is erased on every row it wraps onto", () => {
  let screen = "";
  const out = { writeSync: (p: Uint8Array) => (screen += new TextDecoder().decode(p), p.length) };
  const prompt = new Prompt(">>> ", out, () => 10);
  prompt.ask();
  prompt.edit("x".repeat(20)); // 24 columns: 3 rows of 10
  screen = "";
  prompt.around(() => {});
  assert.ok(screen.startsWith("\x1b[2A\r\x1b[J"), JSON.stringify(screen));
});

Deno.test("prompt: a terminal that says it is 0 columns wide (a pty never sized) is drawn as 80, not erased row by row", () => {
  let screen = "";
  const out = { writeSync: (p: Uint8Array) => (screen += new TextDecoder().decode(p), p.length) };
  const terminal = new Terminal({ stdout: out, stderr: out, columns: () => 0 });
  assert.equal(terminal.columns(), undefined, "0 columns is no width");
  // connect's prompt, as it asks the terminal for its width
  const prompt = new Prompt(">>> ", out, () => terminal.columns() ?? 80);
  prompt.ask();
  prompt.edit("hello");
  screen = "";
  prompt.around(() => {});
  // One column would put each character on a row of its own, and move up over the lines above.
  assert.ok(screen.startsWith("\r\x1b[J"), JSON.stringify(screen));
});

Deno.test("prompt: the cursor is put back where it is in the line, and erased from its row", () => {
  let screen = "";
  const out = { writeSync: (p: Uint8Array) => (screen += new TextDecoder().decode(p), p.length) };
  const prompt = new Prompt(">>> ", out, () => 10);
  prompt.ask();
  screen = "";
  prompt.edit("x".repeat(20), "x".repeat(3)); // the cursor at column 7 of the first row
  assert.equal(screen, `\r\x1b[J>>> ${"x".repeat(20)}\x1b[2A\r\x1b[7C`);
  screen = "";
  prompt.around(() => {});
  assert.ok(screen.startsWith("\r\x1b[J"), "already on the first row: no move up");
  screen = "";
  prompt.edit("粘包", "粘"); // 4 + 2 columns: the cursor after the first wide character
  assert.ok(screen.endsWith(">>> 粘包\r\x1b[6C"), JSON.stringify(screen));
});

Deno.test("heartbeats are detail (shown with -v only), a message that mentions ^hb^ is not", () => {
  const seen: FcEvent[] = [];
  const emit = heartbeatsAsDetail((ev) => seen.push(ev));
  emit({ event: "sent", data: bytes("^hb^") });
  emit({ event: "read", data: bytes("^hb^\n") });
  emit({ event: "sent", data: bytes("say ^hb^") });
  assert.deepEqual(seen.map((e) => e.level), ["detail", "detail", undefined]);
});

Deno.test("text: a relay's own sentences come from the relay, by event kind", () => {
  const at = new Date();
  const strip = (s: string) => s.replace(/^\d\d:\d\d:\d\d\.\d{3} /, "");
  const listening: FcEvent = {
    event: "listening",
    address: "127.0.0.1:5",
    port: 5,
    transport: "tcp",
    target: "tcp://127.0.0.1:6",
    seed: 42,
  };
  assert.equal(
    strip(formatText(listening, "utf-8", at, RELAY_SENTENCES)),
    "Listening on tcp://127.0.0.1:5, forwarding to tcp://127.0.0.1:6",
  );
  const served: FcEvent = { ...listening, target: undefined, seed: undefined, behavior: "echo" };
  assert.equal(
    strip(formatText(served, "utf-8", at)),
    "Listening on tcp://127.0.0.1:5 (echo server)",
  );
  const closed: FcEvent = {
    event: "closed",
    reason: "eof",
    connection: 3,
    bytes_up: 5,
    bytes_down: 7,
  };
  assert.equal(
    strip(formatText(closed, "utf-8", at, RELAY_SENTENCES)),
    "closed #3: eof; 5 B up, 7 B down",
  );
});

Deno.test("text: a UDP relay's totals past a MiB read without brackets in brackets, in both languages", () => {
  const stats = {
    event: "stats",
    kind: "relay_udp",
    transport: "udp",
    seed: 1,
    sessions: 1,
    expired: 0,
    evicted: 0,
    datagrams_up: 1000,
    datagrams_down: 1,
    bytes_up: 1400160,
    bytes_down: 1400,
    dropped: 3,
    duplicated: 0,
    reordered: 0,
    truncated: 0,
    delayed: 0,
    overflowed: 0,
  } as FcEvent;
  const at = new Date();
  const strip = (s: string) => s.replace(/^\d\d:\d\d:\d\d\.\d{3} /, "");
  assert.equal(
    strip(formatText(stats, "utf-8", at, RELAY_SENTENCES)),
    "stats (udp relay): 1 session (0 expired); 1400160 B (1.34 MiB) in 1000 datagrams up, " +
      "1400 B in 1 datagram down; 3 dropped",
  );
  assert.equal(
    strip(formatText(stats, "utf-8", at, RELAY_SENTENCES, "zh")),
    "统计（UDP 中继）：1 个会话（0 个过期）；上行 1000 个数据报共 1400160 B (1.34 MiB)，下行 1 个共 1400 B；丢弃 3 个",
  );
});

Deno.test("text: rates are written in SI's units, a small k for kilo (as the options take them)", () => {
  assert.equal(readableBits(64_000), "64.00 kbit/s");
  assert.equal(readableBits(1_234_567), "1.23 Mbit/s");
  assert.equal(readableBytes(2048), "2.00 KiB");
});
