/**
 * A report of framecat check: text, TAP or JUnit written from the same
 * events `--report json` prints, as the three outputs of the other commands
 * are formatters of the same events.
 */
import type { CheckEvent, SummaryEvent } from "../../events/types.ts";

export interface Report {
  /** What comes first, once the cases are known (TAP's version line and plan). */
  start(cases: number): string;
  /** A case, as it ends. */
  case(ev: CheckEvent): string;
  /** What comes last: the table, the document. */
  end(summary: SummaryEvent): string;
}
