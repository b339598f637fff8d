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
  let text = "";
  for (const piece of pieces(template)) {
    if (typeof piece === "string") {
      text += piece;
      continue;
    }
    if (!(piece.name in vars)) {
      text += piece.whole;
      continue;
    }
    const value = vars[piece.name];
    if (piece.one !== undefined) {
      text += value === 1 ? piece.one : piece.other;
      continue;
    }
    const said = typeof value === "object" ? sayInner(value) : String(value);
    text += piece.lower ? said.charAt(0).toLowerCase() + said.slice(1) : said;
  }
  return text;
}

/**
 * A placeholder of a template, parsed.
 * @typedef {{ whole: string; name: string; lower: boolean; one?: string; other?: string }} Placeholder
 */

/**
 * Each template as its text and its placeholders, parsed once: every event shown as a line is
 * said, and matching the placeholders anew each time cost more than the rest of the line. The
 * templates are the catalogues' (and a key said without one), so few; bounded all the same.
 * @type {Map<string, (string | Placeholder)[]>}
 */
const PARSED = new Map();
const MAX_PARSED = 4096;

/**
 * @param {string} template
 * @returns {(string | Placeholder)[]}
 */
function pieces(template) {
  const known = PARSED.get(template);
  if (known) return known;
  /** @type {(string | Placeholder)[]} */
  const parsed = [];
  let from = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m.index > from) parsed.push(template.slice(from, m.index));
    parsed.push({ whole: m[0], name: m[1], lower: m[2] !== undefined, one: m[3], other: m[4] });
    from = m.index + m[0].length;
  }
  if (from < template.length) parsed.push(template.slice(from));
  if (PARSED.size < MAX_PARSED) PARSED.set(template, parsed);
  return parsed;
}
