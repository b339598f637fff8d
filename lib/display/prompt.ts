/**
 * The interactive prompt (`>>> `) of connect on a terminal. Events arrive
 * while it waits for a line, so the reporter erases it before each line it
 * prints and draws it again after: replies never land after a `>>> `, and
 * the prompt stays the last thing on the screen while input is read.
 *
 * Where the terminal allows it (cbreak mode: not on Windows), framecat edits
 * the line itself, so it knows what was typed so far and draws that again
 * too; otherwise the terminal edits it and a half-typed line is only erased
 * from view (it is still sent whole on Enter).
 */
import { writeAllSync, type Writer } from "./output.ts";
import { displayWidth } from "./width.ts";

const encoder = new TextEncoder();

function terminalColumns(): number {
  try {
    return Deno.consoleSize().columns;
  } catch {
    return 80;
  }
}

export class Prompt {
  #shown = false;
  #reading = false;
  #typed = "";
  #raw = false;

  /** `out` must be a terminal: the prompt is redrawn with escape codes. */
  constructor(
    readonly text: string,
    readonly out: Writer = Deno.stderr,
    readonly columns: () => number = terminalColumns,
  ) {}

  /**
   * Asks the terminal to pass keys as they are typed, without echo (Ctrl-C
   * still interrupts). True when it did: the caller edits the line (`typed`).
   */
  editLines(): boolean {
    try {
      Deno.stdin.setRaw(true, { cbreak: true });
      this.#raw = true;
    } catch { /* Windows, or not a terminal after all: the terminal edits */ }
    return this.#raw;
  }

  /** Input is wanted: draws the prompt, and keeps it drawn around events until `entered()`. */
  ask(): void {
    this.#reading = true;
    this.#draw();
  }

  /** What was typed so far on the line (when framecat edits it): shown after the prompt. */
  set typed(text: string) {
    this.#erase();
    this.#typed = text;
    this.#draw();
  }

  /** Enter: the line stays on the screen as typed, the next output goes below it. */
  entered(): void {
    if (this.#raw && this.#shown) this.#write("\n");
    this.#shown = false;
    this.#reading = false;
    this.#typed = "";
  }

  /** Writes an event without the prompt in its way. */
  around(write: () => void): void {
    this.#erase();
    write();
    if (this.#reading) this.#draw();
  }

  /** No more input: erases the prompt for good and gives the terminal back its own editing. */
  done(): void {
    this.#reading = false;
    this.#erase();
    this.#typed = "";
    if (this.#raw) {
      this.#raw = false;
      try {
        Deno.stdin.setRaw(false);
      } catch { /* the terminal is gone */ }
    }
  }

  #draw(): void {
    if (this.#shown) return;
    this.#write(this.text + this.#typed);
    this.#shown = true;
  }

  /** Back to where the prompt starts (a long line wraps onto more rows), and clear from there. */
  #erase(): void {
    if (!this.#shown) return;
    const width = displayWidth(this.text + this.#typed);
    const rows = Math.max(1, Math.ceil(width / Math.max(1, this.columns())));
    this.#write(`${rows > 1 ? `\x1b[${rows - 1}A` : ""}\r\x1b[J`);
    this.#shown = false;
  }

  #write(text: string): void {
    writeAllSync(this.out, encoder.encode(text));
  }
}
