/** The events of a check: one `check` per case, and the `summary` at the end. */
import type { CheckEvent, SummaryEvent } from "../events/types.ts";
import { type Said, said, sayIn } from "../i18n/say.ts";
import type { Lang } from "../options/types.ts";
import type { CaseResult } from "./case.ts";
import type { TargetResults } from "./run.ts";
import type { Way } from "./ways.ts";

type CheckRow = SummaryEvent["table"][number];

/** The server, as events name their peer: `HOST:PORT` or the socket path. */
function peerOf(result: CaseResult): string {
  const ep = result.target.endpoint;
  return ep.transport === "unix" ? ep.path : result.target.address.replace(/^\w+:\/\//, "");
}

/** A case: its explanation in --lang as `message`, and as `said` for the page's language. */
export function caseEvent(check: string, r: CaseResult, lang: Lang): CheckEvent {
  const sentence = r.said ?? said("check_report.passed");
  return {
    event: "check",
    peer: peerOf(r),
    check,
    target: r.target.name,
    address: r.target.address,
    way: r.way,
    passed: r.passed,
    ...(r.failure ? { failure: r.failure } : {}),
    message: sayIn(lang, sentence),
    said: sentence,
    ms: r.ms,
    ...(r.conversation ? { conversation: inLang(r.conversation, lang) } : {}),
  };
}

/** The conversation's events with each `message` said in `lang` (they were made in English). */
function inLang(events: Record<string, unknown>[], lang: Lang): Record<string, unknown>[] {
  if (lang === "en") return events;
  return events.map((e) => {
    const sentence = e.said as Said | undefined;
    return sentence && typeof e.message === "string" ? { ...e, message: sayIn(lang, sentence) } : e;
  });
}

export function summaryEvent(
  check: string,
  ways: readonly Way[],
  results: TargetResults[],
  lang: Lang,
): SummaryEvent {
  const cases = results.flatMap((t) => t.cases);
  const passed = cases.filter((c) => c.passed).length;
  const unreachable =
    results.filter((t) => t.cases.length > 0 && t.cases.every((c) => c.failure === "unreachable"))
      .length;
  const table: CheckRow[] = results.map((t) => ({
    target: t.target.name,
    address: t.target.address,
    results: Object.fromEntries(t.cases.map((c) => [c.way, c.passed ? "pass" : "fail"])),
  }));
  const counts = {
    check,
    targets: results.length,
    cases: cases.length,
    passed,
    failed: cases.length - passed,
  };
  // Only a stop leaves cases out: every target is given every way, even one never reached.
  const notRun = results.length * ways.length - cases.length;
  const ran = unreachable > 0
    ? said("check_report.summary_unreachable", { ...counts, unreachable })
    : said("check_report.summary", counts);
  const sentence = notRun > 0 ? said("check_report.stopped", { ran, not_run: notRun }) : ran;
  return {
    event: "summary",
    ...counts,
    ways: [...ways],
    unreachable,
    not_run: notRun,
    table,
    message: sayIn(lang, sentence),
    said: sentence,
  };
}
