/** Ctrl-C: stop cleanly (final stats, exit 0) instead of dying mid-write. */
import { currentSession, ownsTerminal } from "../session.ts";

/**
 * Calls `stop` on the first SIGINT (and SIGTERM and SIGHUP where they exist: a
 * closed terminal stops a server as cleanly as Ctrl-C), or when the web page
 * stops the session; dispose to stop listening.
 */
export function onInterrupt(stop: () => void): Disposable {
  const session = currentSession();
  const signals: Deno.Signal[] = !ownsTerminal()
    ? []
    : Deno.build.os === "windows"
    ? ["SIGINT"]
    : ["SIGINT", "SIGTERM", "SIGHUP"];
  let fired = false;
  const handler = () => {
    if (fired) return;
    fired = true;
    stop();
  };
  for (const sig of signals) Deno.addSignalListener(sig, handler);
  session?.signal.addEventListener("abort", handler);
  if (session?.signal.aborted) handler();
  return {
    [Symbol.dispose]() {
      session?.signal.removeEventListener("abort", handler);
      for (const sig of signals) Deno.removeSignalListener(sig, handler);
    },
  };
}
