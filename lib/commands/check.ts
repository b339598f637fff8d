/**
 * framecat check CHECK TARGET...: plays a check's conversation against every
 * target, each way, in parallel across targets, and reports each case as it
 * ends, then the table of targets × ways. Exit 0 when every case passed, 5
 * when some failed, 1 when no target could be reached.
 */
import type { Emit, FcEvent } from "../events/types.ts";
import type { Context } from "../core/context.ts";
import { createReporter } from "../display/reporter.ts";
import { EXIT, saidOf, UsageError } from "../errors.ts";
import { parsePrefix } from "../framing/prefix.ts";
import { COURSE_PREFIX_CODE } from "../framing/types.ts";
import type { CheckOptions } from "../options/types.ts";
import { builtinCheck, prefixedChecks, unknownCheck } from "../check/catalog.ts";
import type { CheckPlan } from "../check/conversation.ts";
import { caseEvent, summaryEvent } from "../check/events.ts";
import type { Target } from "../check/case.ts";
import { runChecks } from "../check/run.ts";
import { MAX_SCENARIO_BYTES, parseScenario } from "../check/scenario.ts";
import { argumentTargets, fileTargets, MAX_TARGETS, readTargetsFile } from "../check/targets.ts";
import { junitReport } from "../check/report/junit.ts";
import { tapReport } from "../check/report/tap.ts";
import { textReport } from "../check/report/text.ts";
import type { Report } from "../check/report/types.ts";
import type { Way } from "../check/ways.ts";
import { onInterrupt } from "./interrupt.ts";
import { said } from "../i18n/say.ts";

/**
 * What a check runs, read and checked before anything connects: the check (a built-in one or
 * a scenario file), its targets, its ways. The web workspace asks it of a session's argv too.
 * @throws {UsageError} naming what cannot be run
 */
export async function prepareCheck(o: CheckOptions) {
  const plan = await loadPlan(o);
  const targets = await loadTargets(o, plan);
  return { plan, targets, ways: chooseWays(plan, o.ways) };
}

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
  if (summary.unreachable === summary.targets) return EXIT.network;
  return summary.failed > 0 ? EXIT.checkFailed : EXIT.ok;
}

/** A built-in check, else a scenario file. */
async function loadPlan(o: CheckOptions): Promise<CheckPlan> {
  const builtin = builtinCheck(o.check);
  if (o.prefix !== undefined && !builtin?.prefixed) {
    throw new UsageError(
      builtin
        ? said("usage.check_prefix", { checks: prefixedChecks().join(", ") })
        : said("usage.check_prefix_scenario"),
    );
  }
  const prefix = o.prefix ?? parsePrefix(COURSE_PREFIX_CODE);
  if (builtin) return builtin.plan({ prefix, within: o.timeout });
  let text: string;
  try {
    const info = await Deno.stat(o.check);
    if (!info.isFile) throw unknownCheck(o.check);
    if (info.size > MAX_SCENARIO_BYTES) {
      throw new UsageError(said("usage.scenario_large", { file: o.check }));
    }
    text = await Deno.readTextFile(o.check);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    if (err instanceof Deno.errors.NotFound) throw unknownCheck(o.check);
    throw new UsageError(said("usage.scenario_read", { file: o.check, error: saidOf(err) }));
  }
  return parseScenario(text, o.check, o.timeout);
}

async function loadTargets(o: CheckOptions, plan: CheckPlan): Promise<Target[]> {
  const targets = o.targets === undefined
    ? []
    : fileTargets(await readTargetsFile(o.targets), o.targets, plan.transport, plan.name);
  targets.push(...argumentTargets(o.targetArgs, plan.transport, plan.name));
  if (targets.length === 0) {
    throw new UsageError(said("usage.no_targets", { file: o.targets ?? "" }));
  }
  if (targets.length > MAX_TARGETS) {
    throw new UsageError(said("usage.many_targets", { max: MAX_TARGETS }));
  }
  const names = new Set<string>();
  for (const t of targets) {
    if (names.has(t.name)) throw new UsageError(said("usage.target_twice", { name: t.name }));
    names.add(t.name);
  }
  return targets;
}

/** The plan's ways, or those of --ways (each must be one the check runs). */
function chooseWays(plan: CheckPlan, asked: Way[] | undefined): readonly Way[] {
  if (!asked) return plan.ways;
  const other = asked.find((w) => !plan.ways.includes(w));
  if (other !== undefined) {
    throw new UsageError(
      said("usage.ways_not_run", { way: other, check: plan.name, ways: plan.ways.join(", ") }),
    );
  }
  return plan.ways.filter((w) => asked.includes(w));
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
      return junitReport(o.encoding);
    default:
      return textReport(o.lang, targets.map((t) => t.name));
  }
}
