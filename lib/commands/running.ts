/**
 * How many of a server's connections are still being handled, and a promise
 * for when none is: what `Promise.all` of their promises gives, without a
 * promise kept and a `finally` chained for each of thousands of connections.
 */
export class Running {
  #count = 0;
  #none?: () => void;

  /** A connection is being handled. */
  started(): void {
    this.#count++;
  }

  /** A connection is done with (call once for each `started`, however it ended). */
  ended(): void {
    if (--this.#count === 0) this.#none?.();
  }

  /** Resolves once no connection is being handled. */
  none(): Promise<void> {
    if (this.#count === 0) return Promise.resolve();
    return new Promise((resolve) => (this.#none = resolve));
  }
}
