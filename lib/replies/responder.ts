/**
 * Answers messages by a run's reply rules: the first rule that matches takes
 * the message, and its answer is sent (after its delay) to the peer that sent
 * it. Under serve a message no rule takes goes on to the behaviour.
 */
import type { Emit } from "../events/types.ts";
import type { Peer } from "../transport/peer.ts";
import type { JsonHeader } from "../framing/types.ts";
import type { Hit, RuleBook } from "./book.ts";
import { type Said, said, saying } from "../i18n/say.ts";
import { saidOf } from "../errors.ts";

/** Answers waiting out their delay at once; past this a message is taken but not answered. */
const MAX_DELAYED = 4096;

export interface ResponderOptions {
  book: RuleBook;
  emit: Emit;
  /** The largest answer (--max-frame). */
  maxFrame: number;
  /** The clock of {time:…}. */
  now: () => Date;
  /** Fields every answer's json header carries (connect's --header). */
  header?: JsonHeader;
}

export class Responder {
  /** Answers waiting out their delay, each with its hit (uncounted if it never goes) and peer. */
  readonly #delayed = new Map<ReturnType<typeof setTimeout>, { hit: Hit; peer: Peer }>();
  #stopped = false;

  constructor(readonly o: ResponderOptions) {}

  /**
   * Tries the rules on one message from `peer`: true when a rule took it —
   * its answer sent, or to be sent after its delay, or refused with an
   * `error` event (too long, too many waiting). An empty RESPONSE answers
   * nothing: the message is only kept from the behaviour.
   */
  async answer(peer: Peer, message: Uint8Array): Promise<boolean> {
    if (this.#stopped) return false;
    const hit = this.o.book.take(message);
    if (!hit) return false;
    const { rule, id } = hit.entry;
    if (rule.response.source === "") return true;
    let reply: Uint8Array;
    try {
      reply = rule.response.fill(
        { captures: hit.captures, counter: hit.counter, peer: peer.name, now: this.o.now() },
        this.o.maxFrame,
      );
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      this.#fail(peer, id, saidOf(err));
      return true;
    }
    const note = { rule: id };
    if (rule.delay === 0) {
      await peer.send(reply, this.o.header, note);
      return true;
    }
    if (this.#delayed.size >= MAX_DELAYED) {
      this.#fail(peer, id, said("note.rule_delayed", { max: MAX_DELAYED }));
      return true;
    }
    const timer = setTimeout(() => {
      this.#delayed.delete(timer);
      // Sent from a timer: a failure is said, never thrown at nobody.
      peer.send(reply, this.o.header, note).catch((err) => {
        this.o.book.unsent(hit);
        this.#fail(peer, id, saidOf(err));
      });
    }, rule.delay);
    this.#delayed.set(timer, { hit, peer });
    return true;
  }

  /**
   * `peer` is gone (its connection closed): its answers still waiting are not sent, nor counted,
   * and each is said.
   */
  forget(peer: Peer): void {
    for (const [timer, waiting] of this.#delayed) {
      if (waiting.peer !== peer) continue;
      clearTimeout(timer);
      this.#delayed.delete(timer);
      this.o.book.unsent(waiting.hit);
      // Said as a note, not an error: a peer may leave whenever it likes.
      const { id, rule } = waiting.hit.entry;
      const why = said("note.rule_left", { delay: rule.delay });
      this.o.emit({
        event: "info",
        kind: "note",
        peer: peer.name,
        ...saying(said("note.rule_failed", { rule: id, why })),
      });
    }
  }

  /** The run is over: answers still waiting are not sent, nor counted. */
  stop(): void {
    this.#stopped = true;
    for (const [timer, { hit }] of this.#delayed) {
      clearTimeout(timer);
      this.o.book.unsent(hit);
    }
    this.#delayed.clear();
  }

  #fail(peer: Peer, rule: number, why: Said): void {
    this.o.emit({
      event: "error",
      peer: peer.name,
      ...saying(said("note.rule_failed", { rule, why })),
    });
  }
}
