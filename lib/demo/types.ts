/**
 * A demo is a named list of phases (the problem, then the fix). Each phase
 * runs its own sender and receiver on loopback, records every step in a
 * {@linkcode PhaseLog}, and returns the figures its narration quotes.
 */
import type { Vars } from "./i18n.ts";
import type { PhaseLog } from "./log.ts";

export interface Phase {
  /** `problem`, `fix`, …: names its narration keys `<demo>.<id>.heading` and `.explain`. */
  id: string;
  /** Runs the phase; every socket it opens is owned by `log`, which closes it. */
  run(log: PhaseLog): Promise<Vars>;
}

export interface Demo {
  /** As typed on the command line: `sticky`, `udp-loss`… */
  name: string;
  /** Headings of the left (sender) and right (receiver) columns. Default sender / receiver. */
  columns?: "server-client";
  phases: readonly Phase[];
}
