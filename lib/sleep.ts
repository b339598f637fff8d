/** Waiting without a busy loop: the one timer-based pause every part of framecat uses. */

/**
 * Waits at least `ms` (rounded up: timers take whole milliseconds), or less
 * when `signal` aborts. Resolves at once for `ms` ≤ 0, so a caller that is
 * already late (a pacer, a due time in the past) never waits a timer tick.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.ceil(ms));
    signal?.addEventListener("abort", done);
  });
}
