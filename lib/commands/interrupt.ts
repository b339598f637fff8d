/** Ctrl-C: stop cleanly (final stats, exit 0) instead of dying mid-write. */
import type { Context } from "../core/context.ts";

/**
 * Calls `stop` once, on the first Ctrl-C at the command's terminal or when
 * its context's signal is aborted (the web page's Stop, a test); dispose to
 * stop listening.
 */
export function onInterrupt(ctx: Context, stop: () => void): Disposable {
  let fired = false;
  const handler = () => {
    if (fired) return;
    fired = true;
    stop();
  };
  const keys = ctx.terminal?.onInterrupt(handler);
  ctx.signal.addEventListener("abort", handler);
  if (ctx.signal.aborted) handler();
  return {
    [Symbol.dispose]() {
      ctx.signal.removeEventListener("abort", handler);
      keys?.[Symbol.dispose]();
    },
  };
}
