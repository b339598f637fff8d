/**
 * `--output text`: one readable line per event — local time, peer, then what
 * happened in words. Each kind of event has its sentence, typed by its kind
 * (and sub-kind); a field no sentence says is still shown, as `key=value`
 * after it, so nothing is ever hidden. The NDJSON of the same event keeps
 * every field under its own name.
 */
import { escapeBytes } from "./escape.ts";
import { exactBytes } from "./size.ts";
import {
  eventData,
  type EventKind,
  type EventOf,
  type FcEvent,
  type RuleHits,
} from "../events/types.ts";

/** Every field name of any member of E (a kind with sub-kinds has several). */
type FieldOf<E> = E extends unknown ? keyof E : never;

/** How one kind of event reads in text. */
export interface Sentence<E> {
  /** The words. */
  say(ev: E, encoding: string): string;
  /** The fields they say (`all`: every field that matters): the others follow as key=value. */
  says: readonly FieldOf<E>[] | "all";
}

/** The sentence of each kind. */
type SentenceTable = { [K in EventKind]: Sentence<EventOf<K>> };

/** A domain's sentences by event kind (the relay's are in `relay/text.ts`), over the defaults here. */
export type Sentences = Partial<SentenceTable>;

/** Never shown as key=value: the kind is the sentence, the peer has its column, data is content. */
const NEVER_LEFT: ReadonlySet<string> = new Set(["event", "kind", "level", "peer", "data"]);

/** A peer's counters, or a server's totals of them. */
export interface Counted {
  reads: number;
  frames: number;
  sends: number;
  bytes_in: number;
  bytes_out: number;
}
const COUNTED = ["reads", "frames", "sends", "bytes_in", "bytes_out"] as const satisfies readonly (
  keyof Counted
)[];

const SENTENCES: SentenceTable = {
  listening: {
    say: (
      ev,
    ) => (ev.behavior === undefined
      ? listeningOn(ev)
      : `${listeningOn(ev)} (${ev.behavior} server)`),
    // web: its message names the page's address, token included.
    says: ["address", "transport", "message", "port", "behavior", "url", "token"],
  },
  connected: {
    say: (ev) =>
      ev.message ?? (ev.local === undefined ? "connected" : `connected (local ${ev.local})`),
    // UDP: the message names the group joined.
    says: ["message", "local", "group", "iface"],
  },
  read: {
    say(ev, encoding) {
      const text = `read${ev.read === undefined ? "" : ` #${ev.read}`} ${content(ev, encoding)}`;
      if (ev.truncated !== true) return text;
      return `${text} TRUNCATED: the datagram had ${ev.datagram_bytes ?? "?"} B, ${
        ev.lost_bytes ?? "?"
      } B lost`;
    },
    says: ["read", "bytes", "truncated", "datagram_bytes", "lost_bytes"],
  },
  frame: {
    say(ev, encoding) {
      const text = `frame #${ev.frame} ${content(ev, encoding)}`;
      const first = ev.first_read;
      if (first !== undefined && first < ev.read) {
        return `${text} (split across reads #${first}–#${ev.read})`;
      }
      return `${text} (completed by read #${ev.read})`;
    },
    says: ["frame", "read", "first_read", "bytes"],
  },
  sent: {
    say: sent,
    says: ["bytes", "wire_bytes", "file", "total_size", "sent_bytes", "coalesced", "write", "rule"],
  },
  closed: {
    say(ev) {
      const because = CLOSED_BECAUSE[ev.reason];
      const text = `closed ${because}${ev.message === undefined ? "" : `: ${ev.message}`}`;
      return ev.reads === undefined ? text : `${text}; ${traffic(ev)}`;
    },
    says: ["reason", "message", "reads", "frames", "sends", "bytes_in", "bytes_out"],
  },
  error: {
    say: ({ message, hint }) =>
      `error: ${hint && !message.includes(hint) ? `${message} (${hint})` : message}`,
    says: "all",
  },
  stats: {
    say: stats,
    says: ["connections", "refused", "errors", "peers", "sessions", "rules", ...COUNTED],
  },
  // An info's sentence is its message; its fields are there for NDJSON readers.
  info: { say: (ev) => ev.message, says: "all" },
  fault: { say: (ev) => `fault ${ev.fault}`, says: ["fault"] },
  report: { say: (ev) => `report: ${ev.message}`, says: "all" },
  checksum: { say: (ev) => `checksum WARNING: ${ev.message}`, says: "all" },
  // A case and its explanation; the conversation is there for NDJSON readers and the page.
  check: {
    say: (ev) =>
      `check ${ev.passed ? "passed" : "FAILED"} ${ev.target} ${ev.way}` +
      (ev.passed ? "" : `: ${ev.message}`),
    says: "all",
  },
  summary: { say: (ev) => ev.message, says: "all" },
};

/** One readable line: time, peer, what happened, and any field the sentence does not say. */
export function formatText(
  ev: FcEvent,
  encoding: string,
  at = new Date(),
  sentences: Sentences = {},
): string {
  const body = describe(ev.event, ev, { ...SENTENCES, ...sentences }, encoding);
  const parts = [clock(at)];
  // "127.0.0.1:5 joined; 2 in the chat" needs no peer column before it.
  const message = "message" in ev ? ev.message : undefined;
  if (ev.peer && !(message !== undefined && body.text.includes(ev.peer))) parts.push(ev.peer);
  parts.push(body.text.trimEnd(), ...body.unsaid);
  return parts.join(" ");
}

/** The sentence of `ev`, by its kind, and `key=value` for each field it does not say. */
function describe<K extends EventKind>(
  kind: K,
  ev: EventOf<K>,
  table: SentenceTable,
  encoding: string,
): { text: string; unsaid: string[] } {
  const sentence: Sentence<EventOf<K>> = table[kind];
  const text = sentence.say(ev, encoding);
  if (sentence.says === "all") return { text, unsaid: [] };
  const said = new Set<PropertyKey>(sentence.says);
  const unsaid = Object.entries(ev)
    .filter(([k, v]) => v !== undefined && !NEVER_LEFT.has(k) && !said.has(k))
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`);
  return { text, unsaid };
}

/** `Listening on tcp://HOST:PORT`, spelled as endpoints are typed (unix:PATH for a socket). */
export function listeningOn(ev: EventOf<"listening">): string {
  const { address, transport, message } = ev;
  return transport === undefined
    ? message ?? `Listening on ${address}`
    : `Listening on ${transport === "unix" ? "unix:" : `${transport}://`}${address}`;
}

function sent(ev: EventOf<"sent">, encoding: string): string {
  const wire = ev.wire_bytes;
  if (ev.file === undefined) {
    const rule = ev.rule === undefined ? "" : ` (rule ${ev.rule})`;
    const text = `sent ${content(ev, encoding)}${together(ev)}${rule}`;
    return wire === undefined || wire === eventData(ev)?.length
      ? text
      : `${text} (${wire} B on the wire)`;
  }
  const total = ev.total_size ?? 0;
  const done = ev.sent_bytes ?? total;
  const text = done < total
    ? `sent file ${ev.file}: only ${done} of ${exactBytes(total)}`
    : `sent file ${ev.file}: ${exactBytes(total)}`;
  return wire === undefined || wire === done ? text : `${text}, ${wire} B on the wire`;
}

/** ` in write #1 with 1 other`: the write --coalesce (or demo nagle) sent a message in. */
function together(ev: EventOf<"sent">): string {
  if (ev.coalesced === undefined) return "";
  const others = ev.coalesced - 1;
  const with_ = others === 0 ? "alone" : `with ${count(others, "other message")}`;
  return ` in write #${ev.write} ${with_}`;
}

/** `10 B "helloworld"`, or `65536 B` for a read reported by size only. */
function content(ev: EventOf<"read" | "frame" | "sent">, encoding: string): string {
  const data = eventData(ev);
  if (data) return `${data.length} B ${escapeBytes(data, encoding)}`;
  return ev.bytes === undefined ? "" : `${ev.bytes} B`;
}

/** After "closed": why, by the `reason` field. */
const CLOSED_BECAUSE: Record<EventOf<"closed">["reason"], string> = {
  eof: "by the peer (end of file)",
  us: "by us",
  reset: "by a reset (RST)",
  idle: "for --idle-timeout (nothing read)",
  error: "after an error",
  leave: "(the peer left the chat)",
  expired: "(the peer was silent longer than --interval)",
  evicted: "(evicted)",
  overflow: "(overflow)",
};

/** `received 10 B in 1 read (1 frame), sent 10 B in 2 sends`, from the peer counters. */
export function traffic(c: Partial<Counted>): string {
  const reads = c.reads ?? 0;
  const frames = c.frames ?? 0;
  const sends = c.sends ?? 0;
  // No frames: streamed files (save), or a malformed stream (its error says so). As many
  // frames as reads: raw framing, where "64 frames" would read as 64 messages.
  const framed = frames > 0 && frames !== reads ? ` (${count(frames, "frame")})` : "";
  return `received ${exactBytes(c.bytes_in ?? 0)} in ${count(reads, "read")}${framed}, ` +
    `sent ${exactBytes(c.bytes_out ?? 0)} in ${count(sends, "send")}`;
}

/** The counters of a whole run, in words; a demo phase's figures follow as key=value. */
function stats(ev: EventOf<"stats">): string {
  switch (ev.kind) {
    case "serve": {
      const refused = ev.refused > 0 ? ` (${ev.refused} refused: --max-conns)` : "";
      return `stats: ${count(ev.connections, "connection")}${refused}, ${
        count(ev.errors, "error")
      }; ${traffic(ev)}${ruleHits(ev.rules)}`;
    }
    case "serve_udp":
      return `stats: ${count(ev.peers, "peer")}, ${count(ev.errors, "error")}; ${traffic(ev)}${
        ruleHits(ev.rules)
      }`;
    case "connect":
      return `stats${ruleHits(ev.rules)}`;
    case "web":
      return `stats: ${count(ev.sessions, "session")}`;
    case "relay":
    case "relay_udp":
    case "demo":
      return "stats";
  }
}

/** `; rule 1 answered 3 times, rule 2 answered 0 times`: the reply rules' hits. */
function ruleHits(rules: RuleHits[] | undefined): string {
  if (!rules?.length) return "";
  return `; ${rules.map((r) => `rule ${r.rule} answered ${count(r.hits, "time")}`).join(", ")}`;
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
