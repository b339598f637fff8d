/** What a connection needs to know to read, decode, encode and report. */
import { type Emit, shows } from "../events/types.ts";
import type { Frame, Framing, JsonHeader, Prefix } from "../framing/types.ts";
import type { LivePeers, PeerCounters, SendNote } from "./peer.ts";
import { type Checksum, mismatchHint } from "../checksum/mod.ts";
import { headerAsWritten } from "../framing/mod.ts";
import { type Said, said, saying } from "../i18n/say.ts";

export type { PeerCounters };

export interface PeerOptions {
  recvFraming: Framing;
  sendFraming: Framing;
  prefix: Prefix;
  maxFrame: number;
  /** Line framing writes `\r\n`. Default false. */
  crlf?: boolean;
  maxHeader: number;
  /** json: a header without total_size is a bodiless message (check's replies). Default false. */
  bodilessHeaders?: boolean;
  readSize: number;
  readDelay: number;
  emit: Emit;
  /** Show `sent` events only with -v (servers); clients show them always. */
  sentIsDetail?: boolean;
  /** ms: hold what is sent within this window and write it as one segment (streams; connect --coalesce). */
  coalesce?: number;
  /** Where each connection is kept while it lives, for the web page to send to. Default: nowhere. */
  live?: LivePeers;
  /** --checksum: appended to every message sent, verified on every one received. Default: none. */
  checksum?: Checksum;
  /**
   * A client's: TLS bytes from the peer of a plain connection end it (a TLS server's alert is no
   * reply). A server says so and goes on as any server would (an echo server sends the ClientHello
   * back, which is how a TLS client knows it reached a plain echo server). Default false.
   */
  endOnTls?: boolean;
}

/** The write that carried a message, when --coalesce grouped messages into writes. */
export interface SentWrite {
  /** The write's number on this connection, from 1. */
  write: number;
  /** How many messages left in that write. */
  coalesced: number;
}

/** Every counter at zero. */
export function newCounters(): PeerCounters {
  return { reads: 0, frames: 0, bytes_in: 0, bytes_out: 0, sends: 0 };
}

/** Adds one connection's counters into a total. */
export function addCounters(into: PeerCounters, from: PeerCounters): void {
  for (const k of Object.keys(from) as (keyof PeerCounters)[]) into[k] += from[k];
}

/** Shows the `sent` event of one message written to `peer`, the same for every transport. */
export function emitSent(
  opts: PeerOptions,
  peer: string,
  payload: Uint8Array,
  wireBytes: number,
  header?: JsonHeader,
  more?: Partial<SentWrite> & SendNote,
): void {
  // A server's own replies are detail (the frame says it already); a reply rule's answer is not,
  // nor a line typed at the server (nothing else says it went, and to whom).
  const { typed, ...fields } = more ?? {};
  const level = opts.sentIsDetail && fields.rule === undefined && !typed ? "detail" : undefined;
  if (!shows(opts.emit, "sent", level)) return;
  opts.emit({
    event: "sent",
    peer,
    data: payload,
    wire_bytes: wireBytes,
    ...(header ? { header: sentHeader(opts, header, payload) } : {}),
    ...fields,
    ...(level ? { level } : {}),
  });
}

/**
 * The header a `sent` event shows: with json framing, a header that names `total_size` or `md5`
 * (an echo's, the peer's) is shown with the values written in their place, not the peer's.
 */
function sentHeader(opts: PeerOptions, header: JsonHeader, payload: Uint8Array): JsonHeader {
  if (opts.sendFraming !== "json" || !("md5" in header || "total_size" in header)) return header;
  return headerAsWritten(header, payload);
}

/** The message as sent: with its checksum after it, when there is one. */
export function withChecksum(opts: PeerOptions, payload: Uint8Array): Uint8Array {
  return opts.checksum ? opts.checksum.append(payload) : payload;
}

/**
 * The frame as behaviours and rules see it: without its checksum, which is
 * verified first; a mismatch is a `checksum` warning with both values, and
 * the message goes on (it was shown whole by its `frame` event).
 */
export function checkedFrame(opts: PeerOptions, peer: string, n: number, frame: Frame): Frame {
  const checksum = opts.checksum;
  if (!checksum) return frame;
  const verdict = checksum.verify(frame.payload);
  if (!verdict.ok) {
    const { size } = checksum.algorithm;
    opts.emit({
      event: "checksum",
      peer,
      frame: n,
      checksum: checksum.name,
      expected: verdict.expected,
      got: verdict.got,
      ...saying(
        verdict.got === ""
          ? said("note.checksum_short", {
            n,
            bytes: frame.payload.length,
            size,
            checksum: checksum.name,
          })
          : wrongChecksum(checksum, n, verdict.body, verdict.got, verdict.expected),
      ),
    });
  }
  return { ...frame, payload: verdict.body };
}

/** A checksum that is not the message's, with why when the bytes tell (the other byte order…). */
function wrongChecksum(
  checksum: Checksum,
  n: number,
  body: Uint8Array,
  got: string,
  expected: string,
): Said {
  const vars = { n, got, checksum: checksum.name, expected };
  const hint = mismatchHint(checksum, body, got);
  return hint
    ? said("note.checksum_wrong_hint", { ...vars, hint })
    : said("note.checksum_wrong", vars);
}

/**
 * Shows the `frame` event of frame number `n`, completed by read number
 * `read` and begun in read number `firstRead` (a datagram: the same read).
 */
export function emitFrame(
  opts: PeerOptions,
  peer: string,
  n: number,
  read: number,
  frame: Frame,
  firstRead = read,
): void {
  // A raw frame is the read itself: shown in text only with -v.
  const level = opts.recvFraming === "raw" ? "detail" : undefined;
  if (!shows(opts.emit, "frame", level)) return;
  opts.emit({
    event: "frame",
    peer,
    frame: n,
    read,
    first_read: firstRead,
    data: frame.payload,
    ...(frame.header ? { header: frame.header } : {}),
    ...(level ? { level } : {}),
  });
}
