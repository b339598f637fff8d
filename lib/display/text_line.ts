/**
 * `--output text`: one readable line per event — local time, peer, then what
 * happened in words. Each kind of event has its sentence, typed by its kind
 * (and sub-kind); a field no sentence says is still shown, as `key=value`
 * after it, so nothing is ever hidden. The NDJSON of the same event keeps
 * every field under its own name.
 */
import { escapeBytes } from "./escape.ts";
import { type Lang, type Said, said, sayIn, type WordKey } from "../i18n/say.ts";
import { exactBytes } from "./size.ts";
import { headerText } from "../framing/types.ts";
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
  /** The words, as a sentence of the catalogues (said in --lang). */
  say(ev: E, encoding: string): Said;
  /** The fields they say (`all`: every field that matters): the others follow as key=value. */
  says: readonly FieldOf<E>[] | "all";
}

/** The sentence of each kind. */
type SentenceTable = { [K in EventKind]: Sentence<EventOf<K>> };

/** A domain's sentences by event kind (the relay's are in `relay/text.ts`), over the defaults here. */
export type Sentences = Partial<SentenceTable>;

/** Never shown as key=value: the kind is the sentence, the peer has its column, data is content. */
const NEVER_LEFT: ReadonlySet<string> = new Set(["event", "kind", "level", "peer", "data", "said"]);

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

/** What an event's `message` says: its sentence when it carries one, else its English. */
export function told(ev: { message?: string; said?: Said }): Said | undefined {
  if (ev.said) return ev.said;
  return ev.message === undefined ? undefined : said("text", { text: ev.message });
}

const SENTENCES: SentenceTable = {
  listening: {
    say(ev) {
      const line = ev.behavior === undefined ? listeningOn(ev) : said("ev.listening_as", {
        where: where(ev),
        // A behaviour's name as framecat's: serve emits only those.
        behavior: said(`behavior.${ev.behavior}` as WordKey),
      });
      // A TLS server's certificate, as a client that pins it compares it.
      const { fingerprint } = ev;
      const shown = fingerprint === undefined
        ? line
        : said("line.fingerprint", { line, fingerprint });
      return inGroup(shown, ev);
    },
    // web: its message names the page's address, token included.
    says: [
      "address",
      "transport",
      "message",
      "port",
      "behavior",
      "url",
      "token",
      "fingerprint",
      "group",
      "iface",
    ],
  },
  connected: {
    say: (ev) =>
      withTls(
        told(ev) ??
          (ev.local === undefined
            ? said("ev.connected")
            : said("ev.connected_local", { local: ev.local })),
        ev.tls,
      ),
    // UDP: the message names the group joined.
    says: ["message", "local", "group", "iface", "tls"],
  },
  read: {
    say(ev, encoding) {
      const content = contentOf(ev, encoding);
      const line = ev.read === undefined
        ? said("line.read_unnumbered", { content })
        : said("line.read", { n: ev.read, content });
      if (ev.truncated !== true) return line;
      return said("line.truncated", {
        line,
        size: ev.datagram_bytes ?? "?",
        lost: ev.lost_bytes ?? "?",
      });
    },
    says: ["read", "bytes", "truncated", "datagram_bytes", "lost_bytes"],
  },
  frame: {
    say(ev, encoding) {
      const content = contentOf(ev, encoding);
      const first = ev.first_read;
      const line = first !== undefined && first < ev.read
        ? said("line.frame_split", { n: ev.frame, content, first, last: ev.read })
        : said("line.frame", { n: ev.frame, content, read: ev.read });
      return withHeader(line, ev.header);
    },
    says: ["frame", "read", "first_read", "bytes", "header"],
  },
  sent: {
    say: (ev, encoding) => withHeader(sent(ev, encoding), ev.header),
    says: [
      "bytes",
      "wire_bytes",
      "file",
      "total_size",
      "sent_bytes",
      "coalesced",
      "write",
      "rule",
      "header",
    ],
  },
  closed: {
    say(ev) {
      const closed = said(`closed.${ev.reason}`);
      const why = told(ev);
      const line = why === undefined ? closed : said("line.closed", { closed, why });
      return ev.reads === undefined ? line : said("line.with", { line, then: traffic(ev) });
    },
    says: ["reason", "message", "reads", "frames", "sends", "bytes_in", "bytes_out"],
  },
  error: {
    say: (ev) => {
      if (ev.said) return said("line.error", { message: ev.said });
      const { message, hint } = ev;
      return hint && !message.includes(hint)
        ? said("line.error_hint", { message, hint })
        : said("line.error", { message });
    },
    says: "all",
  },
  stats: {
    say: stats,
    says: ["connections", "refused", "errors", "peers", "sessions", "rules", ...COUNTED],
  },
  // An info's sentence is its message; its fields are there for NDJSON readers.
  info: { say: (ev) => told(ev)!, says: "all" },
  fault: { say: (ev) => said("line.fault", { fault: said(`fault.${ev.fault}`) }), says: ["fault"] },
  report: { say: (ev) => said("line.report", { message: told(ev)! }), says: "all" },
  checksum: { say: (ev) => said("line.checksum", { message: told(ev)! }), says: "all" },
  // A case and its explanation; the conversation is there for NDJSON readers and the page.
  check: {
    say: (ev) =>
      ev.passed
        ? said("line.check_passed", { target: ev.target, way: ev.way })
        : said("line.check_failed", { target: ev.target, way: ev.way, message: told(ev)! }),
    says: "all",
  },
  summary: { say: (ev) => told(ev)!, says: "all" },
};

/** One readable line, in `lang`: time, peer, what happened, and any field the sentence does not say. */
export function formatText(
  ev: FcEvent,
  encoding: string,
  at = new Date(),
  sentences: Sentences = {},
  lang: Lang = "en",
): string {
  const body = describe(ev.event, ev, sentences, encoding);
  const text = sayIn(lang, body.said);
  const parts = [clock(at)];
  // "127.0.0.1:5 joined; 2 in the chat" needs no peer column before it.
  const message = "message" in ev ? ev.message : undefined;
  if (ev.peer && !(message !== undefined && text.includes(ev.peer))) parts.push(ev.peer);
  parts.push(text.trimEnd(), ...body.unsaid);
  return inert(parts.join(" "));
}

/**
 * What a peer can put in a line's words (a file name, a JSON header's text) that would act on
 * the terminal instead of being read: bidi overrides and isolates (`ok\u202etxt.exe` shows as
 * `okexe.txt`), and control characters other than tab and line ends (ESC starts a terminal
 * command). The data itself is escaped already; these are written as `\u202e`.
 */
const ACTIVE =
  // deno-lint-ignore no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function inert(line: string): string {
  return line.replace(ACTIVE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The sentence of `ev`, by its kind, and `key=value` for each field it does not say. */
function describe<K extends EventKind>(
  kind: K,
  ev: EventOf<K>,
  sentences: Sentences,
  encoding: string,
): { said: Said; unsaid: string[] } {
  const sentence = (sentences[kind] ?? SENTENCES[kind]) as Sentence<EventOf<K>>;
  const told = sentence.say(ev, encoding);
  if (sentence.says === "all") return { said: told, unsaid: [] };
  const says = saysOf(sentence);
  const unsaid: string[] = [];
  for (const [k, v] of Object.entries(ev)) {
    if (v === undefined || NEVER_LEFT.has(k) || says.has(k)) continue;
    unsaid.push(`${k}=${typeof v === "object" ? JSON.stringify(v) : v}`);
  }
  return { said: told, unsaid };
}

/** The fields each sentence says, as a set: made once per sentence, not once per line. */
const SAYS = new WeakMap<object, ReadonlySet<PropertyKey>>();

function saysOf(sentence: Sentence<never>): ReadonlySet<PropertyKey> {
  let says = SAYS.get(sentence);
  if (!says) SAYS.set(sentence, says = new Set<PropertyKey>(sentence.says));
  return says;
}

/** `…, JSON header {"a":1}`: the header json framing carried the message with. */
function withHeader(line: Said, header: Record<string, unknown> | undefined): Said {
  return header === undefined ? line : said("line.header", { line, header: headerText(header) });
}

/** `…, member of group 239.1.2.3 on eth0`: the group a UDP server joined. */
function inGroup(line: Said, ev: EventOf<"listening">): Said {
  if (ev.group === undefined) return line;
  const { group, iface } = ev;
  const on = iface === undefined || iface === "default"
    ? said("group.on_default", { group })
    : said("group.on", { group, iface });
  return said("line.member", { line, group: on });
}

/** `…; TLSv1.3 TLS_AES_256_GCM_SHA384, certificate not verified (--insecure)`: what TLS agreed. */
function withTls(line: Said, tls: EventOf<"connected">["tls"]): Said {
  if (tls === undefined) return line;
  const parts: Said[] = [];
  if (tls.protocol !== undefined) {
    parts.push(said("tls.agreed", { protocol: tls.protocol, cipher: tls.cipher ?? "" }));
  }
  if (tls.verified === false) parts.push(said("tls.unverified"));
  else if (tls.servername !== undefined) {
    parts.push(said("tls.verified", { name: tls.servername }));
  }
  if (tls.alpn !== null) parts.push(said("tls.alpn", { alpn: tls.alpn }));
  return parts.length === 0 ? line : said("line.with", { line, then: listOf(parts) });
}

/** `tcp://HOST:PORT`, spelled as endpoints are typed (unix:PATH for a socket). */
function where(ev: EventOf<"listening">): string {
  const { address, transport } = ev;
  return transport === undefined
    ? address
    : `${transport === "unix" ? "unix:" : `${transport}://`}${address}`;
}

/** `Listening on tcp://HOST:PORT`; without a transport, the event's own words when it has them. */
export function listeningOn(ev: EventOf<"listening">): Said {
  const on = said("ev.listening", { where: where(ev) });
  return ev.transport === undefined ? told(ev) ?? on : on;
}

function sent(ev: EventOf<"sent">, encoding: string): Said {
  const wire = ev.wire_bytes;
  if (ev.file === undefined) {
    let line = together(ev, said("line.sent", { content: contentOf(ev, encoding) }));
    if (ev.rule !== undefined) line = said("line.by_rule", { line, rule: ev.rule });
    return wire === undefined || wire === eventData(ev)?.length
      ? line
      : said("line.on_wire", { line, wire });
  }
  const total = ev.total_size ?? 0;
  const done = ev.sent_bytes ?? total;
  const line = done < total
    ? said("line.sent_file_part", {
      file: ev.file,
      done: String(done),
      total: exactBytes(total),
    })
    : said("line.sent_file", { file: ev.file, total: exactBytes(total) });
  return wire === undefined || wire === done ? line : said("line.file_on_wire", { line, wire });
}

/** `… in write #1 with 1 other message`: the write --coalesce (or demo nagle) sent a message in. */
function together(ev: EventOf<"sent">, line: Said): Said {
  if (ev.coalesced === undefined) return line;
  const others = ev.coalesced - 1;
  const write = ev.write ?? "?";
  return others === 0
    ? said("line.sent_alone", { line, write })
    : said("line.sent_with", { line, write, others });
}

/** `10 B "helloworld"`, or `65536 B` for a read reported by size only. */
function contentOf(ev: EventOf<"read" | "frame" | "sent">, encoding: string): string {
  const data = eventData(ev);
  if (data) return `${data.length} B ${escapeBytes(data, encoding)}`;
  return ev.bytes === undefined ? "" : `${ev.bytes} B`;
}

/** `received 10 B in 1 read (1 frame), sent 10 B in 2 sends`, from the peer counters. */
export function traffic(c: Partial<Counted>): Said {
  const reads = c.reads ?? 0;
  const frames = c.frames ?? 0;
  const sends = c.sends ?? 0;
  const bytes_in = exactBytes(c.bytes_in ?? 0);
  const bytes_out = exactBytes(c.bytes_out ?? 0);
  // No frames: streamed files (save), or a malformed stream (its error says so). As many
  // frames as reads: raw framing, where "64 frames" would read as 64 messages.
  return frames > 0 && frames !== reads
    ? said("line.traffic_frames", { bytes_in, reads, frames, bytes_out, sends })
    : said("line.traffic", { bytes_in, reads, bytes_out, sends });
}

/** The counters of a whole run, in words; a demo phase's figures follow as key=value. */
function stats(ev: EventOf<"stats">): Said {
  switch (ev.kind) {
    case "serve": {
      const { connections, refused, errors } = ev;
      const line = refused > 0
        ? said("line.stats_serve_refused", { connections, refused, errors, traffic: traffic(ev) })
        : said("line.stats_serve", { connections, errors, traffic: traffic(ev) });
      return withRuleHits(line, ev.rules);
    }
    case "serve_udp":
      return withRuleHits(
        said("line.stats_udp", { peers: ev.peers, errors: ev.errors, traffic: traffic(ev) }),
        ev.rules,
      );
    case "connect":
      return withRuleHits(said("line.stats_connect", { traffic: traffic(ev) }), ev.rules);
    case "web":
      return said("line.stats_web", { sessions: ev.sessions });
    case "relay":
    case "relay_udp":
    case "demo":
      return said("line.stats");
  }
}

/** `…; rule 1 answered 3 times, rule 2 answered 0 times`: the reply rules' hits. */
function withRuleHits(line: Said, rules: RuleHits[] | undefined): Said {
  if (!rules?.length) return line;
  const hits = rules.map((r) => said("line.rule_hits", { rule: r.rule, hits: r.hits }));
  return said("line.with", { line, then: listOf(hits) });
}

/** `a, b, c` in the language's way of listing (a Chinese list takes its own comma). */
export function listOf(items: Said[]): Said {
  return items.reduceRight((rest, first) => said("line.list", { first, rest }));
}

function clock(d: Date): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${
    pad(d.getMilliseconds(), 3)
  }`;
}
