/**
 * framecat check CHECK TARGET...: plays a check's conversation against every
 * target, each way, in parallel across targets, and reports each case as it
 * ends, then the table of targets × ways. Exit 0 when every case passed, 5
 * when some failed, 1 when no target could be reached, 130 when it was stopped
 * before every case ran.
 */
import type { Emit, FcEvent } from "../events/types.ts";
import type { Context } from "../core/context.ts";
import { createReporter } from "../display/reporter.ts";
import { EXIT } from "../errors.ts";
import type { CheckOptions } from "../options/types.ts";
import { caseEvent, summaryEvent } from "../check/events.ts";
import type { Target } from "../check/case.ts";
import { prepareCheck } from "../check/prepare.ts";
import { runChecks } from "../check/run.ts";
import { junitReport } from "../check/report/junit.ts";
import { tapReport } from "../check/report/tap.ts";
import { textReport } from "../check/report/text.ts";
import type { Report } from "../check/report/types.ts";
import { onInterrupt } from "./interrupt.ts";

export async function check(o: CheckOptions, ctx: Context): Promise<number> {
  const { plan, targets, ways } = await prepareCheck(o);
  const emit = reporter(o, ctx, targets, ways.length * targets.length);
  const stop = new AbortController();
  using _ = onInterrupt(ctx, () => stop.abort());
  const results = await runChecks({
    plan,
    targets,
    ways,
    parallel: o.parallel,
    timeout: o.timeout,
    encoding: o.encoding,
    signal: stop.signal,
    onCase: (result) => emit(caseEvent(plan.name, result, o.lang)),
  });
  const summary = summaryEvent(plan.name, ways, results, o.lang);
  emit(summary);
  // Stopped before the end, it has no verdict: 0 would read as "every case passed".
  if (summary.not_run > 0) return EXIT.checkStopped;
  if (summary.unreachable === summary.targets) return EXIT.network;
  return summary.failed > 0 ? EXIT.checkFailed : EXIT.ok;
}

/**
 * Where the events go: NDJSON for --report json; otherwise the report's
 * own text on the terminal, written as the events come. A page watching
 * (a session, --web) gets the events themselves.
 */
function reporter(o: CheckOptions, ctx: Context, targets: Target[], cases: number): Emit {
  if (o.report === "json" || !ctx.terminal) {
    return createReporter(ctx, { output: "json", encoding: o.encoding });
  }
  const terminal = ctx.terminal;
  const report = chooseReport(o, targets);
  const write = (text: string) => terminal.write(terminal.stdout, new TextEncoder().encode(text));
  write(report.start(cases));
  const show = (ev: FcEvent) => {
    if (ev.event === "check") write(report.case(ev));
    else if (ev.event === "summary") write(report.end(ev));
  };
  const watcher = ctx.emit;
  return watcher ? (ev) => (watcher(ev), show(ev)) : show;
}

function chooseReport(o: CheckOptions, targets: Target[]): Report {
  switch (o.report) {
    case "tap":
      return tapReport(o.encoding);
    case "junit":
      return junitReport(o.encoding, o.lang);
    default:
      return textReport(o.lang, targets.map((t) => t.name));
  }
}
