/**
 * The TAP 13 report (testanything.org): the version, the plan, then a test
 * line per case as it ends, a failed one followed by a YAML block with the
 * explanation and the conversation. A check stopped before the end ends with
 * `Bail out!`, as TAP says a run that was cut short.
 */
import type { CheckEvent, SummaryEvent } from "../../events/types.ts";
import { conversationLines } from "./conversation.ts";
import type { Report } from "./types.ts";

/** A YAML scalar: JSON's double-quoted string is YAML's too. */
const yaml = (value: string) => JSON.stringify(value);

/** TAP reads `#` in a description as a directive, and a newline as the end of the line. */
function description(text: string): string {
  return text.replace(/[\\#]/g, (c) => `\\${c}`).replace(/\s+/g, " ");
}

export function tapReport(encoding: string): Report {
  let n = 0;
  return {
    start: (cases) => `TAP version 13\n1..${cases}\n`,
    case(ev: CheckEvent) {
      const line = `${ev.passed ? "ok" : "not ok"} ${++n} - ${
        description(`${ev.target} ${ev.way}`)
      }`;
      if (ev.passed) return `${line}\n`;
      const said = conversationLines(ev.conversation ?? [], encoding).map((l) =>
        `    - ${yaml(l)}`
      );
      const block = [
        "  ---",
        `  message: ${yaml(ev.message)}`,
        "  severity: fail",
        "  data:",
        `    check: ${yaml(ev.check)}`,
        `    target: ${yaml(ev.target)}`,
        `    address: ${yaml(ev.address)}`,
        `    way: ${yaml(ev.way)}`,
        ...(ev.failure ? [`    failure: ${yaml(ev.failure)}`] : []),
        `    ms: ${ev.ms}`,
        // Nothing was said (a target not reached): an empty list, not YAML's null.
        ...(said.length > 0 ? ["  conversation:", ...said] : ["  conversation: []"]),
        "  ...",
      ];
      return `${line}\n${block.join("\n")}\n`;
    },
    end: (summary: SummaryEvent) =>
      `${summary.not_run > 0 ? "Bail out!" : "#"} ${description(summary.message)}\n`,
  };
}
