// @ts-check
/**
 * A line that says what just happened (an error under a form, a result under a list) brought
 * into view when it changes: at 1024×768 a panel's last line can sit below the fold of its
 * scrolling box, and a click that seems to do nothing is worse than an error.
 */
import { useEffect, useRef } from "preact/hooks";

/**
 * A ref for the line that shows `said`: each time `said` changes to something, it is scrolled
 * into view (only as far as needed).
 * @param {unknown} said
 */
export function useInView(said) {
  const ref = useRef(/** @type {HTMLElement | null} */ (null));
  useEffect(() => {
    if (said) ref.current?.scrollIntoView({ block: "nearest" });
  }, [said]);
  return ref;
}
