// @ts-check
/**
 * Integers past 2^53 in JSON, kept as the digits written: a peer's json header can hold one (the
 * course's uploader sends its md5 as `int(hexdigest, 16)`, some 39 digits), which JSON.parse
 * rounds to the nearest double. framecat writes such a header back (an echo, `--output json`)
 * with its digits, and the web page, which loads this very file (GET /shared/big_integers.js),
 * keeps them in the events it saves.
 */

/** A run of digits long enough to be an integer a double cannot hold exactly. */
const LONG_DIGITS = /\d{16}/;

/**
 * Whether `value` is an integer a double cannot hold exactly.
 * @param {unknown} value
 * @returns {boolean}
 */
export function isUnsafeInteger(value) {
  return typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value);
}

/**
 * Whether JSON `text`, parsed as `parsed`, holds such an integer at any depth (a run of 16 digits
 * inside a string, a card number in a message's text, is not one).
 * @param {string} text
 * @param {unknown} parsed
 * @returns {boolean}
 */
export function holdsUnsafeInteger(text, parsed) {
  return LONG_DIGITS.test(text) && hasUnsafeInteger(parsed);
}

/**
 * @param {unknown} value
 * @returns {boolean}
 */
function hasUnsafeInteger(value) {
  if (isUnsafeInteger(value)) return true;
  if (typeof value !== "object" || value === null) return false;
  return Object.values(value).some(hasUnsafeInteger);
}

/**
 * JSON `text` parsed with every integer a double cannot hold exactly kept as the digits written
 * (JSON.rawJSON, which JSON.stringify writes as they are), at any depth. Where JSON.rawJSON is
 * missing (an older browser), parsed as JSON.parse does.
 * @param {string} text
 * @returns {any}
 */
export function parseWithDigits(text) {
  const raw = /** @type {{ rawJSON?: (text: string) => unknown }} */ (JSON).rawJSON;
  if (raw === undefined) return JSON.parse(text);
  /**
   * @param {string} _key
   * @param {unknown} value
   * @param {{ source?: string }} [context]
   */
  const keep = (_key, value, context) =>
    isUnsafeInteger(value) && context?.source !== undefined ? raw(context.source) : value;
  return JSON.parse(text, /** @type {(key: string, value: any) => any} */ (keep));
}
