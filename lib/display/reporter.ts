/**
 * The reporter: turns events into output. Text and hex put data events on
 * stdout and lifecycle on stderr (as nc does); json puts every event on
 * stdout, one object per line.
 */
import { decodeText, escapeBytes, hexDump } from "./escape.ts";
import type { Emit, FcEvent } from "./events.ts";

export const OUTPUTS = ["text", "hex", "json"] as const;
export type Output = typeof OUTPUTS[number];

export interface ReporterOptions {
  /** How events are shown. Default `text`. */
  output?: Output;
  /** WHATWG label used to show data as text. Default `utf-8`. */
  encoding?: string;
  /** -q: only data, errors and the final stats. Default false. */
  quiet?: boolean;
  /** -v: also `detail` events. Default false. */
  verbose?: boolean;
  /** Where data goes. Default stdout. */
  out?: Writer;
  /** Where lifecycle goes in text/hex. Default stderr. */
  err?: Writer;
}

export interface Writer {
  writeSync(p: Uint8Array): number;
}

/** Events that carry what peers said: shown on stdout in text mode. */
const DATA_EVENTS = new Set(["read", "frame", "sent"]);
/** Events -q keeps. */
const QUIET_KEEPS = new Set(["listening", "read", "frame", "error", "stats", "report"]);

const encoder = new TextEncoder();

function writeAll(w: Writer, text: string): void {
  const bytes = encoder.encode(text);
  let off = 0;
  while (off < bytes.length) off += w.writeSync(bytes.subarray(off));
}

/** Builds the Emit function that shows events as the options ask. */
export function createReporter(opts: ReporterOptions = {}): Emit {
  const output = opts.output ?? "text";
  const encoding = opts.encoding ?? "utf-8";
  const out = opts.out ?? Deno.stdout;
  const err = opts.err ?? Deno.stderr;
  return (ev: FcEvent) => {
    if (opts.quiet && !QUIET_KEEPS.has(ev.event)) return;
    if (output === "json") {
      writeAll(out, JSON.stringify(toJson(ev, encoding)) + "\n");
      return;
    }
    if (ev.level === "detail" && !opts.verbose) return;
    let line = formatText(ev, encoding);
    if (output === "hex" && ev.data && ev.data.length > 0) {
      line += "\n" + hexDump(ev.data);
    }
    writeAll(DATA_EVENTS.has(ev.event) ? out : err, line + "\n");
  };
}

/** The NDJSON object of an event: `ts`, `event`, then its fields, data as bytes/base64/text. */
export function toJson(ev: FcEvent, encoding: string): Record<string, unknown> {
  const { event, data, level: _level, ...fields } = ev;
  const obj: Record<string, unknown> = {
    ts: new Date().toISOString(),
    event,
    ...fields,
  };
  if (data) {
    obj.bytes = data.length;
    obj.base64 = data.toBase64();
    const text = decodeText(data, encoding);
    if (text !== undefined) obj.text = text;
  }
  return obj;
}

function clock(): string {
  const d = new Date();
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${
    pad(d.getMilliseconds(), 3)
  }`;
}

/** Fields already shown in a text line, or internal. */
const SHOWN = new Set([
  "event",
  "peer",
  "data",
  "message",
  "level",
  "read",
  "frame",
]);
/** Events whose message says it all: their kind and address fields are not repeated. */
const SELF_DESCRIBED = new Set(["listening", "info"]);
const ADDRESS_FIELDS = new Set(["address", "port", "transport"]);

/** One readable line: time, peer, kind and number, size, escaped content, other fields. */
export function formatText(ev: FcEvent, encoding: string): string {
  const parts = [clock()];
  if (ev.peer) parts.push(ev.peer);
  const selfDescribed = SELF_DESCRIBED.has(ev.event) && ev.message !== undefined;
  let kind: string = selfDescribed ? "" : ev.event;
  if (ev.event === "read" && ev.read !== undefined) kind += ` #${ev.read}`;
  if (ev.event === "frame" && ev.frame !== undefined) kind += ` #${ev.frame}`;
  if (kind) parts.push(kind);
  if (ev.data) {
    parts.push(`${ev.data.length} B`, escapeBytes(ev.data, encoding));
  }
  if (ev.event === "frame" && ev.read !== undefined) {
    parts.push(`(completed by read #${ev.read})`);
  }
  if (ev.message) parts.push(ev.message);
  for (const [k, v] of Object.entries(ev)) {
    if (SHOWN.has(k) || v === undefined) continue;
    if (selfDescribed && ADDRESS_FIELDS.has(k)) continue;
    if (k === "truncated" && v === false) continue;
    parts.push(`${k}=${typeof v === "object" ? JSON.stringify(v) : v}`);
  }
  return parts.join(" ");
}
