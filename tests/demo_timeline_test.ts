/** The timeline and the page layout, on made-up entries: no sockets. */
import assert from "node:assert/strict";
import { translator } from "../lib/demo/i18n.ts";
import type { Entry } from "../lib/demo/log.ts";
import { displayWidth, fit, painter, wrap } from "../lib/demo/text.ts";
import { renderTimeline, type TimelineOptions } from "../lib/demo/timeline.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

function options(lang: "en" | "zh", color = false): TimelineOptions {
  const t = translator(lang);
  return {
    t,
    encoding: "utf-8",
    width: 80,
    paint: painter(color),
    headings: [t("col.sender"), t("col.receiver")],
  };
}

const STICKY: Entry[] = [
  {
    at: 10,
    role: "sender",
    event: { event: "sent", write: 1, data: bytes("hello"), wire_bytes: 5 },
  },
  {
    at: 11,
    role: "sender",
    event: { event: "sent", write: 2, data: bytes("world"), wire_bytes: 5 },
  },
  {
    at: 61,
    role: "receiver",
    event: { event: "read", read: 1, data: bytes("helloworld") },
    mark: true,
  },
];

/** Where the right column starts: the second separator. */
const rightStart = (line: string) => displayWidth(line.slice(0, line.lastIndexOf("│")));

Deno.test("sender rows on the left, receiver rows on the right, times from the first step", () => {
  const lines = renderTimeline(STICKY, options("en"));
  assert.equal(lines.length, 2 + STICKY.length);
  assert.match(lines[2], /^ +\+0\.0 ms │ send #1 {2}5 B {2}"hello" +│$/);
  assert.match(lines[4], /^ +\+51\.0 ms │ +│ read #1 {2}10 B {2}"helloworld"$/);
  const column = rightStart(lines[0]);
  for (const line of lines.slice(2)) assert.equal(rightStart(line), column);
});

Deno.test("Chinese labels keep the columns aligned (CJK takes two columns)", () => {
  const lines = renderTimeline(STICKY, options("zh"));
  assert.match(lines[0], /发送方（写）/);
  assert.match(lines[2], /发送 #1/);
  const column = rightStart(lines[2]);
  for (const line of lines) if (line.includes("│")) assert.equal(rightStart(line), column);
});

Deno.test("a long run of alike rows shows its head, a count, and its tail", () => {
  const reads: Entry[] = Array.from({ length: 64 }, (_, i) => ({
    at: i,
    role: "receiver",
    event: { event: "read", read: i + 1, data: new Uint8Array(1024).fill(0x61) },
  }));
  const lines = renderTimeline(reads, options("en")).slice(2);
  assert.equal(lines.length, 3 + 1 + 2);
  assert.match(lines[3], /… 59 more like these, 60416 B/);
  assert.match(lines[5], /read #64 {2}1024 B/);
});

Deno.test("a truncated datagram says how much of it was kept", () => {
  const lines = renderTimeline([{
    at: 0,
    role: "receiver",
    event: {
      event: "read",
      read: 1,
      data: new Uint8Array(512),
      truncated: true,
      datagram_bytes: 1400,
    },
  }], options("en"));
  assert.match(lines[2], /read #1 {2}512 of 1400 B/);
});

Deno.test("colour only when asked: ANSI codes around the cells, none otherwise", () => {
  assert.ok(!renderTimeline(STICKY, options("en")).join("\n").includes("\x1b"));
  const coloured = renderTimeline(STICKY, options("en", true));
  assert.ok(coloured[2].includes("\x1b[36msend #1"));
  assert.ok(coloured[4].includes("\x1b[1;33mread #1"));
});

Deno.test("long content is cut to the column with an ellipsis", () => {
  const lines = renderTimeline([{
    at: 0,
    role: "sender",
    event: { event: "sent", write: 1, data: new Uint8Array(5000).fill(0x78), wire_bytes: 5000 },
  }], options("en"));
  assert.ok(lines.every((l) => displayWidth(l) <= 80));
  assert.match(lines[2], /x…/);
});

Deno.test("wrap breaks English between words and Chinese between characters", () => {
  assert.deepEqual(wrap("one two three four", 9), ["one two", "three", "four"]);
  const zh = wrap("一二三四五六七八九十。", 10);
  assert.ok(zh.every((l) => displayWidth(l) <= 10));
  assert.ok(zh.every((l) => !l.startsWith("。")), "no line starts with a full stop");
  assert.equal(zh.join(""), "一二三四五六七八九十。");
});

Deno.test("fit counts CJK characters as two columns", () => {
  assert.equal(displayWidth("粘包ab"), 6);
  assert.equal(fit("粘包粘包", 5), "粘包…");
  assert.equal(fit("short", 10), "short");
});

Deno.test("framed rows show each length prefix in hex with its value, and keep the text at 80 columns", () => {
  const wire = Uint8Array.of(0x05, 0, 0, 0, ...bytes("hello"));
  const lines = renderTimeline([
    {
      at: 0,
      role: "sender",
      event: { event: "sent", write: 1, data: bytes("hello"), wire_bytes: 9 },
      wire,
      prefixes: [{ offset: 0, width: 4, value: 5 }],
    },
    {
      at: 1,
      role: "receiver",
      event: { event: "read", read: 1, data: Uint8Array.of(...wire, ...wire) },
      prefixes: [{ offset: 0, width: 4, value: 5 }, { offset: 9, width: 4, value: 5 }],
    },
  ], options("en"));
  const text = lines.join("\n");
  assert.ok(lines.every((l) => displayWidth(l) <= 80), text);
  assert.doesNotMatch(text, /\\x05/, "no escaped prefix bytes");
  assert.equal(text.match(/\[05 00 00 00 = 5\] "hello"/g)?.length, 3, text);
  assert.match(text, /\[05 00 00 00 = 5\] "hello"$/m, "the read's second message is whole");
});

Deno.test("PrefixScanner finds prefixes across reads, a JSON header's body included", async () => {
  const { PrefixScanner } = await import("../lib/demo/prefixes.ts");
  const scanner = new PrefixScanner({ framing: "json", prefix: "u32be" });
  const header = bytes('{"total_size":2}');
  const frame = Uint8Array.of(0, 0, 0, header.length, ...header, 0x61, 0x62);
  const stream = Uint8Array.of(...frame, ...frame);
  const first = scanner.scan(stream.subarray(0, frame.length + 2));
  const second = scanner.scan(stream.subarray(frame.length + 2));
  assert.deepEqual(first, [
    { offset: 0, width: 4, value: 16 },
    { offset: 4, width: 16, header: true },
    { offset: frame.length, width: 2 },
  ]);
  assert.deepEqual(
    second,
    [{ offset: 0, width: 2, value: 16 }, { offset: 2, width: 16, header: true }],
    "the prefix's rest, then its value; then the header",
  );
});

Deno.test("wrap never breaks inside a `code span`, and shows it without backticks", () => {
  const lines = wrap("the loop: `while received < total_size: data += conn.recv(1024)` ends", 40);
  assert.ok(
    lines.includes("while received < total_size: data += conn.recv(1024)"),
    lines.join("|"),
  );
  assert.ok(lines.every((l) => !l.includes("`")));
});

Deno.test("wrap: a code span inside punctuation keeps it and loses its backticks, in Chinese too", () => {
  assert.deepEqual(wrap("framing (`--framing len --prefix i`). Each", 80), [
    "framing (--framing len --prefix i). Each",
  ]);
  assert.deepEqual(wrap("分帧（`--framing len`）。每条", 80), ["分帧（--framing len）。每条"]);
});

Deno.test("at 80 columns, a sender's row wider than 45 % is shown whole when both columns fit", () => {
  const sent = (write: number, text: string): Entry => ({
    at: write,
    role: "sender",
    event: { event: "sent", write: 1, data: bytes(text), wire_bytes: text.length, coalesced: 2 },
  });
  const lines = renderTimeline([
    sent(1, "hello"),
    sent(2, "world"),
    { at: 52, role: "receiver", event: { event: "read", read: 1, data: bytes("helloworld") } },
  ], options("en"));
  const text = lines.join("\n");
  assert.ok(lines.every((l) => displayWidth(l) <= 80), text);
  assert.match(text, /"hello" +│/);
  assert.match(text, /"world" +│/);
  assert.doesNotMatch(text, /…/, text);
});

Deno.test("at 60 columns nothing the lesson is made of is cut: the bytes and the notes go on under their row", () => {
  const note: Entry = { at: 62, role: "receiver", note: "both messages arrived in one read" };
  for (const lang of ["en", "zh"] as const) {
    const lines = renderTimeline([...STICKY, note], { ...options(lang), width: 60 });
    const text = lines.join("\n");
    assert.ok(lines.every((l) => displayWidth(l) <= 60), `${lang}:\n${text}`);
    assert.doesNotMatch(text, /…/, `${lang}: something was cut:\n${text}`);
    for (const shown of ['"hello"', '"world"', '"helloworld"']) {
      assert.ok(text.includes(shown), `${lang}: ${shown} whole:\n${text}`);
    }
    // The note's words, wrapped, all there (the column's rows joined).
    const right = lines.slice(2).map((l) => l.slice(l.lastIndexOf("│") + 1).trim()).join(" ");
    assert.match(right, /both messages arrived in one read/);
  }
});
