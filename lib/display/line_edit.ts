/**
 * The keys of the interactive prompt, when framecat edits the line itself
 * (the terminal in cbreak mode): pure, keys in, lines out. Enter ends a line,
 * Backspace, Ctrl-U and Ctrl-W erase, Ctrl-D on an empty line ends the input;
 * arrows and other escape sequences are ignored.
 */

export interface Edited {
  /** The line being typed, after the keys. */
  line: string;
  /** Lines ended by Enter, in order. */
  lines: string[];
  /** Ctrl-D on an empty line: no more input. */
  eof: boolean;
}

/** Applies `keys` (decoded text) to the line being typed. */
export function editLine(line: string, keys: string): Edited {
  const lines: string[] = [];
  const chars = [...keys];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === "\r" || ch === "\n") {
      lines.push(line);
      line = "";
      if (ch === "\r" && chars[i + 1] === "\n") i++; // a pasted CRLF is one Enter
    } else if (ch === "\x7f" || ch === "\b") {
      line = [...line].slice(0, -1).join("");
    } else if (ch === "\x15") { // Ctrl-U
      line = "";
    } else if (ch === "\x17") { // Ctrl-W: the last word and the blanks after it
      line = line.replace(/\S*\s*$/, "");
    } else if (ch === "\x04") { // Ctrl-D
      if (line === "") return { line, lines, eof: true };
    } else if (ch === "\x1b") {
      i = skipEscape(chars, i);
    } else if (ch === "\t" || ch >= " ") {
      line += ch;
    }
  }
  return { line, lines, eof: false };
}

/** Index of the last character of the escape sequence starting at `i` (ESC [ … final, ESC O x). */
function skipEscape(chars: string[], i: number): number {
  const next = chars[i + 1];
  if (next === "O") return i + 2;
  if (next !== "[") return i + 1;
  let j = i + 2;
  while (j < chars.length && !(chars[j] >= "@" && chars[j] <= "~")) j++;
  return j;
}
