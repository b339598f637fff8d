// Redraws a component when its event store changes: at most once a frame, and only the
// components that show the store (not the whole page), so a flood costs a timeline's redraw.
import { useEffect, useState } from "preact/hooks";

export function useStore(store) {
  const [, setVersion] = useState(0);
  useEffect(() => {
    let pending = false;
    return store.subscribe(() => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        setVersion(store.version);
      });
    });
  }, [store]);
}
