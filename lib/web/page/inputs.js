// @ts-check
// Form fields' events, typed once: what an input, select or textarea now holds.

/**
 * A handler that gives `set` the value its input, select or textarea now holds.
 * @param {(value: string) => void} set
 * @returns {(e: Event) => void}
 */
export function valueTo(set) {
  return (e) => set(/** @type {HTMLInputElement} */ (e.target).value);
}

/**
 * A handler that gives `set` whether its checkbox is now checked.
 * @param {(checked: boolean) => void} set
 * @returns {(e: Event) => void}
 */
export function checkedTo(set) {
  return (e) => set(/** @type {HTMLInputElement} */ (e.target).checked);
}
