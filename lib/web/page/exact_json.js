// @ts-check
// JSON with integers past 2^53 kept as written, for events that carry a peer's header.

/** A run of digits long enough to be an integer a double cannot hold exactly. */
const LONG_DIGITS = /\d{16}/;

/**
 * JSON as framecat writes its events: an integer past 2^53 (a peer's header, the course's md5 as
 * a number) is kept as the digits written (JSON.rawJSON), so a saved log writes them again as
 * they came, not as the nearest double. Plain JSON.parse when there is no such run of digits.
 * @param {string} text
 * @returns {any}
 */
export function parseExact(text) {
  if (!LONG_DIGITS.test(text)) return JSON.parse(text);
  const raw = /** @type {{ rawJSON?: (text: string) => unknown }} */ (JSON).rawJSON;
  if (raw === undefined) return JSON.parse(text);
  return JSON.parse(
    text,
    /** @type {(key: string, value: any) => any} */ (
      /** @type {unknown} */ (
        /**
         * @param {string} _key
         * @param {unknown} value
         * @param {{ source?: string }} [context]
         */
        (_key, value, context) =>
          typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value) &&
            context?.source !== undefined
            ? raw(context.source)
            : value
      )
    ),
  );
}
