/**
 * What a check runs, read and checked before anything connects: the check
 * (built in, or a scenario file), its targets and its ways. The command runs
 * it first; the web workspace asks it of a session's argv, so the form is
 * refused as the command line would refuse it.
 */
import { saidOf, UsageError } from "../errors.ts";
import { parsePrefix } from "../framing/prefix.ts";
import { COURSE_PREFIX_CODE } from "../framing/types.ts";
import type { CheckOptions } from "../options/types.ts";
import { listed, said } from "../i18n/say.ts";
import { builtinCheck, prefixedChecks, unknownCheck } from "./catalog.ts";
import type { CheckPlan } from "./conversation.ts";
import type { Target } from "./case.ts";
import { loadRegexEngine } from "../replies/pattern.ts";
import { MAX_SCENARIO_BYTES, parseScenario } from "./scenario.ts";
import { argumentTargets, fileTargets, MAX_TARGETS, readTargetsFile } from "./targets.ts";
import type { Way } from "./ways.ts";

/** The check's plan, targets and ways. @throws {UsageError} naming what cannot be run */
export async function prepareCheck(o: CheckOptions) {
  const plan = await loadPlan(o);
  const targets = await loadTargets(o, plan);
  return { plan, targets, ways: chooseWays(plan, o.ways) };
}

/** A built-in check, else a scenario file. */
async function loadPlan(o: CheckOptions): Promise<CheckPlan> {
  const builtin = builtinCheck(o.check);
  if (o.prefix !== undefined && !builtin?.prefixed) {
    throw new UsageError(
      builtin
        ? said("usage.check_prefix", { checks: listed(prefixedChecks()) })
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
  await loadRegexEngine(); // its expect steps are patterns
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
      said("usage.ways_not_run", { way: other, check: plan.name, ways: listed(plan.ways) }),
    );
  }
  return plan.ways.filter((w) => asked.includes(w));
}
