/**
 * Talking back, the same for serve and connect: the run's reply rules and
 * what answers by them, and the note `--checksum` owes raw framing.
 */
import type { Emit } from "../events/types.ts";
import type { Context } from "../core/context.ts";
import type { CommonOptions, TalkOptions } from "../options/types.ts";
import { RuleBook } from "../replies/book.ts";
import { Responder } from "../replies/responder.ts";
import type { RuleHits } from "../events/types.ts";
import type { Behavior } from "../behaviors/types.ts";
import { said, saying } from "../i18n/say.ts";
import type { JsonHeader } from "../framing/types.ts";

export interface Talk extends Disposable {
  readonly book: RuleBook;
  readonly responder: Responder;
  /** What the final `stats` says of the rules: each one's hits (nothing when there are none). */
  stats(): { rules?: RuleHits[] };
}

/**
 * Starts talking back for a run; disposing of it drops the answers still waiting. `header`:
 * fields every answer's json header carries (connect's --header).
 */
export function startTalk(
  o: TalkOptions & CommonOptions & { endpoint: { transport: string } },
  ctx: Context,
  emit: Emit,
  now: () => Date,
  header?: JsonHeader,
): Talk {
  const book = ctx.rules ?? new RuleBook(o.encoding);
  for (const rule of o.replies) book.add(rule);
  const responder = new Responder({ book, emit, maxFrame: o.maxFrame, now, header });
  // A binary checksum inside a line: a byte of it that is 0x0a ends the line there.
  if (o.checksum && (o.sendFraming === "line" || o.recvFraming === "line")) {
    emit({
      event: "info",
      kind: "note",
      ...saying(said("note.checksum_line", { checksum: o.checksum.name })),
    });
  }
  // A datagram is a message whatever the framing: only a stream's reads can split or join one.
  if (o.checksum && o.recvFraming === "raw" && o.endpoint.transport !== "udp") {
    emit({
      event: "info",
      kind: "note",
      ...saying(said("note.checksum_raw", { checksum: o.checksum.name })),
    });
  }
  return {
    book,
    responder,
    stats() {
      // The run's closing figures: answers still waiting out their delay will not go, and do not
      // count as answered.
      responder.stop();
      if (book.size === 0) return {};
      return { rules: book.view().map(({ rule, source, hits }) => ({ rule, source, hits })) };
    },
    [Symbol.dispose]: () => responder.stop(),
  };
}

/**
 * `behavior` with the reply rules trying each message first: one a rule takes
 * goes no further, the rest go to the behaviour. A behaviour that takes raw
 * reads (save) has no messages for rules to take.
 */
export function answeringFirst(behavior: Behavior, responder: Responder): Behavior {
  if (behavior.data) return behavior;
  return {
    ...behavior,
    async message(peer, frame) {
      if (!(await responder.answer(peer, frame.payload))) await behavior.message?.(peer, frame);
    },
    close(peer) {
      responder.forget(peer);
      behavior.close?.(peer);
    },
  };
}
