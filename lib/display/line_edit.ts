/**
 * The keys of the interactive prompt, when framecat edits the line itself
 * (the terminal in cbreak mode): pure, keys in, lines out, as a shell's line
 * editor takes them. Enter ends a line; ←/→ (Ctrl-B/F), Home/End (Ctrl-A/E)
 * move; Backspace, Delete, Ctrl-U (to the start), Ctrl-K (to the end) and
 * Ctrl-W (the word before) erase; ↑/↓ (Ctrl-P/N) walk the history; Ctrl-D
 * on an empty line ends the input. Other escape sequences are ignored.
 */

export interface Edited {
  /** Lines ended by Enter, in order. */
  lines: string[];
  /** Ctrl-D on an empty line: no more input. */
  eof: boolean;
}

/** Lines kept for ↑: a bound on what a long session holds. */
const MAX_HISTORY = 1000;

/** What an escape sequence's final character (ESC [ … X, ESC O X) asks for. */
const ESCAPE_KEYS: Readonly<Record<string, string>> = {
  A: "up",
  B: "down",
  C: "right",
  D: "left",
  H: "home",
  F: "end",
};
/** ESC [ N ~ keys, by N. */
const TILDE_KEYS: Readonly<Record<string, string>> = {
  "1": "home",
  "7": "home",
  "4": "end",
  "8": "end",
  "3": "delete",
};
/** Control characters, by code. */
const CONTROL_KEYS: Readonly<Record<string, string>> = {
  "\x01": "home",
  "\x05": "end",
  "\x02": "left",
  "\x06": "right",
  "\x10": "up",
  "\x0e": "down",
  "\x7f": "backspace",
  "\b": "backspace",
  "\x15": "kill-start",
  "\x0b": "kill-end",
  "\x17": "kill-word",
};

export class LineEditor {
  /** The line as characters (code points), so a cursor step is one character, 粘 included. */
  #chars: string[] = [];
  #cursor = 0;
  readonly #history: string[] = [];
  /** Which history line is shown: `history.length` is the line being typed (kept in `#draft`). */
  #shown = 0;
  #draft: string[] = [];
  /** The start of an escape sequence cut by the end of a read. */
  #pending = "";

  /** @param maxLength characters kept on a line (the rest of a paste is dropped) */
  constructor(readonly maxLength = 1024 * 1024) {}

  /** The line being typed. */
  get line(): string {
    return this.#chars.join("");
  }

  /** The line up to the cursor: where the prompt puts the cursor. */
  get beforeCursor(): string {
    return this.#chars.slice(0, this.#cursor).join("");
  }

  /** Applies `keys` (decoded text, as read from the terminal). */
  keys(keys: string): Edited {
    const lines: string[] = [];
    const chars = [...(this.#pending + keys)];
    this.#pending = "";
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i];
      if (ch === "\r" || ch === "\n") {
        lines.push(this.#enter());
        if (ch === "\r" && chars[i + 1] === "\n") i++; // a pasted CRLF is one Enter
      } else if (ch === "\x04") { // Ctrl-D
        if (this.#chars.length === 0) return { lines, eof: true };
        this.#key("delete");
      } else if (ch === "\x1b") {
        const end = escapeEnd(chars, i);
        if (end === undefined) {
          this.#pending = chars.slice(i).join("");
          break;
        }
        this.#key(escapeKey(chars.slice(i, end + 1).join("")));
        i = end;
      } else if (CONTROL_KEYS[ch]) {
        this.#key(CONTROL_KEYS[ch]);
      } else if (ch === "\t" || ch >= " ") {
        this.#insert(ch);
      }
    }
    return { lines, eof: false };
  }

  #insert(ch: string): void {
    if (this.#chars.length >= this.maxLength) return;
    this.#chars.splice(this.#cursor++, 0, ch);
  }

  #enter(): string {
    const line = this.line;
    if (line !== "" && this.#history.at(-1) !== line) this.#history.push(line);
    if (this.#history.length > MAX_HISTORY) this.#history.shift();
    this.#chars = [];
    this.#cursor = 0;
    this.#shown = this.#history.length;
    this.#draft = [];
    return line;
  }

  #key(key: string | undefined): void {
    const chars = this.#chars;
    switch (key) {
      case "left":
        this.#cursor = Math.max(0, this.#cursor - 1);
        break;
      case "right":
        this.#cursor = Math.min(chars.length, this.#cursor + 1);
        break;
      case "home":
        this.#cursor = 0;
        break;
      case "end":
        this.#cursor = chars.length;
        break;
      case "backspace":
        if (this.#cursor > 0) chars.splice(--this.#cursor, 1);
        break;
      case "delete":
        chars.splice(this.#cursor, 1);
        break;
      case "kill-start":
        chars.splice(0, this.#cursor);
        this.#cursor = 0;
        break;
      case "kill-end":
        chars.splice(this.#cursor);
        break;
      case "kill-word":
        this.#killWord();
        break;
      case "up":
      case "down":
        this.#browse(key === "up" ? -1 : 1);
        break;
    }
  }

  /** Ctrl-W: the blanks before the cursor, then the word before them. */
  #killWord(): void {
    let start = this.#cursor;
    while (start > 0 && /\s/.test(this.#chars[start - 1])) start--;
    while (start > 0 && !/\s/.test(this.#chars[start - 1])) start--;
    this.#chars.splice(start, this.#cursor - start);
    this.#cursor = start;
  }

  /** ↑ / ↓: the previous or next history line; below the newest, the line that was being typed. */
  #browse(step: number): void {
    const to = this.#shown + step;
    if (to < 0 || to > this.#history.length) return;
    if (this.#shown === this.#history.length) this.#draft = this.#chars;
    this.#shown = to;
    this.#chars = to === this.#history.length ? this.#draft : [...this.#history[to]];
    this.#cursor = this.#chars.length;
  }
}

/**
 * Index of the last character of the escape sequence starting at `i`
 * (ESC [ params final, ESC O x, ESC x), or undefined when the read ended inside it.
 */
function escapeEnd(chars: string[], i: number): number | undefined {
  const next = chars[i + 1];
  if (next === undefined) return undefined;
  if (next === "O") return chars[i + 2] === undefined ? undefined : i + 2;
  if (next !== "[") return i + 1;
  let j = i + 2;
  while (j < chars.length && !(chars[j] >= "@" && chars[j] <= "~")) j++;
  return j < chars.length ? j : undefined;
}

/** The key an escape sequence names: `ESC [ D` left, `ESC [ 1 ; 5 D` left too, `ESC [ 3 ~` delete. */
function escapeKey(sequence: string): string | undefined {
  const final = sequence.at(-1)!;
  if (final === "~") return TILDE_KEYS[sequence.slice(2, -1).split(";")[0]];
  return sequence.length > 2 ? ESCAPE_KEYS[final] : undefined;
}
