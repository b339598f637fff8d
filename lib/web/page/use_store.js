// @ts-check
// Redraws a component when its event store changes: at most seven times a second, in an
// animation frame, and only the components that show the store (not the whole page), so
// a flood costs a few timeline redraws a second.
import { useEffect, useState } from "preact/hooks";
/** @import { EventStore } from "./store.js" */

/** Least time between two redraws of one component. */
const REDRAW_MS = 150;

/** @param {EventStore} store */
export function useStore(store) {
  const [, setVersion] = useState(0);
  useEffect(() => {
    let pending = false;
    let last = 0;
    const draw = () => {
      pending = false;
      last = performance.now();
      setVersion(store.version);
    };
    return store.subscribe(() => {
      if (pending) return;
      pending = true;
      const wait = Math.max(0, last + REDRAW_MS - performance.now());
      setTimeout(() => requestAnimationFrame(draw), wait);
    });
  }, [store]);
}
