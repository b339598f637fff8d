// @ts-check
// A command line as the page shows it: each word kept whole (`--framing` never breaks into
// `-` and `-framing`), lines broken only between words; and options kept whole in a sentence.
import { html } from "htm/preact";

/**
 * Text with each option (`--prefix`) kept whole: a line never breaks at its hyphens.
 * @param {{ text: string }} props
 */
export function Unbroken({ text }) {
  return text.split(/(--?[A-Za-z][\w-]*)/).map((part, i) =>
    i % 2 === 1 ? html`<span class="w">${part}</span>` : part
  );
}

/**
 * The words of options typed as on a shell's command line: 'single' or "double" quotes keep
 * spaces (`--reply 'PING => PONG'`, as the README writes rules), and a quote ends where the same
 * quote comes again (an unclosed one runs to the end). Backslashes are kept as typed: framecat
 * reads `\n` itself.
 * @param {string} text
 * @returns {string[]}
 */
export function splitWords(text) {
  /** @type {string[]} */
  const words = [];
  /** @type {string | undefined} the word being read; undefined between words */
  let word;
  let quote = "";
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = "";
      else word += c;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word ??= "";
      if (c === "'" || c === '"') quote = c;
      else word += c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/**
 * A word as a POSIX shell takes it back whole: as it is when it is plain, else in single quotes
 * (a single quote inside written `'\''`).
 * @param {string} word
 */
export function shellWord(word) {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * A command line, each word kept whole and quoted as a shell needs it (it can be pasted into
 * one); other props (`title`, `data-fc`) go to its `<code>`.
 * @param {{ words: string[], prefix?: string, class?: string } & Record<string, unknown>} props
 */
export function Argv({ words, prefix = "framecat", class: className = "argv", ...rest }) {
  const all = [...(prefix ? [prefix] : []), ...words.map(shellWord)];
  return html`<code class=${className} ...${rest}>${
    all.map((w, i) => [i > 0 ? " " : "", html`<span class="w">${w}</span>`])
  }</code>`;
}
