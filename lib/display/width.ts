/**
 * How many terminal columns text takes: CJK wide and fullwidth characters and emoji take two,
 * combining marks (an accent after its letter) and other zero-width characters none.
 */

/** East Asian wide and fullwidth ranges: two columns each in a terminal. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u;
/** Emoji shown as pictures by default (👍, not ©): two columns, as terminals draw them. */
const EMOJI = /\p{Emoji_Presentation}/u;
/** Drawn on the character before them, or not at all: combining marks, joiners, selectors. */
const ZERO = /[\p{Mn}\p{Me}\p{Cf}]/u;

/** Columns one character takes. */
export function charWidth(ch: string): number {
  if (ch.charCodeAt(0) < 0x300) return 1; // ASCII and Latin-1: the common case, no lookups
  if (ZERO.test(ch)) return 0;
  return WIDE.test(ch) || EMOJI.test(ch) ? 2 : 1;
}

/** Columns the text takes in a terminal. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch);
  return width;
}
