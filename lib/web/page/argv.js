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
 * A command line, each word kept whole; other props (`title`, `data-fc`) go to its `<code>`.
 * @param {{ words: string[], prefix?: string, class?: string } & Record<string, unknown>} props
 */
export function Argv({ words, prefix = "framecat", class: className = "argv", ...rest }) {
  const all = prefix ? [prefix, ...words] : words;
  return html`<code class=${className} ...${rest}>${
    all.map((w, i) => [i > 0 ? " " : "", html`<span class="w">${w}</span>`])
  }</code>`;
}
