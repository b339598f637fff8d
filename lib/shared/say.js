// @ts-check
/**
 * A sentence in one language: a catalogue's template with its `{name}`s
 * filled. A value may itself be a sentence (a key and its values), said in
 * the same language: "Cannot decode {subject} at offset {offset}: {reason}".
 * `{n|read|reads}` is the word for the number n: English needs it, Chinese
 * does not. `{why:lower}` starts the value with a small letter, as English
 * does for a sentence quoted after a colon ("Cannot use the rule "x": cannot
 * read the hex…"). framecat (lib/i18n/) and the web page (GET /shared/say.js) both
 * say sentences with this, so the terminal and the page use the same words.
 */

/**
 * A sentence for any language: its catalogue key and the values it quotes (events carry it as `said`).
 * @typedef {{ key: string; vars?: Record<string, Value> }} Said
 * @typedef {string | number | Said} Value
 */

/** `{name}`, `{name:lower}`, or `{name|one|other}` for the word that agrees with a number. */
const PLACEHOLDER = /\{(\w+)(:lower)?(?:\|([^|}]*)\|([^}]*))?\}/g;

/**
 * The sentence in the language of `words`; a key it lacks is taken from `fallback` (English).
 * @param {Readonly<Record<string, string>>} words
 * @param {Said} said
 * @param {Readonly<Record<string, string>>} [fallback]
 * @returns {string}
 */
export function say(words, said, fallback = words) {
  const template = words[said.key] ?? fallback[said.key] ?? said.key;
  return fill(template, said.vars ?? {}, (inner) => say(words, inner, fallback));
}

/**
 * A template with its values: a number or a string as it is, a sentence through `sayInner`.
 * A placeholder without a value stays as it is written, to be seen.
 * @param {string} template
 * @param {Readonly<Record<string, Value>>} vars
 * @param {(said: Said) => string} [sayInner]
 * @returns {string}
 */
export function fill(template, vars, sayInner = (said) => said.key) {
  return template.replace(PLACEHOLDER, (whole, name, lower, one, other) => {
    if (!(name in vars)) return whole;
    const value = vars[name];
    if (one !== undefined) return value === 1 ? one : other;
    const text = typeof value === "object" ? sayInner(value) : String(value);
    return lower ? text.charAt(0).toLowerCase() + text.slice(1) : text;
  });
}
