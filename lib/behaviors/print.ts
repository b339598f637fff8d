/**
 * print: show what peers send (the frame events do), and send typed lines to
 * every peer, or to one (`@HOST:PORT message`), through its bounded outbound
 * queue: a peer that does not read is dropped, saying why, and never holds
 * up the others.
 */
import { encodeText } from "../notation/text_encoding.ts";
import { Outbox, OUTBOX_BYTES } from "./outbox.ts";
import { readTypedLines } from "./typed_lines.ts";
import type { Behavior, BehaviorContext, Peer } from "./types.ts";
import { said, sayEn, saying } from "../i18n/say.ts";
import { saidOf } from "../errors.ts";

/** A typed line's `sent` event is shown as connect shows it, not only with -v. */
const TYPED = { typed: true };

export function print(ctx: BehaviorContext): Behavior {
  const outboxes = new Map<Peer, Outbox>();
  let stopped = false;
  const drop = (peer: Peer, outbox: Outbox) => {
    outboxes.delete(peer);
    const why = said("note.dropped_unread", { peer: peer.name, bytes: OUTBOX_BYTES });
    ctx.emit({ event: "info", kind: "note", peer: peer.name, ...saying(why) });
    // The peer is told in English: its language is not ours to know.
    const told = `[framecat] ${sayEn(why)}`;
    void outbox.farewell(encodeText(told, ctx.options.encoding), "overflow");
  };
  const deliver = (line: Uint8Array, to?: Peer) => {
    if (outboxes.size === 0) {
      ctx.emit({ event: "info", kind: "note", ...saying(said("note.no_peer_line")) });
    }
    for (const [peer, outbox] of outboxes) {
      if ((to === undefined || peer === to) && !outbox.push(line, TYPED)) drop(peer, outbox);
    }
  };
  readTypedLines(ctx, () => outboxes.keys(), deliver, () => stopped)
    .catch((err) =>
      ctx.emit({ event: "error", ...saying(said("note.stdin", { error: saidOf(err) })) })
    );
  return {
    open: (peer) => void outboxes.set(peer, new Outbox(peer)),
    close: (peer) => void outboxes.delete(peer),
    stop: () => void (stopped = true),
  };
}
