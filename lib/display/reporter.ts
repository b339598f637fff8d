/**
 * The reporter: turns events into output. Text and hex put data events on
 * stdout and lifecycle on stderr (as nc does); json puts every event on
 * stdout, one object per line; raw puts only the received messages' bytes on
 * stdout (so framecat pipes like nc) and lifecycle on stderr.
 */
import { hexDump } from "./escape.ts";
import { base64Bytes, base64Pieces, type LinePart, ndjsonLine, toJson } from "./ndjson.ts";
import { type Emit, eventData, type EventKind, type FcEvent } from "../events/types.ts";
import { type Output, writeAllSync, type Writer } from "./output.ts";
import type { Prompt } from "./prompt.ts";
import type { Framing } from "../framing/types.ts";
import { formatText, type Sentences } from "./text_line.ts";
import { currentSession } from "../session.ts";

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
  /** Where data goes. Default stdout. */
  out?: Writer;
  /** Where lifecycle goes in text/hex. Default stderr. */
  err?: Writer;
  /** Framing of what is read: in `raw` output a line gets its `\n` back. Default `raw`. */
  recvFraming?: Framing;
  /** The interactive prompt, erased before each line and drawn again after. */
  prompt?: Prompt;
  /**
   * Format and write after the I/O that caused the event (servers, clients,
   * the relay): showing a read then never delays the reply to it. Call
   * {@linkcode flushOutput} before exiting. Default false (written at once).
   */
  deferred?: boolean;
  /** The command's own sentences for text and hex (the relay's), by event kind. */
  sentences?: Sentences;
}

/** Events that carry what peers said: shown on stdout in text mode. */
const DATA_EVENTS = new Set(["read", "frame", "sent"]);
/** Events -q keeps. */
const QUIET_KEEPS = new Set(["listening", "read", "frame", "error", "stats", "report"]);
/** Events -q keeps in raw output: the data, and what went wrong. */
const RAW_QUIET_KEEPS = new Set(["frame", "error"]);

const encoder = new TextEncoder();

/** What to do when our reader goes away (`framecat … | head`); main.ts ends the program. */
let outputClosed: () => void = () => {};

/** Sets what happens when stdout or stderr is closed under us (a broken pipe). */
export function onOutputClosed(handler: () => void): void {
  outputClosed = handler;
}

function writeBytes(w: Writer, bytes: Uint8Array): void {
  try {
    writeAllSync(w, bytes);
  } catch (err) {
    if (!(err instanceof Deno.errors.BrokenPipe)) throw err;
    outputClosed();
  }
}

/** Output waiting to be formatted and written, in event order. */
const pending: Array<() => void> = [];
/** Past this many waiting events, output is written at once: a bound on what it holds. */
const MAX_PENDING = 1024;
let flushTimer: ReturnType<typeof setTimeout> | undefined;
/** The batches of the reporters, written at the end of each flush. */
const batches = new Set<Batch>();

/** Writes all deferred output now (main.ts calls it before exiting). */
export function flushOutput(): void {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  pendingBytes = 0;
  for (const job of pending.splice(0)) job();
  for (const batch of batches) batch.write();
}

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
  #to?: Writer;
  #buffer?: Uint8Array;
  #used = 0;

  constructor(readonly prompt?: Prompt) {}

  add(to: Writer, parts: LinePart[]): void {
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

  #addBytes(to: Writer, buffer: Uint8Array, bytes: Uint8Array): void {
    if (bytes.length > BATCH_BYTES - this.#used) this.write();
    if (bytes.length > BATCH_BYTES) return this.#show(to, bytes);
    buffer.set(bytes, this.#used);
    this.#used += bytes.length;
  }

  #addBase64(to: Writer, buffer: Uint8Array, data: Uint8Array): void {
    const bytes = base64Bytes(data);
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

  #show(to: Writer, bytes: Uint8Array): void {
    if (this.prompt) this.prompt.around(() => writeBytes(to, bytes));
    else writeBytes(to, bytes);
  }
}

/** Data the waiting events carry: past this much, output is written at once (a bound too). */
const MAX_PENDING_BYTES = 1 << 20;
let pendingBytes = 0;

function defer(job: () => void, bytes: number): void {
  pending.push(job);
  pendingBytes += bytes;
  if (pending.length >= MAX_PENDING || pendingBytes >= MAX_PENDING_BYTES) flushOutput();
  // A timer, not a microtask: it runs after the event loop has polled the socket writes.
  else flushTimer ??= setTimeout(flushOutput, 0);
}

/** Builds the Emit function that shows events as the options ask, and feeds the web page's session. */
export function createReporter(opts: ReporterOptions = {}): Emit {
  const session = currentSession();
  if (session && !session.terminal) return session.emit;
  const show = showEvents(opts);
  if (!session) return show;
  return (ev) => {
    session.emit(ev);
    show(ev);
  };
}

function showEvents(opts: ReporterOptions): Emit {
  const output = opts.output ?? "text";
  const encoding = opts.encoding ?? "utf-8";
  const out = opts.out ?? Deno.stdout;
  const err = opts.err ?? Deno.stderr;
  const batch = new Batch(opts.prompt);
  if (opts.deferred) batches.add(batch);
  const text = (ev: FcEvent, at: Date) => formatText(ev, encoding, at, opts.sentences) + "\n";
  const newline = opts.recvFraming === "line" ? ["\n"] : [];
  const format = (ev: FcEvent, at: Date) => {
    if (output === "raw") {
      if (ev.event !== "frame") return batch.add(err, [text(ev, at)]);
      if (ev.data) batch.add(out, [ev.data, ...newline]);
      return;
    }
    if (output === "json") return batch.add(out, ndjsonLine(ev, encoding, at));
    let line = formatText(ev, encoding, at, opts.sentences);
    const data = eventData(ev);
    if (output === "hex" && data && data.length > 0) line += "\n" + hexDump(data);
    batch.add(DATA_EVENTS.has(ev.event) ? out : err, [line + "\n"]);
  };
  const shown = shownBy(opts);
  const emit = (ev: FcEvent) => {
    if (!shown(ev.event, ev.level)) return;
    const at = new Date();
    if (opts.deferred) return defer(() => format(ev, at), eventData(ev)?.length ?? 0);
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
