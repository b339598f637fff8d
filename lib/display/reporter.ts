/**
 * The reporter: turns events into output. Text and hex put data events on
 * stdout and lifecycle on stderr (as nc does); json puts every event on
 * stdout, one object per line.
 */
import { decodeText, hexDump } from "./escape.ts";
import type { Emit, FcEvent } from "./events.ts";
import type { Prompt } from "./prompt.ts";
import { formatText } from "./text_line.ts";

export { formatText };

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
  /** The interactive prompt, erased before each line and drawn again after. */
  prompt?: Prompt;
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
  const prompt = opts.prompt;
  const show = (w: Writer, text: string) =>
    prompt ? prompt.around(() => writeAll(w, text)) : writeAll(w, text);
  return (ev: FcEvent) => {
    if (opts.quiet && !QUIET_KEEPS.has(ev.event)) return;
    if (output === "json") {
      show(out, JSON.stringify(toJson(ev, encoding)) + "\n");
      return;
    }
    if (ev.level === "detail" && !opts.verbose) return;
    let line = formatText(ev, encoding);
    if (output === "hex" && ev.data && ev.data.length > 0) {
      line += "\n" + hexDump(ev.data);
    }
    show(DATA_EVENTS.has(ev.event) ? out : err, line + "\n");
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
