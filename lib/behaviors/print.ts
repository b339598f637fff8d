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

export function print(ctx: BehaviorContext): Behavior {
  const outboxes = new Map<Peer, Outbox>();
  let stopped = false;
  const drop = (peer: Peer, outbox: Outbox) => {
    outboxes.delete(peer);
    const why = `${peer.name} was dropped: it let ${OUTBOX_BYTES} bytes wait unread`;
    ctx.emit({ event: "info", kind: "note", peer: peer.name, message: why });
    void outbox.farewell(encodeText(`[framecat] ${why}`, ctx.options.encoding), "overflow");
  };
  const deliver = (line: Uint8Array, to?: Peer) => {
    if (outboxes.size === 0) {
      ctx.emit({ event: "info", kind: "note", message: "no peer connected: line not sent" });
    }
    for (const [peer, outbox] of outboxes) {
      if ((to === undefined || peer === to) && !outbox.push(line)) drop(peer, outbox);
    }
  };
  readTypedLines(ctx, () => outboxes.keys(), deliver, () => stopped)
    .catch((err) => ctx.emit({ event: "error", message: `stdin: ${err}` }));
  return {
    open: (peer) => void outboxes.set(peer, new Outbox(peer)),
    close: (peer) => void outboxes.delete(peer),
    stop: () => void (stopped = true),
  };
}
