/**
 * The page's timed sends of one session: each runs on its own, counts what
 * it sent, and stops at once when asked — a Stop button that nothing sent
 * after its answer can outlive.
 */
import { UsageError } from "../errors.ts";
import { said } from "../i18n/say.ts";
import { sleep } from "../sleep.ts";

/** Timed sends running at once in one session. */
const MAX_RUNNING = 16;

/** What GET /api/sessions/ID says of a timed send. */
export interface RepeatView {
  repeat: string;
  /** How many times it sends (0: until stopped), and how far apart. */
  count: number;
  interval: number;
  /** Messages written so far (one per peer reached, each time). */
  sent: number;
  /** Times it has sent so far: what its count counts. */
  rounds: number;
}

/** How far a timed send got: the times it sent, and the messages those wrote. */
export interface RepeatDone {
  sent: number;
  rounds: number;
}

/**
 * One round of a timed send: resolves once its messages are written or held (--coalesce holds
 * them a while, and the next round may join them), to how many of them are written once they
 * have left.
 */
export type Round = () => Promise<{ written: Promise<number> }>;

/** Writes at once what a timed send's rounds left held (--coalesce). */
export type Flush = () => Promise<void>;

class Repeat {
  readonly abort = new AbortController();
  /** Stopped by its own Stop: what it holds leaves at once (a session's stop drops it). */
  hurried = false;
  sent = 0;
  rounds = 0;
  readonly done: Promise<RepeatDone>;

  constructor(readonly view: Omit<RepeatView, "sent" | "rounds">, round: Round, flush?: Flush) {
    this.done = this.#run(round, flush);
  }

  async #run(round: Round, flush?: Flush): Promise<RepeatDone> {
    const { count, interval } = this.view;
    // The rounds' messages still held: each counts once it is written.
    let leaving = Promise.resolve();
    for (let i = 0; (count === 0 || i < count) && !this.abort.signal.aborted; i++) {
      if (i > 0) await sleep(interval, this.abort.signal);
      // Stopped while it waited: the answer to Stop is the last word, nothing leaves after it.
      if (this.abort.signal.aborted) break;
      const { written } = await round();
      this.rounds++;
      // Joined to what is still leaving, then let go: a round's result kept in the next one's
      // would keep every round of a timed send that runs until stopped (64 B a round).
      const counted = written.then((n) => void (this.sent += n));
      leaving = Promise.all([leaving, counted]).then(() => {});
    }
    if (this.hurried) await flush?.();
    await leaving;
    return { sent: this.sent, rounds: this.rounds };
  }
}

export class Repeats {
  readonly #running = new Map<string, Repeat>();
  #next = 1;

  /**
   * Starts a timed send; it is forgotten once it ends. It ends once the messages of its rounds
   * have left: with --coalesce, the last ones wait for their window (or its Stop's `flush`).
   */
  start(
    count: number,
    interval: number,
    round: Round,
    flush?: Flush,
  ): { id: string; done: Promise<RepeatDone> } {
    if (this.#running.size >= MAX_RUNNING) {
      throw new UsageError(said("web.repeats_full", { max: MAX_RUNNING }));
    }
    const id = `r${this.#next++}`;
    const repeat = new Repeat({ repeat: id, count, interval }, round, flush);
    this.#running.set(id, repeat);
    const done = repeat.done.finally(() => this.#running.delete(id));
    return { id, done };
  }

  /**
   * Stops one at once; resolves, once its last message is written, to how far it got. What
   * --coalesce still holds of it is written now, not when its window ends.
   */
  stop(id: string): Promise<RepeatDone | undefined> {
    return this.#stop(id, true);
  }

  /** Stops them all, as their session is stopped: what --coalesce holds is dropped with it. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.#running.keys()].map((id) => this.#stop(id, false)));
  }

  async #stop(id: string, hurry: boolean): Promise<RepeatDone | undefined> {
    const repeat = this.#running.get(id);
    if (!repeat) return undefined;
    repeat.hurried ||= hurry;
    repeat.abort.abort();
    return await repeat.done;
  }

  view(): RepeatView[] {
    return [...this.#running.values()].map((r) => ({ ...r.view, sent: r.sent, rounds: r.rounds }));
  }
}
