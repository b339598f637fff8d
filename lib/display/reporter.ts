/**
 * The reporter: turns events into output. Text and hex put data events on
 * stdout and lifecycle on stderr (as nc does); json puts every event on
 * stdout, one object per line; raw puts only the received messages' bytes on
 * stdout (so framecat pipes like nc) and lifecycle on stderr.
 */
import { hexDump } from "./escape.ts";
import { base64Pieces, type LinePart, NdjsonLines, toJson } from "./ndjson.ts";
import { type Emit, eventData, type EventKind, type FcEvent } from "../events/types.ts";
import type { Output } from "./output.ts";
import type { Screen, Terminal } from "./terminal.ts";
import type { Prompt } from "./prompt.ts";
import type { Framing } from "../framing/types.ts";
import { formatText, type Sentences } from "./text_line.ts";
import type { Lang } from "../i18n/say.ts";

export { formatText, toJson };

export interface ReporterOptions {
  /** How events are shown. Default `text`. */
  output?: Output;
  /** WHATWG label used to show data as text. Default `utf-8`. */
  encoding?: string;
  /** -q: only data, errors and the final stats. Default false. */
  quiet?: boolean;
  /** -v: also `detail` events. Default false. */
  verbose?: boolean;
  /** Framing of what is read: in `raw` output a line gets its `\n` back. Default `raw`. */
  recvFraming?: Framing;
  /** The interactive prompt, erased before each line and drawn again after. */
  prompt?: Prompt;
  /**
   * Format and write after the I/O that caused the event (servers, clients,
   * the relay): showing a read then never delays the reply to it. The
   * terminal's flush() writes it before exiting. Default false (written at once).
   */
  deferred?: boolean;
  /** The command's own sentences for text and hex (the relay's), by event kind. */
  sentences?: Sentences;
}

/** Events that carry what peers said: shown on stdout in text mode. */
const DATA_EVENTS = new Set(["read", "frame", "sent"]);
/** Events -q keeps. */
const QUIET_KEEPS = new Set([
  "listening",
  "read",
  "frame",
  "sent",
  "error",
  "stats",
  "report",
  "checksum",
]);
/** Events -q keeps in raw output: the data, and what went wrong. */
const RAW_QUIET_KEEPS = new Set(["frame", "error", "checksum"]);

const encoder = new TextEncoder();

/** Lines are gathered into this much before a write: one system call for many events. */
const BATCH_BYTES = 512 * 1024;

/**
 * Output for one writer, written in few writes: a flood of events costs one
 * system call per half MiB of output, not one per event or per part. Text
 * parts are encoded straight into the buffer (no byte array of their own);
 * a part larger than the whole buffer is written as it is. Output for the
 * other writer writes the batch first, so stdout and stderr keep the
 * events' order.
 */
class Batch {
  #to?: Screen;
  #buffer?: Uint8Array;
  #used = 0;

  constructor(
    readonly terminal: Terminal,
    readonly ndjson: NdjsonLines,
    readonly prompt?: Prompt,
  ) {}

  add(to: Screen, parts: LinePart[]): void {
    if (to !== this.#to) this.write();
    this.#to = to;
    // Allocated at the first line: many reporters never write one.
    const buffer = this.#buffer ??= new Uint8Array(BATCH_BYTES);
    // Text parts in a row are encoded in one call: each call costs more than the joining.
    let text = "";
    for (const part of parts) {
      if (typeof part === "string") {
        text += part;
        continue;
      }
      this.#addText(buffer, text);
      text = "";
      if (part instanceof Uint8Array) this.#addBytes(to, buffer, part);
      else this.#addBase64(to, buffer, part.base64);
    }
    this.#addText(buffer, text);
  }

  #addBytes(to: Screen, buffer: Uint8Array, bytes: Uint8Array): void {
    if (bytes.length > BATCH_BYTES - this.#used) this.write();
    if (bytes.length > BATCH_BYTES) return this.#show(to, bytes);
    buffer.set(bytes, this.#used);
    this.#used += bytes.length;
  }

  #addBase64(to: Screen, buffer: Uint8Array, data: Uint8Array): void {
    const bytes = this.ndjson.base64Bytes(data);
    if (bytes) return this.#addBytes(to, buffer, bytes);
    for (const piece of base64Pieces(data)) this.#addText(buffer, piece);
  }

  /** Encodes text into the buffer, writing the buffer each time it fills. */
  #addText(buffer: Uint8Array, text: string): void {
    while (text.length > 0) {
      const { read, written } = encoder.encodeInto(text, buffer.subarray(this.#used));
      this.#used += written;
      text = text.slice(read);
      if (text.length > 0) this.write();
    }
  }

  /** Writes what is gathered. */
  write(): void {
    if (!this.#to || !this.#buffer || this.#used === 0) return;
    const bytes = this.#buffer.subarray(0, this.#used);
    this.#used = 0;
    this.#show(this.#to, bytes);
  }

  #show(to: Screen, bytes: Uint8Array): void {
    if (this.prompt) {
      this.prompt.around(() => this.terminal.write(to, bytes), bytes.at(-1) === 0x0a);
    } else this.terminal.write(to, bytes);
  }
}

/** Where a command's events go: its terminal, and whoever watches beside it (the web page). */
export interface ReportTo {
  /** Shows events as the options ask. None: they go to `emit` alone. */
  terminal?: Terminal;
  /** Gets every event too, as `--output json` would print it. */
  emit?: Emit;
  /** The language of the terminal's lines and of NDJSON `message` fields (--lang). Default en. */
  lang?: Lang;
}

/** Builds the Emit function that shows events on the terminal as the options ask, and feeds the watcher. */
export function createReporter(to: ReportTo, opts: ReporterOptions = {}): Emit {
  const watcher = to.emit;
  if (!to.terminal) return watcher ?? Object.assign(() => {}, { shows: () => false });
  const show = showEvents(to.terminal, opts, to.lang ?? "en");
  if (!watcher) return show;
  return (ev) => {
    watcher(ev);
    show(ev);
  };
}

function showEvents(terminal: Terminal, opts: ReporterOptions, lang: Lang): Emit {
  const output = opts.output ?? "text";
  const encoding = opts.encoding ?? "utf-8";
  const out = terminal.stdout;
  const err = terminal.stderr;
  const ndjson = new NdjsonLines(lang);
  const batch = new Batch(terminal, ndjson, opts.prompt);
  if (opts.deferred) terminal.hold(batch);
  const line = (ev: FcEvent, at: Date) => formatText(ev, encoding, at, opts.sentences, lang);
  const newline = opts.recvFraming === "line" ? ["\n"] : [];
  const format = (ev: FcEvent, at: Date) => {
    if (output === "raw") {
      if (ev.event !== "frame") return batch.add(err, [line(ev, at) + "\n"]);
      if (ev.data) batch.add(out, [ev.data, ...newline]);
      return;
    }
    if (output === "json") return batch.add(out, ndjson.line(ev, encoding, at));
    let text = line(ev, at);
    const data = eventData(ev);
    if (output === "hex" && data && data.length > 0) text += "\n" + hexDump(data);
    batch.add(DATA_EVENTS.has(ev.event) ? out : err, [text + "\n"]);
  };
  const shown = shownBy(opts);
  const emit = (ev: FcEvent) => {
    if (!shown(ev.event, ev.level)) return;
    const at = new Date();
    if (opts.deferred) return terminal.defer(() => format(ev, at), eventData(ev)?.length ?? 0);
    format(ev, at);
    batch.write();
  };
  return Object.assign(emit, { shows: shown });
}

/** Which events the options show: -q keeps few, detail needs -v (NDJSON keeps all), raw only frames of the data. */
function shownBy(opts: ReporterOptions): (kind: EventKind, level?: "detail") => boolean {
  const output = opts.output ?? "text";
  const kept = opts.quiet ? (output === "raw" ? RAW_QUIET_KEEPS : QUIET_KEEPS) : undefined;
  return (kind, level) => {
    if (kept && !kept.has(kind)) return false;
    // The messages themselves, each once: reads and sends would repeat or add bytes.
    if (output === "raw" && DATA_EVENTS.has(kind)) return kind === "frame";
    return level !== "detail" || output === "json" || opts.verbose === true;
  };
}
