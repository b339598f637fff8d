/**
 * connect --send-file: a file as one message, streamed from disk (never read
 * whole into memory). With `json` framing the header carries `file_name`,
 * `total_size` and `md5` (a first pass over the file computes it) plus the
 * --header fields, and the server's JSON acknowledgement decides the exit
 * code; `len` writes the prefix then the file; `raw` the bytes as they are;
 * `line` the bytes and a final newline if the file lacks one.
 */
import { createHash } from "node:crypto";
import { basename } from "node:path";
import { readableBytes } from "../display/size.ts";
import type { Peer } from "../transport/peer.ts";
import type { Emit } from "../events/types.ts";
import { MalformedReply, NetworkError, saidOf, Unanswered, UsageError } from "../errors.ts";
import { encodeJsonHeader, encodePrefix, type Frame, type JsonHeader } from "../framing/mod.ts";
import type { ConnectOptions } from "../options/types.ts";
import type { Progress } from "../traffic/progress.ts";
import { MAX_DATAGRAM } from "../transport/datagram.ts";
import { isPeerGone, writeAll } from "../transport/stream.ts";
import { StreamPeer, type StreamResult } from "../transport/stream_peer.ts";
import { type Acknowledgement, acknowledgement } from "../framing/acknowledgement.ts";
import { escapeBytes } from "../display/escape.ts";
import { type Said, said, sayIn, saying } from "../i18n/say.ts";
import { displayWidth } from "../display/width.ts";

/** Bytes read from the file at a time (one buffer, reused). */
const CHUNK = 256 * 1024;
/** How long to wait for the server's acknowledgement when --wait does not say. */
const ACK_WAIT_MS = 10_000;
const LF = 0x0a;
/** How much of a reply that is no acknowledgement is quoted, in characters. */
const QUOTED = 48;

/** One --send-file: sends it, then reads the server's acknowledgement (json over a stream). */
export class FileTransfer {
  readonly #path: string;
  readonly #emit: Emit;
  readonly #o: ConnectOptions;
  readonly #progress: Progress;
  /** The server's acknowledgement; sending stops at once when it is a refusal. */
  #reply?: Required<Acknowledgement>;
  /** What the server's first reply was, when it was no acknowledgement. */
  #other?: Said;
  /** The header sent (json), to know it when the server sends it back. */
  #header?: JsonHeader;
  readonly #size: number;
  readonly #name: string;
  #sent = 0;
  /** The user stopped it: no more is read from the file, or sent. */
  #stopped = false;

  /**
   * `emit` must clear `progress` before each event (Progress.wrap).
   * @throws {UsageError} when the file cannot be read (checked before connecting)
   */
  constructor(o: ConnectOptions, emit: Emit, progress: Progress) {
    this.#o = o;
    this.#path = o.sendFile!;
    this.#emit = emit;
    this.#progress = progress;
    this.#size = fileSize(this.#path);
    if (o.endpoint.transport === "udp" && this.#size > MAX_DATAGRAM) {
      throw new UsageError(
        said("send_file.udp", { path: this.#path, size: this.#size, max: MAX_DATAGRAM }),
      );
    }
    const named = o.headers.file_name;
    this.#name = typeof named === "string" ? named : basename(this.#path);
  }

  /** Whether the server answers the file (json over TCP or unix): then one reply is awaited. */
  get #acknowledged(): boolean {
    return this.#o.sendFraming === "json" && this.#o.endpoint.transport !== "udp";
  }

  /** Replies to wait for: the acknowledgement. */
  get expect(): number | undefined {
    return this.#acknowledged ? 1 : undefined;
  }

  /** How long to wait for it. */
  get wait(): number | undefined {
    return this.#acknowledged ? ACK_WAIT_MS : undefined;
  }

  /**
   * A message from the server: the first one is the acknowledgement, when it says `ok` (true
   * or false); a first reply that does not (our upload echoed, a text) is kept to be said.
   */
  reply(frame: Frame): void {
    if (!this.#acknowledged || this.#reply || this.#other) return;
    const ack = acknowledgement(frame);
    // A refusal that does not say why is quoted.
    if (ack) this.#reply = { ok: ack.ok, error: ack.error ?? this.#quote(frame) };
    else this.#other = this.#instead(frame);
  }

  /** Ctrl-C (or the page's Stop): the passes over the file end at their next chunk. */
  stop(): void {
    this.#stopped = true;
  }

  /** Sends the file to `peer`. */
  async send(peer: Peer): Promise<void> {
    if (peer instanceof StreamPeer) await this.#stream(peer, this.#size);
    else await this.#datagram(peer, this.#size);
  }

  /**
   * The outcome, after the wait: an `info` event on success. `stopped`: the user stopped it
   * (Ctrl-C, the page's Stop), so a file cut short is said to be theirs, not the connection's.
   * `ended`: how the connection ended (a stream's), to say why no acknowledgement came.
   * @throws {NetworkError} when the server refused the file, it was not all sent, or the
   *   connection was reset before an acknowledgement
   * @throws {MalformedReply} when what came back was a malformed frame
   * @throws {Unanswered} when no acknowledgement came
   */
  check(stopped = false, ended?: StreamResult): void {
    const reply = this.#reply;
    const shown = JSON.stringify(this.#name);
    if (reply && !reply.ok) {
      throw new NetworkError(said("send_file.refused", { name: shown, error: reply.error }));
    }
    if (this.#sent < this.#size) {
      const sent = { name: shown, sent: this.#sent, size: this.#size };
      throw new NetworkError(said(stopped ? "send_file.stopped" : "send_file.cut", sent));
    }
    if (!this.#acknowledged) return;
    // Sent is not saved: a receiver that says nothing, or something else, may have dropped it.
    if (!reply) throw this.#unacknowledged(ended, stopped);
    this.#emit({
      event: "info",
      kind: "sent_file",
      ...saying(said("send_file.saved", { name: shown, size: this.#size })),
      file_name: this.#name,
      total_size: this.#size,
      acknowledged: true,
    });
  }

  /** Why no acknowledgement came: what came instead, how the connection ended, or a stop. */
  #unacknowledged(ended?: StreamResult, stopped = false): Error {
    const file = { file: this.#name, size: this.#size };
    if (this.#other) {
      return new Unanswered(said("error.ack_other", { ...file, what: this.#other }));
    }
    // Ctrl-C while it waited: the wait did not run out, it was cut short.
    if (stopped) return new Unanswered(said("error.ack_stopped", file));
    if (ended?.frameError) return new MalformedReply(said("error.ack_malformed", file));
    if (ended?.reason === "eof") return new Unanswered(said("error.ack_closed", file));
    if (ended?.reason === "reset") {
      return new NetworkError(said("error.ack_reset", file), said("hint.reset"));
    }
    const seconds = (this.#o.wait ?? ACK_WAIT_MS) / 1000;
    return new Unanswered(said("error.no_ack", { ...file, seconds }));
  }

  /** What a reply that is no acknowledgement was: our upload sent back, or what it says. */
  #instead(frame: Frame): Said {
    const sent = this.#header;
    const echoed = sent !== undefined && frame.header !== undefined &&
      (["file_name", "total_size", "md5"] as const).every((k) => frame.header![k] === sent[k]);
    if (echoed) return said("ack.echo");
    return said("ack.answered", { reply: this.#quote(frame) });
  }

  /** A reply as it is quoted: a header alone (no total_size) as its JSON, else its body. */
  #quote(frame: Frame): string {
    const bytes = frame.header && frame.payload.length === 0
      ? new TextEncoder().encode(JSON.stringify(frame.header))
      : frame.payload;
    return escapeBytes(bytes, this.#o.encoding, QUOTED);
  }

  async #stream(peer: StreamPeer, size: number): Promise<void> {
    const o = this.#o;
    let header: JsonHeader | undefined;
    let head: Uint8Array = new Uint8Array(0);
    if (o.sendFraming === "json") {
      const md5 = await fileMd5(
        this.#path,
        size,
        progressBar(this.#progress, said("send_file.md5")),
        () => this.#stopped,
      );
      // Stopped while hashing: nothing was sent, and nothing will be.
      if (this.#stopped) return;
      // The other --header fields follow ours (--header file_name=NAME renames the file).
      header = { file_name: this.#name, total_size: size, md5, ...o.headers };
      this.#header = header;
      head = encodeJsonHeader(header, size, o.prefix);
    } else if (o.sendFraming === "len") {
      head = lengthPrefix(o, size);
    }
    // Counted write by write, not chunk by chunk: a Ctrl-C (or a peer gone) in the middle of a
    // chunk leaves part of it sent, and the count says what the peer may have got.
    const write = (bytes: Uint8Array, file = false) =>
      writeAll(peer.conn, bytes, (n) => {
        peer.counters.bytes_out += n;
        if (file) this.#sent += n;
      });
    let last = -1;
    // The file is one send from its first byte: a connection closed midway has made one.
    peer.counters.sends++;
    try {
      await write(head);
      await readFile(
        this.#path,
        size,
        progressBar(this.#progress, said("send_file.send")),
        async (bytes) => {
          if (this.#reply?.ok === false || this.#stopped) return false;
          await write(bytes, true);
          last = bytes.at(-1)!;
          return true;
        },
      );
      if (o.sendFraming === "line" && last !== LF && this.#sent === size) {
        await write(Uint8Array.of(LF));
      }
    } catch (err) {
      // The server closed: its reply (or the connection's end) will say why.
      if (!isPeerGone(err)) throw err;
    }
    this.#emit({
      event: "sent",
      peer: peer.name,
      file: this.#path,
      total_size: size,
      sent_bytes: this.#sent,
      wire_bytes: peer.counters.bytes_out,
      ...(header ? { header } : {}),
    });
  }

  /** Over UDP the file is one datagram: small (checked at the start), so read at once. */
  async #datagram(peer: Peer, size: number): Promise<void> {
    const bytes = await Deno.readFile(this.#path);
    await peer.send(bytes, { file_name: this.#name, ...this.#o.headers });
    this.#sent = size;
  }
}

/** The size of the regular file at `path`. */
function fileSize(path: string): number {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch (err) {
    throw new UsageError(said("send_file.read", { path, error: saidOf(err) }));
  }
  if (!info.isFile) throw new UsageError(said("send_file.not_file", { path }));
  return info.size;
}

function lengthPrefix(o: ConnectOptions, size: number): Uint8Array {
  try {
    return encodePrefix(o.prefix, size);
  } catch {
    throw new UsageError(
      said("send_file.prefix", { path: o.sendFile ?? "", size, prefix: o.prefix }),
    );
  }
}

/** The md5 of the first `size` bytes of the file, read in chunks, until `stopped()`. */
async function fileMd5(
  path: string,
  size: number,
  progress: PassProgress,
  stopped: () => boolean,
): Promise<string> {
  const hash = createHash("md5");
  await readFile(path, size, progress, (bytes) => {
    hash.update(bytes);
    return !stopped();
  });
  return hash.digest("hex");
}

/**
 * Passes the first `size` bytes of the file to `use`, chunk by chunk (views of
 * one buffer, valid until `use` resolves); stops early when `use` says false.
 */
async function readFile(
  path: string,
  size: number,
  progress: PassProgress,
  use: (bytes: Uint8Array) => boolean | Promise<boolean>,
): Promise<void> {
  using file = await Deno.open(path);
  const buf = new Uint8Array(CHUNK);
  let done = 0;
  try {
    while (done < size) {
      const n = await file.read(buf.subarray(0, Math.min(CHUNK, size - done)));
      if (n === null) {
        throw new UsageError(said("send_file.shrank", { path }));
      }
      if (!await use(buf.subarray(0, n))) return;
      done += n;
      progress(done, size);
    }
  } finally {
    progress(done, size, true);
  }
}

/** Shows how far a pass over the file got; `last` clears it. */
type PassProgress = (done: number, total: number, last?: boolean) => void;

/** The widest bar, in columns; a narrower pane gets a shorter one. */
const BAR_COLUMNS = 30;
/** A bar shorter than this says nothing a percentage does not: the line goes without one. */
const BAR_MIN = 5;

/**
 * A one-line progress bar on stderr (drawn only when stderr is a terminal, and not with -q).
 * The line fits the pane (a tmux split, a phone's terminal): a line that wraps cannot be redrawn
 * in place, so the bar shrinks to the room left, and goes when too little is left.
 */
function progressBar(progress: Progress, label: Said): PassProgress {
  if (!progress.enabled) return () => {};
  return (done, total, last = false) => {
    if (last) return progress.clear();
    const share = total === 0 ? 1 : done / total;
    const percent = (share * 100).toFixed(0).padStart(3);
    const sizes = { done: readableBytes(done), total: readableBytes(total) };
    const line = (bar: string) => said("send_file.progress", { label, bar, percent, ...sizes });
    progress.show(() => {
      // The columns left for the bar: the pane less the rest of the line and its last column.
      const rest = displayWidth(sayIn(progress.lang, line("")));
      const width = Math.min(BAR_COLUMNS, (progress.terminal?.columns() ?? 80) - 1 - rest);
      if (width < BAR_MIN) return said("send_file.progress_short", { label, percent });
      const filled = Math.round(share * width);
      return line("#".repeat(filled) + "-".repeat(width - filled));
    });
  };
}
