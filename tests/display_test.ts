/** The three outputs of one event: readable text, hex dump, NDJSON. */
import assert from "node:assert/strict";
import { escapeBytes, hexDump } from "../lib/display/escape.ts";
import { createReporter, formatText, toJson } from "../lib/display/reporter.ts";
import { Terminal } from "../lib/display/terminal.ts";
import { encodeText, loadEncoders } from "../lib/notation/text_encoding.ts";
import type { FcEvent } from "../lib/events/types.ts";
import { Progress } from "../lib/traffic/progress.ts";
import { said } from "../lib/i18n/say.ts";

// What the command line loads first when it is asked for (lib/options/cli.ts).
await loadEncoders();

const bytes = (s: string) => new TextEncoder().encode(s);

Deno.test("escapeBytes: control characters, quotes, invalid bytes", () => {
  assert.equal(escapeBytes(bytes('a\r\n\t"\\'), "utf-8"), '"a\\r\\n\\t\\"\\\\"');
  assert.equal(escapeBytes(Uint8Array.of(0, 0x41, 0xff), "utf-8"), '"\\x00A\\xff"');
  assert.equal(escapeBytes(bytes("粘包"), "utf-8"), '"粘包"');
});

Deno.test("escapeBytes: long data is cut at a character boundary, with the count left out", () => {
  const s = "é".repeat(200); // 400 bytes
  const shown = escapeBytes(bytes(s), "utf-8", 101);
  assert.equal(shown, `"${"é".repeat(50)}"… (+300 B)`);
});

Deno.test("gbk both ways: typed text encoded, received bytes decoded", () => {
  const gbk = encodeText("粘包 sticky", "gbk");
  assert.deepEqual([...gbk.subarray(0, 4)], [0xd5, 0xb3, 0xb0, 0xfc]);
  assert.equal(new TextDecoder("gbk").decode(gbk), "粘包 sticky");
  assert.equal(escapeBytes(gbk, "gbk"), '"粘包 sticky"');
  assert.deepEqual(encodeText("☃", "windows-1252"), Uint8Array.of(0x3f), "unencodable becomes ?");
});

Deno.test("hexDump: xxd layout with offsets", () => {
  const dump = hexDump(bytes("helloworld, and then some more"), "");
  assert.equal(
    dump,
    "00000000: 6865 6c6c 6f77 6f72 6c64 2c20 616e 6420  helloworld, and \n" +
      "00000010: 7468 656e 2073 6f6d 6520 6d6f 7265       then some more",
  );
});

Deno.test("NDJSON: ts, event, fields, bytes/base64/text; text only when it decodes", () => {
  const ev: FcEvent = { event: "read", peer: "127.0.0.1:1", read: 1, data: bytes("hi") };
  const obj = toJson(ev, "utf-8");
  assert.match(String(obj.ts), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.deepEqual({ ...obj, ts: 0 }, {
    ts: 0,
    event: "read",
    peer: "127.0.0.1:1",
    read: 1,
    bytes: 2,
    base64: "aGk=",
    text: "hi",
  });
  const binary = toJson({ event: "read", data: Uint8Array.of(0xff) }, "utf-8");
  assert.ok(binary.event === "read");
  assert.equal(binary.text, undefined);
  assert.equal(binary.base64, "/w==");
});

Deno.test("text line: time, peer, kind and number, size, content, other fields", () => {
  const line = formatText(
    { event: "frame", peer: "[::1]:9", frame: 2, read: 5, data: bytes("x"), header: { a: 1 } },
    "utf-8",
  );
  assert.match(
    line,
    /^\d\d:\d\d:\d\d\.\d{3} \[::1\]:9 frame #2 1 B "x" \(completed by read #5\), JSON header \{"a":1\}$/,
  );
});

Deno.test("reporter: data to stdout, lifecycle to stderr; -q and -v filter", () => {
  const sink = () => {
    const lines: string[] = [];
    return {
      lines,
      writeSync: (p: Uint8Array) => (lines.push(new TextDecoder().decode(p)), p.length),
    };
  };
  const out = sink(), err = sink();
  const emit = createReporter({ terminal: new Terminal({ stdout: out, stderr: err }) });
  emit({ event: "read", data: bytes("a") });
  emit({ event: "connected", peer: "p" });
  emit({ event: "fault", level: "detail", fault: "drop", direction: "up" });
  assert.equal(out.lines.length, 1);
  assert.equal(err.lines.length, 1, "detail hidden without -v");
  const quietErr = sink();
  const quiet = createReporter({ terminal: new Terminal({ stdout: sink(), stderr: quietErr }) }, {
    quiet: true,
  });
  quiet({ event: "connected", peer: "p" });
  quiet({ event: "error", message: "bad" });
  assert.equal(quietErr.lines.length, 1);
  const jsonOut = sink();
  const json = createReporter({ terminal: new Terminal({ stdout: jsonOut, stderr: sink() }) }, {
    output: "json",
  });
  json({ event: "fault", level: "detail", fault: "drop", direction: "up" });
  assert.equal(JSON.parse(jsonOut.lines[0]).fault, "drop", "detail events are always in NDJSON");
});

/** A 60-column terminal screen that keeps what is written to it, and a progress bar on it. */
function barOnScreen() {
  const written: string[] = [];
  const screen = {
    isTerminal: () => true,
    writeSync: (p: Uint8Array) => (written.push(new TextDecoder().decode(p)), p.length),
  };
  const terminal = new Terminal({ stdout: screen, stderr: screen, columns: () => 60 });
  return { written, terminal, progress: new Progress({ quiet: false }, terminal) };
}

Deno.test("progress: an event deferred when it happened is written before the next bar, not after it", () => {
  const { written, terminal, progress } = barOnScreen();
  const emit = progress.wrap(createReporter({ terminal }, { deferred: true }));
  progress.show(() => said("text", { text: "[####------] 40%" }));
  // The event clears the bar as it happens; its line is written on a timer, after the I/O...
  emit({ event: "connected", peer: "127.0.0.1:9000" });
  // ...and a bar drawn before that timer runs must not come first: the line would start at the
  // bar's end and run into the next row. The wait for the next redraw is synchronous, so the
  // timer cannot run meanwhile.
  const redraw = performance.now() + 300;
  while (performance.now() < redraw) { /* the bar is redrawn at most every 250 ms */ }
  progress.show(() => said("text", { text: "[#####-----] 50%" }));
  const screenText = written.join("");
  const line = screenText.indexOf("127.0.0.1:9000 connected");
  const bar = screenText.lastIndexOf("50%");
  assert.ok(line >= 0 && bar > line, JSON.stringify(screenText));
  terminal.flush();
});

Deno.test("progress: a redraw asked within the period is drawn at its end, the newest asked; a clear takes it away", async () => {
  const { written, terminal, progress } = barOnScreen();
  // send-file's md5 pass, done and cleared; then the sending's bars, faster than the period,
  // the last before a write that waits seconds on a slow reader.
  progress.show(() => said("text", { text: "md5 [##########] 100%" }));
  progress.clear();
  progress.show(() => said("text", { text: "send [#---------] 10%" }));
  progress.show(() => said("text", { text: "send [##--------] 20%" }));
  assert.doesNotMatch(written.join(""), /send/, "not within the period");
  await new Promise((r) => setTimeout(r, 400));
  assert.match(written.join(""), /send \[##-{8}\] 20%/, "the newest, at the period's end");
  assert.doesNotMatch(written.join(""), /10%/);
  // A clear takes away a redraw still waiting (the pass is over: nothing drawn after it).
  progress.show(() => said("text", { text: "send [###-------] 30%" }));
  progress.clear();
  await new Promise((r) => setTimeout(r, 400));
  assert.doesNotMatch(written.join(""), /30%/);
  terminal.flush();
});
