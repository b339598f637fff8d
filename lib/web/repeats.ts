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

/** One round of a timed send: resolves to how many messages it wrote. */
export type Round = () => Promise<number>;

class Repeat {
  readonly abort = new AbortController();
  sent = 0;
  rounds = 0;
  readonly done: Promise<RepeatDone>;

  constructor(readonly view: Omit<RepeatView, "sent" | "rounds">, round: Round) {
    this.done = this.#run(round);
  }

  async #run(round: Round): Promise<RepeatDone> {
    const { count, interval } = this.view;
    for (let i = 0; (count === 0 || i < count) && !this.abort.signal.aborted; i++) {
      if (i > 0) await sleep(interval, this.abort.signal);
      // Stopped while it waited: the answer to Stop is the last word, nothing leaves after it.
      if (this.abort.signal.aborted) break;
      this.sent += await round();
      this.rounds++;
    }
    return { sent: this.sent, rounds: this.rounds };
  }
}

export class Repeats {
  readonly #running = new Map<string, Repeat>();
  #next = 1;

  /** Starts a timed send; it is forgotten once it ends. */
  start(count: number, interval: number, round: Round): { id: string; done: Promise<RepeatDone> } {
    if (this.#running.size >= MAX_RUNNING) {
      throw new UsageError(said("web.repeats_full", { max: MAX_RUNNING }));
    }
    const id = `r${this.#next++}`;
    const repeat = new Repeat({ repeat: id, count, interval }, round);
    this.#running.set(id, repeat);
    const done = repeat.done.finally(() => this.#running.delete(id));
    return { id, done };
  }

  /** Stops one at once; resolves, once its last message is written, to how far it got. */
  async stop(id: string): Promise<RepeatDone | undefined> {
    const repeat = this.#running.get(id);
    if (!repeat) return undefined;
    repeat.abort.abort();
    return await repeat.done;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#running.keys()].map((id) => this.stop(id)));
  }

  view(): RepeatView[] {
    return [...this.#running.values()].map((r) => ({ ...r.view, sent: r.sent, rounds: r.rounds }));
  }
}
