/** Ctrl-C: stop cleanly (final stats, exit 0) instead of dying mid-write. */

/**
 * Calls `stop` on the first SIGINT (and SIGTERM and SIGHUP where they exist: a closed terminal
 * stops a server as cleanly as Ctrl-C); dispose to stop listening.
 */
export function onInterrupt(stop: () => void): Disposable {
  const signals: Deno.Signal[] = Deno.build.os === "windows"
    ? ["SIGINT"]
    : ["SIGINT", "SIGTERM", "SIGHUP"];
  let fired = false;
  const handler = () => {
    if (fired) return;
    fired = true;
    stop();
  };
  for (const sig of signals) Deno.addSignalListener(sig, handler);
  return {
    [Symbol.dispose]() {
      for (const sig of signals) Deno.removeSignalListener(sig, handler);
    },
  };
}
