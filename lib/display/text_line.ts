/**
 * `--output text`: one readable line per event — local time, peer, then what
 * happened in words. Each kind of event has its sentence; a field no
 * sentence knows is still shown, as `key=value`, so nothing is ever hidden.
 * The NDJSON of the same event keeps every field under its own name.
 */
import { escapeBytes } from "./escape.ts";
import { exactBytes } from "./size.ts";
import { eventData, type EventKind, type FcEvent } from "../events/types.ts";

/** The fields of one event not shown yet. */
export class Fields {
  readonly #rest: Map<string, unknown>;

  constructor(ev: FcEvent) {
    this.#rest = new Map(Object.entries(ev).filter(([, v]) => v !== undefined));
    for (const internal of ["event", "level", "peer"]) this.#rest.delete(internal);
  }

  has(key: string): boolean {
    return this.#rest.has(key);
  }

  /** A field's value, now counted as shown. */
  take(key: string): unknown {
    const value = this.#rest.get(key);
    this.#rest.delete(key);
    return value;
  }

  num(key: string): number | undefined {
    const value = this.take(key);
    return typeof value === "number" ? value : undefined;
  }

  str(key: string): string | undefined {
    const value = this.take(key);
    return value === undefined ? undefined : String(value);
  }

  /** The sentence already says everything: the remaining fields are for NDJSON readers. */
  drop(): void {
    this.#rest.clear();
  }

  /** `key=value` for each field not shown. */
  leftovers(): string[] {
    return [...this.#rest].map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`);
  }
}

/** The sentence of one kind of event; it takes the fields it says from `f`. */
export type Describe = (ev: FcEvent, f: Fields, encoding: string) => string;

/** A domain's sentences by event kind (the relay's are in `relay/text.ts`), over the defaults here. */
export type Sentences = Partial<Record<EventKind, Describe>>;

const DESCRIBE: Record<EventKind, Describe> = {
  listening,
  connected,
  read,
  frame,
  sent,
  closed,
  error: (_ev, f) => {
    const message = f.str("message") ?? "";
    const hint = f.str("hint");
    f.drop();
    return `error: ${hint && !message.includes(hint) ? `${message} (${hint})` : message}`;
  },
  stats,
  info: (_ev, f) => said(f),
  fault: (_ev, f) => `fault ${f.str("fault")}`,
  report: (_ev, f) => `report: ${said(f)}`,
};

/** One readable line: time, peer, what happened, and any field the sentence does not cover. */
export function formatText(
  ev: FcEvent,
  encoding: string,
  at = new Date(),
  sentences: Sentences = {},
): string {
  const f = new Fields(ev);
  const hasMessage = "message" in ev && ev.message !== undefined;
  const body = (sentences[ev.event] ?? DESCRIBE[ev.event])(ev, f, encoding);
  const parts = [clock(at)];
  // "127.0.0.1:5 joined; 2 in the chat" needs no peer column before it.
  if (ev.peer && !(hasMessage && body.includes(ev.peer))) parts.push(ev.peer);
  parts.push(body.trimEnd(), ...f.leftovers());
  return parts.join(" ");
}

/** The event's own sentence (info, report): its fields are there for NDJSON. */
function said(f: Fields): string {
  const message = f.str("message") ?? "";
  f.drop();
  return message;
}

function listening(_ev: FcEvent, f: Fields): string {
  const where = listeningOn(f);
  const behavior = f.str("behavior");
  return behavior === undefined ? where : `${where} (${behavior} server)`;
}

/** `Listening on tcp://HOST:PORT`, spelled as endpoints are typed (unix:PATH for a socket). */
export function listeningOn(f: Fields): string {
  const address = f.str("address");
  const transport = f.str("transport");
  const message = f.str("message");
  f.take("port");
  return transport === undefined || address === undefined
    ? message ?? `Listening on ${address}`
    : `Listening on ${transport === "unix" ? "unix:" : `${transport}://`}${address}`;
}

function connected(_ev: FcEvent, f: Fields): string {
  if (f.has("message")) return said(f);
  const local = f.str("local");
  return local === undefined ? "connected" : `connected (local ${local})`;
}

function read(ev: FcEvent, f: Fields, encoding: string): string {
  const n = f.num("read");
  let text = `read${n === undefined ? "" : ` #${n}`} ${content(ev, f, encoding)}`;
  const truncated = f.take("truncated");
  const whole = f.num("datagram_bytes");
  const lost = f.num("lost_bytes");
  if (truncated === true) {
    text += ` TRUNCATED: the datagram had ${whole ?? "?"} B, ${lost ?? "?"} B lost`;
  }
  return text;
}

function frame(ev: FcEvent, f: Fields, encoding: string): string {
  const n = f.num("frame");
  const last = f.num("read");
  const first = f.num("first_read");
  const text = `frame${n === undefined ? "" : ` #${n}`} ${content(ev, f, encoding)}`;
  if (last === undefined) return text;
  if (first !== undefined && first < last) return `${text} (split across reads #${first}–#${last})`;
  return `${text} (completed by read #${last})`;
}

function sent(ev: FcEvent, f: Fields, encoding: string): string {
  const wire = f.num("wire_bytes");
  const file = f.str("file");
  if (file === undefined) {
    const text = `sent ${content(ev, f, encoding)}${together(f)}`;
    return wire === undefined || wire === eventData(ev)?.length
      ? text
      : `${text} (${wire} B on the wire)`;
  }
  const total = f.num("total_size") ?? 0;
  const done = f.num("sent_bytes") ?? total;
  const text = done < total
    ? `sent file ${file}: only ${done} of ${exactBytes(total)}`
    : `sent file ${file}: ${exactBytes(total)}`;
  return wire === undefined || wire === done ? text : `${text}, ${wire} B on the wire`;
}

/** ` in write #1 with 1 other`: the write --coalesce (or demo nagle) sent a message in. */
function together(f: Fields): string {
  const coalesced = f.num("coalesced");
  if (coalesced === undefined) return "";
  const write = f.num("write");
  const others = coalesced - 1;
  const with_ = others === 0 ? "alone" : `with ${count(others, "other message")}`;
  return ` in write #${write} ${with_}`;
}

/** `10 B "helloworld"`, or `65536 B` for a read reported by size only. */
function content(ev: FcEvent, f: Fields, encoding: string): string {
  f.take("data");
  const data = eventData(ev);
  if (data) return `${data.length} B ${escapeBytes(data, encoding)}`;
  const bytes = f.num("bytes");
  return bytes === undefined ? "" : `${bytes} B`;
}

/** After "closed": why, by the `reason` field. */
const CLOSED_BECAUSE: Record<string, string> = {
  eof: "by the peer (end of file)",
  us: "by us",
  reset: "by a reset (RST)",
  idle: "for --idle-timeout (nothing read)",
  error: "after an error",
  leave: "(the peer left the chat)",
  expired: "(the peer was silent longer than --interval)",
};

function closed(_ev: FcEvent, f: Fields): string {
  const reason = f.str("reason") ?? "";
  const message = f.str("message");
  const because = CLOSED_BECAUSE[reason] ?? `(${reason})`;
  const text = `closed ${because}${message === undefined ? "" : `: ${message}`}`;
  return f.has("reads") ? `${text}; ${traffic(f)}` : text;
}

/** `received 10 B in 1 read (1 frame), sent 10 B in 2 sends`, from the peer counters. */
export function traffic(f: Fields): string {
  const reads = f.num("reads") ?? 0;
  const frames = f.num("frames") ?? 0;
  const sends = f.num("sends") ?? 0;
  // No frames: streamed files (save), or a malformed stream (its error says so). As many
  // frames as reads: raw framing, where "64 frames" would read as 64 messages.
  const framed = frames > 0 && frames !== reads ? ` (${count(frames, "frame")})` : "";
  return `received ${exactBytes(f.num("bytes_in") ?? 0)} in ${count(reads, "read")}${framed}, ` +
    `sent ${exactBytes(f.num("bytes_out") ?? 0)} in ${count(sends, "send")}`;
}

function stats(_ev: FcEvent, f: Fields): string {
  const connections = f.num("connections");
  const peers = f.num("peers");
  if (connections === undefined && peers === undefined) return "stats";
  const refused = f.num("refused") ?? 0;
  const who = connections !== undefined
    ? `${count(connections, "connection")}${
      refused > 0 ? ` (${refused} refused: --max-conns)` : ""
    }`
    : count(peers!, "peer");
  return `stats: ${who}, ${count(f.num("errors") ?? 0, "error")}; ${traffic(f)}`;
}

/** `1 read`, `2 reads`. */
export function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function clock(d: Date): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${
    pad(d.getMilliseconds(), 3)
  }`;
}
