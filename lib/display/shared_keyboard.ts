/**
 * The terminal's stdin read by one run after another: `COMMAND --web`, whose command the page's
 * Restart runs again on the same terminal. A run stops reading when it stops, but a read it had
 * waiting holds the stream (its lock) and would take the next line typed; so the stdin has one
 * reader, shared, and each run reads through a view of its own, taken from `readable`. Only the
 * newest view is given what comes: a line typed after a Restart goes to the new run, never to
 * the stopped one.
 */
import type { Keyboard } from "./terminal.ts";

export class SharedKeyboard implements Keyboard {
  #reader?: ReadableStreamDefaultReader<Uint8Array>;
  /** The read under way on the stdin: whichever view is newest when it comes takes it. */
  #pending?: Promise<ReadableStreamReadResult<Uint8Array>>;
  /** Views handed out; the last is the one that reads. */
  #views = 0;

  /** The source's own, when it has them (a prompt edits lines only where setRaw is). */
  readonly isTerminal?: () => boolean;
  readonly setRaw?: (raw: boolean, options?: { cbreak: boolean }) => void;

  constructor(readonly source: Keyboard) {
    if (source.isTerminal) this.isTerminal = () => source.isTerminal!();
    if (source.setRaw) this.setRaw = (raw, options) => source.setRaw!(raw, options);
  }

  /** A new view: the one that reads from now on. */
  get readable(): ReadableStream<Uint8Array> {
    const view = ++this.#views;
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        this.#reader ??= this.source.readable.getReader();
        this.#pending ??= this.#reader.read();
        const result = await this.#pending;
        // A newer run reads now: what came is left for it (its pull takes the same result), and
        // this view asks for nothing more (its run has stopped; its read never ends).
        if (view !== this.#views) return await new Promise<never>(() => {});
        this.#pending = undefined;
        if (result.done) controller.close();
        else controller.enqueue(result.value);
      },
    }, { highWaterMark: 0 });
  }
}
