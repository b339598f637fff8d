/**
 * A one-line progress display on stderr, only when stderr is a terminal (a
 * pipe or a log file gets the reports alone). Every event clears the line
 * first, so progress never mixes with the output around it.
 */
import { type Emit, showingAs } from "../events/types.ts";
import type { Terminal } from "../display/terminal.ts";
import { type Lang, type Said, sayIn } from "../i18n/say.ts";
import { charWidth, displayWidth } from "../display/width.ts";

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

  /**
   * Shows `text()` now if the last redraw is old enough, else as soon as it is (the text is only
   * built then, the newest asked): a bar whose next step waits on a slow peer for seconds (a
   * write into full buffers) still shows the step it has reached, not one a period older.
   */
  show(text: () => Said): void {
    if (!this.#enabled) return;
    const wait = this.#lastDraw + REDRAW_MS - performance.now();
    if (wait <= 0) return this.#draw(text);
    this.#next = text;
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const next = this.#next;
      this.#next = undefined;
      if (next) this.#draw(next);
    }, wait);
    Deno.unrefTimer(this.#timer);
  }

  #next?: () => Said;
  #timer?: ReturnType<typeof setTimeout>;

  #draw(text: () => Said): void {
    this.#lastDraw = performance.now();
    // Events are written on a timer after they happen (Terminal.defer), and the line was cleared
    // for them as they happened: they go first, or one would be written after the bar, from the
    // bar's end, running into the next row.
    this.terminal?.flush();
    this.#write(`\r${fitted(sayIn(this.lang, text()), this.terminal?.columns())}\x1b[K`);
    this.#shown = true;
  }

  /** Takes the line away, and any redraw still waiting to be drawn. */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#next = undefined;
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

/**
 * The line cut to the pane's width less one column: a line that wraps (or fills the last
 * column) cannot be redrawn in place by `\r`, and each redraw would leave a line behind.
 */
function fitted(line: string, columns: number | undefined): string {
  if (columns === undefined || displayWidth(line) < columns) return line;
  let width = 0;
  let out = "";
  for (const ch of line) {
    width += charWidth(ch);
    if (width > columns - 1) break;
    out += ch;
  }
  return out;
}
