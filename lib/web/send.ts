/**
 * POST /api/sessions/ID/send: one message, or a timed series of them (a count,
 * or until stopped), framed as the session frames, to one peer or to all.
 */
import { encodeGiven } from "../notation/text_encoding.ts";
import type { JsonHeader } from "../framing/types.ts";
import { errorMessage, SaidError, UsageError } from "../errors.ts";
import { type Said, said, saying } from "../i18n/say.ts";
import { parseHex } from "../notation/hex.ts";
import type { CountedPeer, Sending } from "../transport/peer.ts";
import { UdpPeer } from "../transport/udp_peer.ts";
import { unescapeText } from "../notation/escapes.ts";
import type { Session } from "./session.ts";
// Timed sending is bounded: at most this many repeats (0: until stopped), at most an hour apart.
import { MAX_COUNT, MAX_INTERVAL_MS } from "../shared/limits.js";

export interface SendRequest {
  /** `HOST:PORT` of one peer; none: every peer. */
  peer?: string;
  text?: string;
  /** `text` holds `\n`, `\xHH`… escapes. */
  escapes?: boolean;
  hex?: string;
  base64?: string;
  /** Extra fields of a json header. */
  header?: JsonHeader;
  /** Repeat the message N times (default 1; 0: until stopped), `interval` ms apart (default 0). */
  count?: number;
  interval?: number;
  /**
   * Answer at once with the timed send's id (202), not when it is done: what
   * the page does, to offer a Stop. A send until stopped always does.
   */
  background?: boolean;
}

/**
 * What POST …/send answers: the messages written, or the id of a timed send still running.
 * A send that the session's stop cut short is refused instead ({@linkcode SendStopped}).
 */
export type SendAnswer = { status: 200; sent: number } | { status: 202; repeat: string };

/**
 * A request the API refuses: 400, or another status (409 when there is no peer to send to, or
 * the session is stopped).
 * What the page can cause is said in its language; what only a script can send is a `text`.
 */
export class SendError extends SaidError {
  constructor(
    sentence: Said,
    readonly status = 400,
    /** More fields of the answer, beside `error` and `said`. */
    readonly fields: Record<string, unknown> = {},
  ) {
    super(sentence);
  }
}

/**
 * A send that did not finish because its session was stopped (DELETE, a restart) while it
 * was sending: a 409, as a send to nobody is, with the messages written before the stop.
 */
export class SendStopped extends SendError {
  constructor(readonly sent: number) {
    super(said("web.send_stopped", { sent }), 409, { sent });
  }
}

/** Sends as asked. */
export async function sendFromPage(session: Session, body: unknown): Promise<SendAnswer> {
  const req = checkRequest(body);
  const payload = payloadOf(req, session.feed.encoding);
  // A session that has ended (stopped, failed, or asked to stop) has nobody to send to: said
  // as that, not as its peers having left.
  if (!session.running || session.stopping) {
    const ended = session.state === "failed" ? "web.session_failed" : "web.session_stopped";
    throw new SendError(said(ended, { id: session.id }), 409);
  }
  // Header fields travel only in a json header: asked of another framing, they are refused (as
  // --header is), not dropped on the way.
  const json = session.sendFraming === "json";
  if (!json && req.header && Object.keys(req.header).length > 0) {
    throw new SendError(said("web.header_json", { framing: session.sendFraming ?? "raw" }));
  }
  const header = json ? req.header : undefined;
  const count = req.count ?? 1;
  // Refused at once: nobody there, a message no datagram holds, or only our own address (each
  // would count as sent).
  const peers = targets(session, req.peer);
  checkDatagrams(peers, payload, header);
  leaveOutOwn(peers);
  const round = async () => {
    // A peer that left since the last round is not there to send to: nothing, not an error.
    const peers = session.running && !session.stopping ? reachable(session, req.peer) : [];
    const sending = await Promise.all(peers.map((p) => sendTo(p, payload, header)));
    const written = Promise.all(sending.map((s) => s.written));
    return { written: written.then((got) => got.filter((w) => w).length) };
  };
  // One message is answered once it is written: with --coalesce, when its window has ended.
  if (count === 1 && !req.background) {
    const sent = await (await round()).written;
    // Written to none: each connection closed under it (or its peer left since it was asked).
    if (sent === 0 && !session.stopping) {
      throw new SendError(said("web.send_unwritten"), 409, { sent });
    }
    return answer(session, sent);
  }
  // A Stop writes at once what --coalesce holds of the timed send.
  const flush = async () => {
    await Promise.all(reachable(session, req.peer).map((p) => p.flush().catch(() => {})));
  };
  let started;
  try {
    started = session.repeats.start(count, req.interval ?? 0, round, flush);
  } catch (err) {
    if (err instanceof UsageError) throw new SendError(err.said, 409);
    throw err;
  }
  if (req.background || count === 0) return { status: 202, repeat: started.id };
  return answer(session, (await started.done).sent);
}

/** The answer of a send that has ended: how many went, unless the session's stop cut it short. */
function answer(session: Session, sent: number): SendAnswer {
  if (session.stopping) throw new SendStopped(sent);
  return { status: 200, sent };
}

/**
 * Sends one message to one peer; resolves once it is written or held (--coalesce), to whether
 * it is written. One that failed (the socket closed under it) is not.
 */
async function sendTo(
  peer: CountedPeer,
  payload: Uint8Array,
  header: JsonHeader | undefined,
): Promise<Sending> {
  try {
    const { written } = await peer.sendAsked(payload, header);
    return { written: written.catch(() => false) };
  } catch {
    return { written: Promise.resolve(false) };
  }
}

/**
 * A UDP peer at our own address (a datagram forged with it as its source) is never sent to:
 * a message there would only come back to us. Refused when there is nobody else to send to;
 * else left out, and said in its session's timeline.
 */
function leaveOutOwn(peers: CountedPeer[]): void {
  const own = peers.filter(isOwn);
  if (own.length === 0) return;
  if (own.length === peers.length) {
    throw new SendError(said("web.own_address", { peer: own[0].name }), 409);
  }
  for (const peer of own) {
    const why = said("web.own_address", { peer: peer.name });
    peer.socket.opts.emit({ event: "error", peer: peer.name, ...saying(why) });
  }
}

function isOwn(peer: CountedPeer): peer is UdpPeer {
  return peer instanceof UdpPeer && peer.own;
}

/**
 * A UDP peer takes a message in one datagram or not at all: larger ones are refused here. What
 * counts is the datagram as it would leave: the message with its framing (a json header, a
 * length prefix, a newline) and its checksum.
 */
function checkDatagrams(peers: CountedPeer[], payload: Uint8Array, header?: JsonHeader): void {
  for (const peer of peers) {
    const why = peer instanceof UdpPeer ? peer.tooBig(payload, header) : undefined;
    if (why) throw new SendError(why);
  }
}

/** The peers a round sends to now (never our own address). */
function reachable(session: Session, peer: string | undefined): CountedPeer[] {
  if (peer === undefined) return [...session.peers.values()].filter((p) => !isOwn(p));
  const one = session.peers.get(peer);
  return one && !isOwn(one) ? [one] : [];
}

function targets(session: Session, peer: string | undefined): CountedPeer[] {
  if (peer === undefined) {
    if (session.peers.size === 0) throw new SendError(said("web.no_peers"), 409);
    return [...session.peers.values()];
  }
  const one = session.peers.get(peer);
  if (!one) throw new SendError(said("web.no_peer", { peer }), 409);
  return [one];
}

function checkRequest(body: unknown): SendRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new SendError(said("web.send_object"));
  }
  const req = body as SendRequest;
  const given = ["text", "hex", "base64"].filter((k) => k in req);
  if (given.length !== 1) throw new SendError(said("web.send_one"));
  if (req.peer !== undefined && typeof req.peer !== "string") {
    throw new SendError(said("web.peer_field"));
  }
  const header = req.header;
  if (
    header !== undefined && (typeof header !== "object" || header === null || Array.isArray(header))
  ) {
    throw new SendError(said("web.header_object"));
  }
  checkWhole("count", req.count, 0, MAX_COUNT);
  if (req.background !== undefined && typeof req.background !== "boolean") {
    throw new SendError(said("web.boolean", { field: "background" }));
  }
  checkWhole("interval", req.interval, 0, MAX_INTERVAL_MS);
  return req;
}

function checkWhole(name: string, value: unknown, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new SendError(said("web.whole", { field: name, min, max }));
  }
}

/** Standard base64 (RFC 4648, padding optional), or a SendError saying what it must be. */
function fromBase64(text: string): Uint8Array {
  try {
    return Uint8Array.fromBase64(text);
  } catch {
    throw new SendError(said("web.base64", { shown: text.slice(0, 40) }));
  }
}

function payloadOf(req: SendRequest, encoding: string): Uint8Array {
  try {
    if (typeof req.hex === "string") return parseHex(req.hex);
    if (typeof req.base64 === "string") return fromBase64(req.base64);
    if (typeof req.text === "string") {
      return req.escapes ? unescapeText(req.text, encoding) : encodeGiven(req.text, encoding);
    }
  } catch (err) {
    if (err instanceof SendError) throw err;
    throw new SendError(
      err instanceof UsageError ? err.said : said("web.cannot_read", { why: errorMessage(err) }),
    );
  }
  throw new SendError(said("web.send_strings"));
}
