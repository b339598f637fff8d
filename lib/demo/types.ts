/**
 * A demo is a named list of phases (the problem, then the fix). Each phase
 * runs its own sender and receiver on loopback, records every step in a
 * {@linkcode PhaseLog}, and returns the figures its narration quotes: the
 * figures its `stats` event carries, defined with the events
 * (events/kinds.ts, DEMO_FIGURES), so each phase returns exactly its own.
 */
import type { DemoName, PhaseName } from "../events/kinds.ts";
import type { DemoFigures } from "../events/types.ts";
import type { PhaseLog } from "./log.ts";

/** One phase of the demo D: `id` names it, `run` returns that phase's figures. */
export type PhaseOf<D extends DemoName> = {
  [P in PhaseName<D>]: {
    /** `problem`, `fix`, …: names its narration keys `<demo>.<id>.heading` and `.explain`. */
    id: P;
    /** Runs the phase; every socket it opens is owned by `log`, which closes it. */
    run(log: PhaseLog): Promise<DemoFigures<D, P>>;
  };
}[PhaseName<D>];

export interface DemoOf<D extends DemoName> {
  /** As typed on the command line: `sticky`, `udp-loss`… */
  name: D;
  /** What it sends over loopback: checked to get through before its first phase. */
  transport: "tcp" | "udp";
  /** Headings of the left (sender) and right (receiver) columns. Default sender / receiver. */
  columns?: "server-client";
  phases: readonly PhaseOf<D>[];
}

/** Any demo. */
export type Demo = { [D in DemoName]: DemoOf<D> }[DemoName];
/** A phase of any demo. */
export type Phase = Demo["phases"][number];
