// @ts-check
// framecat's own lists (GET /api/lists: framings, prefixes, behaviours, demos, encodings),
// asked once and given to every component that offers a choice: the page keeps no copy.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
/** @import { Lists } from "../lists.ts" */

export const ListsContext = createContext(/** @type {Lists | undefined} */ (undefined));

/**
 * The lists, once framecat has answered (undefined before).
 * @returns {Lists | undefined}
 */
export function useLists() {
  return useContext(ListsContext);
}
