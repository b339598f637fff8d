/**
 * Plain-text layout for terminals: display width (CJK characters take two
 * columns), cutting to a width, wrapping paragraphs, optional ANSI colour.
 */

import { charWidth, displayWidth } from "../display/width.ts";

export { displayWidth };

/** The text cut to `width` columns, ending in "…" when cut. */
export function fit(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = "";
  let used = 0;
  for (const ch of text) {
    const w = charWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return out + "…";
}

/** The text padded with spaces to `width` columns. */
export function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

/** Closing punctuation, never put at the start of a line. */
const CLOSING = "，。、；：！？）」』";
/**
 * A `code span` with the punctuation around it (kept whole), blanks, a CJK character, or a run of other
 * characters; each with the closing marks after it.
 */
const TOKENS = new RegExp(
  `[^\\s\`\u2e80-\uffff]*\`[^\`]*\`[^\\s\u2e80-\uffff]*[${CLOSING}]*|\\s+|[\u2e80-\uffff][${CLOSING}]*|[^\\s\u2e80-\uffff]+[${CLOSING}]*`,
  "gu",
);

/**
 * A paragraph broken into lines of at most `width` columns: between words
 * for English, between any two characters for Chinese, never inside a
 * `code span` (shown without its backticks).
 */
export function wrap(text: string, width: number, indent = ""): string[] {
  const lines: string[] = [];
  let line = "";
  const room = width - displayWidth(indent);
  for (const match of text.match(TOKENS) ?? []) {
    const token = match.replaceAll("`", "");
    const blank = /^\s+$/.test(token);
    if (blank && line === "") continue;
    if (!blank && line !== "" && displayWidth(line + token) > room) {
      lines.push(indent + line.trimEnd());
      line = "";
    }
    line += blank ? " " : token;
  }
  if (line.trim() !== "") lines.push(indent + line.trimEnd());
  return lines;
}

/** ANSI styles by what they mark. */
const STYLES = {
  sender: "36",
  receiver: "32",
  mark: "1;33",
  dim: "2",
  bold: "1",
} as const;
export type Style = keyof typeof STYLES;

/** Styles text when colour is on; identity otherwise. */
export type Paint = (style: Style, text: string) => string;

export function painter(color: boolean): Paint {
  return color ? (style, text) => `\x1b[${STYLES[style]}m${text}\x1b[0m` : (_style, text) => text;
}

/** Colour only on a terminal, and never when NO_COLOR is set (no-color.org). */
export function wantsColor(out: { isTerminal?(): boolean }): boolean {
  let noColor: string | undefined;
  try {
    noColor = Deno.env.get("NO_COLOR");
  } catch {
    /* no --allow-env: stay safe, no colour */
    return false;
  }
  return (out.isTerminal?.() ?? false) && !noColor;
}
