/**
 * The interactive prompt (`>>> `) of connect on a terminal. Events arrive
 * while it waits for a line, so the reporter erases it before each line it
 * prints and draws it again after: replies never land after a `>>> `, and
 * the prompt stays the last thing on the screen while input is read.
 *
 * Where the terminal allows it (cbreak mode: not on Windows), framecat edits
 * the line itself, so it knows what was typed so far and where the cursor is,
 * and draws both again too; otherwise the terminal edits it and a half-typed line is only erased
 * from view (it is still sent whole on Enter).
 */
import { writeAllSync, type Writer } from "./output.ts";
import type { Keyboard } from "./terminal.ts";
import { charWidth } from "./width.ts";

const encoder = new TextEncoder();

export class Prompt {
  #shown = false;
  #reading = false;
  #typed = "";
  /** The typed text left of the cursor (all of it when the cursor is at the end). */
  #beforeCursor = "";
  /** Rows from the prompt's first row down to the cursor, as last drawn. */
  #row = 0;
  #raw = false;
  /** Output around the prompt stopped mid-row (raw bytes with no newline yet). */
  #midRow = false;

  /**
   * `out` must be a terminal: the prompt is redrawn with escape codes.
   * `keys` is where the line is typed, when framecat may edit it.
   */
  constructor(
    readonly text: string,
    readonly out: Writer,
    readonly columns: () => number,
    readonly keys?: Keyboard,
  ) {}

  /**
   * Asks the terminal to pass keys as they are typed, without echo (Ctrl-C
   * still interrupts). True when it did: the caller edits the line (`typed`).
   */
  editLines(): boolean {
    try {
      if (!this.keys?.setRaw) return false;
      this.keys.setRaw(true, { cbreak: true });
      this.#raw = true;
    } catch { /* Windows, or not a terminal after all: the terminal edits */ }
    return this.#raw;
  }

  /** Input is wanted: draws the prompt, and keeps it drawn around events until `entered()`. */
  ask(): void {
    this.#reading = true;
    this.#draw();
  }

  /**
   * What was typed so far on the line (when framecat edits it), shown after
   * the prompt, with the cursor after `beforeCursor` (default: at the end).
   */
  edit(line: string, beforeCursor = line): void {
    this.#erase();
    this.#typed = line;
    this.#beforeCursor = beforeCursor;
    this.#draw();
  }

  /** Enter: the line stays on the screen as typed, the next output goes below it. */
  entered(): void {
    if (this.#raw && this.#shown) this.#write("\n");
    this.#shown = false;
    this.#reading = false;
    this.#typed = "";
    this.#beforeCursor = "";
  }

  /**
   * Writes an event without the prompt in its way. `ended`: whether what it wrote ended its row
   * (raw output's bytes may stop mid-row: the prompt then goes below them, not over them).
   */
  around(write: () => void, ended = true): void {
    this.#erase();
    write();
    this.#midRow = !ended;
    if (this.#reading) this.#draw();
  }

  /** No more input: erases the prompt for good and gives the terminal back its own editing. */
  done(): void {
    this.#reading = false;
    this.#erase();
    this.#typed = "";
    this.#beforeCursor = "";
    if (this.#raw) {
      this.#raw = false;
      try {
        this.keys?.setRaw?.(false);
      } catch { /* the terminal is gone */ }
    }
  }

  /** The prompt and the typed text, then the cursor back where it is in the line. */
  #draw(): void {
    if (this.#shown) return;
    // Drawn on the row the output stopped in, its erase would take that output with it.
    if (this.#midRow) this.#write("\n");
    this.#midRow = false;
    const columns = Math.max(1, this.columns());
    this.#row = place(this.text + this.#typed, columns).row;
    let out = this.text + this.#typed;
    if (this.#beforeCursor.length < this.#typed.length) {
      // On the character after the cursor: where the terminal drew it.
      const next = this.#typed.slice(this.#beforeCursor.length);
      let { row, column } = place(this.text + this.#beforeCursor, columns);
      if (column + charWidth(String.fromCodePoint(next.codePointAt(0)!)) > columns) {
        row++;
        column = 0;
      }
      const up = this.#row - row;
      out += `${up > 0 ? `\x1b[${up}A` : ""}\r${column > 0 ? `\x1b[${column}C` : ""}`;
      this.#row = row;
    }
    this.#write(out);
    this.#shown = true;
  }

  /** Back to where the prompt starts (a long line wraps onto more rows), and clear from there. */
  #erase(): void {
    if (!this.#shown) return;
    this.#write(`${this.#row > 0 ? `\x1b[${this.#row}A` : ""}\r\x1b[J`);
    this.#shown = false;
  }

  #write(text: string): void {
    writeAllSync(this.out, encoder.encode(text));
  }
}

/**
 * Where text written from the start of a row `columns` wide ends: its last row (from 0) and the
 * column after it. A wide character that does not fit at a row's end goes to the next row (the
 * terminal leaves that last cell empty); a row filled exactly is still that row (the terminal
 * waits on its last column), with `column` equal to `columns`.
 */
function place(text: string, columns: number): { row: number; column: number } {
  let row = 0;
  let column = 0;
  for (const ch of text) {
    const width = charWidth(ch);
    if (width === 0) continue;
    if (column + width > columns) {
      row++;
      column = 0;
    }
    column += width;
  }
  return { row, column };
}
