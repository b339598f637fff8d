// @ts-check
// The page's JSON of events: a peer's header's integers past 2^53 kept as written.
import { holdsUnsafeInteger, parseWithDigits } from "shared/big_integers.js";

/**
 * JSON as framecat writes its events: an integer past 2^53 (a peer's header, the course's md5 as
 * a number) is kept as the digits written, so a saved log writes them again as they came, not
 * as the nearest double. Parsed once more only when there is one.
 * @param {string} text
 * @returns {any}
 */
export function parseExact(text) {
  const plain = JSON.parse(text);
  return holdsUnsafeInteger(text, plain) ? parseWithDigits(text) : plain;
}
