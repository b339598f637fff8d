/**
 * The timeline: the sender's writes on the left, the receiver's reads on the
 * right, one row per step in the order they happened, with the time, the
 * byte count and the escaped content. Pure: entries in, lines out.
 */
import { decodeText, escapeBytes } from "../display/escape.ts";
import type { DataEvent } from "../events/types.ts";
import type { Translate } from "./i18n.ts";
import type { Entry, Role } from "./log.ts";
import type { PrefixSpan } from "./prefixes.ts";
import { displayWidth, fit, type Paint, type Style, wrap } from "./text.ts";

export interface TimelineOptions {
  t: Translate;
  /** Encoding used to show the bytes as text. */
  encoding: string;
  /** Columns in all. */
  width: number;
  paint: Paint;
  /** Headings of the left (sender) and right (receiver) columns, translated. */
  headings: [string, string];
}

/** Runs longer than this of alike rows (64 reads of 1024 B) keep only their head and tail. */
const RUN_LIMIT = 6;
const RUN_HEAD = 3;
const RUN_TAIL = 2;
/** Room for `+1234.5 ms`. */
const TIME_WIDTH = 10;
const GAP = " │ ";

/** Rows a framed read or write may take below its own to show its bytes whole. */
const MAX_MORE_ROWS = 4;
const MORE_INDENT = "  ";
const NOTE_MARK = "· ";

/** One row: the time, and a text in the column of its role. */
interface Row {
  at?: number;
  role: Role;
  text: string;
  /** Rows below it in the same column: the bytes of a framed read or write, when they did not fit. */
  more?: string[];
  style: Style;
  /** Rows of the same kind on the same side collapse into a run (undefined: never). */
  kind?: string;
  bytes?: number;
}

export function renderTimeline(entries: readonly Entry[], o: TimelineOptions): string[] {
  const inner = o.width - TIME_WIDTH - 2 * GAP.length;
  // The sender's column is as wide as its widest row, at most 45 % (at 100 columns, room
  // for a 4-byte prefix and "hello"): the reads and the remarks about them, on the right,
  // are what the demo is about.
  const most = Math.floor(inner * 0.45);
  const start = entries[0]?.at ?? 0;
  const widest = (role: Role, heading: string, room: number) =>
    Math.max(
      ...[
        heading,
        ...entries.filter((e) => e.role === role).map((e) => toRow(e, o, room, 0))
          .flatMap((r) => [r.text, ...(r.more ?? [])]),
      ].map(displayWidth),
    );
  const sender = widest("sender", o.headings[0], most);
  // When both columns fit whole (80 columns, short messages), the sender's is not cut at 45 %.
  const whole = widest("sender", o.headings[0], inner);
  const left = whole + widest("receiver", o.headings[1], inner) <= inner
    ? whole
    : Math.min(most, sender);
  const width: Record<Role, number> = { sender: left, receiver: inner - left };
  const cell = (text: string, style: Style, role: Role) => {
    const shown = fit(text, width[role]);
    const painted = shown === "" ? "" : o.paint(style, shown);
    return role === "sender" ? painted + " ".repeat(width.sender - displayWidth(shown)) : painted;
  };
  const line = (time: string, left: string, right: string) => {
    const shown = " ".repeat(Math.max(0, TIME_WIDTH - displayWidth(time))) + time;
    return `${o.paint("dim", shown)}${GAP}${left}${GAP}${right}`.trimEnd();
  };
  // Times count from the first step, not from setting up the sockets.
  const rows = collapse(entries.map((e) => toRow(e, o, width[e.role], start)), o.t);
  return [
    line(
      o.t("col.time"),
      cell(o.headings[0], "bold", "sender"),
      cell(o.headings[1], "bold", "receiver"),
    ),
    `${"─".repeat(TIME_WIDTH + 1)}┼${"─".repeat(width.sender + 2)}┼${"─".repeat(width.receiver)}`,
    ...rows.flatMap((r) => {
      const time = r.at === undefined ? "" : `+${r.at.toFixed(1)} ms`;
      return [r.text, ...(r.more ?? [])].map((text, i) => {
        const mine = cell(text, r.style, r.role);
        const at = i === 0 ? time : "";
        return r.role === "sender"
          ? line(at, mine, "")
          : line(at, cell("", r.style, "sender"), mine);
      });
    }),
  ];
}

/** Runs of more than RUN_LIMIT alike rows keep their head and tail, with a count between. */
function collapse(rows: Row[], t: Translate): Row[] {
  const out: Row[] = [];
  for (let i = 0, j = 0; i < rows.length; i = j) {
    for (j = i + 1; j < rows.length && alike(rows[i], rows[j]); j++);
    if (j - i <= RUN_LIMIT) {
      out.push(...rows.slice(i, j));
      continue;
    }
    const hidden = rows.slice(i + RUN_HEAD, j - RUN_TAIL);
    const bytes = hidden.reduce((sum, r) => sum + (r.bytes ?? 0), 0);
    const more = t("tl.more", { count: hidden.length, bytes });
    out.push(...rows.slice(i, i + RUN_HEAD), { role: rows[i].role, text: more, style: "dim" });
    out.push(...rows.slice(j - RUN_TAIL, j));
  }
  return out;
}

function alike(a: Row, b: Row): boolean {
  return a.kind !== undefined && a.kind === b.kind && a.role === b.role;
}

/** The words of one row: what happened, how many bytes, and the bytes themselves. */
function toRow(e: Entry, o: TimelineOptions, width: number, start: number): Row {
  const base = { at: e.at - start, role: e.role };
  if (!e.event) {
    // A note is what the step teaches: wrapped under itself on a narrow window, never cut.
    const [first = "", ...rest] = wrap(e.note ?? "", width - NOTE_MARK.length);
    return {
      ...base,
      text: NOTE_MARK + first,
      ...(rest.length > 0 ? { more: rest.map((l) => " ".repeat(NOTE_MARK.length) + l) } : {}),
      style: e.mark ? "mark" : "dim",
    };
  }
  const ev = e.event;
  const shown = e.wire ?? ev.data;
  let text = describe(ev, o.t);
  if (ev.event === "frame") text = `↳ ${text}`;
  let more: string[] | undefined;
  if (shown && e.prefixes) {
    const parts = framedParts(shown, e.prefixes, o.encoding, width);
    const oneLine = `${text}  ${parts.join(" ")}`;
    if (displayWidth(oneLine) <= width) text = oneLine;
    else more = flow(parts, width - MORE_INDENT.length).map((l) => MORE_INDENT + l);
  } else if (shown) {
    const room = width - displayWidth(text) - 2;
    const line = escapeBytes(shown, o.encoding, Math.max(8, room));
    // Bytes too long for the row but short enough to show whole go on the rows below (a
    // narrow window: "helloworld" is the lesson, "hellowor…" is not); longer ones are cut.
    const below = width - MORE_INDENT.length;
    const whole = escapeBytes(shown, o.encoding, below * MAX_MORE_ROWS);
    const rows = displayWidth(line) > room && !whole.endsWith(")") ? chop(whole, below) : [];
    if (rows.length > 0 && rows.length <= MAX_MORE_ROWS) more = rows.map((l) => MORE_INDENT + l);
    else text += `  ${fit(line, Math.max(8, room))}`;
  }
  if (displayWidth(text) > width) {
    // A description wider than its column (Chinese on a narrow window) goes on under itself.
    const [first = "", ...rest] = wrap(text, width);
    text = first;
    more = [...rest.map((l) => MORE_INDENT + l), ...(more ?? [])];
  }
  return {
    ...base,
    text,
    ...(more ? { more } : {}),
    style: e.mark ? "mark" : e.role,
    // Spans of datagrams say which ones came: each keeps its row.
    kind: e.mark || (ev.event !== "frame" && ev.datagrams !== undefined) ? undefined : ev.event,
    bytes: shown?.length,
  };
}

/**
 * Framed bytes as parts: each length prefix in hex with the length it says
 * (`[00 00 00 4a = 74]`; a prefix cut by the end of a read shows its bytes
 * and `…`), the bytes between escaped as text.
 */
function framedParts(
  bytes: Uint8Array,
  prefixes: PrefixSpan[],
  encoding: string,
  width: number,
): string[] {
  const parts: string[] = [];
  const text = (from: number, to: number) => {
    if (to > from) parts.push(escapeBytes(bytes.subarray(from, to), encoding, width));
  };
  let at = 0;
  for (const p of prefixes) {
    text(at, p.offset);
    at = p.offset + p.width;
    if (p.header) {
      // JSON as it is written, not quoted and escaped: {"total_size":1422,…}.
      const json = bytes.subarray(p.offset, at);
      parts.push(fit(decodeText(json, "utf-8") ?? escapeBytes(json, encoding, width), width));
      continue;
    }
    const hex = [...bytes.subarray(p.offset, p.offset + p.width)]
      .map((b) => b.toString(16).padStart(2, "0")).join(" ");
    parts.push(p.value === undefined ? `[${hex}…]` : `[${hex} = ${p.value}]`);
  }
  text(at, bytes.length);
  return parts;
}

/** Parts laid on lines of `width` columns, broken only between parts; at most MAX_MORE_ROWS. */
function flow(parts: string[], width: number): string[] {
  const lines: string[] = [];
  for (const part of parts) {
    const last = lines.at(-1);
    if (last !== undefined && displayWidth(`${last} ${part}`) <= width) {
      lines[lines.length - 1] = `${last} ${part}`;
    } else if (lines.length === MAX_MORE_ROWS) {
      lines[lines.length - 1] = fit(`${last} ${part}`, width);
      break;
    } else {
      lines.push(fit(part, width));
    }
  }
  return lines;
}

/** Text on lines of `width` columns, broken anywhere (escaped bytes have no words). */
function chop(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const ch of text) {
    if (line !== "" && displayWidth(line + ch) > width) {
      lines.push(line);
      line = "";
    }
    line += ch;
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** `send #1  5 B`, `read #1  512 of 1400 B`, `send seq 0–4999: 5000 × 1400 B`. */
function describe(ev: DataEvent, t: Translate): string {
  const label = t(ev.event === "sent" ? "tl.send" : ev.event === "read" ? "tl.read" : "tl.frame");
  if (ev.event !== "frame" && ev.datagrams !== undefined) {
    const [first, last] = [ev.first_seq, ev.last_seq];
    const range = first === last ? `${first}` : `${first}–${last}`;
    return t("tl.burst", { label, range, count: ev.datagrams, size: ev.datagram_bytes ?? 0 });
  }
  const kept = ev.data?.length ?? 0;
  if (ev.event === "sent") {
    // Held and sent together (demo nagle): the number is the write that carried it.
    const key = ev.coalesced === undefined ? "tl.row" : "tl.together";
    return t(key, { label, n: ev.write ?? 0, size: ev.wire_bytes ?? 0 });
  }
  if (ev.event === "frame") return t("tl.row", { label, n: ev.frame, size: kept });
  if (ev.truncated) {
    return t("tl.cut", { label, n: ev.read ?? 0, kept, size: ev.datagram_bytes ?? 0 });
  }
  return t("tl.row", { label, n: ev.read ?? 0, size: kept });
}
