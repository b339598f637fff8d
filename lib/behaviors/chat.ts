/**
 * chat: a group chat over UDP or TCP, as the course writes it. Each message
 * goes to every live peer (the sender too) as `[HOST:PORT] text`; `^hb^` is a
 * heartbeat (it keeps the peer live, nobody sees it); `quit` leaves; a peer
 * silent for --interval is dropped, and so is one that lets its bounded
 * outbound queue fill (it does not read); either is told why first. Joins,
 * leaves and drops are `info` events with a `chat` field. Lines typed at the
 * server go to every member as `[server] text`, or to one member
 * (`@HOST:PORT text`).
 */
import { concatBytes } from "../bytes.ts";
import { encodeText } from "../notation/text_encoding.ts";
import { Outbox, OUTBOX_BYTES } from "./outbox.ts";
import { readTypedLines } from "./typed_lines.ts";
import type { Behavior, BehaviorContext, Peer } from "./types.ts";
import { type Said, said, sayEn, saying } from "../i18n/say.ts";
import { saidOf } from "../errors.ts";

const HEARTBEAT = "^hb^";
/** How what the server's user types is shown to members, as a member's is `[HOST:PORT] `. */
const SERVER_NAME = "[server] ";
const QUIT = "quit";
/** The `closed` reason of a member we dropped. */
const DROPPED = { expire: "expired", overflow: "overflow" } as const;
/** Bounds of the expiry sweep period: often enough to drop peers on time, rarely enough to idle. */
const MIN_SWEEP_MS = 50;
const MAX_SWEEP_MS = 1000;

type ChatChange = "join" | "leave" | keyof typeof DROPPED;

export function chat(ctx: BehaviorContext): Behavior {
  const { encoding, interval } = ctx.options;
  const decoder = new TextDecoder(encoding);
  /** Live peers and when each was last heard from (Date.now()). */
  const live = new Map<Peer, number>();
  /** What is waiting to be written to each live peer (bounded). */
  const outboxes = new Map<Peer, Outbox>();

  const change = (peer: Peer, what: ChatChange, why: Said) => {
    ctx.emit({
      event: "info",
      kind: "chat",
      peer: peer.name,
      chat: what,
      online: live.size,
      ...saying(said("note.chat", { peer: peer.name, what: why, online: live.size })),
    });
  };
  const leave = (peer: Peer, what: "leave" | keyof typeof DROPPED, why: Said) => {
    if (!live.delete(peer)) return;
    const outbox = outboxes.get(peer)!;
    outboxes.delete(peer);
    change(peer, what, why);
    if (what === "leave") return peer.close(what);
    // Dropped by us: the peer is told why before the close, when it still reads (in English:
    // the peer's language is not ours to know).
    const told = `[framecat] ${peer.name} ${sayEn(why)}`;
    void outbox.farewell(encodeText(told, encoding), DROPPED[what]);
  };
  const sweep = setInterval(() => {
    const cutoff = Date.now() - interval;
    for (const [peer, heard] of live) {
      if (heard < cutoff) {
        leave(peer, "expire", said("note.chat_expire", { seconds: interval / 1000 }));
      }
    }
  }, Math.min(MAX_SWEEP_MS, Math.max(MIN_SWEEP_MS, interval / 4)));

  /** One line to the members (or one of them), queued: a member that does not read is dropped. */
  const post = (line: Uint8Array, to?: Peer) => {
    for (const [member, outbox] of outboxes) {
      if ((to === undefined || member === to) && !outbox.push(line)) {
        leave(member, "overflow", said("note.chat_overflow", { bytes: OUTBOX_BYTES }));
      }
    }
  };
  let stopped = false;
  const typed = (text: Uint8Array, to?: Peer) => {
    if (outboxes.size === 0) {
      ctx.emit({ event: "info", kind: "note", ...saying(said("note.nobody_in_chat")) });
    }
    post(concatBytes([encodeText(SERVER_NAME, encoding), text]), to);
  };
  readTypedLines(ctx, () => live.keys(), typed, () => stopped)
    .catch((err) =>
      ctx.emit({ event: "error", ...saying(said("note.stdin", { error: saidOf(err) })) })
    );

  return {
    open(peer) {
      live.set(peer, Date.now());
      outboxes.set(peer, new Outbox(peer));
      change(peer, "join", said("note.chat_join"));
    },
    message(peer, frame) {
      // A message queued before its peer left is not delivered.
      if (!live.has(peer)) return;
      live.set(peer, Date.now());
      const text = decoder.decode(frame.payload).trim();
      if (text === HEARTBEAT) return;
      if (text === QUIT) return leave(peer, "leave", said("note.chat_quit"));
      // Queued, not awaited: one member that does not read never holds up the others.
      post(concatBytes([encodeText(`[${peer.name}] `, encoding), frame.payload]));
    },
    close(peer) {
      outboxes.delete(peer);
      if (live.delete(peer)) change(peer, "leave", said("note.chat_gone"));
    },
    stop() {
      stopped = true;
      clearInterval(sweep);
    },
  };
}
