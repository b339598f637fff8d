/**
 * chat: a group chat over UDP or TCP, as the course writes it. Each message
 * goes to every live peer (the sender too) as `[HOST:PORT] text`; `^hb^` is a
 * heartbeat (it keeps the peer live, nobody sees it); `quit` leaves; a peer
 * silent for --interval is dropped. A message waits until every member's
 * bounded outbound queue has room for it, so a sender that bursts is slowed
 * (its connection is not read meanwhile, as TCP would), not its readers
 * dropped; a member whose queue stays full for FULL_MS (it does not read) is
 * dropped. Either drop is told why first. The room holds ROOM_MEMBERS: each
 * message goes to every member, and UDP joins can be forged. Joins, leaves,
 * drops and refusals are `info` events with a `chat` field. Lines typed at
 * the server go to every member as `[server] text`, or to one member
 * (`@HOST:PORT text`); under raw framing over a stream they end with a
 * newline, as the members' own lines (from nc) do.
 */
import { Ticks } from "../paused.ts";
import { concatBytes } from "../bytes.ts";
import { encodeText } from "../notation/text_encoding.ts";
import { sleep } from "../sleep.ts";
import { Outbox, OUTBOX_BYTES } from "./outbox.ts";
import { readTypedLines } from "./typed_lines.ts";
import type { Behavior, BehaviorContext, Peer } from "./types.ts";
import type { SendNote } from "../transport/peer.ts";
import { type Said, said, sayEn, saying } from "../i18n/say.ts";
import { saidOf } from "../errors.ts";

const HEARTBEAT = "^hb^";
/** How what the server's user types is shown to members, as a member's is `[HOST:PORT] `. */
const SERVER_NAME = "[server] ";
const LF = 0x0a;
const QUIT = "quit";
/** The `closed` reason of a member we dropped. */
const DROPPED = { expire: "expired", overflow: "overflow" } as const;
/** Bounds of the expiry sweep period: often enough to drop peers on time, rarely enough to idle. */
const MIN_SWEEP_MS = 50;
const MAX_SWEEP_MS = 1000;
/** How long a member's queue may stay full, holding back what the room says, before it is dropped. */
export const FULL_MS = 5000;
/** Members at once: a message is sent to every one, so the room's sends grow with its square. */
export const ROOM_MEMBERS = 256;

type ChatChange = "join" | "leave" | "full" | keyof typeof DROPPED;

export function chat(ctx: BehaviorContext): Behavior {
  const { encoding, interval } = ctx.options;
  const decoder = new TextDecoder(encoding);
  /** Live peers and when each was last heard from (Date.now()). */
  const live = new Map<Peer, number>();
  /** What is waiting to be written to each live peer (bounded). */
  const outboxes = new Map<Peer, Outbox>();
  /** Peers turned away from a full room (told once); a UDP one joins when it next speaks and there is room. */
  const turnedAway = new WeakSet<Peer>();
  /** Whether the room has been full since it last had room: said once an episode. */
  let fullSaid = false;
  const stopping = new AbortController();
  /** Members whose message waits for room: they are not read meanwhile, so not silent. */
  const waiting = new Set<Peer>();

  /**
   * A line of framecat's own to `peer` (a drop, a full room), ended as the members' lines are:
   * raw framing over a stream has no boundary but the newline, so it is in the bytes (as in the
   * lines nc sends, which the room passes on as they are); line framing adds its own; a
   * datagram, a len or json frame is its own boundary, as every message of the room is.
   */
  const rawStream = ctx.options.sendFraming === "raw" && ctx.options.endpoint.transport !== "udp";
  const notice = (peer: Peer, text: string): Uint8Array => {
    const ended = rawStream && peer.transport !== "udp";
    return encodeText(ended ? `${text}\n` : text, encoding);
  };
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
    const told = notice(peer, `[framecat] ${peer.name} ${sayEn(why)}`);
    void outbox.farewell(told, DROPPED[what]);
  };
  const ticks = new Ticks(
    Math.min(MAX_SWEEP_MS, Math.max(MIN_SWEEP_MS, interval / 4)),
    Date.now(),
  );
  const sweep = setInterval(() => {
    const now = Date.now();
    // A late sweep: what members sent meanwhile waits unread behind it (lib/paused.ts).
    const paused = ticks.paused(now);
    if (paused > 0) {
      for (const [peer, heard] of live) live.set(peer, heard + paused);
    }
    const cutoff = now - interval;
    for (const [peer, heard] of live) {
      if (heard < cutoff && !waiting.has(peer)) {
        leave(peer, "expire", said("note.chat_expire", { seconds: interval / 1000 }));
      }
    }
  }, ticks.period);

  /** Lets `peer` in when the room has room; else tells it (once) and says so (once a full spell). */
  const join = (peer: Peer): boolean => {
    if (live.size < ROOM_MEMBERS) {
      fullSaid = false;
      live.set(peer, Date.now());
      outboxes.set(peer, new Outbox(peer));
      change(peer, "join", said("note.chat_join"));
      return true;
    }
    if (turnedAway.has(peer)) return false;
    turnedAway.add(peer);
    // The room's line to a stranger: one datagram (or a line, then the close) per peer, not per
    // try; in English, as the drops are.
    const full = notice(peer, `[framecat] the chat is full (${ROOM_MEMBERS} members)`);
    if (peer.transport === "udp") void peer.send(full).catch(() => {});
    else void new Outbox(peer).farewell(full, "full");
    if (!fullSaid) {
      fullSaid = true;
      change(peer, "full", said("note.chat_full", { members: ROOM_MEMBERS }));
    }
    return false;
  };

  /**
   * Waits until the members (or `to`) have room for `size` bytes: a burst slows its sender to
   * what the members read. A member whose queue stays full for FULL_MS is dropped.
   */
  const roomFor = async (size: number, to?: Peer) => {
    while (!stopping.signal.aborted) {
      const now = Date.now();
      const waits: Promise<void>[] = [];
      let soonest = FULL_MS;
      for (const [member, outbox] of outboxes) {
        if ((to !== undefined && member !== to) || outbox.fits(size)) continue;
        const left = outbox.fullSince(now) + FULL_MS - now;
        if (left <= 0) {
          const vars = { bytes: OUTBOX_BYTES, seconds: FULL_MS / 1000 };
          leave(member, "overflow", said("note.chat_overflow", vars));
          continue;
        }
        waits.push(outbox.shrinks());
        soonest = Math.min(soonest, left);
      }
      if (waits.length === 0) return;
      const timer = new AbortController();
      await Promise.race([
        ...waits,
        sleep(soonest, AbortSignal.any([timer.signal, stopping.signal])),
      ]);
      timer.abort();
    }
  };

  /** One line to the members (or one of them), once they have room for it. */
  const post = async (line: Uint8Array, to?: Peer, note?: SendNote) => {
    await roomFor(line.length, to);
    for (const [member, outbox] of outboxes) {
      if (to === undefined || member === to) outbox.push(line, note);
    }
  };
  let stopped = false;
  const typed = (text: Uint8Array, to?: Peer) => {
    if (outboxes.size === 0) {
      ctx.emit({ event: "info", kind: "note", ...saying(said("note.nobody_in_chat")) });
    }
    // The server's lines are ended as its notices are (--crlf has ended them already); hex
    // input is the bytes typed, exactly.
    const ended = rawStream && ctx.options.input !== "hex" && text.at(-1) !== LF;
    const end = ended ? [encodeText("\n", encoding)] : [];
    // Shown as connect shows what is typed (a member's line relayed to the others is detail).
    return post(concatBytes([encodeText(SERVER_NAME, encoding), text, ...end]), to, {
      typed: true,
    });
  };
  readTypedLines(ctx, () => live.keys(), typed, () => stopped)
    .catch((err) =>
      ctx.emit({ event: "error", ...saying(said("note.stdin", { error: saidOf(err) })) })
    );

  return {
    open(peer) {
      join(peer);
    },
    async message(peer, frame) {
      // Turned away from a full room: a UDP peer is let in when it speaks and there is room.
      if (turnedAway.has(peer) && !live.has(peer) && peer.transport === "udp") join(peer);
      // A message queued before its peer left is not delivered.
      if (!live.has(peer)) return;
      live.set(peer, Date.now());
      const text = decoder.decode(frame.payload).trim();
      if (text === HEARTBEAT) return;
      if (text === QUIT) return leave(peer, "leave", said("note.chat_quit"));
      const name = encodeText(`[${peer.name}] `, encoding);
      // It could never fit in a queue (the room would wait for it forever): not passed on, said
      // with its sender, who stays in the room.
      if (name.length + frame.payload.length > OUTBOX_BYTES) {
        const max = OUTBOX_BYTES - name.length;
        ctx.emit({
          event: "error",
          peer: peer.name,
          ...saying(said("note.chat_too_long", { bytes: frame.payload.length, max })),
        });
        return;
      }
      const line = concatBytes([name, frame.payload]);
      // Awaited: the sender's connection is not read until the room has taken its message.
      waiting.add(peer);
      try {
        await post(line);
      } finally {
        waiting.delete(peer);
      }
      if (live.has(peer)) live.set(peer, Date.now());
    },
    close(peer) {
      outboxes.delete(peer);
      if (live.delete(peer)) change(peer, "leave", said("note.chat_gone"));
    },
    stop() {
      stopped = true;
      stopping.abort();
      clearInterval(sweep);
    },
  };
}
