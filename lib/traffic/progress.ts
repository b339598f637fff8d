/**
 * A one-line progress display on stderr, only when stderr is a terminal (a
 * pipe or a log file gets the reports alone). Every event clears the line
 * first, so progress never mixes with the output around it.
 */
import { type Emit, showingAs } from "../events/types.ts";
import type { Terminal } from "../display/terminal.ts";
import { type Lang, type Said, sayIn } from "../i18n/say.ts";

/** Redraws at most this often. */
const REDRAW_MS = 250;

export class Progress {
  readonly #enabled: boolean;
  #shown = false;
  #lastDraw = 0;
  readonly #encoder = new TextEncoder();

  /** Shown on `terminal`'s stderr when it is a terminal (none: never shown), in `lang`. */
  constructor(
    opts: { quiet: boolean },
    readonly terminal?: Terminal,
    readonly lang: Lang = "en",
  ) {
    this.#enabled = !opts.quiet && (terminal?.stderr.isTerminal?.() ?? false);
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  /** Shows `text()` if the last redraw is old enough (the text is only built then). */
  show(text: () => Said): void {
    if (!this.#enabled) return;
    const now = performance.now();
    if (now - this.#lastDraw < REDRAW_MS) return;
    this.#lastDraw = now;
    this.#write(`\r${sayIn(this.lang, text())}\x1b[K`);
    this.#shown = true;
  }

  clear(): void {
    if (!this.#shown) return;
    this.#write("\r\x1b[K");
    this.#shown = false;
  }

  /** An Emit that clears the progress line before each event. */
  wrap(emit: Emit): Emit {
    return showingAs((ev) => {
      this.clear();
      emit(ev);
    }, emit);
  }

  #write(text: string): void {
    this.terminal?.write(this.terminal.stderr, this.#encoder.encode(text));
  }
}
